// CommonJS: `require('tokenward')` loads the ES module itself (require() of
// ESM, Node >= 20.19 / 22.12), so a CommonJS caller and an ESM caller share
// one module instance: one wasm, one TokenError class. `node
// require-check.cjs <specifier> <dir>` verifies <dir>/cases.json.
const { readFileSync } = require('node:fs');

async function main() {
  const [spec, dir] = process.argv.slice(2);
  const required = require(spec);
  const imported = await import(spec);
  const { verdicts } = await import('./verdicts.js');
  const result = await verdicts(required, JSON.parse(readFileSync(`${dir}/cases.json`, 'utf8')));
  if (required.Verifier !== imported.Verifier || required.TokenError !== imported.TokenError) {
    result.failures.push(`${spec}: require() and import gave two instances of the package`);
  }
  console.log(JSON.stringify(result));
}
main();
