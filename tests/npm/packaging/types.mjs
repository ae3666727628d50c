// TypeScript: the declarations each entry ships match what it exports.
//   1. tsc --strict on app/types.ts (the full API in use) and, per entry, a
//      generated check: the entry's own API compiles, and every value the
//      full entry has but this one lacks is a type error (@ts-expect-error),
//      e.g. calling lint from 'tokenward/slim';
//   2. the value names each entry's declarations export (TypeScript's
//      checker) equal the names its module exports at runtime in Node.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BIN, ROOT, run, step } from './harness.mjs';

const ts = createRequire(join(ROOT, 'package.json'))('typescript');
const OPTIONS = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', '--skipLibCheck', 'false'];

/** The value exports the declarations of `file`'s first import give. */
function declaredValues(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const declaration = source.statements.find(ts.isImportDeclaration);
  const module = checker.getSymbolAtLocation(declaration.moduleSpecifier);
  return checker.getExportsOfModule(module)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    })
    .map((symbol) => symbol.name)
    .sort();
}

const runtimeValues = (app, spec) =>
  JSON.parse(run('node', ['--input-type=module', '-e', `console.log(JSON.stringify(Object.keys(await import('${spec}')).sort()))`], app));

const entryCheck = (entry, missing) => `// Generated: ${entry.spec}'s own API compiles; what it leaves out does not.
import * as entry from '${entry.spec}';

export async function use(token: string): Promise<string> {
  await entry.init();
  const verifier = new entry.Verifier({ jwks: { keys: [] }, algorithms: ['ES256'] });
  try {
    return verifier.verify(token, { now: 1 }).kind;
  } catch (error) {
    if (error instanceof entry.TokenError) return error.code;
    throw error;
  }
}
${missing.map((name) => `// @ts-expect-error: ${name} is not in ${entry.spec}
void entry.${name};`).join('\n')}
${missing.includes('lint') ? `// @ts-expect-error: lint is not in ${entry.spec}
entry.lint(${JSON.stringify('x')});
` : ''}`;

/** tokenward/edge and tokenward/hono in typed use. */
const gatewayCheck = (entry) => (entry.key === './hono'
  ? `// Generated: ${entry.spec} in a typed Hono app.
import { Hono } from 'hono';
import { tokenward, type TokenwardVariables } from '${entry.spec}';

const app = new Hono<{ Variables: TokenwardVariables }>();
app.use('*', tokenward({ providers: {} }));
app.get('/', (c) => c.text(c.get('tokenward')?.subject ?? 'anonymous'));
export default app;
`
  : `// Generated: ${entry.spec}'s gateway in typed use.
import { createGateway, OptionsError } from '${entry.spec}';

export async function use(request: Request): Promise<string> {
  try {
    const gateway = createGateway({ providers: {} }, { signatures: 'wasm' });
    const verdict = await gateway.handle(request);
    if (verdict.action === 'respond') return String(verdict.response.status);
    return verdict.identity?.subject ?? verdict.request.url;
  } catch (error) {
    if (error instanceof OptionsError) return error.code;
    throw error;
  }
}
`);

export function typescript(app, verifiers, gateways = []) {
  step('TypeScript: each entry declares what it exports');
  const list = [...verifiers, ...gateways];
  const files = list.map((entry) => join(app, `types-${entry.id}.ts`));
  // First pass: the declared values of every entry, from a bare import.
  list.forEach((entry, i) => writeFileSync(files[i], `import * as entry from '${entry.spec}';\nvoid entry;\n`));
  const compilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] };
  const program = ts.createProgram(files, compilerOptions);
  const declared = Object.fromEntries(list.map((entry, i) => [entry.id, declaredValues(program, files[i])]));
  const full = declared[list.find((entry) => entry.key === '.').id];
  const failures = [];
  list.forEach((entry, i) => {
    const runtime = runtimeValues(app, entry.spec);
    const extra = runtime.filter((name) => !declared[entry.id].includes(name));
    const undeclared = declared[entry.id].filter((name) => !runtime.includes(name));
    if (extra.length || undeclared.length) {
      failures.push(`${entry.spec}: exported but not declared [${extra}], declared but not exported [${undeclared}]`);
    }
    writeFileSync(files[i], gateways.includes(entry)
      ? gatewayCheck(entry)
      : entryCheck(entry, full.filter((name) => !declared[entry.id].includes(name))));
    console.log(`packaging: '${entry.spec}' declares and exports ${runtime.length} values`);
  });
  if (failures.length) throw new Error(failures.join('\n'));
  run(join(BIN, 'tsc'), [...OPTIONS, 'types.ts', ...files], app);
  console.log('packaging: TypeScript declarations check (tsc --strict, every entry)');
}
