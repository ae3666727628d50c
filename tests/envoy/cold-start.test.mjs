// Cold start through a real Envoy 1.40 (two worker threads): the key set of
// a `remote_jwks` provider is fetched as soon as Envoy is up, by a thread
// that can complete the call, and the first request with a valid token is
// answered as soon as the keys arrive, well within the fetch timeout (5 s
// by default here). A VM that takes the fetch lease without being able to
// complete its call would hold every worker thread off for the lease's
// whole span (the timeout plus one second): the first request took ~6 s,
// and a first fetch that failed answered 503 only after those ~6 s.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy, stats } from "../../scripts/envoy/envoy-process.mjs";
import { AUDIENCE, ISSUER, REALM, claims, jwks, makeKey, mint } from "../edge/cases.mjs";
import { documentServer, echoServer } from "./servers.mjs";
import { now, send as sendTo } from "./client.mjs";

const send = (port, headers = {}) => sendTo(port, "/", headers);

// Generous for a loaded machine, far below the ~6 s of a lease held by a
// VM that cannot fetch.
const FIRST_FETCH_WITHIN_MS = 1500;
const FIRST_ANSWER_WITHIN_MS = 2500;

const key = makeKey("ES256", "cold1");

/** One provider on a remote key set with the default fetch policy. */
function coldConfig(docsPort) {
  return {
    realm: REALM,
    providers: {
      cold: {
        issuer: ISSUER, audiences: [AUDIENCE], algorithms: ["ES256"],
        remote_jwks: { uri: `http://127.0.0.1:${docsPort}/jwks.json`, cluster: "jwks" },
      },
    },
    rules: [{ match: { prefix: "/" }, requires: { provider_name: "cold" } }],
  };
}

/** Envoy with the filter; resolves when its admin port reports LIVE. */
async function start(docsPort, upstreamPort) {
  const port = await freePort();
  const adminPort = await freePort();
  const envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, coldConfig(docsPort))])],
    clusters: [cluster("upstream", upstreamPort), cluster("jwks", docsPort)],
  }), { adminPort, concurrency: 2 });
  return { envoy, port, readyAt: Date.now() };
}

let echo;
const stopping = [];

before(async () => {
  echo = await echoServer();
});

after(async () => {
  for (const stop of stopping) await stop();
  echo?.server.close();
});

async function documents() {
  const docs = await documentServer({ jwks: jwks(key), revocations: {} });
  let firstFetchAt = 0;
  docs.server.prependListener("request", (req) => {
    if (req.url === "/jwks.json" && firstFetchAt === 0) firstFetchAt = Date.now();
  });
  stopping.push(async () => {
    docs.server.closeAllConnections?.();
    docs.server.close();
  });
  return { docs, firstFetchAt: () => firstFetchAt };
}

test("the key set is fetched at start and the first valid request is answered promptly", async () => {
  const { docs, firstFetchAt } = await documents();
  const { envoy, port, readyAt } = await start(docs.port, echo.port);
  stopping.push(() => envoy.stop());

  const res = await send(port, { authorization: `Bearer ${mint(key, claims(now()))}` });
  const answeredIn = Date.now() - readyAt;
  assert.equal(res.status, 200, res.body);
  assert.ok(firstFetchAt() > 0, "the JWKS server saw no fetch");
  const fetchedIn = firstFetchAt() - readyAt;
  console.log(`cold start: first JWKS fetch ${fetchedIn} ms after ready, first 200 after ${answeredIn} ms`);
  assert.ok(fetchedIn < FIRST_FETCH_WITHIN_MS, `first JWKS fetch ${fetchedIn} ms after Envoy was ready`);
  assert.ok(answeredIn < FIRST_ANSWER_WITHIN_MS, `first request answered ${answeredIn} ms after Envoy was ready`);
  // One fetch per proxy: the worker threads shared the one key set.
  assert.equal(docs.state.fetches, 1);
  const counters = await stats(envoy.adminPort);
  assert.equal(counters["wasmcustom.tokenward.cold.jwks_fetch_failed"] ?? 0, 0);
  await envoy.stop();
});

test("the key set arrives before the first request: that request does not wait", async () => {
  const { docs, firstFetchAt } = await documents();
  const { envoy, port, readyAt } = await start(docs.port, echo.port);
  stopping.push(() => envoy.stop());

  // Give the fetch its chance, then time one request alone.
  const deadline = readyAt + FIRST_FETCH_WITHIN_MS;
  while (firstFetchAt() === 0 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
  assert.ok(firstFetchAt() > 0, `no JWKS fetch within ${FIRST_FETCH_WITHIN_MS} ms of Envoy being ready`);
  await new Promise((ok) => setTimeout(ok, 500));
  const sent = Date.now();
  const res = await send(port, { authorization: `Bearer ${mint(key, claims(now()))}` });
  const took = Date.now() - sent;
  assert.equal(res.status, 200, res.body);
  assert.ok(took < 1000, `a request after the keys arrived took ${took} ms`);
  await envoy.stop();
});

test("a first fetch that fails answers promptly, and the retry after the backoff brings the keys", async () => {
  const { docs, firstFetchAt } = await documents();
  docs.state.mode = "down";
  const { envoy, port, readyAt } = await start(docs.port, echo.port);
  stopping.push(() => envoy.stop());
  const token = mint(key, claims(now()));

  // No keys yet and the fetch failed: 503, as soon as that fetch ended.
  const res = await send(port, { authorization: `Bearer ${token}` });
  const answeredIn = Date.now() - readyAt;
  assert.equal(res.status, 503, res.body);
  assert.ok(firstFetchAt() > 0 && firstFetchAt() - readyAt < FIRST_FETCH_WITHIN_MS,
    `first JWKS fetch ${firstFetchAt() - readyAt} ms after Envoy was ready`);
  assert.ok(answeredIn < FIRST_ANSWER_WITHIN_MS, `first request answered ${answeredIn} ms after Envoy was ready`);

  // The endpoint recovers: the retry (after a 1 s backoff) brings the keys.
  docs.state.mode = "ok";
  const deadline = Date.now() + 5000;
  let last;
  do {
    await new Promise((ok) => setTimeout(ok, 100));
    last = await send(port, { authorization: `Bearer ${token}` });
  } while (last.status !== 200 && Date.now() < deadline);
  assert.equal(last.status, 200, last.body);
  const counters = await stats(envoy.adminPort);
  assert.ok((counters["wasmcustom.tokenward.cold.jwks_fetch_failed"] ?? 0) >= 1);
  await envoy.stop();
});
