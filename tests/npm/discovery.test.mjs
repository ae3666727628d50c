// RemoteKeySet.discover on the built package in Node, against a real
// OpenID provider (oidc-provider, a counter wrapping its HTTP server) and
// an issuer whose discovery document changes: tokens verify from the
// issuer alone with the document and the key set fetched once; the
// endpoints the document names are exposed; a moved jwks_uri is followed;
// a document naming another issuer is refused (`jwks_unavailable` whose
// cause is `discovery_issuer_mismatch`) and no key is fetched from it;
// discovery down answers `jwks_unavailable` with the fetch's failure.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUDIENCE, claims, mint } from '../edge/cases.mjs';
import { API, startIssuers } from '../edge/discovery-servers.mjs';

const target = process.env.TOKENWARD_PACKAGE ?? new URL('../../pkg/node.js', import.meta.url).href;
const { OptionsError, RemoteKeySet, TokenError, Verifier } = await import(target);

const DISCOVERY = '/.well-known/openid-configuration';
const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tokenOf = (issuer, key) => mint(key, claims(now(), { iss: issuer.issuer }));
const verifierOf = (issuer, audience, options) =>
  new Verifier({ jwks: RemoteKeySet.discover(issuer, options), issuer, audience });

let issuers, provider, moving, mismatch, down;

before(async () => {
  issuers = await startIssuers({ maxAge: 1 });
  ({ provider, moving, mismatch, down } = issuers);
});

after(() => issuers?.close());

test("the provider's tokens verify from its issuer alone", async () => {
  const jwks = RemoteKeySet.discover(provider.issuer);
  const verifier = new Verifier({ jwks, issuer: provider.issuer, audience: API });
  assert.equal(jwks.url, null, 'no key set URL before discovery');
  assert.equal(jwks.issuer, provider.issuer);
  for (let i = 0; i < 10; i++) {
    const { claims: verified } = await verifier.verifyAsync(await provider.token());
    assert.equal(verified.iss, provider.issuer);
  }
  assert.equal(provider.counts[DISCOVERY], 1, JSON.stringify(provider.counts));
  assert.equal(provider.counts['/jwks'], 1, JSON.stringify(provider.counts));
  assert.equal(jwks.url, `${provider.issuer}/jwks`);
  assert.deepEqual(jwks.endpoints, {
    jwksUri: `${provider.issuer}/jwks`,
    introspectionEndpoint: `${provider.issuer}/token/introspection`,
    revocationEndpoint: `${provider.issuer}/token/revocation`,
  });
});

test('a moved jwks_uri is followed at the next discovery refresh', async () => {
  const verifier = verifierOf(moving.issuer, AUDIENCE, { discoveryMaxAge: 1000 });
  await verifier.verifyAsync(tokenOf(moving, moving.keys.a));
  await assert.rejects(verifier.verifyAsync(tokenOf(moving, moving.keys.b)), { code: 'unknown_kid' });
  moving.state.jwksPath = '/keys-b';
  const deadline = Date.now() + 8000;
  for (;;) {
    try {
      await verifier.verifyAsync(tokenOf(moving, moving.keys.b));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
  assert.equal(moving.counts['/keys-b'], 1, JSON.stringify(moving.counts));
});

test('a document naming another issuer is refused and no key is fetched from it', async () => {
  const verifier = verifierOf(mismatch.issuer, AUDIENCE);
  const error = await verifier.verifyAsync(tokenOf(mismatch, mismatch.keys.a)).then(() => null, (e) => e);
  assert.ok(error instanceof TokenError, String(error));
  assert.equal(error.code, 'jwks_unavailable');
  assert.match(error.message, /discovery/);
  assert.equal(error.cause.reason, 'invalid_document');
  assert.equal(error.cause.cause.code, 'discovery_issuer_mismatch');
  assert.equal(mismatch.counts['/keys-a'], undefined, JSON.stringify(mismatch.counts));
});

test('discovery down: jwks_unavailable with the fetch failure as cause', async () => {
  const verifier = verifierOf(down.issuer, AUDIENCE);
  const error = await verifier.verifyAsync(tokenOf(down, down.keys.a)).then(() => null, (e) => e);
  assert.equal(error?.code, 'jwks_unavailable', String(error));
  assert.equal(error.cause.reason, 'http_status');
  assert.equal(error.cause.status, 503);
});

test('options are applied or refused by name', () => {
  assert.throws(() => RemoteKeySet.discover('https://issuer.example', { discovery: 'saml' }), (e) => e instanceof OptionsError && /discovery/.test(e.message));
  assert.throws(() => RemoteKeySet.discover('http://issuer.example'), (e) => e instanceof OptionsError && /allowInsecureHttp/.test(e.message));
  assert.throws(() => RemoteKeySet.discover(''), OptionsError);
  const oauth = RemoteKeySet.discover('https://issuer.example/tenant', { discovery: 'oauth' });
  assert.equal(oauth.issuer, 'https://issuer.example/tenant');
});
