// Several issuers behind one provider in a real Envoy 1.40 (2 worker
// threads): two real OpenID providers with their own keys and a tenant
// template, each entry's key set fetched by its own machine from its own
// cluster. The cases (tests/edge/issuers-cases.mjs) are shared with workerd
// and the packed package. A second listener runs them with B's entry
// configured by `discovery` (its metadata document, then its `jwks_uri`).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy, stats } from "../../scripts/envoy/envoy-process.mjs";
import { issuerCases, issuersConfig, startProviders } from "../edge/issuers-cases.mjs";
import { echoServer } from "./servers.mjs";
import { send as sendTo, sleep } from "./client.mjs";

const send = (port, headers = {}) => sendTo(port, "/", headers);

let providers, echo, envoy, port, mixedPort, cases;
const bearer = (token) => ({ authorization: `Bearer ${token}` });

before(async () => {
  providers = await startProviders();
  echo = await echoServer();
  port = await freePort();
  const adminPort = await freePort();
  const source = (p, name) => ({ uri: p.jwksUri, cluster: name, timeout_ms: 1000, cache_duration_seconds: 60 });
  const config = issuersConfig(providers, source);
  // The same entries under provider `mixed`, B's keys found from its issuer;
  // clusters of its own, so no fetch is shared with the first listener's.
  mixedPort = await freePort();
  const mixed = issuersConfig(providers, (p, name) => source(p, `mixed_${name}`));
  mixed.providers.mixed = mixed.providers.idp;
  delete mixed.providers.idp;
  mixed.providers.mixed.issuers[1] = {
    issuer: providers.b.issuer,
    discovery: { cluster: "mixed_idp_b", timeout_ms: 1000, cache_duration_seconds: 60, jwks_cache_duration_seconds: 60 },
  };
  mixed.rules = [{ match: { prefix: "/" }, requires: { provider_name: "mixed" } }];
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [
      listener("tokenward", port, [tokenwardFilter(WASM, config)]),
      listener("mixed", mixedPort, [tokenwardFilter(WASM, mixed)]),
    ],
    clusters: [
      cluster("upstream", echo.port),
      cluster("idp_a", providers.a.port),
      cluster("idp_b", providers.b.port),
      cluster("idp_tenant", providers.tenant.port),
      cluster("mixed_idp_a", providers.a.port),
      cluster("mixed_idp_b", providers.b.port),
      cluster("mixed_idp_tenant", providers.tenant.port),
    ],
  }), { adminPort, concurrency: 2 });
  cases = await issuerCases(providers);
  // Every entry's keys fetched (each by its own machine).
  const passing = cases.filter((c) => c.status === 200);
  const end = Date.now() + 15000;
  for (;;) {
    const answers = await Promise.all(
      [port, mixedPort].flatMap((p) => passing.map((c) => send(p, bearer(c.token)))),
    );
    if (answers.every((r) => r.status === 200)) break;
    if (Date.now() > end) throw new Error(`keys never arrived: ${answers.map((r) => r.body).join(" ")}`);
    await sleep(100);
  }
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  await providers?.close();
});

describe("several issuers behind one provider", () => {
  test("each case gets its verdict, on both worker threads", async () => {
    for (const c of cases) {
      // Fresh connections: Envoy spreads them over its worker threads.
      for (let i = 0; i < 4; i++) {
        const res = await send(port, bearer(c.token));
        assert.equal(res.status, c.status, `${c.name}: ${res.body}`);
        if (c.status === 200) {
          assert.equal(JSON.parse(res.body).headers["x-tokenward-sub"], c.sub, c.name);
        } else {
          assert.equal(JSON.parse(res.body).error_description, c.code, c.name);
        }
      }
    }
  });

  test("one fetch per entry, counted under the provider", async () => {
    const s = await stats(envoy.adminPort);
    // Three entries, each fetched at least once; never more than a
    // handful in this short run (one fetching thread per source).
    const fetched = s["wasmcustom.tokenward.idp.jwks_fetch_success"] ?? 0;
    assert.ok(fetched >= 3 && fetched <= 6, `jwks_fetch_success ${fetched}`);
    assert.equal(s["wasmcustom.tokenward.idp.jwks_fetch_failed"] ?? 0, 0);
  });
});

describe("several issuers, one of them discovered", () => {
  test("each case gets its verdict, on both worker threads", async () => {
    for (const c of cases) {
      for (let i = 0; i < 4; i++) {
        const res = await send(mixedPort, bearer(c.token));
        assert.equal(res.status, c.status, `${c.name}: ${res.body}`);
        if (c.status === 200) {
          assert.equal(JSON.parse(res.body).headers["x-tokenward-sub"], c.sub, c.name);
        } else {
          assert.equal(JSON.parse(res.body).error_description, c.code, c.name);
        }
      }
    }
  });

  test("B's metadata document and key set fetched, the others' key sets as before", async () => {
    const s = await stats(envoy.adminPort);
    const documents = s["wasmcustom.tokenward.mixed.discovery.jwks_fetch_success"] ?? 0;
    assert.ok(documents >= 1 && documents <= 2, `discovery fetches ${documents}`);
    assert.equal(s["wasmcustom.tokenward.mixed.discovery.jwks_fetch_failed"] ?? 0, 0);
    // A, B (at its jwks_uri) and the template's keys.
    const fetched = s["wasmcustom.tokenward.mixed.jwks_fetch_success"] ?? 0;
    assert.ok(fetched >= 3 && fetched <= 6, `jwks_fetch_success ${fetched}`);
    assert.equal(s["wasmcustom.tokenward.mixed.jwks_fetch_failed"] ?? 0, 0);
  });
});
