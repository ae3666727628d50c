// Several issuers from the packed package in Node: tokenward/edge's
// createGateway with one provider listing two real OpenID providers (own
// keys) and a tenant template (tests/edge/issuers-cases.mjs, the cases the
// Envoy filter and workerd run), and the Verifier's issuer template
// (`issuer` with {tenantid} and `tenants`) on the same real tokens.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { API, TENANT, issuerCases, issuersConfig, startProviders } from "../edge/issuers-cases.mjs";

const pkg = (entry) => import(new URL(`../../pkg/${entry}`, import.meta.url).href);

describe("several issuers (the packed package in Node)", () => {
  let providers, cases;
  before(async () => {
    providers = await startProviders();
    cases = await issuerCases(providers);
  });
  after(() => providers?.close());

  for (const signatures of ["host", "wasm"]) {
    test(`createGateway: each case gets its verdict (${signatures})`, async () => {
      const { createGateway } = await pkg("edge-node.js");
      const source = (p) => ({ uri: p.jwksUri, timeout_ms: 1000 });
      const gateway = createGateway(issuersConfig(providers, source), { signatures });
      for (const c of cases) {
        const verdict = await gateway.handle(new Request("http://edge.example/", {
          headers: { authorization: `Bearer ${c.token}` },
        }));
        if (c.status === 200) {
          assert.equal(verdict.action, "forward", c.name);
          assert.equal(verdict.identity.subject, c.sub, c.name);
        } else {
          assert.equal(verdict.action, "respond", c.name);
          assert.equal(verdict.response.status, c.status, c.name);
          assert.equal((await verdict.response.json()).error_description, c.code, c.name);
        }
      }
    });
  }

  test("createGateway refuses an ambiguous or incomplete entry by its path", async () => {
    const { createGateway } = await pkg("edge-node.js");
    const entry = { issuer: providers.template, local_jwks: { keys: [] } };
    const config = (issuers) => ({ providers: { idp: { issuers } } });
    assert.throws(() => createGateway(config([entry])), /providers\.idp\.issuers\[0\]\.issuer.*tenants/);
    const twice = { issuer: providers.a.issuer, local_jwks: { keys: [] } };
    assert.throws(() => createGateway(config([twice, twice])), /providers\.idp\.issuers\[1\]\.issuer/);
  });

  for (const call of ["verify", "verifyAsync"]) {
    test(`Verifier with issuers: each case gets the edge's verdict (${call})`, async () => {
      const { RemoteKeySet, Verifier } = await pkg("node.js");
      // verify() takes inline keys: fetched here once, as a user would.
      const keys = async (p) => (call === "verify" ? (await fetch(p.jwksUri)).json() : new RemoteKeySet(p.jwksUri));
      const verifier = new Verifier({
        audience: API,
        algorithms: ["ES256"],
        issuers: [
          { issuer: providers.a.issuer, jwks: await keys(providers.a) },
          { issuer: providers.b.issuer, jwks: await keys(providers.b) },
          { issuer: providers.template, tenants: [TENANT], jwks: await keys(providers.tenant) },
        ],
      });
      for (const c of cases) {
        const run = async () => verifier[call](c.token);
        if (c.status === 200) {
          assert.equal((await run()).claims.client_id, c.sub, c.name);
        } else {
          await assert.rejects(run, (e) => e.code === c.code, c.name);
        }
      }
    });
  }

  test("Verifier with issuers refuses what is ambiguous or misplaced, by name", async () => {
    const { Verifier } = await pkg("node.js");
    const jwks = { keys: [] };
    const refused = (options, pattern) =>
      assert.throws(() => new Verifier(options), (e) => e.code === "invalid_options" && pattern.test(e.message), String(pattern));
    refused({ issuers: [{ issuer: providers.a.issuer, jwks }, { issuer: providers.a.issuer, jwks }] }, /issuers\[1\]\.issuer/);
    refused({ issuers: [{ issuer: providers.template, jwks }] }, /issuers\[0\].*tenants/);
    refused({ issuer: providers.a.issuer, issuers: [{ issuer: providers.b.issuer, jwks }] }, /issuer cannot stand beside issuers/);
    refused({ jwks, issuers: [{ issuer: providers.b.issuer, jwks }] }, /jwks cannot stand beside issuers/);
    refused({ issuers: [] }, /issuers must be a non-empty array/);
    refused({ issuers: [{ issuer: providers.b.issuer, jwks, audience: API }] }, /audience/);
  });

  test("Verifier: an issuer template takes the token's own allowed tenant", async () => {
    const { RemoteKeySet, Verifier } = await pkg("node.js");
    const jwks = new RemoteKeySet(providers.tenant.jwksUri, { allowInsecureHttp: true });
    const verifier = new Verifier({
      issuer: providers.template, tenants: [TENANT], audience: API, algorithms: ["ES256"], jwks,
    });
    const byName = Object.fromEntries(cases.map((c) => [c.name, c]));
    const ok = await verifier.verifyAsync(byName["an allowed tenant's token passes"].token);
    assert.equal(ok.claims.tid, TENANT);
    for (const name of ["a tenant outside the allowlist is refused", "a tid that is not the iss's tenant is refused"]) {
      await assert.rejects(verifier.verifyAsync(byName[name].token), (e) => e.code === byName[name].code, name);
    }
    assert.throws(() => new Verifier({ issuer: providers.template, audience: API, jwks }), (e) => e.code === "invalid_options" && /tenants/.test(e.message));
    assert.throws(() => new Verifier({ issuer: providers.a.issuer, tenants: "any", audience: API, jwks }), (e) => e.code === "invalid_options" && /tenants/.test(e.message));
  });
});
