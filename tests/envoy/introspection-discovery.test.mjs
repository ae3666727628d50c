// The introspection endpoint found by discovery, through a real Envoy 1.40
// (--concurrency 2) against a real oidc-provider whose discovery document
// names its introspection endpoint: a provider configured with `discovery`
// and an `introspection` without `endpoint` introspects there, follows
// the endpoint when the refreshed document moves it, and answers 503
// introspection_unavailable while no document has been accepted.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import {
  EDGE_CLIENT, EDGE_SECRET, INTROSPECTION_PATH, MOVED_INTROSPECTION_PATH, SERVICE_CLIENT, startProvider,
} from "../edge/introspection-provider.mjs";
import { echoServer } from "./servers.mjs";

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

function send(port, path, token) {
  return new Promise((ok, fail) => {
    // A new connection per request: Envoy spreads them over both workers.
    const req = request({ host: "127.0.0.1", port, path, headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body }));
      });
    req.on("error", fail);
    req.end();
  });
}

let echo, op, envoy, port;

before(async () => {
  echo = await echoServer();
  const opPort = await freePort();
  op = await startProvider({ port: opPort });
  const closedPort = await freePort();
  port = await freePort();
  const adminPort = await freePort();
  // `discoveryCluster` is where the metadata document is fetched from.
  const provider = (discoveryCluster) => ({
    issuer: op.issuer,
    discovery: { cluster: discoveryCluster, cache_duration_seconds: 1, timeout_ms: 1000 },
    introspection: {
      cluster: "op",
      client_id: EDGE_CLIENT,
      client_secret: { inline_string: EDGE_SECRET },
      cache_duration: "1s",
      inactive_cache_duration: "1s",
      timeout: "2s",
    },
    claim_to_headers: [{ header_name: "x-client-id", claim_name: "client_id" }],
  });
  const config = {
    providers: { op: provider("op"), undiscovered: provider("closed") },
    rules: [
      { match: { prefix: "/undiscovered" }, requires: { provider_name: "undiscovered" } },
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

/** Sends `token` until it is allowed (the first document may still be on its way). */
async function allowed(path, token, within = 5_000) {
  const started = Date.now();
  for (;;) {
    const answer = await send(port, path, token);
    if (answer.status === 200 || Date.now() - started > within) return answer;
    await sleep(100);
  }
}

describe("introspection endpoint from discovery, through Envoy", () => {
  test("an opaque token is introspected at the endpoint the discovery document names", async () => {
    const token = await op.serviceToken();
    const answer = await allowed("/reports", token);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).headers["x-client-id"], SERVICE_CLIENT);
    assert.ok(op.introspectionsOf(token) >= 1);
    assert.ok(op.introspectionsAt(INTROSPECTION_PATH) >= 1);
    assert.equal(op.introspectionsAt(MOVED_INTROSPECTION_PATH), 0);
  });

  test("a moved introspection_endpoint is followed when the document refreshes", async () => {
    op.state.advertised = MOVED_INTROSPECTION_PATH;
    try {
      const started = Date.now();
      // Each new token needs an introspection: once the refreshed
      // document (1 s period) reached both workers, they go to the new path.
      let moved = 0;
      while (moved === 0) {
        assert.ok(Date.now() - started < 8_000, "the new endpoint was never used");
        const answer = await send(port, "/reports", await op.serviceToken());
        assert.equal(answer.status, 200, answer.body);
        moved = op.introspectionsAt(MOVED_INTROSPECTION_PATH);
        await sleep(100);
      }
      console.log(`# the moved endpoint was used ${Date.now() - started} ms after the document changed`);
      // Settled: a burst of new tokens over both workers goes to the new path only.
      await sleep(1_500);
      const before = op.introspectionsAt(INTROSPECTION_PATH);
      const tokens = await Promise.all(Array.from({ length: 8 }, () => op.serviceToken()));
      const answers = await Promise.all(tokens.map((t) => send(port, "/reports", t)));
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
      assert.equal(op.introspectionsAt(INTROSPECTION_PATH), before, "nothing more at the old path");
    } finally {
      op.state.advertised = INTROSPECTION_PATH;
    }
  });

  test("no document accepted: 503 introspection_unavailable, never allowed", async () => {
    const token = await op.serviceToken();
    const calls = op.introspectionsOf(token);
    for (let i = 0; i < 4; i++) {
      const refused = await send(port, "/undiscovered", token);
      assert.equal(refused.status, 503, refused.body);
      assert.match(refused.body, /introspection_unavailable/);
      await sleep(300);
    }
    assert.equal(op.introspectionsOf(token), calls, "no introspection without an endpoint");
  });
});
