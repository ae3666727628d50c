// Discovery from the issuer alone, through a real Envoy 1.40 with two
// worker threads: providers configured with `issuer` and `discovery`
// only. A real oidc-provider's tokens verify, its discovery document and
// key set are fetched once per proxy (a counter wraps its HTTP server);
// a moved `jwks_uri` is followed; a document naming another issuer is
// refused (no key is fetched from it); discovery down at start is 503.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy, stats } from "../../scripts/envoy/envoy-process.mjs";
import { AUDIENCE, claims, mint } from "../edge/cases.mjs";
import { API, startIssuers } from "../edge/discovery-servers.mjs";
import { echoServer } from "./servers.mjs";
import { bearer, now, send as sendTo, sleep, waitFor } from "./client.mjs";

const send = (port, path, token) => sendTo(port, path, bearer(token));

const DISCOVERY = "/.well-known/openid-configuration";

let echo, issuers, provider, moving, mismatch, down, envoy, port;
const tokenOf = (issuer, key) => mint(key, claims(now(), { iss: issuer.issuer }));

before(async () => {
  echo = await echoServer();
  issuers = await startIssuers({ maxAge: 2 });
  ({ provider, moving, mismatch, down } = issuers);
  port = await freePort();
  const adminPort = await freePort();
  const provider_ = (issuer, audience, discovery) => ({ issuer, audiences: [audience], discovery });
  const config = {
    providers: {
      op: provider_(provider.issuer, API, { cluster: "op" }),
      moving: provider_(moving.issuer, AUDIENCE, { cluster: "moving", cache_duration_seconds: 2 }),
      mismatch: provider_(mismatch.issuer, AUDIENCE, { cluster: "mismatch" }),
      down: provider_(down.issuer, AUDIENCE, { cluster: "down", timeout_ms: 500 }),
    },
    rules: ["op", "moving", "mismatch", "down"].map((name) => ({
      match: { prefix: `/${name}` },
      requires: { provider_name: name },
    })),
  };
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [
      cluster("upstream", echo.port),
      cluster("op", provider.port),
      cluster("moving", moving.port),
      cluster("mismatch", mismatch.port),
      cluster("down", down.port),
    ],
  }), { adminPort, concurrency: 2 });
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  await issuers?.close();
});

test("a provider configured with its issuer alone verifies the provider's tokens", async () => {
  const token = await provider.token();
  await waitFor("discovered keys", async () => (await send(port, "/op", token)).status === 200);
  // Many requests on both worker threads: no further fetch.
  for (let i = 0; i < 20; i++) assert.equal((await send(port, "/op", token)).status, 200);
  assert.equal(provider.counts[DISCOVERY], 1, JSON.stringify(provider.counts));
  assert.equal(provider.counts["/jwks"], 1, JSON.stringify(provider.counts));
});

test("the discovery document refreshes once per period per proxy, not per thread", async () => {
  await waitFor("first discovery", () => (moving.counts[DISCOVERY] ?? 0) > 0);
  const start = moving.counts[DISCOVERY];
  const began = Date.now();
  await sleep(6000);
  const periods = (Date.now() - began) / 2000;
  const fetched = moving.counts[DISCOVERY] - start;
  assert.ok(fetched >= 2 && fetched <= Math.ceil(periods) + 1, `${fetched} fetches in ${periods} periods`);
  assert.equal(moving.counts["/keys-a"], 1, "keys fetched once while the jwks_uri stays");
});

test("a moved jwks_uri is followed at the next discovery refresh", async () => {
  const a = tokenOf(moving, moving.keys.a);
  const b = tokenOf(moving, moving.keys.b);
  assert.equal((await send(port, "/moving", a)).status, 200);
  assert.equal((await send(port, "/moving", b)).status, 401, "key b is not published yet");
  moving.state.jwksPath = "/keys-b";
  await waitFor("keys from the moved jwks_uri", async () => (await send(port, "/moving", b)).status === 200, 10000);
  assert.equal(moving.counts["/keys-b"], 1, JSON.stringify(moving.counts));
});

test("a document naming another issuer is refused and no key is fetched from it", async () => {
  await waitFor("a refused discovery", () => (mismatch.counts[DISCOVERY] ?? 0) > 0);
  await sleep(300);
  const res = await send(port, "/mismatch", tokenOf(mismatch, mismatch.keys.a));
  assert.equal(res.status, 503, res.body);
  assert.equal(JSON.parse(res.body).error_description, "jwks_unavailable");
  assert.equal(mismatch.counts["/keys-a"], undefined, JSON.stringify(mismatch.counts));
  const counters = await stats(envoy.adminPort);
  assert.ok(counters["wasmcustom.tokenward.mismatch.discovery.jwks_fetch_failed"] > 0, JSON.stringify(counters));
});

test("discovery down at start answers 503 jwks_unavailable", async () => {
  const res = await send(port, "/down", tokenOf(down, down.keys.a));
  assert.equal(res.status, 503, res.body);
  assert.equal(JSON.parse(res.body).error_description, "jwks_unavailable");
  assert.equal(down.counts["/keys-a"], undefined);
});
