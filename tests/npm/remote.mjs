// RemoteKeySet against a local HTTP server: first fetch and cache, one
// refetch for an unknown kid, the cooldown, concurrent misses sharing one
// fetch, stale keys while the endpoint fails, the timeout, export/import of
// the cache, and a caller-supplied fetch; the transport rules (redirects
// refused, bodies cut at the cap), the failure `cause`, and jose's option
// names (timeoutDuration, cooldownDuration, headers). All decisions are the core
// machine's; this checks the JS layer carries them out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, test } from 'node:test';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { RemoteKeySet, Verifier, TokenError } = await import(target);
const { jwks, cases } = JSON.parse(readFileSync(new URL('../differential/cases.json', import.meta.url), 'utf8'));
const byName = (name) => cases.find((c) => c.name === name);
const rs = byName('alg-RS256/valid');
const es = byName('alg-ES256/valid');
const ps = byName('alg-PS256/valid');
const keys = (...kids) => ({ keys: jwks.main.keys.filter((k) => kids.includes(k.kid)) });

// What happened in which order: the endpoint's answers and the verdicts
// are numbered from one counter, so a test asserts "before the refetch
// answered" or "after it" instead of guessing durations.
let order = 0;
const step = () => ++order;

// The endpoint: what it serves is set per test.
const endpoint = { hits: 0, status: 200, body: keys('rs256'), headers: {}, delayMs: 0, answeredAt: [] };
const server = createServer((req, res) => {
  endpoint.hits += 1;
  // This test's list: an answer still pending from an earlier test lands
  // in that test's list, not in this one.
  const answered = endpoint.answeredAt;
  setTimeout(() => {
    answered.push(step());
    res.writeHead(endpoint.status, { 'content-type': 'application/json', ...endpoint.headers });
    res.end(JSON.stringify(endpoint.body));
  }, endpoint.delayMs);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/jwks`;
const reset = (patch) => Object.assign(endpoint, { hits: 0, status: 200, body: keys('rs256'), headers: {}, delayMs: 0, answeredAt: [] }, patch);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const verifierFor = (remote, c) => new Verifier({ jwks: remote, ...c.options });

async function codeOf(promise) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof TokenError, `not a TokenError: ${error}`);
    return error.code;
  }
}

const tests = {
  async 'first use fetches once, then the cache serves'() {
    reset({ headers: { 'cache-control': 'max-age=300' } });
    const remote = new RemoteKeySet(url);
    const verifier = verifierFor(remote, rs);
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    assert.equal(endpoint.hits, 1);
    assert.equal(remote.state, 'fresh');
    assert.throws(() => verifier.verify(rs.token, { now: rs.now }), /verifyAsync/);
  },

  async 'an unknown kid refetches once, then the cooldown holds'() {
    reset({ headers: { 'cache-control': 'max-age=300' } });
    // A cooldown long against this test's own steps (a loaded machine must
    // not leave it before the next line), short against its run time.
    const remote = new RemoteKeySet(url, { cooldown: 1000 });
    const verifier = verifierFor(remote, rs);
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    endpoint.body = keys('rs256', 'es256'); // the provider rotates a key in
    // Within the cooldown of the first fetch an unknown kid waits for it.
    assert.equal(await codeOf(verifierFor(remote, es).verifyAsync(es.token, { now: es.now })), 'unknown_kid');
    assert.equal(endpoint.hits, 1);
    await sleep(1050);
    assert.equal(await codeOf(verifierFor(remote, es).verifyAsync(es.token, { now: es.now })), 'ok');
    assert.equal(endpoint.hits, 2);
    // Another unknown kid within the cooldown: no fetch, unknown_kid.
    assert.equal(await codeOf(verifierFor(remote, ps).verifyAsync(ps.token, { now: ps.now })), 'unknown_kid');
    assert.equal(endpoint.hits, 2);
  },

  async 'concurrent misses share one fetch'() {
    reset({ delayMs: 50 });
    const remote = new RemoteKeySet(url);
    const verifier = verifierFor(remote, rs);
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => codeOf(verifier.verifyAsync(rs.token, { now: rs.now }))));
    assert.deepEqual(new Set(verdicts), new Set(['ok']));
    assert.equal(endpoint.hits, 1);
  },

  async 'unknown kids wait only for a coming refetch, at most maxWaitingRequests, released when it ends'() {
    reset({});
    const remote = new RemoteKeySet(url, { cooldown: 0, maxWaitingRequests: 3 });
    assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'ok');
    endpoint.delayMs = 400; // a slow refetch that brings the same keys
    const settle = async (run) => ({ code: await codeOf(run()), at: step() });
    const unknown = () => settle(() => verifierFor(remote, es).verifyAsync(es.token, { now: es.now }));
    const first = Array.from({ length: 6 }, unknown);
    await sleep(100); // late arrivals while the refetch is in flight
    const late = Array.from({ length: 4 }, unknown);
    const known = await settle(() => verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now }));
    const results = await Promise.all([...first, ...late]);
    const [, refetched] = endpoint.answeredAt;
    assert.equal(endpoint.hits, 2);
    assert.deepEqual(new Set(results.map((r) => r.code)), new Set(['unknown_kid']));
    // Three waited for the refetch's answer; the rest were refused before it.
    const waited = results.filter((r) => r.at > refetched);
    assert.equal(waited.length, 3, JSON.stringify({ refetched, results }));
    // Released by that answer, not by a later one or a timer: nothing else
    // was numbered between the answer and the last of them.
    assert.equal(Math.max(...waited.map((r) => r.at)), refetched + 3, JSON.stringify({ refetched, results }));
    assert.ok(known.code === 'ok' && known.at < refetched, `a known kid does not wait: ${JSON.stringify({ refetched, known })}`);
  },

  async 'in the cooldown an unknown kid is refused at once'() {
    reset({});
    const remote = new RemoteKeySet(url, { cooldown: 60_000 });
    assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'ok');
    endpoint.delayMs = 400;
    assert.equal(await codeOf(verifierFor(remote, es).verifyAsync(es.token, { now: es.now })), 'unknown_kid');
    // No fetch started, so the verdict waited for none.
    assert.equal(endpoint.hits, 1);
  },

  async 'maxWaitingRequests must be a whole number >= 0'() {
    for (const value of [-1, 1.5, '3', null]) {
      assert.throws(() => new RemoteKeySet(url, { maxWaitingRequests: value }), (error) => {
        assert.equal(error.code, 'invalid_options', String(error));
        assert.match(error.message, /maxWaitingRequests/);
        return true;
      });
    }
    assert.ok(new RemoteKeySet(url, { maxWaitingRequests: 0 }));
  },

  async 'stale keys serve while the endpoint fails'() {
    reset({});
    const remote = new RemoteKeySet(url, { cacheMaxAge: 100 });
    const verifier = verifierFor(remote, rs);
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    endpoint.status = 500;
    await sleep(150);
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    assert.equal(endpoint.hits, 2);
    assert.equal(remote.counters.fetchesFailed, 1);
  },

  async 'no keys and a failing endpoint: jwks_unavailable'() {
    reset({ status: 503 });
    const remote = new RemoteKeySet(url);
    assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'jwks_unavailable');
  },

  async 'a slow endpoint times out'() {
    reset({ delayMs: 1000 });
    const remote = new RemoteKeySet(url, { timeout: 100 });
    assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'jwks_unavailable');
    assert.deepEqual(endpoint.answeredAt, [], 'the timeout cut the fetch short: the endpoint had not answered');
  },

  async 'the cache exports and imports (short-lived isolates)'() {
    reset({ headers: { 'cache-control': 'max-age=300', etag: '"v1"' } });
    const first = new RemoteKeySet(url);
    await first.ready();
    const snapshot = first.exportCache();
    assert.equal(typeof snapshot, 'string');
    let fetches = 0;
    const second = new RemoteKeySet(url, { fetch: async () => { fetches += 1; throw new Error('offline'); } });
    assert.equal(second.importCache(snapshot), true);
    assert.equal(await codeOf(verifierFor(second, rs).verifyAsync(rs.token, { now: rs.now })), 'ok');
    assert.equal(fetches, 0);
    assert.throws(() => second.importCache('{"not":"ours"}'), (error) => error instanceof TokenError);
  },

  async 'a caller-supplied fetch is used, with If-None-Match on revalidation'() {
    reset({});
    const seen = [];
    const remote = new RemoteKeySet(url, {
      cacheMaxAge: 50,
      fetch: async (input, init) => {
        seen.push(init.headers['if-none-match'] ?? null);
        if (seen.length === 1) {
          return new Response(JSON.stringify(keys('rs256')), { headers: { etag: '"k1"' } });
        }
        return new Response(null, { status: 304 });
      },
    });
    const verifier = verifierFor(remote, rs);
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    await sleep(80);
    assert.equal(await codeOf(verifier.verifyAsync(rs.token, { now: rs.now })), 'ok');
    assert.deepEqual(seen, [null, '"k1"']);
    assert.equal(remote.counters.fetchesNotModified, 1);
  },
};

// Transport: redirects, hostile bodies, failure causes.

/** A loopback server answering with `handle`; resolves to it and its base URL. */
async function serve(handle) {
  const other = createServer(handle);
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  return { server: other, base: `http://127.0.0.1:${other.address().port}` };
}
function closeAll(...servers) {
  for (const s of servers) {
    s.closeAllConnections?.();
    s.close();
  }
}

/** The `jwks_unavailable` error of a RemoteKeySet's ready(). */
async function unavailable(remote) {
  try {
    await remote.ready();
  } catch (error) {
    assert.ok(error instanceof TokenError, String(error));
    assert.equal(error.code, 'jwks_unavailable', String(error));
    return error;
  }
  assert.fail('ready() resolved');
}

Object.assign(tests, {
  async 'a redirect fails the fetch: the target is never fetched'() {
    let targetHits = 0;
    const target = await serve((req, res) => {
      targetHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(keys('rs256')));
    });
    for (const status of [301, 302, 303, 307, 308]) {
      const first = await serve((req, res) => {
        res.writeHead(status, { location: `${target.base.replace('127.0.0.1', 'localhost')}/jwks` });
        res.end();
      });
      const remote = new RemoteKeySet(`${first.base}/jwks`);
      const error = await unavailable(remote);
      assert.equal(error.cause.reason, 'redirect_refused', String(error.cause));
      assert.equal(error.cause.status, status);
      assert.match(error.message, /redirect_refused/);
      assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'jwks_unavailable');
      assert.equal(remote.counters.fetchesFailed, 1);
      closeAll(first.server);
    }
    assert.equal(targetHits, 0, 'the redirect target was fetched');
    closeAll(target.server);
  },

  async 'a custom fetch gets redirect: manual, and a response it followed anyway is refused'() {
    reset({});
    const inits = [];
    const following = new RemoteKeySet(url, {
      fetch: async (input, init) => {
        inits.push(init);
        const response = await fetch(input, { ...init, redirect: 'follow' });
        Object.defineProperty(response, 'redirected', { value: true });
        return response;
      },
    });
    const error = await unavailable(following);
    assert.equal(error.cause.reason, 'redirect_refused');
    assert.equal(inits[0].redirect, 'manual');
  },

  async 'a 64 MiB body is refused near the cap, never held whole'() {
    const CHUNK = Buffer.alloc(1024 * 1024, 0x20);
    const TOTAL = 64 * CHUNK.length;
    let written = 0;
    const hostile = await serve(async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      while (written < TOTAL && !res.destroyed) {
        if (!res.write(CHUNK)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
        if (!res.destroyed) written += CHUNK.length;
      }
      res.end();
    });
    globalThis.gc?.();
    const before = process.memoryUsage();
    const remote = new RemoteKeySet(`${hostile.base}/jwks`, { timeout: 20_000 });
    const error = await unavailable(remote);
    const after = process.memoryUsage();
    assert.equal(error.cause.reason, 'body_too_large', String(error.cause));
    assert.equal(error.cause.status, 200);
    await sleep(100); // let the server notice the closed connection
    // The client read one byte past 256 KiB; sockets buffer a few MiB more.
    assert.ok(written <= 8 * CHUNK.length, `the server wrote ${written} bytes before the client stopped`);
    const grown = Math.max(after.arrayBuffers - before.arrayBuffers, after.rss - before.rss);
    assert.ok(grown < 32 * CHUNK.length, `memory grew by ${grown} bytes`);
    console.log(`remote: 64 MiB body: server wrote ${(written / 1048576).toFixed(0)} MiB, memory grew ${(grown / 1048576).toFixed(1)} MiB`);
    closeAll(hostile.server);
  },

  async 'a body at the cap loads; one byte more is refused'() {
    const cap = 256 * 1024;
    const json = JSON.stringify(keys('rs256'));
    let size = cap;
    const padded = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(json + ' '.repeat(size - json.length));
    });
    assert.equal(await codeOf(new RemoteKeySet(`${padded.base}/jwks`).ready()), 'ok');
    size = cap + 1;
    assert.equal((await unavailable(new RemoteKeySet(`${padded.base}/jwks`))).cause.reason, 'body_too_large');
    closeAll(padded.server);
  },

  async 'the cause tells what failed: status, network, timeout, invalid document'() {
    reset({ status: 503 });
    let error = await unavailable(new RemoteKeySet(url));
    assert.equal(error.cause.reason, 'http_status');
    assert.equal(error.cause.status, 503);
    assert.ok(error.cause instanceof Error);
    assert.match(error.message, /http_status: HTTP 503/);
    // verifyAsync throws the same error, cause and all.
    const fromVerifier = await verifierFor(new RemoteKeySet(url), rs).verifyAsync(rs.token, { now: rs.now }).catch((e) => e);
    assert.equal(fromVerifier.code, 'jwks_unavailable');
    assert.equal(fromVerifier.cause?.reason, 'http_status');
    assert.equal(fromVerifier.cause?.status, 503);

    reset({ body: { keys: 'not a list' } });
    error = await unavailable(new RemoteKeySet(url));
    assert.equal(error.cause.reason, 'invalid_document');
    assert.equal(error.cause.status, 200);

    reset({ delayMs: 1000 });
    error = await unavailable(new RemoteKeySet(url, { timeoutDuration: 100 }));
    assert.equal(error.cause.reason, 'timeout');
    assert.equal(error.cause.status, undefined);

    const closed = await serve(() => {});
    await new Promise((resolve) => closed.server.close(resolve)); // nobody listens there now
    error = await unavailable(new RemoteKeySet(`${closed.base}/jwks`));
    assert.equal(error.cause.reason, 'network_error', String(error.cause));
    assert.match(error.cause.message, /ECONNREFUSED/);
  },

  async "jose's names: timeoutDuration, cooldownDuration; both names at once refused"() {
    reset({ delayMs: 1000 });
    await unavailable(new RemoteKeySet(url, { timeoutDuration: 100 }));
    assert.deepEqual(endpoint.answeredAt, [], 'timeoutDuration cut the fetch short: the endpoint had not answered');
    reset({});
    const remote = new RemoteKeySet(url, { cooldownDuration: 60_000 });
    assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'ok');
    assert.equal(await codeOf(verifierFor(remote, es).verifyAsync(es.token, { now: es.now })), 'unknown_kid');
    assert.equal(endpoint.hits, 1, 'cooldownDuration did not hold the refetch');
    for (const [ours, jose] of [['timeout', 'timeoutDuration'], ['cooldown', 'cooldownDuration']]) {
      assert.throws(() => new RemoteKeySet(url, { [ours]: 1000, [jose]: 1000 }), (error) => {
        assert.equal(error.code, 'invalid_options');
        assert.match(error.message, new RegExp(`${ours}\\b.*${jose}`));
        return true;
      });
      if (ours === 'timeout') assert.throws(() => new RemoteKeySet(url, { [jose]: 2 ** 40 }), /timeoutDuration must be at most 2147483647/);
      assert.throws(() => new RemoteKeySet(url, { [jose]: '1000' }), (error) => {
        assert.equal(error.code, 'invalid_options');
        assert.match(error.message, new RegExp(`${jose} must be a whole number of milliseconds`));
        return true;
      });
    }
  },

  async 'headers: sent with each fetch; a plain object of strings or a Headers, else refused'() {
    const seen = [];
    const echo = await serve((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(keys('rs256')));
    });
    await new RemoteKeySet(`${echo.base}/jwks`, { headers: { 'user-agent': 'app/1', 'x-api-key': 'k' } }).ready();
    await new RemoteKeySet(`${echo.base}/jwks`, { headers: new Headers({ 'x-api-key': 'h' }) }).ready();
    closeAll(echo.server);
    assert.equal(seen[0]['user-agent'], 'app/1');
    assert.equal(seen[0]['x-api-key'], 'k');
    assert.equal(seen[1]['x-api-key'], 'h');
    assert.match(seen[1].accept, /application\/jwk-set\+json/);
    const refused = [
      [null, /headers must be a plain object of strings or a Headers \(got null\)/],
      ['x: y', /headers must be a plain object of strings or a Headers \(got string\)/],
      [[['x', 'y']], /got an array/],
      [new Map([['x', 'y']]), /got Map/],
      [{ 'x-n': 1 }, /headers\["x-n"\] must be a string \(got number\)/],
      [{ 'bad name': 'v' }, /^headers: /],
      [{ 'If-None-Match': '"x"' }, /headers must not set if-none-match/],
    ];
    for (const [headers, message] of refused) {
      assert.throws(() => new RemoteKeySet(url, { headers }), (error) => {
        assert.equal(error.code, 'invalid_options', String(error));
        assert.match(error.message, message);
        return true;
      });
    }
  },

  async 'a fetch given as a class method, on a prototype or by a getter is used'() {
    let calls = 0;
    const counted = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    class WithMethod {
      fetch(input, init) {
        return counted(input, init);
      }
    }
    class WithGetter {
      get fetch() {
        return counted;
      }
    }
    for (const [label, options] of [
      ['a prototype', Object.create({ fetch: counted })],
      ['a class method', new WithMethod()],
      ['a getter', new WithGetter()],
    ]) {
      reset({});
      calls = 0;
      const remote = new RemoteKeySet(url, options);
      assert.equal(await codeOf(verifierFor(remote, rs).verifyAsync(rs.token, { now: rs.now })), 'ok', label);
      assert.equal(calls, 1, `${label}: the caller's fetch was not used`);
    }
  },

  async 'fetch and allowInsecureHttp name the expected type'() {
    assert.throws(() => new RemoteKeySet(url, { fetch: 'fetch' }), /fetch must be a function \(got string\)/);
    assert.throws(() => new RemoteKeySet(url, { allowInsecureHttp: 'yes' }), /allowInsecureHttp must be a boolean \(got string\)/);
  },
});

for (const [name, run] of Object.entries(tests)) test(name, run);

after(() => {
  server.close();
  server.closeAllConnections?.();
});
