// Unit tests of the JS session driver where it has logic beyond the core:
// relaying token sets between tabs, classifying token-endpoint answers,
// stores enforcing storage decisions, single flight within a tab, and the
// events; and sign-in: the authorization request, the callback checks,
// discovery, the code exchange with the ID token verified by the core,
// revocation on sign-out. Run against the built package (pkg/), as users
// get it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { TokenSession, RefreshError, SessionError, decideStorage, storeFor, tokenFacts } from '../../pkg/node.js';
import { authorizationUrl, checkCallback, signInScope } from '../../pkg/signin-request.js';
import { discover } from '../../pkg/signin-discovery.js';
import { relayFacts, ReauthenticationRequiredError } from '../../pkg/session.js';
import { classifyTokenError, retryAfterSeconds } from '../../pkg/session-grant.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `condition()` holds; fails after 5 s (a hang, not a race). */
async function until(condition, what) {
  for (const deadline = Date.now() + 5_000; !condition(); await sleep(5)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
let sessionName = 0;

/** A fake provider: numbered opaque tokens, scripted failures. */
function fakeProvider({ expiresIn = 2, failures = [] } = {}) {
  const calls = [];
  let n = 0;
  const refresh = async ({ refreshToken }) => {
    calls.push(refreshToken);
    await sleep(50);
    const failure = failures.shift();
    if (failure) throw failure;
    n += 1;
    return { response: { access_token: `at-${n}`, refresh_token: `rt-${n}`, expires_in: expiresIn, token_type: 'Bearer' } };
  };
  return { refresh, calls };
}

function session(provider, policy = {}, clock = {}) {
  return new TokenSession({
    name: `unit-${sessionName++}`,
    refresh: provider.refresh,
    policy: { backoffInitialMs: 100, ...policy },
    ...clock,
  });
}

/**
 * A clock the test moves: the session plans with it, so "at the refresh
 * point" is a time the test sets, not a sleep that hopes to land there.
 * (Its own timers still run in real time; each tick re-reads this clock.)
 */
function manualClock(start = Date.now()) {
  let at = start;
  return { now: () => at, set: (ms) => { at = ms; } };
}

/** The next `type` event of `target`. */
const next = (target, type) => new Promise((resolve) => target.addEventListener(type, (e) => resolve(e.detail), { once: true }));

test('relayed token sets are re-timed to the moment they arrive', () => {
  const facts = { expiresIn: 30, refreshTokenExpiresIn: 600, serverDateMs: 1_000_000, hasRefreshToken: true };
  assert.deepEqual(relayFacts(facts, 10_500), {
    expiresIn: 19, refreshTokenExpiresIn: 589, serverDateMs: 1_010_500, hasRefreshToken: true,
  });
  assert.equal(relayFacts({ expiresIn: 5 }, 60_000).expiresIn, 0);
  assert.deepEqual(relayFacts({ hasRefreshToken: false }, -5), { hasRefreshToken: false });
});

test('token endpoint answers are classified for the planner', () => {
  assert.equal(classifyTokenError(400, { error: 'invalid_grant' }).kind, 'invalid_grant');
  assert.equal(classifyTokenError(401, { error: 'invalid_client' }).kind, 'invalid_client');
  assert.equal(classifyTokenError(400, { error: 'unauthorized_client' }).kind, 'invalid_client');
  const busy = classifyTokenError(503, null, 7);
  assert.equal(busy.kind, 'server');
  assert.equal(busy.status, 503);
  assert.equal(busy.retryAfter, 7);
  assert.equal(retryAfterSeconds(' 12 '), 12);
  assert.equal(retryAfterSeconds(new Date(Date.now() + 5_000).toUTCString()) >= 4, true);
  assert.equal(retryAfterSeconds('soon'), undefined);
  const facts = tokenFacts({ access_token: 'opaque', expires_in: 30.7, refresh_token: 'r' }, 'Sun, 29 Nov 2026 01:00:00 GMT');
  assert.deepEqual(facts, { hasRefreshToken: true, expiresIn: 30, serverDateMs: Date.parse('2026-11-29T01:00:00Z') });
});

test('stores only where the decision allows', () => {
  const memory = decideStorage({ tokenKind: 'refresh-token', rotation: true });
  assert.equal(memory.location, 'memory');
  assert.equal(storeFor(memory, { key: 'k' }).location, 'memory');
  assert.throws(() => storeFor({ location: 'http-only-cookie' }, { key: 'k' }), { code: 'invalid_options' });
  assert.throws(() => storeFor({ location: 'local-storage', warnings: [] }, { key: 'k' }), /allowLocalStorage/);
  assert.equal(storeFor({ location: 'none' }, { key: 'k' }).get(), null);
  assert.throws(() => decideStorage({ tokenKind: 'cookie' }), { code: 'invalid_options' });
});

test('refreshes at the planned point; concurrent getAccessToken calls share one refresh', async () => {
  const provider = fakeProvider({ expiresIn: 2 });
  const clock = manualClock();
  const s = session(provider, {}, { now: clock.now });
  const refreshed = [];
  s.addEventListener('refreshed', (e) => refreshed.push(e.detail));
  s.useTokenResponse({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 2 });
  assert.equal(await s.getAccessToken(), 'at-0');
  const { refreshAt, expiresAt } = s.timeline();
  assert.ok(refreshAt < expiresAt, 'the refresh is planned before expiry');
  clock.set(refreshAt - 1);
  assert.equal(await s.getAccessToken(), 'at-0');
  assert.deepEqual(provider.calls, [], 'no refresh before the planned point');
  clock.set(refreshAt);
  // At the refresh point the token is still usable: this call returns it
  // and starts the refresh; the next three wait for that one refresh.
  assert.equal(await s.getAccessToken(), 'at-0');
  const tokens = await Promise.all([s.getAccessToken(), s.getAccessToken(), s.getAccessToken()]);
  assert.deepEqual(tokens, ['at-1', 'at-1', 'at-1']);
  assert.deepEqual(provider.calls, ['rt-0']);
  assert.equal(refreshed.length, 1);
  assert.equal(refreshed[0].origin, 'refresh');
  assert.equal(s.counters.refreshes, 1);
  s.close();
});

test('a server error backs off, then the refresh succeeds', async () => {
  const provider = fakeProvider({ expiresIn: 2, failures: [new RefreshError('server', { status: 503 })] });
  const clock = manualClock();
  const s = session(provider, {}, { now: clock.now });
  const failed = [];
  s.addEventListener('refreshfailed', (e) => failed.push(e.detail));
  s.useTokenResponse({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 2 });
  clock.set(s.timeline().refreshAt);
  const failure = next(s, 'refreshfailed');
  assert.equal(await s.getAccessToken(), 'at-0', 'usable while the refresh fails');
  assert.equal((await failure).status, 503);
  // Backing off: the retry is planned later than now, and not taken before.
  const { retryAt } = s.timeline();
  assert.ok(retryAt > clock.now(), `retry at ${retryAt}, now ${clock.now()}`);
  clock.set(retryAt - 1);
  assert.equal(await s.getAccessToken(), 'at-0');
  assert.deepEqual(provider.calls, ['rt-0'], 'no retry inside the backoff');
  clock.set(retryAt);
  const refreshed = next(s, 'refreshed');
  assert.equal(await s.getAccessToken(), 'at-0');
  await refreshed;
  assert.equal(failed.length, 1);
  assert.equal(await s.getAccessToken(), 'at-1');
  // The same refresh token was retried: it had not been rotated.
  assert.deepEqual(provider.calls, ['rt-0', 'rt-0']);
  s.close();
});

test('invalid_grant: tokens cleared, reauthenticate raised, getAccessToken refuses', async () => {
  const provider = fakeProvider({ expiresIn: 2, failures: [new RefreshError('invalid_grant', { status: 400 })] });
  const s = session(provider);
  const reauth = new Promise((resolve) => s.addEventListener('reauthenticate', (e) => resolve(e.detail)));
  s.useTokenResponse({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 2 });
  const detail = await reauth;
  assert.equal(detail.reason, 'invalid_grant');
  assert.equal(detail.clearTokens, true);
  assert.equal(s.accessToken, null);
  await assert.rejects(s.getAccessToken(), ReauthenticationRequiredError);
  s.close();
});

test('another tab adopts a sign-in, and hears when the grant dies', async () => {
  const name = `unit-pair-${sessionName++}`;
  const provider = fakeProvider({ expiresIn: 60, failures: [new RefreshError('invalid_grant', { status: 400 })] });
  const a = new TokenSession({ name, refresh: provider.refresh });
  const b = new TokenSession({ name, refresh: provider.refresh });
  assert.equal(await b.start({ waitMs: 50 }), false);
  const adopted = new Promise((resolve) => b.addEventListener('signedin', resolve));
  a.useTokenResponse({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 60 });
  await adopted;
  assert.equal(b.accessToken, 'at-0');
  assert.equal(b.generation, a.generation);
  // A third tab joining later gets the current set by asking.
  const c = new TokenSession({ name, refresh: provider.refresh });
  assert.equal(await c.start({ waitMs: 1000 }), true);
  assert.equal(c.accessToken, 'at-0');
  // The grant dies in one tab: the others are told and clear their tokens.
  const dead = new Promise((resolve) => b.addEventListener('reauthenticate', (e) => resolve(e.detail)));
  const planner = a.timeline();
  assert.ok(planner.refreshAt > Date.now());
  a.close();
  c.close();
  // Force b's refresh now: a resumed page past its refresh point.
  const late = new TokenSession({ name, refresh: provider.refresh, now: () => Date.now() + 59_000 });
  await late.start({ waitMs: 1000 });
  const detail = await dead;
  assert.equal(detail.reason, 'invalid_grant');
  assert.equal(b.accessToken, null);
  assert.equal(provider.calls.length, 1);
  b.close();
  late.close();
});

test('without Web Locks, the localStorage lease still gives single flight', async () => {
  const { TabGroup } = await import('../../pkg/session-tabs.js');
  // Node has neither navigator.locks nor localStorage: a Map stands in.
  const items = new Map();
  globalThis.localStorage = {
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
  try {
    const tabs = [new TabGroup('lease', () => {}), new TabGroup('lease', () => {}), new TabGroup('lease', () => {})];
    let inside = 0;
    let most = 0;
    const runs = tabs.flatMap((tab) => [1, 2].map(() => tab.exclusive(async () => {
      inside += 1;
      most = Math.max(most, inside);
      await sleep(20);
      inside -= 1;
    })));
    await Promise.all(runs);
    assert.equal(most, 1);
    assert.equal(items.size, 0, 'the lease is released');
    for (const tab of tabs) tab.close();
  } finally {
    delete globalThis.localStorage;
  }
});

test('tokenEndpoint and revocationEndpoint need https://, loopback http:// or allowInsecureHttp', async () => {
  const base = { clientId: 'spa' };
  const refused = (options, name) => {
    assert.throws(() => new TokenSession({ name: `unit-${sessionName++}`, ...base, ...options }), (error) => {
      assert.equal(error.code, 'invalid_options', String(error));
      assert.match(error.message, new RegExp(name));
      return true;
    });
  };
  refused({ tokenEndpoint: 'http://login.example.com/token' }, 'TokenSession tokenEndpoint .*allowInsecureHttp');
  refused({ refresh: async () => ({}), revocationEndpoint: 'http://login.example.com/revoke' }, 'TokenSession revocationEndpoint .*allowInsecureHttp');
  refused({ tokenEndpoint: 'https://127.0.0.1@evil.example/token', allowInsecureHttp: true }, 'TokenSession tokenEndpoint');
  refused({ tokenEndpoint: 'https://login.example.com/token', allowInsecureHttp: 'yes' }, 'allowInsecureHttp');
  for (const options of [
    { tokenEndpoint: 'https://login.example.com/token', revocationEndpoint: 'https://login.example.com/revoke' },
    { tokenEndpoint: 'http://127.0.0.1:8080/token', revocationEndpoint: 'http://localhost:8080/revoke' },
    { tokenEndpoint: 'http://login.example.com/token', revocationEndpoint: 'http://login.example.com/revoke', allowInsecureHttp: true },
  ]) {
    new TokenSession({ name: `unit-${sessionName++}`, ...base, ...options }).close();
  }
  // The built-in grant posts the refresh token to the endpoint as checked.
  const seen = [];
  const fetch = async (url) => {
    seen.push(String(url));
    return new Response(JSON.stringify({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 60, token_type: 'Bearer' }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  const s = new TokenSession({ name: `unit-${sessionName++}`, ...base, tokenEndpoint: 'http://127.0.0.1:9/token', fetch });
  s.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 0, token_type: 'Bearer' });
  assert.equal(await s.getAccessToken(), 'at-2');
  assert.deepEqual(seen, ['http://127.0.0.1:9/token']);
  s.close();
});

// ---- sign-in ----------------------------------------------------------------

const ISSUER = 'https://id.example';
const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

/**
 * An OpenID provider behind a fetch function: discovery, keys, a token
 * endpoint that signs ES256 ID tokens with the nonce of the authorization
 * request it saw last, and a revocation endpoint. `overrides` edit the
 * discovery document; `idClaims` edit the ID token.
 */
function fakeOpenIdProvider({ overrides = {}, idClaims = {} } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
  const seen = { exchanges: [], revocations: [], authorize: null };
  const idToken = (accessToken) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'ES256', kid: 'k1', typ: 'JWT' }));
    const atHash = b64url(createHash('sha256').update(accessToken).digest().subarray(0, 16));
    const claims = b64url(JSON.stringify({
      iss: ISSUER, sub: 'alice', aud: 'spa', iat: now, exp: now + 300, nonce: seen.authorize.get('nonce'), at_hash: atHash, ...idClaims,
    }));
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64url(signature)}`;
  };
  const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (url, init = {}) => {
    const { pathname } = new URL(String(url));
    if (pathname === '/.well-known/openid-configuration') {
      return json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
        revocation_endpoint: `${ISSUER}/revoke`,
        jwks_uri: `${ISSUER}/jwks`,
        authorization_response_iss_parameter_supported: true,
        ...overrides,
      });
    }
    if (pathname === '/jwks') return json({ keys: [jwk] });
    if (pathname === '/token') {
      const form = new URLSearchParams(String(init.body));
      seen.exchanges.push(form);
      const challenge = b64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest());
      if (challenge !== seen.authorize.get('code_challenge')) return json({ error: 'invalid_grant' }, 400);
      return json({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 60, token_type: 'Bearer', id_token: idToken('at-1') });
    }
    if (pathname === '/revoke') {
      seen.revocations.push(new URLSearchParams(String(init.body)));
      return new Response('', { status: 200 });
    }
    return json({ error: 'not_found' }, 404);
  };
  return { fetch, seen };
}

function signInSession(provider, extra = {}) {
  return new TokenSession({
    name: `unit-${sessionName++}`, issuer: ISSUER, clientId: 'spa', redirectUri: 'https://app.example/cb', fetch: provider.fetch, ...extra,
  });
}

/** What the provider would redirect back with, for the last authorization request. */
async function startSignIn(s, provider) {
  const url = new URL(await s.authorizationUrl());
  provider.seen.authorize = url.searchParams;
  return url.searchParams;
}

test('the authorization request: code, PKCE S256, state, nonce, openid first', async () => {
  assert.equal(signInScope(), 'openid');
  assert.equal(signInScope(' profile openid  api:read profile '), 'openid profile api:read');
  const pending = { state: 's1', nonce: 'n1', verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', redirectUri: 'https://app.example/cb' };
  const url = new URL(await authorizationUrl({
    authorizationEndpoint: 'https://id.example/auth?tenant=x',
    clientId: 'spa',
    scope: 'profile',
    resource: 'https://api.example/',
    // Extra parameters cannot replace the flow's own.
    params: { prompt: 'consent', state: 'forged', code_challenge_method: 'plain' },
    pending,
  }));
  const p = Object.fromEntries(url.searchParams);
  assert.deepEqual(p, {
    tenant: 'x',
    prompt: 'consent',
    state: 's1',
    code_challenge_method: 'S256',
    response_type: 'code',
    client_id: 'spa',
    redirect_uri: 'https://app.example/cb',
    scope: 'openid profile',
    nonce: 'n1',
    // RFC 7636 appendix B's example pair.
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    resource: 'https://api.example/',
  });
});

test('a session\'s sign-in request carries fresh random state, nonce and verifier each time', async () => {
  const provider = fakeOpenIdProvider();
  const s = signInSession(provider, { signIn: { scope: 'offline_access', params: { prompt: 'consent' } } });
  const first = await startSignIn(s, provider);
  const second = await startSignIn(s, provider);
  assert.equal(first.get('scope'), 'openid offline_access');
  assert.equal(first.get('prompt'), 'consent');
  for (const name of ['state', 'nonce', 'code_challenge']) {
    assert.match(first.get(name), /^[\w-]{43,}$/, name);
    assert.notEqual(first.get(name), second.get(name), name);
  }
  s.close();
});

test('callback checks: state first, then iss (RFC 9207), then the provider\'s error', () => {
  const pending = { state: 's1' };
  const issuer = { issuer: ISSUER, issParameterSupported: true };
  const check = (query, meta = issuer) => () => checkCallback(new URLSearchParams(query), pending, meta);
  assert.equal(check(`code=c1&state=s1&iss=${ISSUER}`)(), 'c1');
  assert.throws(check(`code=c1&state=s2&iss=${ISSUER}`), { name: 'SessionError', code: 'state_mismatch' });
  assert.throws(check('error=access_denied&state=s2'), { code: 'state_mismatch' });
  assert.throws(check('code=c1&state=s1&iss=https://evil.example'), { code: 'iss_mismatch' });
  assert.throws(check('code=c1&state=s1'), { code: 'iss_mismatch' });
  assert.equal(check('code=c1&state=s1', { issuer: ISSUER, issParameterSupported: false })(), 'c1');
  assert.throws(check(`error=access_denied&error_description=no+thanks&state=s1&iss=${ISSUER}`), (error) => {
    assert.ok(error instanceof SessionError);
    assert.equal(error.code, 'authorization_error');
    assert.equal(error.error, 'access_denied');
    assert.equal(error.description, 'no thanks');
    return true;
  });
});

test('discovery: the document\'s issuer must be the configured one, endpoints follow the fetch-URL rule', async () => {
  const ok = await discover(ISSUER, { fetch: fakeOpenIdProvider().fetch });
  assert.equal(ok.tokenEndpoint, `${ISSUER}/token`);
  assert.equal(ok.issParameterSupported, true);
  await assert.rejects(discover(ISSUER, { fetch: fakeOpenIdProvider({ overrides: { issuer: `${ISSUER}/` } }).fetch }),
    { name: 'SessionError', code: 'issuer_mismatch' });
  await assert.rejects(discover(ISSUER, { fetch: fakeOpenIdProvider({ overrides: { token_endpoint: 'http://id.example/token' } }).fetch }),
    (error) => error.code === 'invalid_options' && /token_endpoint/.test(error.message));
  await assert.rejects(discover('http://id.example', { fetch: fakeOpenIdProvider().fetch }), { code: 'invalid_options' });
  await assert.rejects(discover(ISSUER, { fetch: async () => new Response('nope', { status: 500 }) }), { code: 'discovery_failed' });
});

test('handleCallback: code exchanged with the PKCE verifier, ID token verified by the core, callback not replayable', async () => {
  const provider = fakeOpenIdProvider();
  const s = signInSession(provider);
  const request = await startSignIn(s, provider);
  const callback = `https://app.example/cb?code=c1&state=${request.get('state')}&iss=${encodeURIComponent(ISSUER)}`;
  const idToken = await s.handleCallback(callback);
  assert.equal(idToken.claims.sub, 'alice');
  assert.equal(idToken.claims.nonce, request.get('nonce'));
  assert.equal(s.accessToken, 'at-1');
  assert.equal(provider.seen.exchanges.length, 1);
  assert.equal(provider.seen.exchanges[0].get('redirect_uri'), 'https://app.example/cb');
  await assert.rejects(s.handleCallback(callback), { code: 'no_pending_sign_in' });
  assert.equal(provider.seen.exchanges.length, 1, 'a replayed callback never reaches the token endpoint');
  assert.equal(await s.handleCallback('https://app.example/cb'), null);
  s.close();
});

test('handleCallback refuses an ID token the core refuses (nonce, at_hash) and a wrong state', async () => {
  for (const [idClaims, code] of [[{ nonce: 'other' }, 'nonce_mismatch'], [{ at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'at_hash_mismatch'], [{ aud: 'other' }, 'bad_audience']]) {
    const provider = fakeOpenIdProvider({ idClaims });
    const s = signInSession(provider);
    const request = await startSignIn(s, provider);
    await assert.rejects(s.handleCallback(`https://app.example/cb?code=c1&state=${request.get('state')}&iss=${ISSUER}`),
      (error) => error.name === 'TokenError' && error.code === code || assert.fail(`${code}: ${error.code} ${error.message}`));
    assert.equal(s.accessToken, null);
    s.close();
  }
  const provider = fakeOpenIdProvider();
  const s = signInSession(provider);
  await startSignIn(s, provider);
  await assert.rejects(s.handleCallback(`https://app.example/cb?code=c1&state=forged&iss=${ISSUER}`), { code: 'state_mismatch' });
  assert.equal(provider.seen.exchanges.length, 0);
  s.close();
});

test('signIn() takes no token response (useTokenResponse does); sign-in options are checked', async () => {
  const provider = fakeOpenIdProvider();
  const s = signInSession(provider);
  await assert.rejects(s.signIn({ access_token: 'at' }), (error) => error.code === 'invalid_options' && /access_token/.test(error.message));
  s.close();
  assert.throws(() => signInSession(provider, { signIn: { scopes: 'x' } }), (error) => error.code === 'invalid_options' && /scopes/.test(error.message));
  assert.throws(() => new TokenSession({ refresh: async () => ({}), redirectUri: 'https://app.example/' }), /redirectUri needs `issuer`/);
  // The ID token's Verifier options are checked at construction, not after the redirect.
  assert.throws(() => signInSession(provider, { signIn: { algorithms: ['none'] } }), { code: 'invalid_options' });
  assert.throws(() => signInSession(provider, { signIn: { clockTolerance: -1 } }), (error) => error.code === 'invalid_options' && /clockTolerance/.test(error.message));
  assert.throws(() => signInSession(provider, { issuer: '' }), /issuer/);
  const plain = new TokenSession({ name: `unit-${sessionName++}`, refresh: async () => ({}) });
  assert.throws(() => plain.authorizationUrl(), /issuer/);
  plain.close();
});

test('signOut revokes the refresh token at the discovered endpoint (RFC 7009), the access token without one', async () => {
  const provider = fakeOpenIdProvider();
  const s = signInSession(provider);
  s.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 60 });
  assert.equal(await s.signOut(), true);
  s.useTokenResponse({ access_token: 'at-2', expires_in: 60 });
  assert.equal(await s.signOut(), true);
  assert.deepEqual(provider.seen.revocations.map((form) => Object.fromEntries(form)), [
    { token: 'rt-1', token_type_hint: 'refresh_token', client_id: 'spa' },
    { token: 'at-2', token_type_hint: 'access_token', client_id: 'spa' },
  ]);
  assert.equal(await s.signOut(), false, 'nothing to revoke');
  s.close();
});

test('a sign-out during a refresh keeps the session signed out and revokes the rotated token', async () => {
  const revoked = [];
  let release;
  const s = new TokenSession({
    name: `unit-${sessionName++}`,
    clientId: 'spa',
    revocationEndpoint: 'https://id.example/revoke',
    fetch: async (_url, init) => {
      revoked.push(new URLSearchParams(String(init.body)).get('token'));
      return new Response('', { status: 200 });
    },
    refresh: () => new Promise((resolve) => {
      release = () => resolve({ response: { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 60 } });
    }),
  });
  s.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 0 });
  await until(() => typeof release === 'function', 'the refresh to be under way');
  await s.signOut();
  release();
  await until(() => revoked.length === 2, 'the rotated token to be revoked');
  assert.equal(s.accessToken, null);
  assert.equal(s.generation, null);
  assert.deepEqual(revoked, ['rt-1', 'rt-2']);
  s.close();
});

test('tokenward/slim signs in with ES256 ID tokens by default, and refuses RS256 by name', async () => {
  const slim = await import('../../pkg/slim/node.js');
  const provider = fakeOpenIdProvider();
  const s = new slim.TokenSession({ name: `unit-${sessionName++}`, issuer: ISSUER, clientId: 'spa', redirectUri: 'https://app.example/cb', fetch: provider.fetch });
  const request = await startSignIn(s, provider);
  const idToken = await s.handleCallback(`https://app.example/cb?code=c1&state=${request.get('state')}&iss=${ISSUER}`);
  assert.equal(idToken.header.alg, 'ES256');
  s.close();
  assert.throws(() => new slim.TokenSession({ issuer: ISSUER, clientId: 'spa', signIn: { algorithms: ['RS256'] } }),
    (error) => error.code === 'invalid_options' && /RS256/.test(error.message));
});
