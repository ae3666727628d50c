// The user code each bundler builds, one set per `exports` entry, written
// into <app>/<id>/ beside the cases node-check.mjs picked for that entry.
// Each imports the package by its bare specifier and by name, as an app
// would: a namespace import (`import * as`) keeps every export and would
// hide a bundler dropping the entry file's own top-level code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A browser page: `await init()` as the README says, then the verdicts and
 * the refusals of what only a server runs (server-only.js). The page of
 * 'tokenward' also imports createLogoutReceiver, which only it exports.
 */
const page = (spec) => {
  const logout = spec === 'tokenward' ? ', createLogoutReceiver' : '';
  return `import { init, Verifier, TokenError${logout} } from '${spec}';
import fixture from './cases.js';
import { verdicts } from '../verdicts.js';
import { serverOnly } from '../server-only.js';

(async () => {
  try {
    await init();
    const result = await verdicts({ Verifier, TokenError }, fixture);
    result.failures.push(...await serverOnly({ Verifier${logout} }, fixture.jwks.main));
    window.__result = result;
  } catch (error) {
    window.__result = { total: 0, failures: [\`page error: \${error?.stack ?? error}\`] };
  }
  document.getElementById('out').textContent = JSON.stringify(window.__result);
})();
`;
};

const html = (script, type = 'module') => `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>tokenward packaging test</title></head>
  <body>
    <pre id="out">running</pre>
    <script type="${type}" src="${script}"></script>
  </body>
</html>
`;

/** A Node program: no init() (the node entry loads the wasm at import). */
const nodeRun = (spec) => `import { Verifier, TokenError } from '${spec}';
import fixture from './cases.js';
import { verdicts } from '../verdicts.js';

verdicts({ Verifier, TokenError }, fixture).then((result) => console.log(JSON.stringify(result)));
`;

/** A module worker: no init() (the workerd entry instantiates at import). */
const worker = (spec) => `import { Verifier, TokenError } from '${spec}';
import fixture from './cases.js';
import { verdicts } from '../verdicts.js';

export default {
  async fetch() {
    return Response.json(await verdicts({ Verifier, TokenError }, fixture));
  },
};
`;

export function writeSources(app, entry) {
  const dir = join(app, entry.id);
  writeFileSync(join(dir, 'page.js'), page(entry.spec));
  writeFileSync(join(dir, 'index.html'), html('./page.js'));
  writeFileSync(join(dir, 'node-run.js'), nodeRun(entry.spec));
  writeFileSync(join(dir, 'worker.js'), worker(entry.spec));
}

/** The page for a bundle that is a classic script (webpack's default). */
export const scriptPage = (script) => html(script, 'text/javascript');
export const modulePage = (script) => html(script);
