// Tokens with an unknown `kid` through a real Envoy 1.40 (two worker
// threads): they are held only for a refetch that will happen, released as
// soon as it ends (even with the same keys, even when it fails), and only
// up to `max_waiting_requests` per worker thread; every other one is
// refused at once with 401 `unknown_kid`.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { claims, edgeConfig, jwks, makeKey, makeKeys, mint, REALM } from "../edge/cases.mjs";
import { documentServer, echoServer } from "./servers.mjs";

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const now = () => Math.floor(Date.now() / 1000);
const COOLDOWN_MS = 4000;
const TIMEOUT_MS = 1500;
const CAP = 4;
const UNKNOWN_KID = `Bearer realm="${REALM}", error="invalid_token", error_description="unknown_kid"`;

/** One timed request on a fresh connection (so requests spread over workers). */
function send(port, headers) {
  const start = performance.now();
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, ms: performance.now() - start }));
    });
    req.on("error", fail);
    req.end();
  });
}

const keys = makeKeys();
const stranger = makeKey("ES256", "not-in-the-set");
let echo, docs, envoy, port;

/** `n` concurrent requests, each with a fresh random unknown `kid`. */
function flood(n) {
  return Promise.all(Array.from({ length: n }, () => {
    const kid = `random-${Math.random().toString(36).slice(2)}`;
    return send(port, { authorization: `Bearer ${mint(stranger, claims(now()), { kid })}` });
  }));
}

function assertUnknownKid(results) {
  for (const r of results) {
    assert.equal(r.status, 401);
    assert.equal(r.headers["www-authenticate"], UNKNOWN_KID);
  }
}

/** Waits until a refetch is allowed again (the cooldown since the last fetch passed). */
async function afterCooldown() {
  const wait = docs.state.lastFetchAt + COOLDOWN_MS + 300 - Date.now();
  if (wait > 0) await sleep(wait);
}

before(async () => {
  echo = await echoServer();
  docs = await documentServer({ jwks: jwks(keys.RS256, keys.ES256, keys.EdDSA), revocations: {} });
  port = await freePort();
  const adminPort = await freePort();
  const config = edgeConfig({ jwksUri: `http://127.0.0.1:${docs.port}/jwks.json`, revocationUri: "" });
  delete config.revocation;
  config.providers.main.remote_jwks.http_uri.timeout = `${TIMEOUT_MS / 1000}s`;
  Object.assign(config.providers.main.remote_jwks, {
    cache_duration: "600s",
    cooldown_seconds: COOLDOWN_MS / 1000,
    max_waiting_requests: CAP,
  });
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster("upstream", echo.port), cluster("jwks", docs.port)],
  }), { adminPort, concurrency: 2 });
  const token = mint(keys.RS256, claims(now()));
  for (let i = 0; (await send(port, { authorization: `Bearer ${token}` })).status !== 200; i++) {
    if (i > 100) throw new Error("no keys after 10 s");
    await sleep(100);
  }
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  docs?.server.closeAllConnections?.();
  docs?.server.close();
});

test("a refetch with the same keys releases the held requests at once", async () => {
  await afterCooldown();
  const before = docs.state.fetches;
  docs.state.delayMs = 300; // long enough for every request to be held
  const results = await flood(2 * CAP);
  docs.state.delayMs = 0;
  assertUnknownKid(results);
  const slowest = Math.max(...results.map((r) => r.ms));
  // Held until the ~300 ms refetch ends, not until a deadline (~6 s before).
  assert.ok(slowest < 2000, `slowest answer ${slowest.toFixed(0)} ms`);
  assert.ok(docs.state.fetches - before >= 1 && docs.state.fetches - before <= 2,
    `${docs.state.fetches - before} refetches`);
});

test("during the cooldown an unknown kid is refused at once", async () => {
  // The previous test's refetch started the cooldown.
  assert.ok(Date.now() - docs.state.lastFetchAt < COOLDOWN_MS - 1000, "still cooling down");
  const before = docs.state.fetches;
  const results = await flood(6);
  assertUnknownKid(results);
  const slowest = Math.max(...results.map((r) => r.ms));
  assert.ok(slowest < 500, `slowest answer ${slowest.toFixed(0)} ms`);
  assert.equal(docs.state.fetches, before, "no refetch during the cooldown");
  // Known keys still work.
  const ok = await send(port, { authorization: `Bearer ${mint(keys.ES256, claims(now()))}` });
  assert.equal(ok.status, 200);
});

test("beyond the cap requests are refused at once; a failed refetch releases the held ones", async () => {
  await afterCooldown();
  docs.state.mode = "slow"; // 3 s: past the 1.5 s fetch timeout, the refetch fails
  const results = await flood(24);
  docs.state.mode = "ok";
  assertUnknownKid(results);
  const fast = results.filter((r) => r.ms < 500).length;
  const held = results.filter((r) => r.ms >= 500);
  // At most CAP held per worker thread (two threads): the rest at once.
  assert.ok(fast >= 24 - 2 * CAP, `${fast} of 24 answered at once`);
  assert.ok(held.length > 0, "some requests were held for the refetch");
  for (const r of held) {
    assert.ok(r.ms < TIMEOUT_MS + 1500, `held ${r.ms.toFixed(0)} ms`);
  }
  assert.equal(envoy.child.exitCode, null, "envoy is still running");
});
