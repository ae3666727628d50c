// Re-runs jose on every case in cases.json and fails when jose's mapped
// verdict differs from the recorded one, so the committed fixture stays
// honest to the installed jose. Run: `npm run differential:check`.

import { readFileSync } from 'node:fs';
import { joseVerdict } from './jose-verdict.mjs';

const FIXTURE = new URL('./cases.json', import.meta.url);

// Verdicts compare on ok / code / raw: a change in jose's raw error is worth
// a look even when it maps to the same tokenward code.
const describe = (v) => (v.ok ? 'ok' : `${v.code} (${v.raw})`);

async function main() {
  const { jwks, cases } = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const drifted = [];
  for (const c of cases) {
    const now = await joseVerdict(c, jwks[c.jwks]);
    if (describe(now) !== describe(c.jose)) {
      drifted.push(`  ${c.name}: recorded ${describe(c.jose)}, jose now says ${describe(now)}`);
    }
  }
  if (drifted.length > 0) {
    console.error(`jose disagrees with cases.json on ${drifted.length} of ${cases.length} cases:`);
    console.error(drifted.join('\n'));
    console.error('Regenerate with `npm run differential:generate` and review the diff.');
    process.exit(1);
  }
  console.log(`jose agrees with cases.json on all ${cases.length} cases`);
}

await main();
