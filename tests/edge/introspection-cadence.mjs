// The introspection cadence both edges must keep (tests/envoy/ and
// tests/worker/introspection.test.mjs): one call to the provider per token
// per cache period, for a burst of concurrent first requests and for
// steady traffic over three and a half periods; and a token revoked at the
// provider refused once its cached verdict expires.
import assert from "node:assert/strict";

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const statuses = (answers) => [...new Set(answers.map((r) => r.status))];

/**
 * `send(path, token)` answers `{ status }` through the edge; `op` is the
 * introspection provider; `burst` requests per token go at once first.
 */
export async function assertOneIntrospectionPerPeriod({ op, send, burst, cacheSeconds }) {
  const tokens = [await op.serviceToken(), await op.userToken()];
  // None of the burst's requests has a verdict yet.
  const first = await Promise.all(tokens.flatMap((t) => Array.from({ length: burst }, () => send("/burst", t))));
  assert.deepEqual(statuses(first), [200]);
  for (const t of tokens) assert.equal(op.introspectionsOf(t), 1, "the burst made one call per token");
  const started = Date.now();
  let requests = 0;
  while (Date.now() - started < cacheSeconds * 3_500) {
    const round = await Promise.all(tokens.flatMap((t) => Array.from({ length: 8 }, () => send("/steady", t))));
    assert.deepEqual(statuses(round), [200]);
    requests += round.length;
    await sleep(20);
  }
  const elapsed = (Date.now() - started) / 1000;
  const bound = 1 + Math.ceil(elapsed / cacheSeconds);
  for (const t of tokens) {
    const calls = op.introspectionsOf(t);
    console.log(`# ${requests / 2} requests in ${elapsed.toFixed(1)} s: ${calls} introspections (bound ${bound})`);
    assert.ok(calls <= bound, `${calls} introspections > ${bound}`);
    assert.ok(calls >= 2, "the verdict expires and is asked for again");
  }
}

/**
 * A service and a user token, each revoked at the provider after one
 * allowed request: refused 401 `token_inactive` within the cache period
 * (plus the time of a request). `challenge(res)` reads WWW-Authenticate.
 */
export async function assertRevokedWithinCachePeriod({ op, send, challenge, cacheSeconds }) {
  for (const [kind, token, revoke] of [
    ["service", await op.serviceToken(), (t) => op.revokeServiceToken(t)],
    ["user", await op.userToken(), (t) => op.revokeUserToken(t)],
  ]) {
    assert.equal((await send("/revoke", token)).status, 200);
    await revoke(token);
    const revokedAt = Date.now();
    let refused;
    for (;;) {
      refused = await send("/revoke", token);
      if (refused.status !== 200) break;
      assert.ok(Date.now() - revokedAt < cacheSeconds * 1000 + 1000, `${kind} still allowed`);
      await sleep(50);
    }
    const delay = Date.now() - revokedAt;
    console.log(`# ${kind} token refused ${delay} ms after its revocation (cache_duration ${cacheSeconds} s)`);
    assert.equal(refused.status, 401);
    assert.match(challenge(refused), /token_inactive/);
    assert.ok(delay <= cacheSeconds * 1000 + 500, `${delay} ms`);
  }
}
