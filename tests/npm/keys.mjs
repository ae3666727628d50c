// Keys and transport through the packed package, as a user imports it:
// sender-constrained (`cnf`) tokens are refused unless the caller opts out,
// a JWK Set carrying private key material is refused whole (inline, and
// fetched by a RemoteKeySet), and RemoteKeySet fetches https:// only
// (http:// to loopback, or with allowInsecureHttp).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { verdictCodes } from './verdict-code.mjs';
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { ERROR_CODES, OptionsError, RemoteKeySet, TokenError, Verifier } = await import(target);
const fixture = JSON.parse(readFileSync(new URL('../keys/fixture.json', import.meta.url), 'utf8'));
const { now, options, tokens } = fixture;

// A JWKS endpoint on loopback whose document tests switch.
const endpoint = { hits: 0, body: fixture.jwks };
const server = createServer((req, res) => {
  endpoint.hits += 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(endpoint.body));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const { asyncCodeOf: codeOf } = verdictCodes(TokenError);

/** A second Ed25519 key: its public JWK and a signer re-signing a fixture token's claims under its kid. */
function otherKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = 'other';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
  const sign = (token) => {
    const [header, payload] = token.split('.');
    const fields = JSON.parse(Buffer.from(header, 'base64url').toString());
    const input = `${Buffer.from(JSON.stringify({ ...fields, kid })).toString('base64url')}.${payload}`;
    return `${input}.${cryptoSign(null, Buffer.from(input), privateKey).toString('base64url')}`;
  };
  return { jwk, sign };
}

function thrown(run) {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail('did not throw');
}

const tests = {
  async 'a cnf token is refused with binding_not_verified, sync and async'() {
    assert.ok(ERROR_CODES.includes('binding_not_verified'));
    const verifier = new Verifier({ jwks: fixture.jwks, ...options });
    assert.equal(await codeOf(() => verifier.verify(tokens.bearer, { now })), 'ok');
    for (const name of ['dpop', 'mtls', 'unknownMethod']) {
      assert.equal(await codeOf(() => verifier.verify(tokens[name], { now })), 'binding_not_verified', name);
      assert.equal(await codeOf(() => verifier.verifyAsync(tokens[name], { now })), 'binding_not_verified', name);
    }
  },

  async 'acceptSenderConstrainedAsBearer: true accepts them'() {
    const verifier = new Verifier({ jwks: fixture.jwks, ...options, acceptSenderConstrainedAsBearer: true });
    for (const name of ['dpop', 'mtls', 'unknownMethod']) {
      assert.equal(await codeOf(() => verifier.verify(tokens[name], { now })), 'ok', name);
      assert.equal(await codeOf(() => verifier.verifyAsync(tokens[name], { now })), 'ok', name);
    }
    const error = thrown(() => new Verifier({ jwks: fixture.jwks, ...options, acceptSenderConstrainedAsBearer: 1 }));
    assert.ok(error instanceof OptionsError && error.code === 'invalid_options', String(error));
  },

  async 'an inline JWK Set with a private key is refused whole'() {
    const error = thrown(() => new Verifier({ jwks: fixture.leakedJwks, ...options }));
    assert.ok(error instanceof TokenError, String(error));
    assert.equal(error.code, 'jwks_invalid');
    assert.match(error.message, /key 1 \(kid "leaked"\) carries private key material \("d"\)/);
    // A secret without the opt-in is a leak too; with it, a key.
    const oct = { keys: [{ kty: 'oct', kid: 'h', k: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' }] };
    assert.equal(thrown(() => new Verifier({ jwks: oct, ...options })).code, 'jwks_invalid');
    new Verifier({ jwks: oct, ...options, algorithms: ['HS256'], allowSymmetric: true });
  },

  async 'a RemoteKeySet keeps its last good set, less the leaked key, when the endpoint leaks a private key'() {
    Object.assign(endpoint, { hits: 0, body: fixture.jwks });
    const url = `http://127.0.0.1:${port}/jwks`;
    const remote = new RemoteKeySet(url, { cooldown: 0 });
    const verifier = new Verifier({ jwks: remote, ...options });
    assert.equal(await codeOf(() => verifier.verifyAsync(tokens.bearer, { now })), 'ok');
    endpoint.body = fixture.leakedJwks;
    // The next fetch (forced here, as an unknown kid would) gets the leak.
    assert.equal(await remote.refreshForUnknownKid(), true);
    assert.equal(endpoint.hits, 2);
    assert.equal(remote.counters.fetchesFailed, 1);
    // The leak is the private half of the served key (kid "leaked"): its
    // tokens stop verifying now, not when the stale window runs out.
    assert.equal(await codeOf(() => verifier.verifyAsync(tokens.bearer, { now })), 'unknown_kid');
    // A cold RemoteKeySet never gets keys from that document.
    const cold = new RemoteKeySet(url);
    assert.equal(await codeOf(() => new Verifier({ jwks: cold, ...options }).verifyAsync(tokens.bearer, { now })), 'jwks_unavailable');
  },

  async 'a leaked key stops verifying at once, the other keys of the set still do'() {
    const other = otherKey();
    const good = { keys: [...fixture.jwks.keys, other.jwk] };
    const leakedFirst = { ...fixture.jwks.keys[0], d: fixture.leakedJwks.keys[1].d };
    Object.assign(endpoint, { hits: 0, body: good });
    const remote = new RemoteKeySet(`http://127.0.0.1:${port}/jwks`, { cooldown: 0 });
    const verifier = new Verifier({ jwks: remote, ...options });
    const otherToken = other.sign(tokens.bearer);
    assert.equal(await codeOf(() => verifier.verifyAsync(tokens.bearer, { now })), 'ok');
    assert.equal(await codeOf(() => verifier.verifyAsync(otherToken, { now })), 'ok');
    endpoint.body = { keys: [leakedFirst, other.jwk] };
    assert.equal(await remote.refreshForUnknownKid(), true);
    assert.equal(remote.counters.fetchesFailed, 1);
    assert.equal(await codeOf(() => verifier.verifyAsync(tokens.bearer, { now })), 'unknown_kid');
    assert.equal(await codeOf(() => verifier.verifyAsync(otherToken, { now })), 'ok');
  },

  async 'RemoteKeySet takes https:// and loopback http://'() {
    const offline = { fetch: async () => { throw new Error('offline'); } };
    for (const url of [
      'https://login.example.com/jwks',
      `http://127.0.0.1:${port}/jwks`,
      `HTTP://LOCALHOST:${port}/jwks`,
      `http://[::1]:${port}/jwks`,
    ]) {
      assert.ok(new RemoteKeySet(url, offline), url);
    }
  },

  async 'plain http:// elsewhere needs allowInsecureHttp'() {
    const url = 'http://login.example.com/jwks';
    const error = thrown(() => new RemoteKeySet(url));
    assert.ok(error instanceof OptionsError, String(error));
    assert.equal(error.code, 'invalid_options');
    assert.match(error.message, /allowInsecureHttp/);
    const seen = [];
    const remote = new RemoteKeySet(url, {
      allowInsecureHttp: true,
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(JSON.stringify(fixture.jwks));
      },
    });
    assert.equal(await codeOf(() => new Verifier({ jwks: remote, ...options }).verifyAsync(tokens.bearer, { now })), 'ok');
    assert.deepEqual(seen, [url]);
    const wrong = thrown(() => new RemoteKeySet(url, { allowInsecureHttp: 'true' }));
    assert.ok(wrong instanceof OptionsError && /allowInsecureHttp/.test(wrong.message), String(wrong));
  },

  async 'URL tricks are refused even with allowInsecureHttp'() {
    for (const url of ['https://127.0.0.1@evil.example/jwks', 'http://user:pw@127.0.0.1/jwks', 'ftp://login.example.com/jwks']) {
      const error = thrown(() => new RemoteKeySet(url, { allowInsecureHttp: true }));
      assert.ok(error instanceof OptionsError && error.code === 'invalid_options', `${url}: ${error}`);
    }
  },
};

for (const [name, run] of Object.entries(tests)) test(name, run);
after(() => server.close());
