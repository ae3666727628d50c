// The npm half of the differential suite: every case of
// tests/differential/cases.json (read, never written) through the npm
// package, with `verify` and with `verifyAsync`. Each must give the case's
// expected verdict: `expect.code` where the case documents a deliberate
// divergence from jose, else jose's recorded verdict — the same rule as the
// core's runner (crates/core/tests/differential.rs), so the two agree.
//
// Usage: node tests/npm/differential.mjs [module]   (default: pkg/node.js)
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const FIXTURE = fileURLToPath(new URL('../differential/cases.json', import.meta.url));

function expected(c) {
  if (c.expect) return c.expect.code;
  return c.jose.ok ? 'ok' : c.jose.code;
}

/**
 * Runs every case through `tokenward` (the module namespace) with verify
 * and verifyAsync; returns the list of disagreements.
 */
export async function runDifferential(tokenward, fixture = FIXTURE) {
  const codeOf = (error) =>
    error instanceof tokenward.TokenError ? error.code : `unexpected ${error?.name}: ${error?.message}`;
  const { jwks, cases } = JSON.parse(readFileSync(fixture, 'utf8'));
  const failures = [];
  for (const c of cases) {
    const want = expected(c);
    let verifier;
    try {
      verifier = new tokenward.Verifier({ jwks: jwks[c.jwks], ...c.options });
    } catch (error) {
      // A key set refused at load: its code is the verdict of every token.
      if (codeOf(error) !== want) failures.push(`  ${c.name}: expected ${want}, verifier refused: ${codeOf(error)}`);
      continue;
    }
    let sync = 'ok';
    try {
      verifier.verify(c.token, { now: c.now });
    } catch (error) {
      sync = codeOf(error);
    }
    let async = 'ok';
    try {
      await verifier.verifyAsync(c.token, { now: c.now });
    } catch (error) {
      async = codeOf(error);
    }
    if (sync !== want) failures.push(`  ${c.name}: expected ${want}, verify ${sync}`);
    if (async !== sync) failures.push(`  ${c.name}: verify ${sync}, verifyAsync ${async}`);
    verifier.free();
  }
  return { failures, total: cases.length };
}

// CLI: node tests/npm/differential.mjs [module]   (default: pkg/node.js)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
  const specifier = target.startsWith('.') || target.startsWith('/') ? pathToFileURL(target).href : target;
  const { failures, total } = await runDifferential(await import(specifier));
  if (failures.length > 0) {
    console.error(`npm differential: ${failures.length} disagreements over ${total} cases:`);
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log(`npm differential: ${total} cases, verify and verifyAsync agree with the fixture (${target})`);
}
