// Opaque access tokens by token introspection (RFC 7662) through a real
// Envoy 1.40 (--concurrency 2) with the tokenward filter, against a real
// oidc-provider: a client-credentials token and a user token allowed with
// identity headers, refused within cache_duration of their revocation at
// the provider (RFC 7009), at most one introspection per token per cache
// period for the whole proxy while both worker threads serve many
// requests, and 503 (never allow) when the endpoint is down or refuses the
// edge's credentials, with a log line that does not carry the secret.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { EDGE_CLIENT, EDGE_SECRET, SERVICE_CLIENT, USER, USER_CLIENT, startProvider } from "../edge/introspection-provider.mjs";
import { echoServer } from "./servers.mjs";

const CACHE_SECONDS = 2;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

function send(port, path, token) {
  return new Promise((ok, fail) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    // A new connection per request: Envoy spreads them over both workers.
    const req = request({ host: "127.0.0.1", port, path, headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

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
    const tokens = [await op.serviceToken(), await op.userToken()];
    // A burst: 2 x 60 requests at once, spread over both worker threads,
    // none of them with a verdict yet.
    const burst = await Promise.all(tokens.flatMap((t) => Array.from({ length: 60 }, () => send(port, "/burst", t))));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [200]);
    for (const t of tokens) assert.equal(op.introspectionsOf(t), 1, "the burst made one call per token");
    // Then steady traffic for three cache periods and a half.
    const started = Date.now();
    let requests = 0;
    while (Date.now() - started < CACHE_SECONDS * 3_500) {
      const round = await Promise.all(tokens.flatMap((t) => Array.from({ length: 8 }, () => send(port, "/steady", t))));
      assert.deepEqual([...new Set(round.map((r) => r.status))], [200]);
      requests += round.length;
      await sleep(20);
    }
    const elapsed = (Date.now() - started) / 1000;
    const bound = 1 + Math.ceil(elapsed / CACHE_SECONDS);
    for (const t of tokens) {
      const calls = op.introspectionsOf(t);
      console.log(`# ${requests / 2} requests in ${elapsed.toFixed(1)} s: ${calls} introspections (bound ${bound})`);
      assert.ok(calls <= bound, `${calls} introspections > ${bound}`);
      assert.ok(calls >= 2, "the verdict expires and is asked for again");
    }
  });

  test("a token revoked at the provider is refused within cache_duration", async () => {
    for (const [kind, token, revoke] of [
      ["service", await op.serviceToken(), (t) => op.revokeServiceToken(t)],
      ["user", await op.userToken(), (t) => op.revokeUserToken(t)],
    ]) {
      assert.equal((await send(port, "/revoke", token)).status, 200);
      await revoke(token);
      const revokedAt = Date.now();
      let refused;
      for (;;) {
        refused = await send(port, "/revoke", token);
        if (refused.status !== 200) break;
        assert.ok(Date.now() - revokedAt < CACHE_SECONDS * 1000 + 1000, `${kind} still allowed`);
        await sleep(50);
      }
      const delay = Date.now() - revokedAt;
      console.log(`# ${kind} token refused ${delay} ms after its revocation (cache_duration ${CACHE_SECONDS} s)`);
      assert.equal(refused.status, 401);
      assert.match(refused.headers["www-authenticate"], /token_inactive/);
      assert.ok(delay <= CACHE_SECONDS * 1000 + 500, `${delay} ms`);
    }
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
