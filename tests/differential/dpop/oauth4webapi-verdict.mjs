// oauth4webapi's own answer on one DPoP differential case: its
// resource-server check, `validateJwtAccessToken`, on the case's HTTP
// request, at the fixture's fixed time. Shared by generate.mjs (which
// records the answer in cases.json) and check.mjs (which re-runs it and
// fails when the recorded answer drifts). Nothing here applies a tokenward
// rule: the answer is oauth4webapi's `err.code` (or the error's name) and
// its message, as it threw them.
//
// oauth4webapi reads the clock through Date.now() (its `clockSkew` option
// only shifts it), so Date.now is pinned to the fixture's time around the
// call; the key set is handed over through its `jwksCache` option, so no
// request leaves the process.
import { jwksCache, validateJwtAccessToken } from 'oauth4webapi';
import { AUDIENCE, ISSUER, PROFILES } from './profiles.mjs';

/** The case's request as a Fetch Request (repeated headers appended). */
export function requestOf(c) {
  const headers = new Headers();
  for (const [name, value] of c.request.headers) headers.append(name, value);
  return new Request(c.request.url, { method: c.request.method, headers });
}

/** Runs `run` with `Date.now` at `now` (Unix seconds): both sides judge a case at its own time. */
export async function atTime(now, run) {
  const realNow = Date.now;
  Date.now = () => now * 1000;
  try {
    return await run();
  } finally {
    Date.now = realNow;
  }
}

/** One call, as a fresh resource server would make it. */
async function once(c, jwks, now) {
  const as = { issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` };
  const options = { ...PROFILES[c.profile].oauth4webapi, [jwksCache]: { jwks, uat: now } };
  try {
    await atTime(now, () => validateJwtAccessToken(as, requestOf(c), AUDIENCE, options));
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err.code ?? err.name, message: err.message };
  }
}

/**
 * oauth4webapi's answer: `{ ok: true }` or `{ ok: false, error, message }`.
 * A case with `repeat` sends the same request that many times; the answer
 * is the last one's (oauth4webapi keeps no replay record, so each is
 * judged alone).
 */
export async function oauth4webapiVerdict(c, jwks, now) {
  let answer;
  for (let i = 0; i < (c.repeat ?? 1); i++) answer = await once(c, jwks, now);
  return answer;
}
