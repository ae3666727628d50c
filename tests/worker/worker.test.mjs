// End-to-end tests of the tokenward worker in real workerd on loopback:
// the shared edge token cases (the same ones the Envoy filter runs, with
// the same verdicts and codes), key rotation, JWKS endpoint failures,
// revocation and spoofed identity headers.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import * as edge from "../edge/cases.mjs";
import { pathCases } from "../edge/path-cases.mjs";
import { cacheServer, close, documentServer, echoServer } from "./servers.mjs";
import { WORKER_DIR, startWorkerd, withProbe } from "./workerd.mjs";
import { join } from "node:path";
import { bearer, eventually, nowSeconds, sleep } from "./client.mjs";

/** A case's headers as field lines (an array value: one line each). */
const fieldLines = (headers) =>
  new Headers(Object.entries(headers).flatMap(([name, value]) => [value].flat().map((v) => [name, v])));

/** Echo origin + document server + workerd, with the shared configuration. */
async function stack({ keys, jwks, mode = "ok", revocations, cachePort, backend, probe = false, jwksOptions = {} } = {}) {
  keys ??= edge.makeKeys();
  const docs = await documentServer({
    jwks: jwks ?? edge.jwks(keys.RS256, keys.ES256, keys.ES512, keys.EdDSA),
    revocations: revocations ?? edge.revocationList(nowSeconds()),
  });
  docs.state.mode = mode;
  const origin = await echoServer();
  const config = edge.edgeConfig({
    jwksUri: `http://127.0.0.1:${docs.port}/jwks.json`,
    revocationUri: `http://127.0.0.1:${docs.port}/revocations.json`,
  });
  const { timeout, ...rest } = jwksOptions;
  if (timeout) config.providers.main.remote_jwks.http_uri.timeout = timeout;
  Object.assign(config.providers.main.remote_jwks, rest);
  const originUrl = `http://127.0.0.1:${origin.port}`;
  const env = backend ? { TOKENWARD_SIGNATURE_BACKEND: backend } : {};
  const capnp = probe ? withProbe(join(WORKER_DIR, "worker.capnp")) : undefined;
  const worker = await startWorkerd({ config, origin: originUrl, cachePort, env, capnp });
  return {
    keys,
    config,
    origin: originUrl,
    docs,
    worker,
    get: (path, headers = {}, method = "GET") => fetch(`${worker.url}${path}`, { method, headers: fieldLines(headers) }),
    async stop() {
      await worker.stop();
      await Promise.all([close(docs.server), close(origin.server)]);
    },
  };
}

async function status(s, token) {
  const res = await s.get("/", bearer(token));
  await res.arrayBuffer();
  return res.status;
}

// The same cases with each signature backend: WebCrypto (the default) and
// the core's own crypto in wasm give the same verdicts.
for (const backend of ["webcrypto", "wasm"]) describe(`shared edge token cases (${backend})`, () => {
  let s;
  before(async () => { s = await stack({ backend, probe: true }); });
  after(() => s?.stop());

  test("every case gets the Envoy filter's verdict", async () => {
    for (const c of edge.tokenCases(s.keys, nowSeconds())) {
      const res = await s.get(c.path, c.headers, c.method);
      const text = await res.text();
      assert.equal(res.status, c.status, `${c.name}: ${text}`);
      if (c.status === 200) {
        const echoed = JSON.parse(text);
        const seen = echoed.headers;
        if (c.sub) assert.equal(seen["x-tokenward-sub"], c.sub, c.name);
        for (const [name, value] of Object.entries(c.expect ?? {})) assert.equal(seen[name], value, `${c.name}: ${name}`);
        for (const name of c.absent ?? []) assert.equal(seen[name], undefined, `${c.name}: ${name}`);
        if (c.url) assert.equal(echoed.url, c.url, c.name);
        if (c.hidden) assert.ok(!text.includes(c.hidden), `${c.name}: the token does not reach the origin`);
        // The token itself is not forwarded unless its provider says `forward`.
        if (c.kept) assert.ok(text.includes(c.kept), `${c.name}: forward keeps the token`);
        else assert.equal(seen.authorization, undefined, c.name);
      } else {
        assert.equal(res.headers.get("www-authenticate"), c.challenge, c.name);
        const body = JSON.parse(text);
        if (c.code === "missing") assert.equal(body.error, "missing_token", c.name);
        else assert.equal(body.error_description, c.code, c.name);
      }
    }
    // Who checked the signatures: crypto.subtle, or nobody but the core.
    const probe = await (await s.get("/__signature_probe")).json();
    console.log(`${backend}: ${JSON.stringify(probe)}`);
    if (backend === "wasm") assert.deepEqual(probe, { importKey: 0, verify: 0, verified: {} });
    else {
      assert.ok(probe.verify > 0, JSON.stringify(probe));
      // One import per (key, alg): RS256, ES256, plus keys only some
      // cases use; never one per request.
      assert.ok(probe.importKey > 0 && probe.importKey < probe.verify, JSON.stringify(probe));
      // P-521 (ES512) too: workerd's WebCrypto verifies it like P-256.
      for (const name of ["RSASSA-PKCS1-v1_5", "ECDSA", "P-256", "P-521"]) {
        assert.ok(probe.verified[name] > 0, `${name}: ${JSON.stringify(probe)}`);
      }
      // EdDSA cases ran too, but the core checked them: no host Ed25519.
      assert.equal(probe.verified.Ed25519, undefined, JSON.stringify(probe));
    }
  });
});

// A forged EdDSA token: the published key is the identity point (a
// small-order key), the signature R = identity, S = 0; no private key is
// involved. A lenient Ed25519 check accepts it for any message.
const IDENTITY = Buffer.from([1, ...new Array(31).fill(0)]);
const SMALL_ORDER_KEY = { kty: "OKP", crv: "Ed25519", kid: "weak", alg: "EdDSA", use: "sig", x: IDENTITY.toString("base64url") };

function forgedToken(claims) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signature = Buffer.concat([IDENTITY, Buffer.alloc(32)]).toString("base64url");
  return `${b64({ alg: "EdDSA", typ: "JWT", kid: "weak" })}.${b64(claims)}.${signature}`;
}

for (const backend of ["webcrypto", "wasm"]) describe(`a small-order Ed25519 key (${backend})`, () => {
  test("refuses the whole key set: the forged token and honest ones get the same 503", async () => {
    const keys = edge.makeKeys();
    const s = await stack({ keys, backend, jwks: { keys: [...edge.jwks(keys.ES256, keys.EdDSA).keys, SMALL_ORDER_KEY] } });
    try {
      for (const token of [forgedToken(edge.claims(nowSeconds())), edge.mint(keys.ES256, edge.claims(nowSeconds()))]) {
        const res = await s.get("/", bearer(token));
        const body = await res.json();
        assert.equal(res.status, 503, JSON.stringify(body));
        assert.equal(body.error_description, "jwks_unavailable");
      }
    } finally {
      await s.stop();
    }
  });
});

describe("key sets", () => {
  test("a cold isolate merges concurrent misses into one fetch", async () => {
    const s = await stack();
    try {
      const token = edge.mint(s.keys.ES256, edge.claims(nowSeconds()));
      const codes = await Promise.all(Array.from({ length: 12 }, () => status(s, token)));
      assert.deepEqual(new Set(codes), new Set([200]));
      assert.equal(s.docs.state.fetches, 1);
      assert.equal(s.docs.state.revocationFetches, 1);
    } finally {
      await s.stop();
    }
  });

  test("rotation: a new kid is fetched once (cooldown), a removed kid is refused", async () => {
    const s = await stack();
    try {
      const now = nowSeconds();
      assert.equal(await status(s, edge.mint(s.keys.RS256, edge.claims(now))), 200);
      const before = s.docs.state.fetches;
      const next = edge.makeKey("ES256", "es2");
      s.docs.state.jwks = edge.jwks(s.keys.RS256, next);
      // An unknown kid refetches only after the 1 s cooldown since the last fetch.
      await sleep(1100);
      assert.equal(await status(s, edge.mint(next, edge.claims(now))), 200, "new kid after refetch");
      assert.equal(s.docs.state.fetches, before + 1);
      // Within the cooldown, an unknown kid is refused without a fetch.
      const stranger = edge.makeKey("ES256", "stranger");
      assert.equal(await status(s, edge.mint(stranger, edge.claims(now))), 401);
      assert.equal(s.docs.state.fetches, before + 1, "no refetch during the cooldown");
      // es1 left the set: refused once the refreshed set is in use.
      const old = edge.mint(s.keys.ES256, edge.claims(now));
      assert.ok(await eventually(6000, async () => (await status(s, old)) === 401), "removed kid refused");
    } finally {
      await s.stop();
    }
  });

  for (const mode of ["down", "garbage", "oversized", "hang"]) {
    test(`JWKS endpoint ${mode}: last good keys keep serving`, async () => {
      const s = await stack();
      try {
        const token = edge.mint(s.keys.EdDSA, edge.claims(nowSeconds()));
        assert.equal(await status(s, token), 200);
        s.docs.state.mode = mode;
        const before = s.docs.state.fetches;
        // Past the 2 s refresh interval the worker refetches and fails.
        const refetched = await eventually(8000, async () => {
          assert.equal(await status(s, token), 200, "stale keys serve");
          return s.docs.state.fetches > before;
        });
        assert.ok(refetched, "a refetch was attempted");
        await sleep(mode === "hang" ? 700 : 200);
        assert.equal(await status(s, token), 200, `still served after the ${mode} refetch`);
      } finally {
        await s.stop();
      }
    });
  }

  test("unknown kids: at most max_waiting_requests wait for a refetch, the rest are refused at once", async () => {
    const s = await stack({ jwksOptions: { max_waiting_requests: 2, timeout: "3s" } });
    try {
      const now = nowSeconds();
      assert.equal(await status(s, edge.mint(s.keys.RS256, edge.claims(now))), 200);
      await sleep(1100); // past the 1 s cooldown: the next unknown kid refetches
      s.docs.state.delayMs = 1000;
      const stranger = edge.makeKey("ES256", "stranger");
      const timed = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
        const start = performance.now();
        const code = await status(s, edge.mint(stranger, edge.claims(now), { kid: `random-${i}` }));
        return { code, ms: performance.now() - start };
      }));
      s.docs.state.delayMs = 0;
      assert.deepEqual(new Set(timed.map((t) => t.code)), new Set([401]));
      const held = timed.filter((t) => t.ms >= 800).length;
      assert.ok(held >= 1 && held <= 2, `${held} of 8 waited for the 1 s refetch`);
      assert.ok(timed.filter((t) => t.ms < 500).length >= 6, "the rest at once");
    } finally {
      await s.stop();
    }
  });

  test("no keys yet and the endpoint down: 503, fail closed", async () => {
    const s = await stack({ mode: "down" });
    try {
      const res = await s.get("/", bearer(edge.mint(s.keys.RS256, edge.claims(nowSeconds()))));
      assert.equal(res.status, 503);
      assert.equal((await res.json()).error_description, "jwks_unavailable");
      assert.equal(res.headers.get("www-authenticate"), null);
    } finally {
      await s.stop();
    }
  });
});

describe("Cache API", () => {
  test("a new isolate starts from another's key set and list, even with the endpoint down", async () => {
    const cache = await cacheServer();
    const s = await stack({ cachePort: cache.port });
    let second;
    try {
      const token = edge.mint(s.keys.ES256, edge.claims(nowSeconds()));
      assert.equal(await status(s, token), 200);
      assert.ok(await eventually(3000, () => cache.state.puts >= 2), "JWKS and revocation snapshots stored");
      s.docs.state.mode = "down";
      const fetches = s.docs.state.fetches;
      second = await startWorkerd({ config: s.config, origin: s.origin, cachePort: cache.port });
      const res = await fetch(`${second.url}/`, { headers: bearer(token) });
      assert.equal(res.status, 200, await res.text());
      assert.equal(s.docs.state.fetches, fetches, "keys came from the cache, not the endpoint");
    } finally {
      await second?.stop();
      await s.stop();
      await close(cache.server);
    }
  });
});

describe("revocation", () => {
  test("a newly revoked jti and a sign-out-everywhere are picked up on refresh", async () => {
    const s = await stack({ revocations: {} });
    try {
      const now = nowSeconds();
      const byJti = edge.mint(s.keys.RS256, edge.claims(now, { jti: "later" }));
      const bySub = edge.mint(s.keys.RS256, edge.claims(now, { sub: "bob", iat: now - 30 }));
      const fresh = edge.mint(s.keys.RS256, edge.claims(now, { sub: "bob", iat: now + 1 }));
      assert.equal(await status(s, byJti), 200);
      assert.equal(await status(s, bySub), 200);
      s.docs.state.revocations = { jti: ["later"], sub: { bob: now } };
      assert.ok(await eventually(6000, async () => (await status(s, byJti)) === 401), "jti revoked");
      const res = await s.get("/", bearer(bySub));
      assert.equal(res.status, 401);
      assert.equal((await res.json()).error_description, "revoked");
      assert.equal(await status(s, fresh), 200, "issued after the revoked-before time");
    } finally {
      await s.stop();
    }
  });
});

describe("identity headers", () => {
  test("client-supplied identity headers never reach the origin", async () => {
    const s = await stack();
    try {
      const spoof = {
        "x-tokenward-sub": "root", "x-tokenward-kind": "service", "x-tokenward-provider": "evil",
        "x-tokenward-roles": "admin", "x-tokenward-org": "org-0", "x-tokenward-payload": "e30",
      };
      const token = edge.mint(s.keys.RS256, edge.claims(nowSeconds(), { roles: undefined, org: undefined }));
      const verified = await (await s.get("/", { ...spoof, ...bearer(token) })).json();
      assert.equal(verified.headers["x-tokenward-sub"], "alice");
      assert.equal(verified.headers["x-tokenward-provider"], "main");
      assert.equal(verified.headers["x-tokenward-roles"], undefined, "claim absent: header stripped, not kept");
      assert.equal(verified.headers["x-tokenward-org"], undefined);
      const payload = JSON.parse(Buffer.from(verified.headers["x-tokenward-payload"], "base64url"));
      assert.equal(payload.sub, "alice");
      for (const path of ["/health", "/public/x"]) {
        const passed = await (await s.get(path, spoof)).json();
        for (const name of Object.keys(spoof)) assert.equal(passed.headers[name], undefined, `${path}: ${name}`);
      }
    } finally {
      await s.stop();
    }
  });
});

describe("request target", () => {
  test("a path starting with // stays a path on the origin", async () => {
    const s = await stack();
    try {
      const token = edge.mint(s.keys.ES256, edge.claims(nowSeconds()));
      const res = await s.get("//127.0.0.1:9/health?a=1", bearer(token));
      const text = await res.text();
      assert.equal(res.status, 200, text);
      // Slashes merged as rules matched them (docs/edge-paths.md); never a host.
      assert.equal(JSON.parse(text).url, "/127.0.0.1:9/health?a=1");
    } finally {
      await s.stop();
    }
  });
});

/** One request with its target sent byte for byte (fetch() would resolve it). */
function rawGet(port, path, headers) {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("shared edge path cases", () => {
  let s;
  before(async () => { s = await stack(); });
  after(() => s?.stop());

  test("every path case gets the Envoy filter's verdict", async () => {
    for (const shared of pathCases(s.keys, nowSeconds())) {
      const c = { ...shared, ...shared.workerd };
      const res = await rawGet(s.worker.port, c.path, c.headers);
      assert.equal(res.status, c.status, `${c.name}: ${res.text}`);
      // workerd's own refusal, before the worker: no challenge to check.
      if (c.host) continue;
      if (c.status === 200) {
        const echoed = JSON.parse(res.text);
        if (c.url) assert.equal(echoed.url, c.url, c.name);
        if (c.sub) assert.equal(echoed.headers["x-tokenward-sub"], c.sub, c.name);
        if (c.hidden) assert.ok(!res.text.includes(c.hidden), `${c.name}: the token does not reach the origin`);
      } else {
        assert.equal(res.headers["www-authenticate"], c.challenge, c.name);
        const body = JSON.parse(res.text);
        assert.equal(c.code === "missing" ? body.error : body.error_description, c.code === "missing" ? "missing_token" : c.code, c.name);
      }
    }
  });
});

describe("configuration", () => {
  test("a broken configuration fails closed with 500", async () => {
    const worker = await startWorkerd({ config: { providers: {} }, origin: "http://127.0.0.1:9" });
    try {
      const res = await fetch(`${worker.url}/health`);
      assert.equal(res.status, 500);
      assert.equal((await res.json()).error, "misconfigured");
    } finally {
      await worker.stop();
    }
  });
});
