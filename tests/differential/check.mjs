// Re-runs jose on every case in cases.json and fails when jose's own answer
// (ok, or its error code, claim and reason) differs from the recorded one,
// so the committed fixture stays honest to the installed jose. Also fails on
// a fixture that could pass by being empty or unjudged: fewer cases than
// MIN_CASES, a case with no expected tokenward verdict, an `expect` without
// its reason. Run: `npm run differential:check`.

import { readFileSync } from 'node:fs';
import { joseVerdict, tokenwardRow } from './jose-verdict.mjs';

const FIXTURE = new URL('./cases.json', import.meta.url);
/** The fixture has 346 cases; a generator that lost a family fails here. */
export const MIN_CASES = 340;

// Verdicts compare on everything jose said, plus the table's reading of it:
// a change in either is worth a look even when the code stays the same.
const describe = (v) =>
  v.ok ? `ok${v.via ? ` via ${v.via}` : ''}` : JSON.stringify(v);

function structuralProblems(cases) {
  const problems = [];
  if (cases.length < MIN_CASES) problems.push(`only ${cases.length} cases (at least ${MIN_CASES})`);
  for (const c of cases) {
    if (c.expect) {
      if (typeof c.expect.code !== 'string' || !(c.expect.why?.length > 20)) {
        problems.push(`${c.name}: expect needs a code and its reason`);
      }
    } else if (!c.jose.ok && !c.jose.code) {
      problems.push(`${c.name}: jose answered ${c.jose.error}, which decides no tokenward code, and no expect says one`);
    }
    if (!c.jose.ok && !tokenwardRow(c.jose)) {
      problems.push(`${c.name}: jose's ${c.jose.error} has no row in TOKENWARD_CODE`);
    }
  }
  return problems;
}

async function main() {
  const { jwks, cases } = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const problems = structuralProblems(cases);
  if (problems.length > 0) {
    console.error(`cases.json cannot be trusted:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
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
  const decided = cases.filter((c) => !c.expect).length;
  console.log(
    `jose agrees with cases.json on all ${cases.length} cases ` +
      `(${decided} judged by jose's answer, ${cases.length - decided} by a hand-written expect)`,
  );
}

await main();
