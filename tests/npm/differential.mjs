// The npm half of the differential suite: every case of
// tests/differential/cases.json (read, never written) through the npm
// package, with `verify` and with `verifyAsync`. Each must give the case's
// expected verdict: `expect.code` where the case documents a deliberate
// divergence from jose, else jose's recorded verdict — the same rule as the
// core's runner (crates/core/tests/differential.rs), so the two agree.
//
// Usage: node --test tests/npm/differential.mjs, or
//        node tests/npm/differential.mjs [module]   (default: pkg/node.js)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
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

// Run as a file (not imported): one test over the whole fixture.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
  const specifier = target.startsWith('.') || target.startsWith('/') ? pathToFileURL(target).href : target;
  test('every fixture case gives its expected verdict with verify and verifyAsync', async () => {
    const { failures, total } = await runDifferential(await import(specifier));
    assert.ok(total > 0, 'the fixture has cases');
    assert.deepEqual(failures, [], `${failures.length} disagreements over ${total} cases`);
  });
}
