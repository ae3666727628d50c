// One verdict whichever host crypto verifyAsync uses: node:crypto (the
// node entry) or WebCrypto (the browser entry, which Node runs too). Run
// once per host, each in its own process (the entry installs the host):
//
//   node tests/npm/host-crypto.mjs node      [package dir]   (default: pkg/)
//   node tests/npm/host-crypto.mjs webcrypto [package dir]
//
// tests/npm/packaging.mjs runs both on the packed, installed package.
// Checked: a key set with a small-order Ed25519 key is refused whole
// (inline and fetched by a RemoteKeySet), so the token forged under it
// (R = identity, S = 0, no private key) is never accepted; `Ed25519` (RFC
// 9864) verifies as EdDSA does; ES512 (P-521) verifies on the host as
// in the core, high S included; with WebCrypto, crypto.subtle is asked
// about ES256 and ES512 (P-521) but never about an Ed25519 signature (the
// core's rule); with node:crypto, the synchronous verify asks it too
// (ES256 and RS256, valid, tampered, cached), never about Ed25519, and
// gives verifyAsync's verdict.
import crypto, { generateKeyPairSync, sign } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'api://tokenward';
const IDENTITY = Buffer.from([1, ...new Array(31).fill(0)]);
const SMALL_ORDER_KEY = { kty: 'OKP', crv: 'Ed25519', kid: 'weak', alg: 'EdDSA', use: 'sig', x: IDENTITY.toString('base64url') };

const b64 = (value) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: now() - 10, exp: now() + 600 });

const EC_CURVE = { ES256: 'P-256', ES512: 'P-521' };
const EC_HASH = { ES256: 'sha256', ES512: 'sha512' };
// P-521's group order, for the high-S twin of a signature (s -> n - s).
const P521_N = BigInt('0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409');

function makeKey(type, alg, kid) {
  const { privateKey, publicKey } = type === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: EC_CURVE[alg] })
    : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return { alg, kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

function mint(key, alg = key.alg) {
  const input = `${b64({ alg, typ: 'JWT', kid: key.kid })}.${b64(claims())}`;
  const signature = alg in EC_HASH
    ? sign(EC_HASH[alg], Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
    : alg === 'RS256' ? sign('sha256', Buffer.from(input), key.privateKey) : sign(null, Buffer.from(input), key.privateKey);
  return `${input}.${b64(signature)}`;
}

/** The same ES512 token with s replaced by n - s: also valid (no low-S rule). */
function highS(token) {
  const cut = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(cut + 1), 'base64url');
  const s = BigInt(`0x${signature.subarray(66).toString('hex')}`);
  const twin = Buffer.from((P521_N - s).toString(16).padStart(132, '0'), 'hex');
  return `${token.slice(0, cut)}.${b64(Buffer.concat([signature.subarray(0, 66), twin]))}`;
}

/** The finding's token: R = identity, S = 0 under the small-order key. */
function forged() {
  return `${b64({ alg: 'EdDSA', typ: 'JWT', kid: 'weak' })}.${b64(claims())}.${b64(Buffer.concat([IDENTITY, Buffer.alloc(32)]))}`;
}

/** The token with a same-length signature of 7s. */
function tampered(token) {
  const cut = token.lastIndexOf('.');
  const length = Buffer.from(token.slice(cut + 1), 'base64url').length;
  return `${token.slice(0, cut)}.${b64(Buffer.alloc(length, 7))}`;
}

/** Counts crypto.subtle.verify calls per algorithm name (WebCrypto host). */
function countSubtle() {
  const counts = {};
  const subtle = globalThis.crypto.subtle;
  const verify = subtle.verify.bind(subtle);
  subtle.verify = (params, key, ...rest) => {
    counts[params.name] = (counts[params.name] ?? 0) + 1;
    const curve = key?.algorithm?.namedCurve;
    if (curve) counts[curve] = (counts[curve] ?? 0) + 1;
    return verify(params, key, ...rest);
  };
  return counts;
}

/**
 * Counts node:crypto verify calls per key type (node host): the package
 * imports `verify` from node:crypto, so the builtin's ESM export is
 * replaced before the package loads.
 */
function countNodeVerify() {
  const counts = {};
  const verify = crypto.verify;
  crypto.verify = (hash, data, key, signature) => {
    const type = (key.key ?? key).asymmetricKeyType;
    counts[type] = (counts[type] ?? 0) + 1;
    return verify(hash, data, key, signature);
  };
  syncBuiltinESMExports();
  return counts;
}

async function load(host, dir) {
  if (host === 'node') return import(pathToFileURL(join(dir, 'node.js')).href);
  const tokenward = await import(pathToFileURL(join(dir, 'browser.js')).href);
  await tokenward.init(readFileSync(join(dir, 'tokenward_bg.wasm')));
  return tokenward;
}

async function codeOf(promise) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error?.code ?? `unexpected ${error?.name}: ${error?.message}`;
  }
}

export async function runHostCryptoChecks(host, dir) {
  const counts = host === 'webcrypto' ? countSubtle() : null;
  const nodeCounts = host === 'node' ? countNodeVerify() : null;
  const tokenward = await load(host, dir);
  const failures = [];
  let total = 0;
  const expect = (name, got, want) => {
    total += 1;
    if (got !== want) failures.push(`${host}: ${name}: expected ${want}, got ${got}`);
  };
  const es = makeKey('ec', 'ES256', 'es1');
  const ed = makeKey('ed', 'EdDSA', 'ed1');
  const options = { issuer: ISSUER, audience: AUDIENCE };
  const weakSet = { keys: [es.jwk, ed.jwk, SMALL_ORDER_KEY] };

  // Inline: the verifier is not built, whatever the host.
  expect('inline set with a small-order key', await codeOf((async () => new tokenward.Verifier({ jwks: weakSet, ...options }))()), 'jwks_invalid');

  // Fetched: the set is refused like any invalid document; nothing is served.
  const remote = new tokenward.RemoteKeySet('https://issuer.example/jwks', {
    fetch: async () => new Response(JSON.stringify(weakSet), { headers: { 'content-type': 'application/json' } }),
  });
  const fetched = new tokenward.Verifier({ jwks: remote, ...options });
  expect('forged token, fetched set', await codeOf(fetched.verifyAsync(forged())), 'jwks_unavailable');
  expect('honest ES256 token, fetched set', await codeOf(fetched.verifyAsync(mint(es))), 'jwks_unavailable');

  // Without the small-order key, the same keys verify; Ed25519 is EdDSA.
  let verifier;
  try {
    verifier = new tokenward.Verifier({ jwks: { keys: [es.jwk, ed.jwk] }, ...options, algorithms: ['ES256', 'EdDSA', 'Ed25519'] });
  } catch (error) {
    expect('a verifier allowing Ed25519', error.code, undefined);
    return { failures, total };
  }
  for (const alg of ['EdDSA', 'Ed25519']) {
    const token = mint(ed, alg);
    expect(`${alg} verify`, await codeOf((async () => verifier.verify(token))()), 'ok');
    expect(`${alg} verifyAsync`, await codeOf(verifier.verifyAsync(token)), 'ok');
    expect(`${alg} tampered verifyAsync`, await codeOf(verifier.verifyAsync(tampered(token))), 'bad_signature');
  }
  expect('ES256 verifyAsync', await codeOf(verifier.verifyAsync(mint(es))), 'ok');
  expect('ES256 tampered verifyAsync', await codeOf(verifier.verifyAsync(tampered(mint(es)))), 'bad_signature');

  // ES512: the host verifies P-521 with SHA-512 and agrees with the core.
  const es512 = makeKey('ec', 'ES512', 'es512');
  const p521 = new tokenward.Verifier({ jwks: { keys: [es512.jwk] }, ...options, algorithms: ['ES512'] });
  const token512 = mint(es512);
  expect('ES512 verify', await codeOf((async () => p521.verify(token512))()), 'ok');
  expect('ES512 verifyAsync', await codeOf(p521.verifyAsync(token512)), 'ok');
  expect('ES512 high-S verify', await codeOf((async () => p521.verify(highS(token512)))()), 'ok');
  expect('ES512 high-S verifyAsync', await codeOf(p521.verifyAsync(highS(token512))), 'ok');
  expect('ES512 tampered verifyAsync', await codeOf(p521.verifyAsync(tampered(token512))), 'bad_signature');
  if (counts !== null) {
    // The host checked ES256 (so the counter works) and P-521, never Ed25519.
    expect('crypto.subtle P-521 verifies', counts['P-521'], 3);
    expect('crypto.subtle ECDSA verifies', counts.ECDSA, 5);
    expect('crypto.subtle Ed25519 verifies', counts.Ed25519, undefined);
  }
  if (nodeCounts !== null) await checkSyncNodeCrypto(tokenward, { es, ed }, nodeCounts, expect);
  return { failures, total };
}

/**
 * Node: the synchronous verify hands RSA and ECDSA signatures to
 * node:crypto from inside the wasm call and gets verifyAsync's verdict;
 * EdDSA stays in wasm; a cache miss asks the host, a hit asks no one.
 */
async function checkSyncNodeCrypto(tokenward, { es, ed }, counts, expect) {
  const rs = makeKey('rsa', 'RS256', 'rs1');
  const options = { jwks: { keys: [es.jwk, ed.jwk, rs.jwk] }, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256', 'RS256', 'EdDSA'] };
  const verifier = new tokenward.Verifier(options);
  const cached = new tokenward.Verifier({ ...options, cache: { maxEntries: 10 } });
  for (const key of [es, rs]) {
    const token = mint(key);
    const type = key === es ? 'ec' : 'rsa';
    for (const [name, candidate, want] of [['', token, 'ok'], [' tampered', tampered(token), 'bad_signature']]) {
      const before = counts[type] ?? 0;
      expect(`${key.alg}${name} verify`, await codeOf((async () => verifier.verify(candidate))()), want);
      expect(`${key.alg}${name} verify asks node:crypto once`, (counts[type] ?? 0) - before, 1);
      expect(`${key.alg}${name} verifyAsync`, await codeOf(verifier.verifyAsync(candidate)), want);
    }
    const before = counts[type] ?? 0;
    for (let i = 0; i < 3; i++) expect(`${key.alg} cached verify`, await codeOf((async () => cached.verify(token))()), 'ok');
    expect(`${key.alg} cache: one miss asks node:crypto, hits do not`, (counts[type] ?? 0) - before, 1);
  }
  expect('EdDSA verify', await codeOf((async () => verifier.verify(mint(ed)))()), 'ok');
  expect('node:crypto Ed25519 verifies', counts.ed25519, undefined);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const host = process.argv[2];
  if (host !== 'node' && host !== 'webcrypto') throw new Error('usage: host-crypto.mjs node|webcrypto [package dir]');
  const dir = process.argv[3] ?? fileURLToPath(new URL('../../pkg/', import.meta.url));
  const { failures, total } = await runHostCryptoChecks(host, dir);
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log(`host-crypto (${host}): ${total} checks agree`);
}
