// node:crypto's imported-key cache (src/js/node-crypto.js) keeps the keys in
// use: an issuer key verified between many one-off keys (DPoP clients each
// bring their own) is imported once, not again each time the one-off keys
// fill the cache. Counted at node:crypto's createPublicKey, on the packed
// package's node entry (default pkg/, or TOKENWARD_PKG).
//
//   node --test tests/npm/host-key-cache.test.mjs
import crypto, { generateKeyPairSync, sign } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'api://tokenward';
/** More one-off keys than the cache holds (MAX_KEYS, 256). */
const ONE_OFF_KEYS = 300;

// Counted before the package loads, so its `import { createPublicKey }` binds to the counter.
// Keyed by the public point's x (what reaches createPublicKey may carry no kid).
const importsByX = new Map();
const createPublicKey = crypto.createPublicKey;
crypto.createPublicKey = (input) => {
  const x = input?.key?.x;
  if (x !== undefined) importsByX.set(x, (importsByX.get(x) ?? 0) + 1);
  return createPublicKey(input);
};
const importsOf = (key) => importsByX.get(key.jwk.x) ?? 0;
syncBuiltinESMExports();

const dir = process.env.TOKENWARD_PKG ?? fileURLToPath(new URL('../../pkg/', import.meta.url));
const tokenward = await import(pathToFileURL(join(dir, 'node.js')).href);

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function makeKey(kid) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

let serial = 0;
/** A fresh token (its own jti), so no result cache answers for the key. */
function mint(key) {
  const now = Math.floor(Date.now() / 1000);
  serial += 1;
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: 'alice', jti: `t${serial}`, iat: now - 10, exp: now + 600 };
  const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const verifierFor = (key) => new tokenward.Verifier({ jwks: { keys: [key.jwk] }, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] });

test('a key in use stays imported while more one-off keys than the cache holds pass through', () => {
  const issuer = makeKey('issuer');
  const issuerVerifier = verifierFor(issuer);
  assert.equal(issuerVerifier.verify(mint(issuer)).claims.sub, 'alice');
  assert.equal(importsOf(issuer), 1);
  let first;
  for (let i = 0; i < ONE_OFF_KEYS; i++) {
    const oneOff = makeKey(`one-off-${i}`);
    first ??= oneOff;
    assert.equal(verifierFor(oneOff).verify(mint(oneOff)).claims.sub, 'alice');
    // The issuer's key, used all along (first in, so first out were the cache FIFO).
    if (i % 16 === 0) assert.equal(issuerVerifier.verify(mint(issuer)).claims.sub, 'alice');
  }
  assert.equal(importsOf(first), 1, 'the counter sees every import');
  assert.equal(importsOf(issuer), 1, 'the issuer key was imported again: evicted while in use');
});

test('a key not used for as long as the cache holds is evicted, and imported again when it returns', () => {
  const idle = makeKey('idle');
  const idleVerifier = verifierFor(idle);
  assert.equal(idleVerifier.verify(mint(idle)).claims.sub, 'alice');
  for (let i = 0; i < ONE_OFF_KEYS; i++) {
    const oneOff = makeKey(`later-${i}`);
    assert.equal(verifierFor(oneOff).verify(mint(oneOff)).claims.sub, 'alice');
  }
  assert.equal(idleVerifier.verify(mint(idle)).claims.sub, 'alice');
  assert.equal(importsOf(idle), 2, 'the cache is bounded');
});
