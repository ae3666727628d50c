// Certificate-bound access tokens (RFC 8705) through a real Envoy 1.40 with
// two worker threads and downstream mutual TLS: oidc-provider issues
// tokens bound to the client certificate a client authenticated with
// (`tls_client_auth`), Envoy requires and validates client certificates
// from the test CA, and the filter compares the token's `cnf["x5t#S256"]`
// with `connection.sha256_peer_certificate_digest`. The CA and the
// certificates are made by openssl at test time.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { makePki } from "./mtls-certificates.mjs";
import { API, call, startMtlsProvider } from "./mtls-provider.mjs";
import { echoServer } from "./servers.mjs";

let pki, op, echo, envoy, port;
let aliceToken, bearerToken;

/** Envoy's listener: TLS, a client certificate required and validated against the CA. */
function downstreamMtls(listenerConfig) {
  listenerConfig.filter_chains[0].transport_socket = {
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
      require_client_certificate: true,
      common_tls_context: {
        tls_certificates: [{ certificate_chain: { filename: pki.server.certFile }, private_key: { filename: pki.server.keyFile } }],
        validation_context: { trusted_ca: { filename: pki.caFile } },
      },
    },
  };
  return listenerConfig;
}

const through = (client, path, headers) => call(port, pki, client, "GET", path, headers, null);
const code = (res) => /error_description="([^"]+)"/.exec(res.headers["www-authenticate"] ?? "")?.[1];

before(async () => {
  pki = makePki(["alice", "bob", "carol"]);
  op = await startMtlsProvider(pki, [
    { id: "alice-client", cn: "alice", bound: true },
    { id: "carol-client", cn: "carol", bound: false },
  ]);
  aliceToken = await op.token("alice-client", pki.clients.alice);
  bearerToken = await op.token("carol-client", pki.clients.carol);
  echo = await echoServer();
  port = await freePort();
  const adminPort = await freePort();
  const provider = {
    issuer: op.issuer,
    audiences: [API],
    local_jwks: { inline_string: await op.jwks() },
    claim_to_headers: [{ header_name: "x-client", claim_name: "client_id" }],
  };
  const config = {
    providers: {
      bound: { ...provider, certificate_bound_tokens: {} },
      plain: provider,
    },
    rules: [
      { match: { prefix: "/plain/" }, requires: { provider_name: "plain" } },
      { match: { prefix: "/" }, requires: { provider_name: "bound" } },
    ],
  };
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [downstreamMtls(listener("tokenward", port, [tokenwardFilter(WASM, config)]))],
    clusters: [cluster("upstream", echo.port)],
  }), { adminPort, concurrency: 2 });
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  await op?.close();
  pki?.remove();
});

test("the provider binds the token to the certificate the client authenticated with", () => {
  const claims = JSON.parse(Buffer.from(aliceToken.split(".")[1], "base64url"));
  assert.equal(claims.cnf["x5t#S256"], pki.clients.alice.x5t);
  const unbound = JSON.parse(Buffer.from(bearerToken.split(".")[1], "base64url"));
  assert.equal(unbound.cnf, undefined);
});

test("the certificate the token is bound to passes; identity headers reach the upstream", async () => {
  // Several connections, so both worker threads answer.
  for (let i = 0; i < 4; i++) {
    const res = await through(pki.clients.alice, "/api/orders", { authorization: `Bearer ${aliceToken}` });
    assert.equal(res.status, 200, res.body);
    const upstream = JSON.parse(res.body).headers;
    assert.equal(upstream["x-tokenward-sub"], "alice-client");
    assert.equal(upstream["x-tokenward-provider"], "bound");
    assert.equal(upstream["x-client"], "alice-client");
    assert.equal(upstream.authorization, undefined);
  }
});

test("another valid certificate from the same CA is certificate_mismatch", async () => {
  for (let i = 0; i < 4; i++) {
    const res = await through(pki.clients.bob, "/api/orders", { authorization: `Bearer ${aliceToken}` });
    assert.equal(res.status, 401, res.body);
    assert.equal(code(res), "certificate_mismatch");
  }
});

test("an X-Forwarded-Client-Cert header does not stand for the connection's certificate", async () => {
  const forged = `Hash=${pki.clients.alice.sha256Hex};Subject="CN=alice"`;
  const res = await through(pki.clients.bob, "/api/orders", {
    authorization: `Bearer ${aliceToken}`,
    "x-forwarded-client-cert": forged,
  });
  assert.equal(res.status, 401, res.body);
  assert.equal(code(res), "certificate_mismatch");
});

test("an unbound (bearer) token still passes over any client certificate", async () => {
  for (const client of [pki.clients.bob, pki.clients.alice]) {
    const res = await through(client, "/api/orders", { authorization: `Bearer ${bearerToken}` });
    assert.equal(res.status, 200, res.body);
    assert.equal(JSON.parse(res.body).headers["x-tokenward-sub"], "carol-client");
  }
});

test("a bound token at a provider without certificate_bound_tokens is binding_not_verified", async () => {
  const res = await through(pki.clients.alice, "/plain/orders", { authorization: `Bearer ${aliceToken}` });
  assert.equal(res.status, 401, res.body);
  assert.equal(code(res), "binding_not_verified");
  const bearer = await through(pki.clients.alice, "/plain/orders", { authorization: `Bearer ${bearerToken}` });
  assert.equal(bearer.status, 200, bearer.body);
});

test("Envoy refuses the handshake without a client certificate", async () => {
  await assert.rejects(through(null, "/api/orders", { authorization: `Bearer ${aliceToken}` }));
});
