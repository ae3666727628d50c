// Node ESM, as an app imports the package: `node node-check.mjs <specifier>
// <dir> [wasm]`. No init() (the node entry loads the wasm at import). Picks the
// fixture cases this entry runs (select.js), writes them to <dir>/cases.js
// and .json for the bundler builds, verifies them and prints the verdicts.
// An entry that leaves parts out must say, in its messages, where they are.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expected, selectCases } from './select.js';
import { verdicts } from './verdicts.js';

const [spec, dir, wasm] = process.argv.slice(2);
const tokenward = await import(spec);
// An entry without a `node` condition (browser-only) is given its wasm bytes.
if (wasm !== undefined) await tokenward.init(readFileSync(wasm));
const fixture = JSON.parse(readFileSync(process.env.FIXTURE, 'utf8'));
const selected = selectCases(tokenward, fixture);
mkdirSync(dir, { recursive: true });
const data = JSON.stringify({ jwks: selected.jwks, cases: selected.cases });
writeFileSync(`${dir}/cases.json`, data);
writeFileSync(`${dir}/cases.js`, `export default ${data};\n`);

const result = await verdicts(tokenward, selected);
const refusals = selected.cases.filter((c) => expected(c) !== 'ok').length;
if (selected.algorithms.length === 0 || refusals === 0) result.failures.push(`${spec}: no valid token or no refusal among its cases`);

// Nothing exported only to throw `unsupported`: what an entry lacks, it
// does not export (its declarations then say so too, see types.mjs).
const probes = {
  lint: (lint) => lint(fixture.cases[0].token),
  RemoteKeySet: (RemoteKeySet) => new RemoteKeySet('https://issuer.example/jwks'),
  RevocationList: (RevocationList) => RevocationList.fromJSON({ jti: [] }),
};
for (const [name, probe] of Object.entries(probes)) {
  if (tokenward[name] === undefined) continue;
  try {
    probe(tokenward[name]);
  } catch (error) {
    if (error.code === 'unsupported') result.failures.push(`${spec} exports ${name}, which only throws: ${error.message}`);
  }
}

if (typeof tokenward.lint !== 'function') {
  // debugLint reaches the missing lint: its message names the entry to use.
  const said = [];
  const info = console.info;
  console.info = (line) => said.push(String(line));
  const report = tokenward.debugLint(fixture.cases[0].token);
  console.info = info;
  if (report !== null || !said.some((line) => line.includes("import it from 'tokenward'"))) {
    result.failures.push(`${spec}: debugLint without lint said ${JSON.stringify(said)}`);
  }
}
// An algorithm the build lacks: refused, the message names the JS entry.
for (const alg of ['RS256', 'ES384', 'EdDSA'].filter((a) => !selected.algorithms.includes(a))) {
  try {
    new tokenward.Verifier({ jwks: fixture.jwks.main, algorithms: [alg] });
    result.failures.push(`${spec}: accepted ${alg}, which its cases never verify`);
  } catch (error) {
    if (error.code !== 'invalid_options' || !error.message.includes("import from 'tokenward'") || /select-algorithms|feature/.test(error.message)) {
      result.failures.push(`${spec}: ${alg} refused with ${error.code}: ${error.message}`);
    }
  }
}
console.log(JSON.stringify({ ...result, algorithms: selected.algorithms }));
