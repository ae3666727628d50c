// The introspection cadence both edges must keep (tests/envoy/ and
// tests/worker/introspection.test.mjs): one call to the provider per token
// per cache period, for a burst of concurrent first requests and for
// steady traffic over three and a half periods.
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
