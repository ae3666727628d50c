// DPoP (RFC 9449) through the packed package, as a Node service uses it:
// access tokens bound to a client key (cnf.jkt) and DPoP proofs made with
// jose, each refusal of RFC 9449 §4.3 by its code and reason, for verify
// and verifyAsync, on the node entry (node:crypto) and the browser entry
// in Node (WebCrypto: verifyAsync's two-phase path).
//
//   node --test tests/npm/dpop.mjs, or node tests/npm/dpop.mjs [package dir]   (default: pkg/)
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const dir = process.argv[2] ?? new URL('../../pkg/', import.meta.url).pathname;
const now = 1_767_225_600;
const ISSUER = 'https://login.example.com';
const AUDIENCE = 'https://api.example.com';
const URL_ = 'https://api.example.com/orders';
const NONCE_SECRET = 'a nonce secret of at least 32 bytes, for tests';

const issuer = await generateKeyPair('ES256', { extractable: true });
const issuerJwk = { ...(await exportJWK(issuer.publicKey)), kid: 'issuer', alg: 'ES256', use: 'sig' };
const jwks = { keys: [issuerJwk] };
const client = await generateKeyPair('ES256', { extractable: true });
const clientJwk = await exportJWK(client.publicKey);
const clientJkt = await calculateJwkThumbprint(clientJwk);
const other = await generateKeyPair('ES256', { extractable: true });

function accessToken(cnf) {
  return new SignJWT({ sub: 'alice', client_id: 'spa', ...(cnf && { cnf }) })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'issuer' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now - 10)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(issuer.privateKey);
}

const ath = (token) => createHash('sha256').update(token).digest('base64url');

/** A proof by the client key for `token`, with `claims` / `header` overrides. */
function proof(token, { claims = {}, header = {}, key = client.privateKey } = {}) {
  return new SignJWT({ htm: 'POST', htu: URL_, iat: now, jti: randomUUID(), ath: ath(token), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: clientJwk, ...header })
    .sign(key);
}

/** An unsigned or HMAC proof: jose refuses to make the first, so by hand. */
function handMade(header, claims, signature = '') {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.${signature}`;
}

const options = { issuer: ISSUER, audience: AUDIENCE, profile: 'at+jwt' };

async function outcome(run) {
  try {
    const result = await run();
    return { code: 'ok', result };
  } catch (error) {
    return { code: error.code, reason: error.reason, error };
  }
}

async function load(host) {
  if (host === 'node') return import(pathToFileURL(join(dir, 'node.js')).href);
  const tokenward = await import(pathToFileURL(join(dir, 'browser.js')).href);
  await tokenward.init(readFileSync(join(dir, 'tokenward_bg.wasm')));
  return tokenward;
}

function suite(tokenward) {
  const { ERROR_CODES, OptionsError, TokenError, Verifier, dpopRequest } = tokenward;
  const dpopVerifier = (dpop = {}) => new Verifier({ jwks, ...options, dpop });
  const call = (dpop) => ({ now, dpop: { method: 'POST', url: URL_, ...dpop } });
  /** The verdict of verify and of verifyAsync, each on a fresh Verifier. */
  async function both(make, token, dpopCall) {
    const sync = await outcome(() => make().verify(token, dpopCall));
    const async_ = await outcome(() => make().verifyAsync(token, dpopCall));
    assert.equal(async_.code, sync.code, 'verifyAsync agrees with verify');
    assert.equal(async_.reason, sync.reason, 'verifyAsync agrees with verify (reason)');
    return sync;
  }
  const refusal = async (token, proofText, code, reason, make = dpopVerifier) => {
    const result = await both(make, token, call({ proof: proofText }));
    assert.equal(result.code, code, `${code}/${reason}: got ${result.code} ${result.error?.message ?? ''}`);
    assert.equal(result.reason, reason);
    return result.error;
  };

  return {
    async 'the new codes are exported'() {
      for (const code of ['dpop_proof_required', 'invalid_dpop_proof', 'use_dpop_nonce', 'dpop_replay',
        'dpop_replay_cache_full', 'dpop_key_mismatch', 'dpop_token_unbound']) {
        assert.ok(ERROR_CODES.includes(code), code);
      }
    },

    async 'a bound token with a valid proof is accepted, once'() {
      const token = await accessToken({ jkt: clientJkt });
      const verifier = dpopVerifier();
      const valid = await proof(token);
      const { claims } = verifier.verify(token, call({ proof: valid }));
      assert.equal(claims.cnf.jkt, clientJkt);
      const again = await outcome(() => verifier.verify(token, call({ proof: valid })));
      assert.equal(again.code, 'dpop_replay');
      assert.equal(again.error.dpopChallenge, 'invalid_dpop_proof');
      const asyncAgain = await outcome(() => verifier.verifyAsync(token, call({ proof: valid })));
      assert.equal(asyncAgain.code, 'dpop_replay');
      const fresh = await verifier.verifyAsync(token, call({ proof: await proof(token) }));
      assert.equal(fresh.claims.sub, 'alice');
    },

    async 'another method, another URL'() {
      const token = await accessToken({ jkt: clientJkt });
      await refusal(token, await proof(token, { claims: { htm: 'GET' } }), 'invalid_dpop_proof', 'htm');
      await refusal(token, await proof(token, { claims: { htu: 'https://api.example.com/admin' } }), 'invalid_dpop_proof', 'htu');
      // Query, fragment, case and default port do not count (RFC 9449 §4.3).
      const same = await proof(token, { claims: { htu: 'HTTPS://API.example.com:443/orders' } });
      const withQuery = await both(dpopVerifier, token, call({ proof: same, url: `${URL_}?page=2` }));
      assert.equal(withQuery.code, 'ok');
    },

    async 'stale and future iat'() {
      const token = await accessToken({ jkt: clientJkt });
      await refusal(token, await proof(token, { claims: { iat: now - 61 } }), 'invalid_dpop_proof', 'iat');
      await refusal(token, await proof(token, { claims: { iat: now + 6 } }), 'invalid_dpop_proof', 'iat');
      const wider = () => dpopVerifier({ maxAge: '5 min', maxFuture: 30 });
      assert.equal((await both(wider, token, call({ proof: await proof(token, { claims: { iat: now - 300 } }) }))).code, 'ok');
      assert.equal((await both(wider, token, call({ proof: await proof(token, { claims: { iat: now + 30 } }) }))).code, 'ok');
    },

    async 'wrong ath'() {
      const token = await accessToken({ jkt: clientJkt });
      const otherToken = await accessToken({ jkt: clientJkt });
      await refusal(token, await proof(otherToken), 'invalid_dpop_proof', 'ath');
    },

    async 'a proof signed by another key than its jwk'() {
      const token = await accessToken({ jkt: clientJkt });
      await refusal(token, await proof(token, { key: other.privateKey }), 'invalid_dpop_proof', 'signature');
    },

    async 'a bound token without a proof, or as a bearer token'() {
      const token = await accessToken({ jkt: clientJkt });
      const noHeader = await both(dpopVerifier, token, call({}));
      assert.equal(noHeader.code, 'dpop_proof_required');
      assert.equal(noHeader.error.dpopChallenge, 'invalid_token');
      const noOption = await both(dpopVerifier, token, { now });
      assert.equal(noOption.code, 'dpop_proof_required');
      const bearer = await both(() => new Verifier({ jwks, ...options }), token, { now });
      assert.equal(bearer.code, 'binding_not_verified');
    },

    async 'alg none and HS256 proofs'() {
      const token = await accessToken({ jkt: clientJkt });
      const claims = { htm: 'POST', htu: URL_, iat: now, jti: randomUUID(), ath: ath(token) };
      const none = handMade({ alg: 'none', typ: 'dpop+jwt', jwk: clientJwk }, claims);
      await refusal(token, none, 'invalid_dpop_proof', 'alg');
      const secret = new TextEncoder().encode('a shared secret of thirty-two bytes!');
      const hs256 = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: Buffer.from(secret).toString('base64url') } })
        .sign(secret);
      await refusal(token, hs256, 'invalid_dpop_proof', 'alg');
      const refused = await outcome(() => dpopVerifier({ algorithms: ['ES256', 'HS256'] }));
      assert.equal(refused.code, 'invalid_options');
      assert.match(refused.error.message, /HS256/);
    },

    async 'a private key in the jwk'() {
      const token = await accessToken({ jkt: clientJkt });
      const privateJwk = await exportJWK(client.privateKey);
      assert.ok(privateJwk.d);
      await refusal(token, await proof(token, { header: { jwk: privateJwk } }), 'invalid_dpop_proof', 'private_key');
    },

    async 'a missing nonce when nonces are required'() {
      const token = await accessToken({ jkt: clientJkt });
      const verifier = dpopVerifier({ requireNonce: true, nonceSecret: NONCE_SECRET });
      const withoutProof = await outcome(() => verifier.verify(token, call({})));
      assert.equal(withoutProof.code, 'dpop_proof_required');
      const noNonce = await outcome(async () => verifier.verify(token, call({ proof: await proof(token) })));
      assert.equal(noNonce.code, 'use_dpop_nonce');
      assert.equal(noNonce.error.dpopChallenge, 'use_dpop_nonce');
      assert.equal(typeof noNonce.error.dpopNonce, 'string');
      const wrong = await outcome(async () => verifier.verifyAsync(token, call({ proof: await proof(token, { claims: { nonce: 'made-up' } }) })));
      assert.equal(wrong.code, 'use_dpop_nonce');
      assert.equal(wrong.error.dpopNonce, noNonce.error.dpopNonce);
      // The client retries with the nonce it was given.
      const retried = await proof(token, { claims: { nonce: noNonce.error.dpopNonce } });
      assert.equal(verifier.verify(token, call({ proof: retried })).claims.sub, 'alice');
      // Another Verifier with the same secret (another process) accepts it too.
      const sibling = dpopVerifier({ requireNonce: true, nonceSecret: NONCE_SECRET });
      const elsewhere = await proof(token, { claims: { nonce: noNonce.error.dpopNonce } });
      assert.equal((await sibling.verifyAsync(token, call({ proof: elsewhere }))).claims.sub, 'alice');
      // A nonce the caller issued itself, per call.
      const perCall = await outcome(async () => dpopVerifier().verify(token, call({ proof: await proof(token), nonce: 'n-1' })));
      assert.equal(perCall.code, 'use_dpop_nonce');
      assert.equal(perCall.error.dpopNonce, 'n-1');
    },

    async 'a proof by another key than cnf.jkt; a proof with an unbound token'() {
      const otherJkt = await calculateJwkThumbprint(await exportJWK(other.publicKey));
      const boundElsewhere = await accessToken({ jkt: otherJkt });
      const mismatch = await both(dpopVerifier, boundElsewhere, call({ proof: await proof(boundElsewhere) }));
      assert.equal(mismatch.code, 'dpop_key_mismatch');
      const unbound = await accessToken();
      const refused = await both(dpopVerifier, unbound, call({ proof: await proof(unbound) }));
      assert.equal(refused.code, 'dpop_token_unbound');
      const allowed = () => dpopVerifier({ allowUnboundTokens: true });
      assert.equal((await both(allowed, unbound, call({ proof: await proof(unbound) }))).code, 'ok');
      // Without a proof, an unbound token is a bearer token, as before.
      assert.equal((await both(dpopVerifier, unbound, { now })).code, 'ok');
    },

    async 'a full replay cache refuses new proofs'() {
      const token = await accessToken({ jkt: clientJkt });
      const verifier = dpopVerifier({ replayCacheSize: 1 });
      verifier.verify(token, call({ proof: await proof(token) }));
      const full = await outcome(async () => verifier.verify(token, call({ proof: await proof(token) })));
      assert.equal(full.code, 'dpop_replay_cache_full');
      // Once the first proof's window has passed, its room is reused.
      const later = { ...call({ proof: await proof(token, { claims: { iat: now + 61 } }) }), now: now + 61 };
      assert.equal(verifier.verify(token, later).claims.sub, 'alice');
    },

    async 'with a verified-token cache, every call still needs its own proof'() {
      const token = await accessToken({ jkt: clientJkt });
      const verifier = new Verifier({ jwks, ...options, cache: {}, dpop: {} });
      const first = await proof(token);
      verifier.verify(token, call({ proof: first }));
      assert.equal((await outcome(() => verifier.verify(token, call({ proof: first })))).code, 'dpop_replay');
      assert.equal((await outcome(() => verifier.verify(token, { now }))).code, 'dpop_proof_required');
      verifier.verify(token, call({ proof: await proof(token) }));
      assert.ok(verifier.cacheStats.hits >= 2, JSON.stringify(verifier.cacheStats));
    },

    async 'options are applied or refused by name'() {
      const refusedWith = async (run, pattern) => {
        const result = await outcome(run);
        assert.equal(result.code, 'invalid_options', `${pattern}: ${result.code}`);
        assert.ok(result.error instanceof OptionsError);
        assert.match(result.error.message, pattern);
      };
      await refusedWith(() => dpopVerifier({ maxAgee: 60 }), /unknown option dpop\.maxAgee/);
      await refusedWith(() => dpopVerifier({ replayCacheSize: 0 }), /replayCacheSize/);
      await refusedWith(() => dpopVerifier({ nonceSecret: NONCE_SECRET }), /requireNonce/);
      await refusedWith(() => dpopVerifier({ requireNonce: true }), /nonceSecret/);
      await refusedWith(() => dpopVerifier({ requireNonce: true, nonceSecret: 'short' }), /32 bytes/);
      await refusedWith(() => dpopVerifier({ maxAge: -1 }), /maxAge/);
      await refusedWith(() => dpopVerifier({ algorithms: [] }), /algorithms/);
      await refusedWith(() => new Verifier({ jwks, ...options, dpop: true }), /dpop/);
      const token = await accessToken({ jkt: clientJkt });
      const plain = new Verifier({ jwks, ...options });
      await refusedWith(() => plain.verify(token, call({})), /dpop/);
      await refusedWith(() => plain.verifyAsync(token, call({})), /dpop/);
      const verifier = dpopVerifier();
      await refusedWith(() => verifier.verify(token, call({ url: '/orders' })), /dpop\.url/);
      await refusedWith(() => verifier.verify(token, call({ method: '' })), /dpop\.method/);
      await refusedWith(() => verifier.verify(token, call({ proof: 7 })), /dpop\.proof/);
      await refusedWith(() => verifier.verify(token, call({ scheme: 7 })), /dpop\.scheme/);
      await refusedWith(() => verifier.verify(token, call({ htm: 'POST' })), /unknown option htm/);
      await refusedWith(() => verifier.verifyAsync(token, call({ url: 'ftp://x/' })), /dpop\.url/);
      // An option refused before a bad token: the options come first.
      await refusedWith(() => verifier.verify('not a token', call({ url: '/orders' })), /dpop\.url/);
    },

    async 'the proof is checked before the token, on both paths'() {
      const token = await accessToken({ jkt: clientJkt });
      const stale = await proof(token, { claims: { iat: now - 600 } });
      const [header, , signature] = token.split('.');
      const tampered = `${header}.${Buffer.from('{"sub":"mallory"}').toString('base64url')}.${signature}`;
      await refusal(tampered, stale, 'invalid_dpop_proof', 'iat');
      await refusal('not.a.token', stale, 'invalid_dpop_proof', 'iat');
    },

    async 'two DPoP header values are refused'() {
      const token = await accessToken({ jkt: clientJkt });
      const one = await proof(token);
      await refusal(token, `${one}, ${await proof(token)}`, 'invalid_dpop_proof', 'count');
      // Two header fields, as an array: request input, refused as the edge refuses it.
      const two = await refusal(token, [one, await proof(token)], 'invalid_dpop_proof', 'count');
      assert.ok(two instanceof TokenError);
      assert.equal((await both(dpopVerifier, token, call({ proof: [await proof(token)] }))).code, 'ok');
    },

    async 'an empty, blank or malformed DPoP header is request input, never an options error'() {
      const bound = await accessToken({ jkt: clientJkt });
      const unbound = await accessToken();
      for (const empty of ['', '   ', [], ['', ' '], ' , ']) {
        const label = JSON.stringify(empty);
        const refused = await both(dpopVerifier, bound, call({ proof: empty }));
        assert.equal(refused.code, 'dpop_proof_required', label);
        assert.ok(refused.error instanceof TokenError, label);
        assert.equal(refused.error.dpopChallenge, 'invalid_token', label);
        // An unbound token without a proof is a bearer token, as with no header.
        assert.equal((await both(dpopVerifier, unbound, call({ proof: empty }))).code, 'ok', label);
      }
      for (const malformed of ['abc', 'a.b', '!!.??.**', 'a.b.c.d']) {
        const refused = await both(dpopVerifier, bound, call({ proof: malformed }));
        assert.equal(refused.code, 'invalid_dpop_proof', malformed);
        assert.ok(refused.error instanceof TokenError, malformed);
      }
      // A value of the wrong type is the caller's bug: an options error.
      for (const wrong of [7, {}, [7], [await proof(bound), null]]) {
        const refused = await both(dpopVerifier, bound, call({ proof: wrong }));
        assert.equal(refused.code, 'invalid_options', String(wrong));
        assert.ok(refused.error instanceof OptionsError);
        assert.match(refused.error.message, /dpop\.proof/);
      }
    },

    async 'the Authorization scheme: a bound token sent as Bearer is refused, whatever its proof'() {
      const token = await accessToken({ jkt: clientJkt });
      for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
        const asBearer = await both(dpopVerifier, token, call({ scheme, proof: await proof(token) }));
        assert.equal(asBearer.code, 'dpop_proof_required', scheme);
        assert.equal(asBearer.error.dpopChallenge, 'invalid_token', scheme);
      }
      for (const scheme of ['DPoP', 'dpop', 'DPOP']) {
        assert.equal((await both(dpopVerifier, token, call({ scheme, proof: await proof(token) }))).code, 'ok', scheme);
      }
      // The DPoP scheme comes with a proof (RFC 9449 §7.1), even for an unbound token.
      const unbound = await accessToken();
      assert.equal((await both(dpopVerifier, unbound, call({ scheme: 'DPoP' }))).code, 'dpop_proof_required');
      assert.equal((await both(dpopVerifier, unbound, call({ scheme: 'Bearer', proof: await proof(unbound) }))).code, 'ok');
      const basic = await both(dpopVerifier, token, call({ scheme: 'Basic', proof: await proof(token) }));
      assert.equal(basic.code, 'invalid_options');
      assert.match(basic.error.message, /dpop\.scheme/);
    },

    async 'dpopRequest reads the headers with the core parser'() {
      const token = await accessToken({ jkt: clientJkt });
      const request = async (authorization, dpop) => dpopRequest({ authorization, dpop, method: 'POST', url: URL_ });
      const verdict = async (input) => both(dpopVerifier, input.token, { now, dpop: input.dpop });
      const dpop = await request(`dpop  ${token}`, await proof(token));
      assert.deepEqual(Object.keys(dpop.dpop).sort(), ['method', 'proof', 'scheme', 'url']);
      assert.equal(dpop.token, token);
      assert.equal(dpop.dpop.scheme, 'DPoP');
      assert.equal((await verdict(dpop)).code, 'ok');
      const bearer = await request(`Bearer ${token}`, await proof(token));
      assert.equal(bearer.dpop.scheme, 'Bearer');
      assert.equal((await verdict(bearer)).code, 'dpop_proof_required');
      assert.equal((await verdict(await request(`DPoP ${token}`, ''))).code, 'dpop_proof_required');
      const twice = await request(`DPoP ${token}`, [await proof(token), await proof(token)]);
      assert.equal((await verdict(twice)).code, 'invalid_dpop_proof');
      for (const authorization of [undefined, '', 'DPoP', 'DPoP a b', `Basic ${token}`, `Bearer${token}`]) {
        assert.equal(await request(authorization, await proof(token)), null, String(authorization));
      }
      const refused = await outcome(() => dpopRequest({ authorization: 7, method: 'POST', url: URL_ }));
      assert.ok(refused.error instanceof OptionsError);
      assert.equal((await outcome(() => dpopRequest({ authorization: `DPoP ${token}`, url: URL_ }))).code, 'invalid_options');
    },
  };
}

/**
 * The builds for browsers leave DPoP out: the browser build of 'tokenward'
 * (its browser / default condition), tokenward/spa and tokenward/slim. The
 * option is refused by name, pointing at the builds that have it.
 */
async function smallerBuilds() {
  for (const build of ['browser', 'spa', 'slim']) {
    const tokenwardBuild = await import(pathToFileURL(join(dir, build, 'node.js')).href);
    const { OptionsError, Verifier } = tokenwardBuild;
    const refused = await outcome(() => new Verifier({ jwks, ...options, dpop: {} }));
    assert.equal(refused.code, 'invalid_options', build);
    assert.ok(refused.error instanceof OptionsError, build);
    assert.match(refused.error.message, /dpop is not in this build of tokenward: import it from 'tokenward' in Node or workerd/, build);
    if (build === 'browser') {
      const helper = await outcome(() => tokenwardBuild.dpopRequest({ authorization: 'DPoP x', method: 'GET', url: URL_ }));
      assert.equal(helper.code, 'unsupported', build);
      assert.match(helper.error.message, /dpopRequest is not in this build/);
    }
    const token = await accessToken({ jkt: clientJkt });
    const plain = new Verifier({ jwks, ...options });
    assert.equal((await outcome(() => plain.verify(token, { now, dpop: { method: 'GET', url: URL_ } }))).code, 'invalid_options', build);
    assert.equal((await outcome(() => plain.verify(token, { now }))).code, 'binding_not_verified', build);
  }
}

test('the browser build, spa and slim refuse dpop by name', smallerBuilds);
// Both entries: node:crypto, and WebCrypto through verifyAsync's two-phase path.
for (const host of ['node', 'webcrypto']) {
  const tests = suite(await load(host));
  for (const [name, run] of Object.entries(tests)) test(`${host}: ${name}`, run);
}
