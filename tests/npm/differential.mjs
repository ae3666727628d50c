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
import { verdicts } from './packaging/app/verdicts.js';

export const FIXTURE = fileURLToPath(new URL('../differential/cases.json', import.meta.url));

/**
 * Runs every case through `tokenward` (the module namespace) with verify
 * and verifyAsync; returns the list of disagreements. The loop is the
 * packaging matrix's (tests/npm/packaging/app/verdicts.js), so the two
 * judge a case the same way.
 */
export async function runDifferential(tokenward, fixture = FIXTURE) {
  return verdicts(tokenward, JSON.parse(readFileSync(fixture, 'utf8')));
}

// CLI: node tests/npm/differential.mjs [module]   (default: pkg/node.js)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
  const specifier = target.startsWith('.') || target.startsWith('/') ? pathToFileURL(target).href : target;
  const { failures, total } = await runDifferential(await import(specifier));
  if (failures.length > 0) {
    console.error(`npm differential: ${failures.length} disagreements over ${total} cases:`);
    console.error(failures.map((failure) => `  ${failure}`).join('\n'));
    process.exit(1);
  }
  console.log(`npm differential: ${total} cases, verify and verifyAsync agree with the fixture (${target})`);
}
