// DPoP-bound tokens through a real Envoy 1.40 with two worker threads: the
// filter reads `Authorization: DPoP` with its proof, checks the proof
// against the method and the URL Envoy received (`:scheme`, `:authority`,
// the path), strips `DPoP` before the upstream, and refuses a replayed
// proof on either thread (the replay record is in shared data).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy, stats } from "../../scripts/envoy/envoy-process.mjs";
import { clientKey, proof, refusalCases } from "../edge/dpop-cases.mjs";
import { boundTo, dpopEdgeConfig } from "../edge/dpop-setup.mjs";
import { echoServer } from "./servers.mjs";
import { send as sendTo } from "./client.mjs";

let echo, envoy, port, adminPort, key, other;

const bound = async () => boundTo(key);
const url = (path) => `http://127.0.0.1:${port}${path}`;

/** One request on its own connection. */
const send = (method, path, headers) => sendTo(port, path, headers, method);

/** Connections each worker thread accepted so far: `[worker_0, worker_1]`. */
async function connectionsPerWorker() {
  const counters = await stats(adminPort, `127.0.0.1_${port}.worker_`);
  const count = (worker) =>
    Object.entries(counters).find(([name]) => name.endsWith(`${worker}.downstream_cx_total`))?.[1] ?? 0;
  return [count("worker_0"), count("worker_1")];
}

before(async () => {
  key = await clientKey();
  other = await clientKey();
  echo = await echoServer();
  port = await freePort();
  adminPort = await freePort();
  const config = dpopEdgeConfig();
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster("upstream", echo.port)],
  }), { adminPort, concurrency: 2 });
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
});

test("a DPoP-bound token with its proof passes; the upstream gets identity and no DPoP header", async () => {
  const token = await bound();
  const res = await send("GET", "/api/orders?page=2", {
    authorization: `DPoP ${token}`,
    dpop: await proof(key, { htm: "GET", htu: url("/api/orders"), token }),
  });
  assert.equal(res.status, 200, res.body);
  const seen = JSON.parse(res.body).headers;
  assert.equal(seen["x-tokenward-sub"], "alice");
  assert.equal(seen.dpop, undefined);
  assert.equal(seen.authorization, undefined);
});

test("a replayed proof is refused on both worker threads", async () => {
  const token = await bound();
  const headers = { authorization: `DPoP ${token}`, dpop: await proof(key, { htm: "GET", htu: url("/api/r"), token }) };
  const before = await connectionsPerWorker();
  assert.equal((await send("GET", "/api/r", headers)).status, 200);
  const first = await connectionsPerWorker();
  const firstWorker = first[0] > before[0] ? 0 : 1;
  const otherWorker = 1 - firstWorker;
  let replays = 0;
  // New connections until the other thread has taken one of the replays.
  for (let i = 0; i < 200; i++) {
    const res = await send("GET", "/api/r", headers);
    replays++;
    assert.equal(res.status, 401, res.body);
    assert.match(res.headers["www-authenticate"], /^DPoP .*error="invalid_dpop_proof".*error_description="dpop_replay"/);
    if ((await connectionsPerWorker())[otherWorker] > first[otherWorker]) break;
  }
  const last = await connectionsPerWorker();
  assert.ok(last[otherWorker] > first[otherWorker], `the other worker took none of ${replays} connections`);
});

test("each broken proof is refused with a DPoP challenge naming its code", async () => {
  const cases = refusalCases({ key, other, base: `http://127.0.0.1:${port}`, path: "/api/x", mintBound: bound });
  for (const c of cases) {
    const res = await send("GET", "/api/x", await c.headers());
    assert.equal(res.status, 401, `${c.name}: ${res.body}`);
    const challenge = res.headers["www-authenticate"];
    assert.match(challenge, /^DPoP /, c.name);
    assert.ok(challenge.includes(`error_description="${c.code}"`), `${c.name}: ${challenge}`);
    assert.ok(challenge.includes('algs="ES256 EdDSA"'), `${c.name}: ${challenge}`);
    assert.equal(JSON.parse(res.body).error_description, c.code, c.name);
  }
});

test("a missing nonce is asked for with DPoP-Nonce; the retry with it passes", async () => {
  const token = await bound();
  const htu = url("/nonced/a");
  const first = await send("GET", "/nonced/a", { authorization: `DPoP ${token}`, dpop: await proof(key, { htm: "GET", htu, token }) });
  assert.equal(first.status, 401, first.body);
  assert.match(first.headers["www-authenticate"], /error="use_dpop_nonce"/);
  const nonce = first.headers["dpop-nonce"];
  assert.ok(nonce, "DPoP-Nonce");
  const retry = await send("GET", "/nonced/a", {
    authorization: `DPoP ${token}`,
    dpop: await proof(key, { htm: "GET", htu, token, claims: { nonce } }),
  });
  assert.equal(retry.status, 200, retry.body);
  assert.equal(JSON.parse(retry.body).headers.dpop, undefined);
});
