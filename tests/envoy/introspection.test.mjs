// Opaque access tokens by token introspection (RFC 7662) through a real
// Envoy 1.40 (--concurrency 2) with the tokenward filter, against a real
// oidc-provider: a client-credentials token and a user token allowed with
// identity headers, refused within cache_duration of their revocation at
// the provider (RFC 7009), at most one introspection per token per cache
// period for the whole proxy while both worker threads serve many
// requests, and 503 (never allow) when the endpoint is down or refuses the
// edge's credentials, with a log line that does not carry the secret.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { EDGE_CLIENT, EDGE_SECRET, SERVICE_CLIENT, USER, USER_CLIENT, startProvider } from "../edge/introspection-provider.mjs";
import { assertOneIntrospectionPerPeriod, assertRevokedWithinCachePeriod } from "../edge/introspection-cadence.mjs";
import { echoServer } from "./servers.mjs";
import { bearer, send as sendTo, sleep } from "./client.mjs";

const send = (port, path, token) => sendTo(port, path, bearer(token));

const CACHE_SECONDS = 2;

const upstreamHeaders = (response) => JSON.parse(response.body).headers;

function introspection(opPort, secret, extra = {}) {
  return {
    endpoint: `http://127.0.0.1:${opPort}/token/introspection`,
    cluster: "op",
    client_id: EDGE_CLIENT,
    client_secret: { inline_string: secret },
    cache_duration: `${CACHE_SECONDS}s`,
    inactive_cache_duration: "1s",
    timeout: "2s",
    ...extra,
  };
}

let echo, op, envoy, port;

before(async () => {
  echo = await echoServer();
  const opPort = await freePort();
  op = await startProvider({ port: opPort });
  const closedPort = await freePort();
  port = await freePort();
  const adminPort = await freePort();
  const provider = (secret, cluster) => ({
    issuer: op.issuer,
    introspection: { ...introspection(opPort, secret), cluster },
    claim_to_headers: [
      { header_name: "x-client-id", claim_name: "client_id" },
      { header_name: "x-scope", claim_name: "scope" },
    ],
  });
  const config = {
    providers: {
      op: provider(EDGE_SECRET, "op"),
      wrong: provider("not-the-secret-7f3a", "op"),
      down: provider(EDGE_SECRET, "closed"),
    },
    rules: [
      { match: { prefix: "/wrong" }, requires: { provider_name: "wrong" } },
      { match: { prefix: "/down" }, requires: { provider_name: "down" } },
      { match: { prefix: "/" }, requires: { provider_name: "op" } },
    ],
  };
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster("upstream", echo.port), cluster("op", opPort), cluster("closed", closedPort)],
  }), { adminPort, concurrency: 2 });
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  await op?.close();
});

describe("introspection through Envoy", () => {
  test("a client-credentials token is allowed as a service, a user token as its user", async () => {
    const service = await op.serviceToken();
    assert.ok(!service.includes("."), "opaque, not a JWT");
    const allowed = await send(port, "/reports", service);
    assert.equal(allowed.status, 200, allowed.body);
    const seen = upstreamHeaders(allowed);
    assert.equal(seen["x-tokenward-kind"], "service");
    assert.equal(seen["x-tokenward-provider"], "op");
    assert.equal(seen["x-client-id"], SERVICE_CLIENT);
    assert.equal(seen["x-scope"], "reports:read");
    assert.equal(seen["x-tokenward-sub"], undefined, "no sub in a client-credentials answer");
    assert.equal(seen.authorization, undefined, "the token stays at the edge");

    const user = await op.userToken();
    const userAllowed = await send(port, "/reports", user);
    assert.equal(userAllowed.status, 200, userAllowed.body);
    const userSeen = upstreamHeaders(userAllowed);
    assert.equal(userSeen["x-tokenward-kind"], "user");
    assert.equal(userSeen["x-tokenward-sub"], USER);
    assert.equal(userSeen["x-client-id"], USER_CLIENT);

    const unknown = await send(port, "/reports", "not-a-token-the-provider-issued");
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers["www-authenticate"], /token_inactive/);
  });

  test("one introspection per token per cache period for the whole proxy", async () => {
    // The burst is spread over both worker threads.
    await assertOneIntrospectionPerPeriod({ op, send: (path, t) => send(port, path, t), burst: 60, cacheSeconds: CACHE_SECONDS });
  });

  test("a token revoked at the provider is refused within cache_duration", async () => {
    await assertRevokedWithinCachePeriod({
      op, send: (path, t) => send(port, path, t), challenge: (res) => res.headers["www-authenticate"], cacheSeconds: CACHE_SECONDS,
    });
  });

  test("endpoint down, refusing the edge's credentials or closed: 503, never allowed", async () => {
    const token = await op.serviceToken();
    const closed = await send(port, "/down", token);
    assert.equal(closed.status, 503);
    assert.match(closed.body, /introspection_unavailable/);

    const wrong = await send(port, "/wrong", token);
    assert.equal(wrong.status, 503);
    assert.match(wrong.body, /introspection_unavailable/);
    await sleep(200);
    const log = envoy.log();
    assert.match(log, /introspection for provider wrong failed \(status 401\)/);
    assert.ok(!log.includes("not-the-secret-7f3a"), "the secret is never logged");
    assert.ok(!log.includes(EDGE_SECRET), "the secret is never logged");
    assert.ok(!log.includes(token), "the token is never logged");

    const fresh = await op.serviceToken();
    op.state.down = true;
    try {
      const down = await send(port, "/reports", fresh);
      assert.equal(down.status, 503);
      assert.match(down.body, /introspection_unavailable/);
    } finally {
      op.state.down = false;
    }
    // A failure's verdict stands a second; then the token is asked for again.
    await sleep(1100);
    assert.equal((await send(port, "/reports", fresh)).status, 200);
  });
});
