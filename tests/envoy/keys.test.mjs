// Keys and transport through a real Envoy 1.40 with the tokenward filter:
// `cnf` tokens refused unless the provider opts out, a JWKS endpoint that
// starts leaking a private key (the last good keys keep serving, the fetch
// counts as failed), and configurations refused at on_configure (plain
// http:// elsewhere than loopback without allow_insecure_http, user
// information in a uri, an inline key set with a private key).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy, stats } from "../../scripts/envoy/envoy-process.mjs";
import { claims, jwks, makeKey, mint } from "../edge/cases.mjs";
import { REMOTE_HOST, bindingCases, keysConfig, leakedJwks, loopbackSource, refusedConfigs } from "../edge/keys-cases.mjs";
import { documentServer, echoServer } from "./servers.mjs";
import { now, send, waitFor } from "./client.mjs";

const key = makeKey("ES256", "es1");
let echo, docs, envoy, port;
const bearer = (token) => ({ authorization: `Bearer ${token}` });
const counter = async (provider, name) => (await stats(envoy.adminPort))[`wasmcustom.tokenward.${provider}.${name}`] ?? 0;

before(async () => {
  echo = await echoServer();
  docs = await documentServer({ jwks: jwks(key), revocations: {} });
  port = await freePort();
  const adminPort = await freePort();
  // `strict` names a host that is not loopback over plain http, with the
  // opt-in: Envoy sends the fetch to the `jwks` cluster (loopback) anyway.
  const config = keysConfig({
    strictSource: { ...loopbackSource(docs.port), uri: `http://${REMOTE_HOST}/jwks.json`, allow_insecure_http: true },
    lenientSource: loopbackSource(docs.port),
  });
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster("upstream", echo.port), cluster("jwks", docs.port)],
  }), { adminPort, concurrency: 2 });
  const token = mint(key, claims(now()));
  await waitFor("first keys", async () =>
    (await send(port, "/", bearer(token))).status === 200 && (await send(port, "/lenient", bearer(token))).status === 200);
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  docs?.server.closeAllConnections?.();
  docs?.server.close();
});

describe("sender-constrained tokens", () => {
  for (const c of bindingCases(key, now())) {
    test(c.name, async () => {
      const res = await send(port, c.path, c.headers);
      assert.equal(res.status, c.status, res.body);
      if (c.status !== 200) {
        assert.equal(res.headers["www-authenticate"], c.challenge);
        assert.equal(JSON.parse(res.body).error_description, c.code);
      }
    });
  }

  test("refusals are counted as denied.binding_not_verified", async () => {
    assert.ok((await counter("strict", "denied.binding_not_verified")) > 0);
    assert.equal(await counter("lenient", "denied.binding_not_verified"), 0);
  });
});

test("a JWKS that starts leaking a private key: the fetch fails, the last good keys serve", async () => {
  const failed = await counter("lenient", "jwks_fetch_failed");
  const leakedKey = makeKey("ES256", "leaked");
  docs.state.jwks = leakedJwks(key, leakedKey);
  try {
    await waitFor("a failed fetch of the leaking set", async () => (await counter("lenient", "jwks_fetch_failed")) > failed);
    const res = await send(port, "/lenient", bearer(mint(key, claims(now()))));
    assert.equal(res.status, 200, res.body);
    // The leaked key was never loaded: a token anyone can now sign fails.
    const forged = await send(port, "/lenient", bearer(mint(leakedKey, claims(now()))));
    assert.equal(forged.status, 401, forged.body);
    assert.equal(JSON.parse(forged.body).error_description, "unknown_kid");
  } finally {
    docs.state.jwks = jwks(key);
  }
});

describe("configurations refused at on_configure", () => {
  for (const c of refusedConfigs(key, makeKey("ES256", "leaked"))) {
    test(c.name, async () => {
      const adminPort = await freePort();
      await assert.rejects(
        startEnvoy(bootstrap({
          adminPort,
          listeners: [listener("bad", await freePort(), [tokenwardFilter(WASM, c.config)])],
          clusters: [cluster("upstream", echo.port), cluster("jwks", docs.port)],
        }), { adminPort, concurrency: 1 }),
        (error) => {
          assert.match(error.output ?? "", /tokenward: invalid plugin configuration: /);
          assert.match(error.output ?? "", c.log);
          return true;
        },
      );
    });
  }
});
