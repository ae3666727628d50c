// The DPoP differential: every case of cases.json through oauth4webapi
// (re-run, and compared with its recorded answer) and through the packed
// package (tokenward/edge, and the Verifier's verify and verifyAsync).
// tokenward must give oauth4webapi's verdict (accept or refuse), except on
// the cases of divergences.mjs, where it must give exactly the code that
// table names. Fails on a fixture too small or empty, on a divergence row
// whose case no longer diverges (or no longer exists), and on tokenward's
// surfaces disagreeing among themselves.
//
//   node tests/differential/dpop/check.mjs [package dir]   (default: pkg/)
import { readFileSync } from 'node:fs';
import { DIVERGENCES, VERIFIER_CODE, VERIFIER_HAS_NO_SAY } from './divergences.mjs';
import { oauth4webapiVerdict } from './oauth4webapi-verdict.mjs';
import { loadPackage, tokenwardVerdicts } from './tokenward-verdict.mjs';

const FIXTURE = new URL('./cases.json', import.meta.url);
const dir = process.argv[2] ?? new URL('../../../pkg/', import.meta.url).pathname;
/** The fixture has 232 cases; a generator that lost a family fails here. */
export const MIN_CASES = 225;

const show = (v) => (v.ok ? 'accept' : `refuse (${[v.code ?? v.error, v.reason].filter(Boolean).join('/')})`);
const sameAnswer = (a, b) => a.ok === b.ok && a.error === b.error && a.message === b.message;

const { oauth4webapi: recordedVersion, now, jwks, cases } = JSON.parse(readFileSync(FIXTURE, 'utf8'));
const problems = [];
if (!Array.isArray(cases) || cases.length < MIN_CASES) {
  problems.push(`only ${cases?.length ?? 0} cases (at least ${MIN_CASES}): regenerate with tests/differential/dpop/generate.mjs`);
}
const names = new Set(cases.map((c) => c.name));
for (const name of Object.keys(DIVERGENCES)) {
  if (!names.has(name)) problems.push(`divergences.mjs names "${name}", which is no case`);
}
for (const name of [...VERIFIER_HAS_NO_SAY, ...Object.keys(VERIFIER_CODE)]) {
  if (!names.has(name)) problems.push(`divergences.mjs names "${name}" for the Verifier, which is no case`);
}
for (const [name, row] of Object.entries(DIVERGENCES)) {
  if (typeof row.tokenward !== 'string' || !/§\d/.test(row.why ?? '') || row.why.length < 40) {
    problems.push(`${name}: a divergence needs tokenward's code and its reason, citing the RFC section`);
  }
}

const pkg = await loadPackage(dir);
let diverged = 0;
for (const c of cases) {
  const theirs = await oauth4webapiVerdict(c, jwks, now);
  if (!sameAnswer(theirs, c.oauth4webapi)) {
    problems.push(`${c.name}: oauth4webapi recorded ${JSON.stringify(c.oauth4webapi)}, now answers ${JSON.stringify(theirs)}`);
  }
  const ours = await tokenwardVerdicts(pkg, c, jwks, now, !VERIFIER_HAS_NO_SAY.includes(c.name));
  const answers = Object.entries(ours).filter(([, v]) => v !== null);
  const [, edge] = answers.find(([surface]) => surface === 'edge');
  for (const [surface, v] of answers) {
    const code = surface === 'edge' ? edge.code : VERIFIER_CODE[c.name]?.code ?? edge.code;
    if (v.ok !== edge.ok || v.code !== code) {
      problems.push(`${c.name}: ${surface} answers ${show(v)}, tokenward/edge ${show(edge)}`);
    }
  }
  const row = DIVERGENCES[c.name];
  if (edge.ok === theirs.ok) {
    if (row) problems.push(`${c.name}: listed as a divergence, but both ${theirs.ok ? 'accept' : 'refuse'} (tokenward ${show(edge)}, oauth4webapi ${show(theirs)})`);
    continue;
  }
  if (!row) {
    problems.push(`${c.name}: tokenward ${show(edge)}, oauth4webapi ${show(theirs)}; not in divergences.mjs`);
  } else if ((edge.ok ? 'ok' : edge.code) !== row.tokenward) {
    problems.push(`${c.name}: divergences.mjs says tokenward answers ${row.tokenward}, it answers ${show(edge)}`);
  } else {
    diverged += 1;
  }
}

if (problems.length > 0) {
  console.error(`DPoP differential (oauth4webapi ${recordedVersion}, ${dir}): ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const accepted = cases.filter((c) => c.oauth4webapi.ok).length;
console.log(
  `DPoP differential: ${cases.length} cases (oauth4webapi ${recordedVersion} accepts ${accepted}); ` +
    `tokenward/edge, verify and verifyAsync agree with it on ${cases.length - diverged}, ` +
    `and differ as divergences.mjs explains on ${diverged}`,
);
