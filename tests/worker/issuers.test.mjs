// Several issuers behind one provider in real workerd (the example worker
// over the packed package): two real OpenID providers with their own keys
// and a tenant template, each entry's key set fetched on its own. Same
// cases and verdicts as the Envoy filter (tests/edge/issuers-cases.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { issuerCases, issuersConfig, startProviders } from "../edge/issuers-cases.mjs";
import { close, echoServer } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";

describe("several issuers behind one provider (workerd)", () => {
  let providers, origin, worker, cases;
  before(async () => {
    providers = await startProviders();
    origin = await echoServer();
    const source = (p) => ({ uri: p.jwksUri, timeout_ms: 1000, cache_duration_seconds: 60 });
    worker = await startWorkerd({
      config: issuersConfig(providers, source),
      origin: `http://127.0.0.1:${origin.port}`,
    });
    cases = await issuerCases(providers);
  });
  after(async () => {
    await worker?.stop();
    await close(origin.server);
    await providers?.close();
  });

  test("each case gets the Envoy filter's verdict", async () => {
    for (const c of cases) {
      const res = await fetch(worker.url, { headers: { authorization: `Bearer ${c.token}` } });
      const text = await res.text();
      assert.equal(res.status, c.status, `${c.name}: ${text}`);
      if (c.status === 200) {
        assert.equal(JSON.parse(text).headers["x-tokenward-sub"], c.sub, c.name);
      } else {
        assert.equal(JSON.parse(text).error_description, c.code, c.name);
      }
    }
  });
});
