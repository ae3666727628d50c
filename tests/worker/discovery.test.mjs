// Discovery from the issuer alone in real workerd (the example worker over
// the packed tokenward/edge): providers configured with `issuer` and
// `discovery` only, the same configuration as the Envoy suite
// (tests/envoy/discovery.test.mjs). A real oidc-provider's tokens verify
// with its discovery document and key set fetched once (a counter wraps
// its HTTP server); a moved `jwks_uri` is followed; a document naming
// another issuer is refused and no key is fetched from it; discovery down
// at start answers 503 jwks_unavailable.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { AUDIENCE, claims, mint } from "../edge/cases.mjs";
import { API, startIssuers } from "../edge/discovery-servers.mjs";
import { close, echoServer } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";
import { eventually, nowSeconds as now } from "./client.mjs";

const DISCOVERY = "/.well-known/openid-configuration";
const tokenOf = (issuer, key) => mint(key, claims(now(), { iss: issuer.issuer }));

let origin, issuers, provider, moving, mismatch, down, worker;

async function send(path, token) {
  const res = await fetch(`${worker.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.text() };
}

before(async () => {
  origin = await echoServer();
  issuers = await startIssuers({ maxAge: 2 });
  ({ provider, moving, mismatch, down } = issuers);
  const entry = (issuer, audience, discovery) => ({ issuer, audiences: [audience], discovery });
  const config = {
    providers: {
      op: entry(provider.issuer, API, {}),
      moving: entry(moving.issuer, AUDIENCE, { cache_duration_seconds: 2 }),
      mismatch: entry(mismatch.issuer, AUDIENCE, "oidc"),
      down: entry(down.issuer, AUDIENCE, { timeout_ms: 500 }),
    },
    rules: ["op", "moving", "mismatch", "down"].map((name) => ({
      match: { prefix: `/${name}` },
      requires: { provider_name: name },
    })),
  };
  worker = await startWorkerd({ config, origin: `http://127.0.0.1:${origin.port}` });
});

after(async () => {
  await worker?.stop();
  await close(origin.server);
  await issuers?.close();
});

test("a provider configured with its issuer alone verifies the provider's tokens", async () => {
  const token = await provider.token();
  const first = await send("/op", token);
  assert.equal(first.status, 200, first.body);
  for (let i = 0; i < 20; i++) assert.equal((await send("/op", token)).status, 200);
  assert.equal(provider.counts[DISCOVERY], 1, JSON.stringify(provider.counts));
  assert.equal(provider.counts["/jwks"], 1, JSON.stringify(provider.counts));
});

test("a moved jwks_uri is followed at the next discovery refresh", async () => {
  const a = tokenOf(moving, moving.keys.a);
  const b = tokenOf(moving, moving.keys.b);
  assert.equal((await send("/moving", a)).status, 200);
  assert.equal((await send("/moving", b)).status, 401, "key b is not published yet");
  moving.state.jwksPath = "/keys-b";
  // The worker refreshes on requests: keep sending until the move is seen.
  const followed = await eventually(10000, async () => (await send("/moving", b)).status === 200);
  assert.ok(followed, JSON.stringify(moving.counts));
  assert.equal(moving.counts["/keys-b"], 1, JSON.stringify(moving.counts));
  const fetched = moving.counts[DISCOVERY];
  assert.ok(fetched >= 2, `${fetched} discovery fetches`);
});

test("a document naming another issuer is refused and no key is fetched from it", async () => {
  const res = await send("/mismatch", tokenOf(mismatch, mismatch.keys.a));
  assert.equal(res.status, 503, res.body);
  assert.equal(JSON.parse(res.body).error_description, "jwks_unavailable");
  assert.ok(mismatch.counts[DISCOVERY] >= 1);
  assert.equal(mismatch.counts["/keys-a"], undefined, JSON.stringify(mismatch.counts));
  assert.match(worker.log(), /discovery:mismatch fetch failed: .*issuer/);
});

test("discovery down at start answers 503 jwks_unavailable", async () => {
  const res = await send("/down", tokenOf(down, down.keys.a));
  assert.equal(res.status, 503, res.body);
  assert.equal(JSON.parse(res.body).error_description, "jwks_unavailable");
  assert.equal(down.counts["/keys-a"], undefined);
});
