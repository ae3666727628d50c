// Opaque access tokens by token introspection (RFC 7662) in real workerd,
// through the example worker built from the packed package
// (tokenward/edge), against a real oidc-provider: the same verdicts as the
// Envoy filter (tests/envoy/introspection.test.mjs): identity headers for a
// client-credentials token (service) and a user token, refusal within
// cache_duration of a revocation (RFC 7009), one introspection per token
// per cache period for the isolate under many concurrent requests, and 503
// (never allow) when the endpoint is down or refuses the credentials, with
// a log line that does not carry the secret.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EDGE_CLIENT, EDGE_SECRET, SERVICE_CLIENT, USER, USER_CLIENT, startProvider } from "../edge/introspection-provider.mjs";
import { assertOneIntrospectionPerPeriod, assertRevokedWithinCachePeriod } from "../edge/introspection-cadence.mjs";
import { close, echoServer } from "./servers.mjs";
import { sleep } from "./client.mjs";
import { freePort, startWorkerd } from "./workerd.mjs";

const CACHE_SECONDS = 2;
const WRONG_SECRET = "not-the-secret-9c1e";

let op, origin, worker;

async function send(path, token) {
  const res = await fetch(`${worker.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

before(async () => {
  op = await startProvider({ port: await freePort() });
  origin = await echoServer();
  const closed = await freePort();
  const provider = (secret, endpoint = op.introspectionEndpoint) => ({
    issuer: op.issuer,
    introspection: {
      endpoint,
      client_id: EDGE_CLIENT,
      client_secret: { inline_string: secret },
      cache_duration: `${CACHE_SECONDS}s`,
      inactive_cache_duration: "1s",
      timeout: "2s",
    },
    claim_to_headers: [
      { header_name: "x-client-id", claim_name: "client_id" },
      { header_name: "x-scope", claim_name: "scope" },
    ],
  });
  const config = {
    providers: {
      op: provider(EDGE_SECRET),
      wrong: provider(WRONG_SECRET),
      down: provider(EDGE_SECRET, `http://127.0.0.1:${closed}/token/introspection`),
    },
    rules: [
      { match: { prefix: "/wrong" }, requires: { provider_name: "wrong" } },
      { match: { prefix: "/down" }, requires: { provider_name: "down" } },
      { match: { prefix: "/" }, requires: { provider_name: "op" } },
    ],
  };
  worker = await startWorkerd({ config, origin: `http://127.0.0.1:${origin.port}` });
});

after(async () => {
  await worker?.stop();
  if (origin) await close(origin.server);
  await op?.close();
});

describe("introspection in the edge worker", () => {
  test("a client-credentials token is allowed as a service, a user token as its user", async () => {
    const service = await op.serviceToken();
    const allowed = await send("/reports", service);
    assert.equal(allowed.status, 200, allowed.body);
    const seen = JSON.parse(allowed.body).headers;
    assert.equal(seen["x-tokenward-kind"], "service");
    assert.equal(seen["x-client-id"], SERVICE_CLIENT);
    assert.equal(seen["x-scope"], "reports:read");
    assert.equal(seen["x-tokenward-sub"], undefined);

    const user = await send("/reports", await op.userToken());
    assert.equal(user.status, 200, user.body);
    const userSeen = JSON.parse(user.body).headers;
    assert.equal(userSeen["x-tokenward-kind"], "user");
    assert.equal(userSeen["x-tokenward-sub"], USER);
    assert.equal(userSeen["x-client-id"], USER_CLIENT);

    const unknown = await send("/reports", "not-a-token-the-provider-issued");
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get("www-authenticate"), /token_inactive/);
  });

  test("one introspection per token per cache period for the isolate", async () => {
    await assertOneIntrospectionPerPeriod({ op, send, burst: 40, cacheSeconds: CACHE_SECONDS });
  });

  test("a token revoked at the provider is refused within cache_duration", async () => {
    await assertRevokedWithinCachePeriod({
      op, send, challenge: (res) => res.headers.get("www-authenticate"), cacheSeconds: CACHE_SECONDS,
    });
  });

  test("endpoint down, refusing the edge's credentials or closed: 503, never allowed", async () => {
    const token = await op.serviceToken();
    const closed = await send("/down", token);
    assert.equal(closed.status, 503);
    assert.match(closed.body, /introspection_unavailable/);
    const wrong = await send("/wrong", token);
    assert.equal(wrong.status, 503);
    assert.match(wrong.body, /introspection_unavailable/);
    await sleep(200);
    const log = worker.log();
    assert.match(log, /introspection for provider wrong failed \(status 401\)/);
    assert.ok(!log.includes(WRONG_SECRET) && !log.includes(EDGE_SECRET), "the secret is never logged");
    assert.ok(!log.includes(token), "the token is never logged");

    const fresh = await op.serviceToken();
    op.state.down = true;
    try {
      const down = await send("/reports", fresh);
      assert.equal(down.status, 503);
    } finally {
      op.state.down = false;
    }
    await sleep(1100);
    assert.equal((await send("/reports", fresh)).status, 200);
  });
});
