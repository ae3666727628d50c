// TokenSession with `dpop: true` in Node, against the packed package: the
// proofs it signs (WebCrypto, in-memory key: Node has no IndexedDB) on the
// refresh and on session.fetch are checked by the package's own Verifier
// with `dpop` (a resource server) or by their claims (a token endpoint);
// nonce challenges are answered with one retry; a token that is not
// DPoP-bound is refused with a stable code; options that contradict
// `dpop` are refused. The browser (IndexedDB key shared by tabs, the real
// provider and edges) is tests/session/dpop-browser.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { TokenSession, SessionError, Verifier } from '../../pkg/node.js';

const ISSUER = 'https://login.example.com';
const TOKEN_ENDPOINT = `${ISSUER}/token`;
const API = 'https://api.example.com/orders';
const NONCE_SECRET = 'a nonce secret of at least 32 bytes, for tests';

const issuer = await generateKeyPair('ES256', { extractable: true });
const jwks = { keys: [{ ...(await exportJWK(issuer.publicKey)), kid: 'issuer', alg: 'ES256', use: 'sig' }] };
let names = 0;

function accessToken(jkt) {
  return new SignJWT({ sub: 'alice', client_id: 'spa', ...(jkt ? { cnf: { jkt } } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'issuer' })
    .setIssuer(ISSUER)
    .setAudience(API)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomUUID())
    .sign(issuer.privateKey);
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * A token endpoint that wants a nonce first (400 use_dpop_nonce), binds
 * tokens to the proof's key, and answers `tokenType`.
 */
function tokenEndpoint({ tokenType = 'DPoP', bind = true } = {}) {
  const seen = [];
  let n = 0;
  const handle = async (request) => {
    const proof = request.headers.get('dpop');
    seen.push(proof === null ? null : { header: decodeProtectedHeader(proof), claims: decodeJwt(proof) });
    if (proof === null || decodeJwt(proof).nonce !== 'op-nonce-1') {
      return json(400, { error: 'use_dpop_nonce', error_description: 'nonce required' }, { 'dpop-nonce': 'op-nonce-1' });
    }
    n += 1;
    const jkt = bind ? await calculateJwkThumbprint(decodeProtectedHeader(proof).jwk) : undefined;
    return json(200, { access_token: await accessToken(jkt), refresh_token: `rt-${n}`, token_type: tokenType, expires_in: 300 });
  };
  return { handle, seen };
}

/** A resource server verifying with the package's Verifier and `dpop` (nonces required). */
function resourceServer() {
  const verifier = new Verifier({
    jwks,
    issuer: ISSUER,
    audience: API,
    profile: 'at+jwt',
    dpop: { requireNonce: true, nonceSecret: NONCE_SECRET },
  });
  const outcomes = [];
  const handle = async (request) => {
    const [scheme, token] = (request.headers.get('authorization') ?? '').split(' ');
    try {
      const { claims } = await verifier.verifyAsync(token, {
        dpop: { proof: request.headers.get('dpop') ?? undefined, method: request.method, url: request.url },
      });
      outcomes.push({ scheme, ok: true });
      return json(200, { sub: claims.sub });
    } catch (error) {
      outcomes.push({ scheme, code: error.code });
      // `dpopChallenge` is the error of the `WWW-Authenticate: DPoP` challenge.
      const challenge = error.dpopChallenge ? `DPoP error="${error.dpopChallenge}"` : 'Bearer error="invalid_token"';
      const headers = { 'www-authenticate': challenge };
      if (error.dpopNonce) headers['dpop-nonce'] = error.dpopNonce;
      return json(401, { code: error.code }, headers);
    }
  };
  return { handle, outcomes };
}

function session({ op = tokenEndpoint(), rs = resourceServer(), ...options } = {}) {
  const fetch = (input, init) => {
    const request = new Request(input, init);
    return request.url.startsWith(TOKEN_ENDPOINT) ? op.handle(request) : rs.handle(request);
  };
  const s = new TokenSession({ name: `dpop-${names++}`, tokenEndpoint: TOKEN_ENDPOINT, clientId: 'spa', dpop: true, fetch, ...options });
  return { s, op, rs };
}

/** Signed in with a refresh token only: the first getAccessToken() refreshes at once. */
async function signedIn(s) {
  s.useTokenResponse({ access_token: 'expired', token_type: 'DPoP', refresh_token: 'rt-0', expires_in: 0 });
  await s.getAccessToken();
}

test('dpop: the refresh carries a proof, answers the nonce challenge once, and the token is bound to the session key', async () => {
  const { s, op } = session();
  await signedIn(s);
  const { jwk, thumbprint } = await s.dpopKey();
  assert.equal(thumbprint, await calculateJwkThumbprint(jwk));
  assert.deepEqual(Object.keys(jwk).sort(), ['crv', 'kty', 'x', 'y']);
  assert.equal(op.seen.length, 2, 'one proof, then one retry with the nonce');
  const [first, retry] = op.seen;
  assert.equal(first.claims.nonce, undefined);
  assert.equal(retry.claims.nonce, 'op-nonce-1');
  for (const { header, claims } of op.seen) {
    assert.equal(header.typ, 'dpop+jwt');
    assert.equal(header.alg, 'ES256');
    assert.deepEqual(header.jwk, jwk);
    assert.equal(claims.htm, 'POST');
    assert.equal(claims.htu, TOKEN_ENDPOINT);
    assert.equal(claims.ath, undefined, 'no ath at the token endpoint');
  }
  assert.notEqual(first.claims.jti, retry.claims.jti);
  assert.equal(decodeJwt(s.accessToken).cnf.jkt, thumbprint);
  s.close();
});

test('dpop: session.fetch sends DPoP with ath, answers use_dpop_nonce with one retry, then reuses the nonce', async () => {
  const { s, rs } = session();
  await signedIn(s);
  const proofs = [];
  s.addEventListener('dpopproof', ({ detail }) => proofs.push(detail));
  const response = await s.fetch(`${API}?page=2`, { headers: { accept: 'application/json' } });
  assert.equal(response.status, 200, JSON.stringify(rs.outcomes));
  assert.deepEqual(await response.json(), { sub: 'alice' });
  assert.deepEqual(rs.outcomes, [{ scheme: 'DPoP', code: 'use_dpop_nonce' }, { scheme: 'DPoP', ok: true }]);
  assert.equal(proofs.length, 1);
  assert.equal(proofs[0].proofs.length, 2);
  const { claims } = proofs[0].proofs[1];
  assert.equal(claims.htu, API, 'htu without the query');
  assert.equal(claims.htm, 'GET');
  assert.ok(claims.nonce);
  assert.ok(claims.ath);
  // The nonce is remembered for the origin: the next call needs no retry.
  const again = await s.fetch(API, { method: 'POST', body: 'x' });
  assert.equal(again.status, 200);
  assert.equal(rs.outcomes.length, 3);
  s.close();
});

test('dpop: the bound token sent as Bearer is refused dpop_proof_required', async () => {
  const { s, rs } = session();
  await signedIn(s);
  const answer = await rs.handle(new Request(API, { headers: { authorization: `Bearer ${s.accessToken}` } }));
  assert.equal(answer.status, 401);
  assert.equal((await answer.json()).code, 'dpop_proof_required');
  s.close();
});

test('dpop: a token response that is not token_type DPoP is refused (token_not_dpop_bound)', async () => {
  const { s } = session();
  assert.throws(
    () => s.useTokenResponse({ access_token: 'a', token_type: 'Bearer', refresh_token: 'r', expires_in: 60 }),
    (error) => error instanceof SessionError && error.code === 'token_not_dpop_bound',
  );
  s.close();
  const bearer = session({ op: tokenEndpoint({ tokenType: 'Bearer', bind: false }) });
  const failed = new Promise((resolve) => bearer.s.addEventListener('refreshfailed', ({ detail }) => resolve(detail)));
  bearer.s.useTokenResponse({ access_token: 'x', token_type: 'DPoP', refresh_token: 'rt-0', expires_in: 0 });
  const detail = await failed;
  assert.equal(detail.error, 'token_not_dpop_bound');
  assert.equal(bearer.s.accessToken, null);
  bearer.s.close();
});

test('without dpop, session.fetch sends Bearer and no proof', async () => {
  let seen;
  const s = new TokenSession({
    name: `bearer-${names++}`,
    refresh: async () => ({ response: { access_token: 'at-1', token_type: 'Bearer', expires_in: 60 } }),
    fetch: async (input, init) => {
      seen = new Request(input, init);
      return json(200, {});
    },
  });
  s.useTokenResponse({ access_token: 'at-1', token_type: 'Bearer', expires_in: 60 });
  assert.equal((await s.fetch(API)).status, 200);
  assert.equal(seen.headers.get('authorization'), 'Bearer at-1');
  assert.equal(seen.headers.get('dpop'), null);
  assert.equal(await s.dpopKey(), null);
  s.close();
});

test('dpop options: refused when they contradict, named; the storage decision says the bound refresh token may persist', () => {
  const base = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'spa' };
  assert.throws(() => new TokenSession({ ...base, dpop: 'yes' }), { code: 'invalid_options', message: /dpop must be true or false/ });
  assert.throws(() => new TokenSession({ refresh: async () => ({}), dpop: true }), { code: 'invalid_options', message: /custom `refresh`/ });
  assert.throws(() => new TokenSession({ ...base, storage: { senderConstrained: true } }), { code: 'invalid_options', message: /senderConstrained/ });
  const s = new TokenSession({ ...base, name: `storage-${names++}`, dpop: true, storage: { persistAcrossReload: true } });
  const refresh = s.storageDecisions['refresh-token'];
  assert.equal(refresh.location, 'session-storage');
  assert.ok(refresh.reasons.some((r) => r.code === 'dpop_bound_refresh_token_persisted'), JSON.stringify(refresh));
  s.close();
  const bearer = new TokenSession({ ...base, name: `storage-${names++}`, storage: { persistAcrossReload: true } });
  assert.equal(bearer.storageDecisions['refresh-token'].location, 'memory');
  bearer.close();
});
