// Keys and transport in real workerd, with the same cases and verdicts as
// the Envoy filter (tests/edge/keys-cases.mjs): `cnf` tokens refused unless
// the provider opts out, a JWKS endpoint leaking a private key (the last
// good keys keep serving; a cold isolate gets none), and configurations
// refused (plain http:// elsewhere than loopback without
// allow_insecure_http, user information in a uri, an inline key set with a
// private key).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { claims, jwks, makeKey, mint } from "../edge/cases.mjs";
import { REMOTE_HOST, bindingCases, keysConfig, leakedJwks, loopbackSource, refusedConfigs } from "../edge/keys-cases.mjs";
import { close, documentServer, echoServer } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";
import { bearer, eventually, nowSeconds } from "./client.mjs";

const key = makeKey("ES256", "es1");
const leakedKey = makeKey("ES256", "leaked");
const leaked = () => leakedJwks(key, leakedKey);

async function stack(jwksDocument) {
  const docs = await documentServer({ jwks: jwksDocument });
  const origin = await echoServer();
  const source = loopbackSource(docs.port);
  const config = keysConfig({ strictSource: source, lenientSource: source });
  const worker = await startWorkerd({ config, origin: `http://127.0.0.1:${origin.port}` });
  return {
    docs,
    worker,
    get: (path, headers = {}) => fetch(`${worker.url}${path}`, { headers }),
    async stop() {
      await worker.stop();
      await Promise.all([close(docs.server), close(origin.server)]);
    },
  };
}

describe("sender-constrained tokens", () => {
  let s;
  before(async () => { s = await stack(jwks(key)); });
  after(() => s?.stop());

  test("every case gets the Envoy filter's verdict", async () => {
    for (const c of bindingCases(key, nowSeconds())) {
      const res = await s.get(c.path, c.headers);
      const text = await res.text();
      assert.equal(res.status, c.status, `${c.name}: ${text}`);
      if (c.status !== 200) {
        assert.equal(res.headers.get("www-authenticate"), c.challenge, c.name);
        assert.equal(JSON.parse(text).error_description, c.code, c.name);
      }
    }
  });
});

describe("a JWKS endpoint leaking a private key", () => {
  test("a warm isolate keeps its last good keys; the fetch fails", async () => {
    const s = await stack(jwks(key));
    try {
      const token = mint(key, claims(nowSeconds()));
      assert.equal((await s.get("/", bearer(token))).status, 200);
      const fetches = s.docs.state.fetches;
      s.docs.state.jwks = leaked();
      // The 2 s refresh fetches the leaking set; requests keep passing.
      const refetched = await eventually(6000, async () => {
        const res = await s.get("/", bearer(mint(key, claims(nowSeconds()))));
        assert.equal(res.status, 200, await res.text());
        return s.docs.state.fetches > fetches;
      });
      assert.ok(refetched, "the worker refetched the key set");
      // The leaked key was never loaded: a token anyone can now sign fails.
      const forged = await s.get("/", bearer(mint(leakedKey, claims(nowSeconds()))));
      assert.equal(forged.status, 401);
      assert.equal((await forged.json()).error_description, "unknown_kid");
    } finally {
      await s.stop();
    }
  });

  test("a cold isolate gets no keys from it: 503 jwks_unavailable", async () => {
    const s = await stack(leaked());
    try {
      const res = await s.get("/", bearer(mint(key, claims(nowSeconds()))));
      const body = await res.json();
      assert.equal(res.status, 503, JSON.stringify(body));
      assert.equal(body.error_description, "jwks_unavailable");
      assert.ok(s.docs.state.fetches > 0);
      const forged = await s.get("/", bearer(mint(leakedKey, claims(nowSeconds()))));
      assert.notEqual(forged.status, 200);
      await forged.arrayBuffer();
    } finally {
      await s.stop();
    }
  });
});

describe("configurations refused", () => {
  for (const c of refusedConfigs(key, leakedKey)) {
    test(c.name, async () => {
      const worker = await startWorkerd({ config: c.config, origin: "http://127.0.0.1:9" });
      try {
        const res = await fetch(`${worker.url}/`);
        assert.equal(res.status, 500);
        assert.equal((await res.json()).error, "misconfigured");
        assert.ok(await eventually(3000, () => c.log.test(worker.log())), worker.log());
      } finally {
        await worker.stop();
      }
    });
  }

  test("allow_insecure_http: true accepts plain http:// to another host", async () => {
    const source = { uri: `http://${REMOTE_HOST}/jwks.json`, timeout_ms: 500, allow_insecure_http: true };
    const worker = await startWorkerd({ config: keysConfig({ strictSource: source, lenientSource: source }), origin: "http://127.0.0.1:9" });
    try {
      // Configured, not misconfigured: the fetch itself fails (no such host).
      const res = await fetch(`${worker.url}/`, { headers: bearer(mint(key, claims(nowSeconds()))) });
      const body = await res.json();
      assert.equal(res.status, 503, JSON.stringify(body));
      assert.equal(body.error_description, "jwks_unavailable");
    } finally {
      await worker.stop();
    }
  });
});
