// Unit tests of the JS session driver where it has logic beyond the core:
// relaying token sets between tabs, classifying token-endpoint answers,
// stores enforcing storage decisions, single flight within a tab, and the
// events. Run against the built package (pkg/), as users get it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenSession, RefreshError, decideStorage, storeFor, tokenFacts } from '../../pkg/node.js';
import { relayFacts, ReauthenticationRequiredError } from '../../pkg/session.js';
import { classifyTokenError, retryAfterSeconds } from '../../pkg/session-grant.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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

function session(provider, policy = {}) {
  return new TokenSession({ name: `unit-${sessionName++}`, refresh: provider.refresh, policy: { backoffInitialMs: 100, ...policy } });
}

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
  const s = session(provider);
  const refreshed = [];
  s.addEventListener('refreshed', (e) => refreshed.push(e.detail));
  s.signIn({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 2 });
  assert.equal(await s.getAccessToken(), 'at-0');
  // The refresh point of a 2 s token is at about half its life.
  await sleep(1100);
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
  const s = session(provider);
  const failed = [];
  s.addEventListener('refreshfailed', (e) => failed.push(e.detail));
  s.signIn({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 2 });
  await sleep(1300);
  assert.equal(failed.length, 1);
  assert.equal(failed[0].status, 503);
  assert.equal(await s.getAccessToken(), 'at-1');
  // The same refresh token was retried: it had not been rotated.
  assert.deepEqual(provider.calls, ['rt-0', 'rt-0']);
  s.close();
});

test('invalid_grant: tokens cleared, reauthenticate raised, getAccessToken refuses', async () => {
  const provider = fakeProvider({ expiresIn: 2, failures: [new RefreshError('invalid_grant', { status: 400 })] });
  const s = session(provider);
  const reauth = new Promise((resolve) => s.addEventListener('reauthenticate', (e) => resolve(e.detail)));
  s.signIn({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 2 });
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
  a.signIn({ access_token: 'at-0', refresh_token: 'rt-0', expires_in: 60 });
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
  s.signIn({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 0, token_type: 'Bearer' });
  assert.equal(await s.getAccessToken(), 'at-2');
  assert.deepEqual(seen, ['http://127.0.0.1:9/token']);
  s.close();
});
