// RemoteRevocationList against a local HTTP server, through the package as
// a user imports it: a Verifier following it refuses every token
// `revocation_unavailable` before the first list and once the last good
// list is past its stale-if-error window (the core machine's policy, the
// one the Envoy filter and the worker use); in between the verdicts are
// the list's. `failOpen: true` lets tokens through instead (and is refused
// when not a boolean); the server's `Cache-Control: max-age` sets the next
// fetch within the policy's floor and 15 minute ceiling; a failed fetch
// backs off. The list's clock is Date.now(), set here with node:test's
// mock timers (Date only: sockets and timers stay real), so hours pass
// without sleeping; the tokens' clock is the `now` option, fixed.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { after, mock, test } from 'node:test';
import { verdictCodes } from './verdict-code.mjs';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { OptionsError, RemoteRevocationList, TokenError, Verifier } = await import(target);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The core's revocation policy (crates/core/src/revocation.rs, remote/policy.rs). */
const DEFAULT_MAX_AGE = MINUTE;
const DEFAULT_STALE_IF_ERROR = HOUR;
const MAX_MAX_AGE = 15 * MINUTE;

// Tokens: signed here, checked at a fixed `now` (Unix seconds).
const NOW = 1_800_000_000;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = { keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'es', alg: 'ES256' }] };
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(claims) {
  const input = `${b64({ alg: 'ES256', kid: 'es' })}.${b64({ exp: NOW + 600, iat: NOW - 60, ...claims })}`;
  const signature = sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
const revokedToken = token({ sub: 'u', sid: 'ended', jti: 'j1' });
const liveToken = token({ sub: 'u', sid: 'alive', jti: 'j2' });
const LIST = { sid: { ended: NOW - 10 } };

// The list's server: what it answers is set per test; it can hold answers.
const server = { hits: 0, status: 200, body: LIST, headers: {}, etag: null, gate: null };
const http = createServer(async (req, res) => {
  server.hits += 1;
  if (server.gate !== null) await server.gate.promise;
  const headers = { 'content-type': 'application/json', ...server.headers };
  if (server.etag !== null) headers.etag = server.etag;
  if (server.etag !== null && req.headers['if-none-match'] === server.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(server.status, headers);
  res.end(JSON.stringify(server.body));
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${http.address().port}/revocation.json`;
function serve(patch) {
  Object.assign(server, { hits: 0, status: 200, body: LIST, headers: {}, etag: null, gate: null }, patch);
}
function hold() {
  let release;
  const promise = new Promise((resolve) => {
    release = resolve;
  });
  server.gate = { promise, release };
  return () => {
    server.gate = null;
    release();
  };
}

// The list's clock: Date.now(), mocked (Date only).
mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
const clock = {
  at: (ms) => mock.timers.setTime(ms),
  now: () => Date.now(),
};

const { codeOf, asyncCodeOf } = verdictCodes(TokenError);
/** [sync verify, verifyAsync, cached verify miss then hit] for `t`. */
async function verdicts(remote, t) {
  const plain = new Verifier({ jwks, revocation: remote });
  const cached = new Verifier({ jwks, cache: { maxEntries: 5 } });
  remote.attach(cached);
  return [
    codeOf(() => plain.verify(t, { now: NOW })),
    await asyncCodeOf(plain.verifyAsync(t, { now: NOW })),
    codeOf(() => cached.verify(t, { now: NOW })),
    codeOf(() => cached.verify(t, { now: NOW })),
  ];
}
const all = (code) => [code, code, code, code];

const tests = {
  async 'before the first list every token is refused revocation_unavailable'() {
    serve();
    const release = hold();
    const remote = new RemoteRevocationList(url);
    const verifier = new Verifier({ jwks });
    remote.attach(verifier);
    // verify never waits: it starts the first fetch and answers now.
    assert.equal(codeOf(() => verifier.verify(liveToken, { now: NOW })), 'revocation_unavailable');
    assert.equal(remote.state, 'awaiting_response');
    assert.equal(remote.usable, false);
    // verifyAsync waits for the fetch under way, then the list decides.
    const pending = [asyncCodeOf(verifier.verifyAsync(liveToken, { now: NOW })), asyncCodeOf(verifier.verifyAsync(revokedToken, { now: NOW }))];
    release();
    assert.deepEqual(await Promise.all(pending), ['ok', 'revoked']);
    assert.equal(server.hits, 1, 'one fetch served every waiting call');

    // A list server that is down from the start: refused, with the failure kept.
    serve({ status: 503 });
    const down = new RemoteRevocationList(url);
    const refused = new Verifier({ jwks, revocation: down });
    assert.equal(await asyncCodeOf(refused.verifyAsync(liveToken, { now: NOW })), 'revocation_unavailable');
    assert.equal(down.lastFailure?.reason, 'http_status');
    assert.equal(down.state, 'backing_off');
    const error = (() => {
      try {
        refused.verify(liveToken, { now: NOW });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof TokenError && error.code === 'revocation_unavailable', String(error));
  },

  async 'once the list is held the verdicts are the list\'s'() {
    serve();
    const remote = new RemoteRevocationList(url);
    assert.equal(await remote.start(), true);
    remote.stop();
    assert.equal(remote.size, 1);
    assert.deepEqual(await verdicts(remote, revokedToken), all('revoked'));
    assert.deepEqual(await verdicts(remote, liveToken), all('ok'));
    // Detached, a verifier checks no list at all.
    const verifier = new Verifier({ jwks });
    remote.attach(verifier).detach(verifier);
    assert.equal(codeOf(() => verifier.verify(revokedToken, { now: NOW })), 'ok');
  },

  async 'the last list serves while the server is down, then no longer (stale-if-error)'() {
    serve();
    const t0 = clock.now();
    const remote = new RemoteRevocationList(url);
    const verifier = new Verifier({ jwks, revocation: remote });
    assert.equal(await asyncCodeOf(verifier.verifyAsync(revokedToken, { now: NOW })), 'revoked');
    serve({ status: 503 });
    // Expired: the next verification starts a refetch, which fails.
    clock.at(t0 + DEFAULT_MAX_AGE);
    assert.equal(codeOf(() => verifier.verify(liveToken, { now: NOW })), 'ok');
    await assert.rejects(remote.refresh(), (e) => e.reason === 'http_status' && e.status === 503);
    assert.equal(server.hits, 1);
    // The core's backoff: no retry before a second has passed, then one.
    assert.equal(await remote.refresh(), false);
    assert.equal(server.hits, 1);
    clock.at(t0 + DEFAULT_MAX_AGE + SECOND);
    await assert.rejects(remote.refresh());
    assert.equal(server.hits, 2);
    // The stale list still revokes until the window ends...
    clock.at(t0 + DEFAULT_MAX_AGE + DEFAULT_STALE_IF_ERROR - 1);
    assert.equal(codeOf(() => verifier.verify(revokedToken, { now: NOW })), 'revoked');
    assert.equal(codeOf(() => verifier.verify(liveToken, { now: NOW })), 'ok');
    // ...then every token is refused.
    clock.at(t0 + DEFAULT_MAX_AGE + DEFAULT_STALE_IF_ERROR);
    assert.equal(remote.usable, false);
    assert.equal(codeOf(() => verifier.verify(liveToken, { now: NOW })), 'revocation_unavailable');
    assert.equal(await asyncCodeOf(verifier.verifyAsync(liveToken, { now: NOW })), 'revocation_unavailable');
    // The server is back: the next fetch restores the verdicts.
    serve();
    clock.at(clock.now() + 6 * MINUTE); // past any backoff (capped at 5 minutes)
    assert.equal(await asyncCodeOf(verifier.verifyAsync(liveToken, { now: NOW })), 'ok');
    assert.equal(codeOf(() => verifier.verify(revokedToken, { now: NOW })), 'revoked');

    // A shorter staleIfError is the caller's to choose, and applied.
    serve();
    const t1 = clock.now();
    const strict = new RemoteRevocationList(url, { staleIfError: 0 });
    const strictVerifier = new Verifier({ jwks, revocation: strict });
    assert.equal(await asyncCodeOf(strictVerifier.verifyAsync(liveToken, { now: NOW })), 'ok');
    serve({ status: 503 });
    clock.at(t1 + DEFAULT_MAX_AGE - 1);
    assert.equal(codeOf(() => strictVerifier.verify(liveToken, { now: NOW })), 'ok');
    clock.at(t1 + DEFAULT_MAX_AGE);
    assert.equal(codeOf(() => strictVerifier.verify(liveToken, { now: NOW })), 'revocation_unavailable');
    await strict.refresh().catch(() => {}); // the refetch that verify started
  },

  async 'failOpen: true lets tokens through while no list is usable, and only then'() {
    serve({ status: 503 });
    const t0 = clock.now();
    const open = new RemoteRevocationList(url, { failOpen: true });
    assert.equal(open.failOpen, true);
    const verifier = new Verifier({ jwks, revocation: open });
    assert.equal(await asyncCodeOf(verifier.verifyAsync(revokedToken, { now: NOW })), 'ok');
    serve();
    clock.at(t0 + 10 * MINUTE);
    assert.equal(await asyncCodeOf(verifier.verifyAsync(revokedToken, { now: NOW })), 'revoked');
    serve({ status: 503 });
    clock.at(clock.now() + DEFAULT_MAX_AGE + DEFAULT_STALE_IF_ERROR);
    assert.equal(codeOf(() => verifier.verify(revokedToken, { now: NOW })), 'ok');
    await open.refresh().catch(() => {}); // the refetch that verify started
    assert.equal(new RemoteRevocationList(url).failOpen, false);
  },

  async 'options are applied or refused, naming them'() {
    const refused = (options, name) => {
      assert.throws(() => new RemoteRevocationList(url, options), (e) => e instanceof OptionsError && e.code === 'invalid_options' && e.message.includes(name), name);
    };
    refused({ failOpen: 'yes' }, 'failOpen');
    refused({ failOpen: 1 }, 'failOpen');
    refused({ failOpen: null }, 'failOpen');
    refused({ interval: 999 }, 'interval');
    refused({ interval: 2 ** 31 }, 'interval');
    refused({ timeout: 0 }, 'timeout');
    refused({ staleIfError: -1 }, 'staleIfError');
    refused({ staleIfErrors: 1 }, 'staleIfErrors');
    refused({ allowInsecureHttp: 'no' }, 'allowInsecureHttp');
    assert.throws(() => new RemoteRevocationList('http://revocations.example/list.json'), /allowInsecureHttp/);
    assert.throws(() => new Verifier({ jwks, revocation: {} }), /RemoteRevocationList/);
  },

  async 'the server\'s max-age sets the next fetch, within the policy\'s floor and ceiling'() {
    serve({ headers: { 'cache-control': 'max-age=300' }, etag: '"v1"' });
    const t0 = clock.now();
    const remote = new RemoteRevocationList(url);
    const verifier = new Verifier({ jwks, revocation: remote });
    assert.equal(await asyncCodeOf(verifier.verifyAsync(revokedToken, { now: NOW })), 'revoked');
    // Fresh for the server's 300 s (not the default 60 s): no fetch.
    clock.at(t0 + 300 * SECOND - 1);
    assert.equal(codeOf(() => verifier.verify(liveToken, { now: NOW })), 'ok');
    assert.equal(await remote.refresh(), false);
    assert.equal(remote.state, 'fresh');
    assert.equal(server.hits, 1);
    // Then one conditional fetch: 304, the same list, fresh again.
    clock.at(t0 + 300 * SECOND);
    assert.equal(codeOf(() => verifier.verify(liveToken, { now: NOW })), 'ok');
    assert.equal(await remote.refresh(), false);
    assert.equal(server.hits, 2);
    assert.equal(remote.counters.fetchesNotModified, 1);
    assert.equal(remote.state, 'fresh');

    // A day's max-age is held to the 15 minute ceiling.
    serve({ headers: { 'cache-control': 'max-age=86400' } });
    const t1 = clock.now();
    const long = new RemoteRevocationList(url);
    await long.refresh();
    clock.at(t1 + MAX_MAX_AGE - 1);
    assert.equal(await long.refresh(), false);
    clock.at(t1 + MAX_MAX_AGE);
    await long.refresh();
    assert.equal(server.hits, 2);

    // A max-age under the interval is raised to it (the floor).
    serve({ headers: { 'cache-control': 'max-age=1' } });
    const t2 = clock.now();
    const floored = new RemoteRevocationList(url, { interval: 5 * SECOND });
    await floored.refresh();
    clock.at(t2 + 5 * SECOND - 1);
    assert.equal(await floored.refresh(), false);
    clock.at(t2 + 5 * SECOND);
    await floored.refresh();
    assert.equal(server.hits, 2);
  },
};

for (const [name, run] of Object.entries(tests)) test(name, run);
after(() => {
  mock.timers.reset();
  http.close();
});
