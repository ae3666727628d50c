// Node without a bundler: ESM `import` and CommonJS `require()` of every
// entry, and verifyAsync with node:crypto and with WebCrypto.
import { dirname, join } from 'node:path';
import { FIXTURE, ROOT, check, run, step } from './harness.mjs';

/** ESM import; also picks and writes the entry's cases for the bundlers. */
export function nodeImport(app, entry) {
  step(`Node ESM import '${entry.spec}'`);
  const args = ['node-check.mjs', entry.spec, entry.id];
  if (!entry.conditions.node) args.push(join(app, 'node_modules/tokenward', dirname(entry.conditions.default), 'tokenward_bg.wasm'));
  const out = run('node', args, app, { ...process.env, FIXTURE });
  const result = JSON.parse(out);
  console.log(`packaging: '${entry.spec}' verifies ${result.algorithms.join(', ')}`);
  check(`Node ESM '${entry.spec}'`, result);
}

export function nodeRequire(app, entry) {
  step(`Node require('${entry.spec}')`);
  check(`Node require '${entry.spec}'`, JSON.parse(run('node', ['require-check.cjs', entry.spec, entry.id], app)));
}

/** tests/npm/host-crypto.mjs on the installed package, once per host. */
export function hostCrypto(app) {
  step('one verdict with node:crypto and with WebCrypto');
  const script = join(ROOT, 'tests/npm/host-crypto.mjs');
  for (const host of ['node', 'webcrypto']) {
    console.log(run('node', [script, host, join(app, 'node_modules/tokenward')], app).trim());
  }
}
