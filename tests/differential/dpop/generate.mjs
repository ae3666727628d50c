// Generates tests/differential/dpop/cases.json: DPoP-bound access tokens ×
// proofs (valid ones and one mutation each), the HTTP request each case
// sends, and oauth4webapi's own answer on it (oauth4webapi-verdict.mjs).
// check.mjs runs tokenward on the same requests and compares verdicts.
//
//   make pkg && node tests/differential/dpop/generate.mjs
//
// The packed package is used for one input only: the server nonce of the
// `nonce` profile at the fixture's time (what a client would be sent in
// `DPoP-Nonce`). Key material and ECDSA / PSS signatures are random, so a
// re-run changes the bytes, not the cases, names or verdicts.
import { constants, createHash, createHmac, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { oauth4webapiVerdict } from './oauth4webapi-verdict.mjs';
import { AUDIENCE, ISSUER, NONCE_SECRET, NOW, URL_ } from './profiles.mjs';

const OUT = new URL('./cases.json', import.meta.url);
const PKG = new URL('../../../pkg/', import.meta.url).pathname;

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const part = (value) => b64u(typeof value === 'string' ? value : JSON.stringify(value));
const sha256 = (text) => b64u(createHash('sha256').update(text).digest());

// ---------------------------------------------------------------- keys

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
function keyPair(type, options) {
  const { privateKey } = generateKeyPairSync(type, options);
  const privJwk = privateKey.export({ format: 'jwk' });
  const jwk = Object.fromEntries(Object.entries(privJwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)));
  return { privateKey, privJwk, jwk };
}

const keys = {
  issuer: keyPair('ec', { namedCurve: 'P-256' }),
  es256: keyPair('ec', { namedCurve: 'P-256' }),
  es384: keyPair('ec', { namedCurve: 'P-384' }),
  es512: keyPair('ec', { namedCurve: 'P-521' }),
  rsa: keyPair('rsa', { modulusLength: 2048 }),
  ed25519: keyPair('ed25519'),
  other: keyPair('ec', { namedCurve: 'P-256' }),
  weakRsa: keyPair('rsa', { modulusLength: 1024 }),
};
for (const key of Object.values(keys)) key.jkt = await calculateJwkThumbprint(key.jwk);

// ---------------------------------------------------------------- signing

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };
const HMAC_SECRET = Buffer.from('an HMAC secret a client might try, 32+ bytes');

/** A signature over `input` by `key` for `alg`, with node:crypto (any header we choose). */
function signature(key, alg, input) {
  const data = Buffer.from(input);
  if (alg === 'none') return Buffer.alloc(0);
  if (alg.startsWith('HS')) return createHmac('sha256', HMAC_SECRET).update(data).digest();
  if (alg === 'EdDSA' || alg === 'Ed25519') return nodeSign(null, data, key.privateKey);
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith('PS')) {
    return nodeSign(hash, data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  }
  if (alg.startsWith('ES')) return nodeSign(hash, data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return nodeSign(hash, data, key.privateKey);
}

function jws(header, claims, key, alg = header.alg) {
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${b64u(signature(key, alg, input))}`;
}

// ---------------------------------------------------------------- tokens

/** An RFC 9068 access token by the issuer; `cnf` as given (absent: unbound). */
function accessToken(cnf, name) {
  const claims = {
    iss: ISSUER, aud: AUDIENCE, sub: 'alice', client_id: 'spa', scope: 'orders',
    iat: NOW - 10, exp: NOW + 3600, jti: `at-${name}`,
    ...(cnf !== undefined && { cnf }),
  };
  return jws({ alg: 'ES256', typ: 'at+jwt', kid: 'issuer' }, claims, keys.issuer);
}
const jwks = { keys: [{ ...keys.issuer.jwk, kid: 'issuer', alg: 'ES256', use: 'sig' }] };

// ---------------------------------------------------------------- proofs

const PROOF_KEYS = {
  ES256: keys.es256, ES384: keys.es384, ES512: keys.es512,
  RS256: keys.rsa, PS256: keys.rsa, EdDSA: keys.ed25519, Ed25519: keys.ed25519,
};

let serial = 0;
/**
 * A proof for `token`: `header` and `claims` override (a value `undefined`
 * removes the member), `signer` signs with another key than the header's
 * `jwk`, `tamper` edits the finished compact form.
 */
function proof(token, { alg = 'ES256', key = PROOF_KEYS[alg], header = {}, claims = {}, signer, tamper } = {}) {
  serial += 1;
  const clean = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
  const h = clean({ typ: 'dpop+jwt', alg, jwk: key.jwk, ...header });
  const c = clean({ jti: `proof-${serial}`, htm: 'POST', htu: URL_, iat: NOW, ath: sha256(token), ...claims });
  const text = jws(h, c, signer ?? key, h.alg);
  return tamper ? tamper(text) : text;
}

// ---------------------------------------------------------------- cases

const cases = [];
/** A request: `authorization` scheme and token, `dpop` header values (0, 1 or more). */
function add(name, { profile = 'aligned', method = 'POST', url = URL_, scheme = 'DPoP', token, dpop = [], repeat, authorization }) {
  const headers = [['authorization', authorization ?? `${scheme} ${token}`], ...dpop.map((value) => ['dpop', value])];
  cases.push({ name, profile, request: { method, url, headers }, ...(repeat && { repeat }) });
}

const boundTo = (key, name) => accessToken({ jkt: key.jkt }, name);

// Valid proofs, one per proof algorithm, under the aligned window.
for (const alg of Object.keys(PROOF_KEYS)) {
  const token = boundTo(PROOF_KEYS[alg], `valid-${alg}`);
  add(`valid ${alg} proof`, { token, dpop: [proof(token, { alg })] });
}

// One mutation each, for three kinds of client key.
const flip = (text) => {
  const [h, p, s] = text.split('.');
  const bytes = Buffer.from(s, 'base64url');
  bytes[bytes.length - 1] ^= 1;
  return `${h}.${p}.${b64u(bytes)}`;
};
const MUTATIONS = {
  // htm: RFC 9449 §4.3 check 8, exact.
  'htm GET for a POST': { claims: { htm: 'GET' } },
  'htm lower case': { claims: { htm: 'post' } },
  'htm missing': { claims: { htm: undefined } },
  // htu: §4.3 check 9, query and fragment ignored, RFC 3986 §6.2 normalisation.
  'htu with a query': { claims: { htu: `${URL_}?page=2` } },
  'htu with a fragment': { claims: { htu: `${URL_}#top` } },
  'htu with a trailing slash': { claims: { htu: `${URL_}/` } },
  'htu host in upper case': { claims: { htu: 'https://API.EXAMPLE.COM/orders' } },
  'htu scheme in upper case': { claims: { htu: 'HTTPS://api.example.com/orders' } },
  'htu path in another case': { claims: { htu: 'https://api.example.com/Orders' } },
  'htu with the default port': { claims: { htu: 'https://api.example.com:443/orders' } },
  'htu with the default port, leading zero': { claims: { htu: 'https://api.example.com:0443/orders' } },
  'htu with another port': { claims: { htu: 'https://api.example.com:8443/orders' } },
  'htu over http': { claims: { htu: 'http://api.example.com/orders' } },
  'htu on another host': { claims: { htu: 'https://evil.example.com/orders' } },
  'htu with userinfo': { claims: { htu: 'https://alice@api.example.com/orders' } },
  'htu with a dot segment': { claims: { htu: 'https://api.example.com/v1/../orders' } },
  'htu with a percent-encoded unreserved letter': { claims: { htu: 'https://api.example.com/%6Frders' } },
  'htu with a tab in the path': { claims: { htu: 'https://api.example.com/ord\ters' } },
  'htu relative': { claims: { htu: '/orders' } },
  'htu not a string': { claims: { htu: 42 } },
  'htu missing': { claims: { htu: undefined } },
  // iat: §4.3 check 11, oauth4webapi's ±300 s window, tokenward's aligned to it.
  'iat 300 s old': { claims: { iat: NOW - 300 } },
  'iat 301 s old': { claims: { iat: NOW - 301 } },
  'iat 300 s ahead': { claims: { iat: NOW + 300 } },
  'iat 301 s ahead': { claims: { iat: NOW + 301 } },
  'iat with a fraction': { claims: { iat: NOW - 0.5 } },
  'iat as a string': { claims: { iat: String(NOW) } },
  'iat missing': { claims: { iat: undefined } },
  // jti: §4.2, §11.1.
  'jti missing': { claims: { jti: undefined } },
  'jti empty': { claims: { jti: '' } },
  'jti a number': { claims: { jti: 7 } },
  'jti of 256 bytes': { claims: { jti: 'j'.repeat(256) } },
  'jti of 257 bytes': { claims: { jti: 'j'.repeat(257) } },
  // ath: §4.3 check 10, §7.
  'ath of another token': { claims: { ath: sha256('another token') } },
  'ath missing': { claims: { ath: undefined } },
  'ath padded': { ath: (token) => `${sha256(token)}=` },
  // typ: §4.3 check 4 (media type: case-insensitive, `application/` optional).
  'typ application/dpop+jwt': { header: { typ: 'application/dpop+jwt' } },
  'typ in upper case': { header: { typ: 'DPOP+JWT' } },
  'typ jwt': { header: { typ: 'JWT' } },
  'typ at+jwt': { header: { typ: 'at+jwt' } },
  'typ missing': { header: { typ: undefined } },
  // The key and the signature: §4.3 checks 5-7.
  'jwk missing': { header: { jwk: undefined } },
  'jwk with its private part': { privateJwk: true },
  'jwk with use enc': { jwkExtra: { use: 'enc' } },
  'jwk with key_ops sign only': { jwkExtra: { key_ops: ['sign'] } },
  'jwk with a kid': { jwkExtra: { kid: 'client-key' } },
  'jwk of another key, signed by it': { otherKey: true },
  'signed by another key than its jwk': { signer: keys.other },
  'signature with one bit flipped': { tamper: flip },
  'signature empty': { tamper: (text) => `${text.slice(0, text.lastIndexOf('.'))}.` },
  'alg none': { header: { alg: 'none' } },
  'alg HS256': { header: { alg: 'HS256' } },
  'crit header': { header: { crit: ['exp'] } },
  // Members a proof may carry: a proof is a JWT (RFC 7519 §4.1.4-4.1.5),
  // beyond either side's clock tolerance (oauth4webapi's 30 s, tokenward's
  // maxFuture).
  'exp 400 s ago': { claims: { exp: NOW - 400 } },
  'exp ahead': { claims: { exp: NOW + 60 } },
  'exp as a string': { claims: { exp: String(NOW + 60) } },
  'nbf 400 s ahead': { claims: { nbf: NOW + 400 } },
  'nbf past': { claims: { nbf: NOW - 60 } },
  'a nonce nobody asked for': { claims: { nonce: 'a-nonce' } },
  'extra claims': { claims: { scope: 'admin', custom: { a: 1 } } },
};

for (const alg of ['ES256', 'RS256', 'EdDSA']) {
  const key = PROOF_KEYS[alg];
  for (const [mutation, m] of Object.entries(MUTATIONS)) {
    const name = `${alg}: ${mutation}`;
    if (m.otherKey) {
      const token = boundTo(key, name);
      add(name, { token, dpop: [proof(token, { alg: 'ES256', key: keys.other })] });
      continue;
    }
    const token = boundTo(key, name);
    const header = { ...m.header };
    if (m.privateJwk) header.jwk = key.privJwk;
    if (m.jwkExtra) header.jwk = { ...key.jwk, ...m.jwkExtra };
    const claims = { ...m.claims, ...(m.ath && { ath: m.ath(token) }) };
    add(name, { token, dpop: [proof(token, { alg, key, header, claims, signer: m.signer, tamper: m.tamper })] });
  }
}

// Proof keys and algorithms that do not fit.
{
  const token = boundTo(keys.weakRsa, 'weak');
  add('RS256 proof by a 1024-bit RSA key', { token, dpop: [proof(token, { alg: 'RS256', key: keys.weakRsa })] });
  const ecToken = boundTo(keys.es256, 'alg-kty');
  add('RS256 header over a P-256 jwk', { token: ecToken, dpop: [proof(ecToken, { alg: 'ES256', header: { alg: 'RS256' } })] });
  add('ES384 header over a P-256 jwk', { token: ecToken, dpop: [proof(ecToken, { alg: 'ES256', header: { alg: 'ES384' } })] });
  add('jwk alg ES384 on a P-256 key signing ES256', { token: ecToken, dpop: [proof(ecToken, { header: { jwk: { ...keys.es256.jwk, alg: 'ES384' } } })] });
}

// The token and the Authorization header: §7.1, §7.2.
{
  const token = boundTo(keys.es256, 'scheme');
  const fresh = () => proof(token);
  add('bound token as Bearer, with a valid proof', { scheme: 'Bearer', token, dpop: [fresh()] });
  add('bound token as Bearer, without a proof', { scheme: 'Bearer', token });
  add('bound token under DPoP, without a proof', { token });
  add('scheme in lower case', { scheme: 'dpop', token, dpop: [fresh()] });
  add('scheme in upper case', { scheme: 'DPOP', token, dpop: [fresh()] });
  add('two spaces after the scheme', { authorization: `DPoP  ${token}`, token, dpop: [fresh()] });
  add('two DPoP headers, two valid proofs', { token, dpop: [fresh(), fresh()] });
  const one = fresh();
  add('two DPoP headers, the same proof twice', { token, dpop: [one, one] });
  add('an empty DPoP header', { token, dpop: [''] });
  add('a DPoP header that is not a JWS', { token, dpop: ['not-a-proof'] });
  add('the same request twice (a replay)', { token, dpop: [fresh()], repeat: 2 });
  add('request URL with a query, htu without', { url: `${URL_}?page=2&sort=asc`, token, dpop: [fresh()] });
  add('request at the root, htu without a path', { url: 'https://api.example.com/', token, dpop: [proof(token, { claims: { htu: 'https://api.example.com' } })] });
  add('GET request, proof for GET', { method: 'GET', token, dpop: [proof(token, { claims: { htm: 'GET' } })] });
  add('PATCH request, proof for PATCH', { method: 'PATCH', token, dpop: [proof(token, { claims: { htm: 'PATCH' } })] });
  add('DELETE request, proof for POST', { method: 'DELETE', token, dpop: [fresh()] });

  const unbound = accessToken(undefined, 'unbound');
  add('unbound token under DPoP, with a proof', { token: unbound, dpop: [proof(unbound)] });
  add('unbound token as Bearer, without a proof', { scheme: 'Bearer', token: unbound });
  add('unbound token as Bearer, with a proof', { scheme: 'Bearer', token: unbound, dpop: [proof(unbound)] });
  const other = boundTo(keys.other, 'other');
  add('token bound to another key', { token: other, dpop: [proof(other)] });
  const twoBindings = accessToken({ jkt: keys.es256.jkt, 'x5t#S256': sha256('a certificate') }, 'two');
  add('cnf with jkt and x5t#S256', { token: twoBindings, dpop: [proof(twoBindings)] });
  const empty = accessToken({}, 'empty-cnf');
  add('cnf empty', { token: empty, dpop: [proof(empty)] });
  const notString = accessToken({ jkt: 7 }, 'jkt-number');
  add('cnf.jkt a number', { token: notString, dpop: [proof(notString)] });
  const padded = accessToken({ jkt: `${keys.es256.jkt}=` }, 'jkt-padded');
  add('cnf.jkt padded', { token: padded, dpop: [proof(padded)] });
}

// tokenward's default window (60 s back, 5 s ahead) beside oauth4webapi's ±300 s.
for (const [name, claims] of [['iat 60 s old', { iat: NOW - 60 }], ['iat 61 s old', { iat: NOW - 61 }],
  ['iat 5 s ahead', { iat: NOW + 5 }], ['iat 6 s ahead', { iat: NOW + 6 }], ['iat 300 s old', { iat: NOW - 300 }],
  ['iat 301 s old', { iat: NOW - 301 }], ['exp 60 s ago', { exp: NOW - 60 }], ['nbf 60 s ahead', { nbf: NOW + 60 }]]) {
  const token = boundTo(keys.es256, `defaults-${name}`);
  add(`defaults: ${name}`, { profile: 'defaults', token, dpop: [proof(token, { claims })] });
}

// One algorithm for tokens and proofs.
for (const alg of ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA']) {
  const token = boundTo(PROOF_KEYS[alg], `only-${alg}`);
  add(`es256-only: ${alg} proof`, { profile: 'es256-only', token, dpop: [proof(token, { alg })] });
}

// Server nonces (§9): the nonce the server issues at NOW, from the packed package.
{
  const { Verifier } = await import(join(PKG, 'node.js'));
  const token = boundTo(keys.es256, 'nonce');
  const verifier = new Verifier({ jwks, issuer: ISSUER, audience: AUDIENCE, profile: 'at+jwt', dpop: { requireNonce: true, nonceSecret: NONCE_SECRET } });
  let issued;
  try {
    verifier.verify(token, { now: NOW, dpop: { proof: proof(token), method: 'POST', url: URL_ } });
  } catch (err) {
    issued = err.dpopNonce;
  }
  if (typeof issued !== 'string') throw new Error('the packed package issued no nonce');
  add('nonce: the current one', { profile: 'nonce', token, dpop: [proof(token, { claims: { nonce: issued } })] });
  add('nonce: missing', { profile: 'nonce', token, dpop: [proof(token)] });
  add('nonce: made up', { profile: 'nonce', token, dpop: [proof(token, { claims: { nonce: 'made-up' } })] });
  add('nonce: not a string', { profile: 'nonce', token, dpop: [proof(token, { claims: { nonce: 7 } })] });
}

// ---------------------------------------------------------------- record

const names = new Set();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
  names.add(c.name);
  c.oauth4webapi = await oauth4webapiVerdict(c, jwks, NOW);
}
const { version } = JSON.parse(readFileSync(new URL('../../../node_modules/oauth4webapi/package.json', import.meta.url)));
writeFileSync(OUT, `${JSON.stringify({
  comment: 'Generated by tests/differential/dpop/generate.mjs; checked against oauth4webapi and the packed package by check.mjs. Do not edit by hand.',
  oauth4webapi: version,
  now: NOW,
  jwks,
  cases,
}, null, 1)}\n`);
const accepted = cases.filter((c) => c.oauth4webapi.ok).length;
console.log(`wrote ${cases.length} cases (oauth4webapi accepts ${accepted}) to ${OUT.pathname}`);
