// The introspection endpoint found by discovery in real workerd, through
// the example worker built from the packed package (tokenward/edge),
// against a real oidc-provider whose discovery document names its
// introspection endpoint: the same verdicts as the Envoy filter
// (tests/envoy/introspection-discovery.test.mjs). A provider with
// `discovery` and an `introspection` without `endpoint` introspects there,
// follows the endpoint when the refreshed document moves it, and answers
// 503 introspection_unavailable while no document has been accepted.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  EDGE_CLIENT, EDGE_SECRET, INTROSPECTION_PATH, MOVED_INTROSPECTION_PATH, SERVICE_CLIENT, startProvider,
} from "../edge/introspection-provider.mjs";
import { close, echoServer } from "./servers.mjs";
import { freePort, startWorkerd } from "./workerd.mjs";

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let op, origin, worker, closedPort;

async function send(path, token) {
  const res = await fetch(`${worker.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

before(async () => {
  op = await startProvider({ port: await freePort() });
  origin = await echoServer();
  closedPort = await freePort();
  const provider = (issuer) => ({
    issuer,
    discovery: { cache_duration_seconds: 1, timeout_ms: 1000 },
    introspection: {
      client_id: EDGE_CLIENT,
      client_secret: { inline_string: EDGE_SECRET },
      cache_duration: "1s",
      inactive_cache_duration: "1s",
      timeout: "2s",
    },
    claim_to_headers: [{ header_name: "x-client-id", claim_name: "client_id" }],
  });
  const config = {
    providers: {
      op: provider(op.issuer),
      // Its issuer's discovery document is on a port nobody listens on.
      undiscovered: provider(`http://127.0.0.1:${closedPort}`),
    },
    rules: [
      { match: { prefix: "/undiscovered" }, requires: { provider_name: "undiscovered" } },
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

describe("introspection endpoint from discovery, in the edge worker", () => {
  test("an opaque token is introspected at the endpoint the discovery document names", async () => {
    const token = await op.serviceToken();
    const answer = await send("/reports", token);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).headers["x-client-id"], SERVICE_CLIENT);
    assert.equal(op.introspectionsOf(token), 1);
    assert.ok(op.introspectionsAt(INTROSPECTION_PATH) >= 1);
    assert.equal(op.introspectionsAt(MOVED_INTROSPECTION_PATH), 0);
  });

  test("a moved introspection_endpoint is followed when the document refreshes", async () => {
    op.state.advertised = MOVED_INTROSPECTION_PATH;
    try {
      const started = Date.now();
      let moved = 0;
      while (moved === 0) {
        assert.ok(Date.now() - started < 8_000, "the new endpoint was never used");
        const answer = await send("/reports", await op.serviceToken());
        assert.equal(answer.status, 200, answer.body);
        moved = op.introspectionsAt(MOVED_INTROSPECTION_PATH);
        await sleep(100);
      }
      console.log(`# the moved endpoint was used ${Date.now() - started} ms after the document changed`);
      const before = op.introspectionsAt(INTROSPECTION_PATH);
      const tokens = await Promise.all(Array.from({ length: 8 }, () => op.serviceToken()));
      const answers = await Promise.all(tokens.map((t) => send("/reports", t)));
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
      assert.equal(op.introspectionsAt(INTROSPECTION_PATH), before, "nothing more at the old path");
    } finally {
      op.state.advertised = INTROSPECTION_PATH;
    }
  });

  test("no document accepted: 503 introspection_unavailable, never allowed", async () => {
    const token = await op.serviceToken();
    const calls = op.introspectionsOf(token);
    for (let i = 0; i < 3; i++) {
      const refused = await send("/undiscovered", token);
      assert.equal(refused.status, 503, refused.body);
      assert.match(refused.body, /introspection_unavailable/);
    }
    assert.equal(op.introspectionsOf(token), calls, "no introspection without an endpoint");
  });
});
