// Sign-in and refresh under the package's transport rules, against real
// HTTP servers on loopback: the provider (origin A) and another origin (B)
// that a redirect from A points to. No redirect is followed: a 307/308
// from the token endpoint would re-send the code and PKCE verifier, or the
// refresh token, to B; a 302 on the key set or the discovery document would
// let B choose the keys or the endpoints. B must never be reached. Bodies
// are read up to a cap: a 10 MiB document is refused without being read.
// Run against the built package (pkg/), as users get it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { generateKeyPairSync, sign } from 'node:crypto';
import { TokenSession } from '../../pkg/node.js';

const MIB = 1024 * 1024;
const b64url = (buffer) => Buffer.from(buffer).toString('base64url');
let sessionName = 0;

/** An ES256 key pair and its public JWK. */
function signingKey(kid) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, kid, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

/** An ID token for the client `spa` of `issuer`, signed with `key`. */
function idToken(key, issuer, nonce) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'ES256', kid: key.kid, typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ iss: issuer, sub: 'alice', aud: 'spa', iat: now, exp: now + 300, nonce }));
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${header}.${claims}.${b64url(signature)}`;
}

/** Answers `bytes` of JSON-looking filler, written as the client drains it; counts what was written. */
function hugeBody(res, bytes, stats) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (stats.written < bytes) {
      stats.written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    stats.finished = true;
    res.end();
  };
  res.on('error', () => {});
  pump();
}

/** Reads the request body, then serves it. */
function server(handle) {
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => handle(req, res, new URLSearchParams(body)));
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

const json = (res, body, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

// ---- the provider (A) and the other origin (B) ---------------------------

const providerKey = signingKey('a1');
const otherKey = signingKey('b1');
/** What each test scripts: a redirect per path of A, a huge body per path of A, the nonce to sign. */
const script = { redirects: {}, huge: {}, nonce: null };
const otherHits = [];
const hugeStats = { written: 0, finished: false };
let a;
let b;
let issuer;
let other;

before(async () => {
  b = await server((req, res, form) => {
    otherHits.push({ path: req.url, form: Object.fromEntries(form) });
    const { pathname } = new URL(req.url, other);
    if (pathname === '/.well-known/openid-configuration') {
      return json(res, {
        issuer, authorization_endpoint: `${other}/auth`, token_endpoint: `${other}/token`, jwks_uri: `${other}/jwks`,
      });
    }
    if (pathname === '/jwks') return json(res, { keys: [otherKey.jwk] });
    if (pathname === '/token') {
      return json(res, {
        access_token: 'from-other-origin', refresh_token: 'rt-other', expires_in: 60, token_type: 'Bearer',
        id_token: idToken(otherKey, issuer, script.nonce),
      });
    }
    return json(res, { error: 'not_found' }, 404);
  });
  other = `http://127.0.0.1:${b.address().port}`;
  a = await server((req, res) => {
    const { pathname } = new URL(req.url, issuer);
    const status = script.redirects[pathname];
    if (status !== undefined) {
      res.writeHead(status, { location: `${other}${pathname}` });
      return res.end();
    }
    if (script.huge[pathname] !== undefined) return hugeBody(res, script.huge[pathname], hugeStats);
    if (pathname === '/.well-known/openid-configuration') {
      return json(res, {
        issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`, revocation_endpoint: `${issuer}/revoke`,
      });
    }
    // The key set is the other origin's: only through the redirect would B's ID token pass.
    if (pathname === '/jwks') return json(res, { keys: [providerKey.jwk] });
    if (pathname === '/token') {
      return json(res, {
        access_token: 'at-a', refresh_token: 'rt-a2', expires_in: 60, token_type: 'Bearer',
        id_token: idToken(script.signWithOther ? otherKey : providerKey, issuer, script.nonce),
      });
    }
    if (pathname === '/revoke') return json(res, {});
    return json(res, { error: 'not_found' }, 404);
  });
  issuer = `http://127.0.0.1:${a.address().port}`;
});

after(() => {
  a.close();
  b.close();
  a.closeAllConnections();
  b.closeAllConnections();
});

function reset(changes = {}) {
  Object.assign(script, { redirects: {}, huge: {}, nonce: null, signWithOther: false }, changes);
  otherHits.length = 0;
  hugeStats.written = 0;
  hugeStats.finished = false;
}

function signInSession() {
  return new TokenSession({ name: `transport-${sessionName++}`, issuer, clientId: 'spa', redirectUri: 'https://app.example/cb' });
}

/** Runs a sign-in up to the callback; resolves handleCallback's promise outcome. */
async function signInThrough(s) {
  const request = new URL(await s.authorizationUrl()).searchParams;
  script.nonce = request.get('nonce');
  return s.handleCallback(`https://app.example/cb?code=the-code&state=${request.get('state')}`);
}

const refusedWith = (code, reason) => (error) => {
  assert.equal(error.code, code, error.message);
  assert.equal(error.cause?.reason, reason, String(error.cause));
  return true;
};

// ---- redirects --------------------------------------------------------------

test('a sign-in whose token endpoint answers 307 is refused; the code and verifier never reach the other origin', async () => {
  reset({ redirects: { '/token': 307 } });
  const s = signInSession();
  await assert.rejects(signInThrough(s), refusedWith('token_request_failed', 'redirect_refused'));
  assert.deepEqual(otherHits, [], 'the other origin was never reached');
  assert.equal(s.accessToken, null);
  s.close();
});

test('a sign-in whose key set answers 302 is refused; an ID token signed by the other origin does not pass', async () => {
  reset({ redirects: { '/jwks': 302 }, signWithOther: true });
  const s = signInSession();
  await assert.rejects(signInThrough(s), refusedWith('jwks_unavailable', 'redirect_refused'));
  assert.deepEqual(otherHits, []);
  assert.equal(s.accessToken, null);
  s.close();
});

test('a discovery document that answers 302 is refused; its endpoints are not taken from the other origin', async () => {
  reset({ redirects: { '/.well-known/openid-configuration': 302 } });
  const s = signInSession();
  await assert.rejects(s.discovery(), refusedWith('discovery_failed', 'redirect_refused'));
  await assert.rejects(s.authorizationUrl(), { code: 'discovery_failed' });
  assert.deepEqual(otherHits, []);
  s.close();
});

test('a refresh answered 307 fails as a server error; the refresh token never reaches the other origin, the tokens stay', async () => {
  reset({ redirects: { '/token': 307 } });
  const s = new TokenSession({
    name: `transport-${sessionName++}`, tokenEndpoint: `${issuer}/token`, clientId: 'spa', policy: { backoffInitialMs: 60_000 },
  });
  // Whichever comes first: the refresh failing, or a new token set.
  const outcome = new Promise((resolve) => {
    s.addEventListener('refreshfailed', (event) => resolve(event.detail), { once: true });
    s.addEventListener('refreshed', () => resolve({ kind: 'refreshed' }), { once: true });
  });
  s.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-secret', expires_in: 0, token_type: 'Bearer' });
  const generation = s.generation;
  const detail = await outcome;
  assert.deepEqual({ kind: detail.kind, status: detail.status, error: detail.error }, { kind: 'server', status: 307, error: 'redirect_refused' });
  assert.deepEqual(otherHits, [], 'the refresh token was not re-posted');
  assert.equal(s.generation, generation, 'no new token set adopted');
  assert.notEqual(s.accessToken, 'from-other-origin');
  s.close();
});

test('sign-out at a revocation endpoint that answers 307 resolves false; the refresh token never reaches the other origin', async () => {
  reset({ redirects: { '/revoke': 307 } });
  const s = signInSession();
  s.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-secret', expires_in: 60, token_type: 'Bearer' });
  assert.equal(await s.signOut(), false);
  assert.deepEqual(otherHits, []);
  s.close();
});

test('the rules leave a sign-in with no redirect alone', async () => {
  reset();
  const s = signInSession();
  const verified = await signInThrough(s);
  assert.equal(verified.claims.sub, 'alice');
  assert.equal(s.accessToken, 'at-a');
  assert.equal(await s.signOut(), true);
  s.close();
});

// ---- body caps --------------------------------------------------------------

for (const [what, path, code] of [
  ['discovery document', '/.well-known/openid-configuration', 'discovery_failed'],
  ['key set', '/jwks', 'jwks_unavailable'],
  ['token response', '/token', 'token_request_failed'],
]) {
  test(`a 10 MiB ${what} is refused without being read whole`, async () => {
    reset({ huge: { [path]: 10 * MIB } });
    const s = signInSession();
    await assert.rejects(signInThrough(s), refusedWith(code, 'body_too_large'));
    // What the server managed to write includes the kernel's socket buffers.
    assert.equal(hugeStats.finished, false, 'the body was abandoned before its end');
    assert.ok(hugeStats.written < 10 * MIB, `${hugeStats.written} bytes written`);
    assert.equal(s.accessToken, null);
    s.close();
  });
}
