// Generates tests/differential/cases.json: tokens, key sets, options and
// jose's own answer for each case (jose-verdict.mjs), plus `expect`, by
// hand, where jose's answer does not decide tokenward's code or tokenward
// deliberately differs. Run: `npm run differential:generate` (needs `npm ci`).
//
// Key material and ECDSA/PSS signatures are random, so a re-run changes the
// bytes but not the structure: the same case names, options and verdicts.

import {
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
} from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, generateSecret, importJWK, SignJWT } from 'jose';
import { joseVerdict, tokenwardRow } from './jose-verdict.mjs';

const OUT = new URL('./cases.json', import.meta.url);
// Fixed "now" (2026-01-01T00:00:00Z) so the fixture never expires.
const NOW = 1767225600;
const ISS = 'https://issuer.example';
const AUD = 'api://tokenward';
const ASYM = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

// ---------------------------------------------------------------- keys

// One key per algorithm; `kid` is the lower-case algorithm name.
async function makeKeys() {
  const keys = {};
  for (const alg of ASYM) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys[alg.toLowerCase()] = keyEntry(alg, alg.toLowerCase(), await exportJWK(privateKey));
  }
  const secret = await generateSecret('HS256', { extractable: true });
  keys.hs256 = keyEntry('HS256', 'hs256', await exportJWK(secret));
  // jose refuses to generate or use RSA < 2048 bits, so node:crypto makes it.
  const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  keys.weak = keyEntry('RS256', 'weak', weak.export({ format: 'jwk' }));
  for (const kid of ['rsa-a', 'rsa-b', 'attacker-rsa']) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    keys[kid] = keyEntry('RS256', kid, await exportJWK(privateKey));
  }
  const { privateKey: attackerEc } = await generateKeyPair('ES256', { extractable: true });
  keys['attacker-es'] = keyEntry('ES256', 'attacker-es', await exportJWK(attackerEc));
  return keys;
}

function keyEntry(alg, kid, privJwk) {
  const pub = { ...privJwk };
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) delete pub[member];
  if (pub.kty === 'oct') return { alg, kid, privJwk, pubJwk: { ...privJwk, kid, alg } };
  return { alg, kid, privJwk, pubJwk: { ...pub, kid, alg } };
}

// The named key sets cases refer to (`"jwks": "<name>"`).
function makeKeySets(keys) {
  const pub = (name, extra = {}) => ({ ...keys[name].pubJwk, ...extra });
  const noAlg = (name) => {
    const { alg: _alg, ...rest } = keys[name].pubJwk;
    return rest;
  };
  return {
    // Every asymmetric algorithm, each key pinned to its alg with a kid.
    main: { keys: ASYM.map((alg) => pub(alg.toLowerCase())) },
    // The HMAC key (needs the allowSymmetric opt-in) beside an RSA key.
    hmac: { keys: [pub('hs256'), pub('rs256')] },
    weak: { keys: [pub('weak')] },
    // Two RSA keys without `alg`: a token without kid cannot choose.
    'two-rsa': { keys: [noAlg('rsa-a'), noAlg('rsa-b')] },
    // The rs256 key material under kids whose metadata forbids RS256 use.
    restricted: {
      keys: [
        pub('rs256', { kid: 'enc-use', use: 'enc' }),
        pub('rs256', { kid: 'sign-only-ops', key_ops: ['sign'] }),
        pub('rs256', { kid: 'pinned-rs384', alg: 'RS384' }),
        pub('rs256', { kid: 'sig-use', use: 'sig', key_ops: ['verify'] }),
      ],
    },
    // The P-384 key without alg: an ES256 token must not select it.
    'es384-no-alg': { keys: [(({ alg: _a, ...rest }) => ({ ...rest, kid: 'p384' }))(keys.es384.pubJwk)] },
    // The P-521 key without alg: an ES384 token must not select it.
    'es512-no-alg': { keys: [(({ alg: _a, ...rest }) => ({ ...rest, kid: 'p521' }))(keys.es512.pubJwk)] },
    // The P-521 key with x one byte longer (a leading zero): RFC 7518
    // §6.2.1.2 fixes 66 octets, so tokenward skips the key.
    'es512-x-67-bytes': {
      keys: [{ ...keys.es512.pubJwk, x: b64u(Buffer.concat([Buffer.from([0]), Buffer.from(keys.es512.pubJwk.x, 'base64url')])) }],
    },
    // A single RSA key with no kid and no alg.
    'single-no-kid': { keys: [(({ kid: _k, alg: _a, ...rest }) => rest)(keys.rs256.pubJwk)] },
    empty: { keys: [] },
  };
}

// ---------------------------------------------------------------- signing

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

// Signs raw bytes with node:crypto, so hand-built tokens (duplicate members,
// odd base64url, non-UTF-8) are signed exactly over the bytes we choose.
function signBytes(key, alg, input) {
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith('HS')) {
    return createHmac(hash, Buffer.from(key.privJwk.k, 'base64url')).update(input).digest();
  }
  const privateKey = createPrivateKey({ key: key.privJwk, format: 'jwk' });
  if (alg === 'EdDSA') return nodeSign(null, Buffer.from(input), privateKey);
  if (alg.startsWith('PS')) {
    return nodeSign(hash, Buffer.from(input), {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: Number(alg.slice(2)) / 8,
    });
  }
  if (alg.startsWith('ES')) {
    return nodeSign(hash, Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  }
  return nodeSign(hash, Buffer.from(input), privateKey);
}

// A token from already-encoded header and payload segments.
function signSegments(key, alg, h, p) {
  return `${h}.${p}.${b64u(signBytes(key, alg, `${h}.${p}`))}`;
}

// A hand-built token: header/payload given as raw JSON text (or bytes).
function rawToken(key, alg, headerJson, payload) {
  return signSegments(key, alg, b64u(Buffer.from(headerJson)), b64u(Buffer.from(payload)));
}

const claims = (extra = {}) => ({ iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, exp: NOW + 3600, ...extra });

// A normal token signed by jose's SignJWT. `kid: null` leaves kid out.
async function joseToken(key, { alg = key.alg, kid = key.kid, header = {}, payload = claims() } = {}) {
  const protectedHeader = { alg, ...(kid === null ? {} : { kid }), ...header };
  const privateKey = await importJWK(key.privJwk, alg);
  return new SignJWT(payload).setProtectedHeader(protectedHeader).sign(privateKey);
}

// A fresh key for `alg` that no key set holds (signs "wrong key" cases).
async function strangerKey(alg) {
  if (alg.startsWith('HS')) {
    return keyEntry(alg, 'stranger', await exportJWK(await generateSecret(alg, { extractable: true })));
  }
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return keyEntry(alg, 'stranger', await exportJWK(privateKey));
}

// ---------------------------------------------------------------- token surgery

const parts = (token) => token.split('.');
const join = (p) => p.join('.');

function mutateSignature(token, fn) {
  const p = parts(token);
  p[2] = b64u(fn(Buffer.from(p[2], 'base64url')));
  return join(p);
}

// ECDSA raw R||S -> DER SEQUENCE { INTEGER r, INTEGER s }.
function ecdsaRawToDer(raw) {
  const half = raw.length / 2;
  const int = (bytes) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = bytes.subarray(i);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  const len = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), len, body]);
}

// s -> n - s: the other valid ECDSA signature (high-S).
const CURVE_N = {
  ES256: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  ES384: BigInt(
    '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  ),
  ES512: BigInt(
    '0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  ),
};
function highS(alg, raw) {
  const half = raw.length / 2;
  const s = BigInt(`0x${raw.subarray(half).toString('hex')}`);
  let flipped = CURVE_N[alg] - s;
  // Keep the original when it already was the high one.
  if (flipped < s) flipped = s;
  const sHex = flipped.toString(16).padStart(half * 2, '0');
  return Buffer.concat([raw.subarray(0, half), Buffer.from(sHex, 'hex')]);
}

// Re-encodes the last base64url character of a segment so the decoded bytes
// stay the same but the unused trailing bits are not zero.
function nonCanonicalTail(segment) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const unusedBits = { 2: 4, 3: 2 }[segment.length % 4];
  if (!unusedBits) throw new Error('segment has no trailing bits');
  const last = alphabet.indexOf(segment.at(-1));
  return segment.slice(0, -1) + alphabet[last | 1];
}

// Pads `text` so its base64url length has trailing bits (length % 3 != 0).
function withTrailingBits(obj) {
  let json = JSON.stringify(obj);
  while (json.length % 3 === 0) {
    obj = { ...obj, pad: `${obj.pad ?? ''}x` };
    json = JSON.stringify(obj);
  }
  return json;
}

// ---------------------------------------------------------------- cases

// jose answers ERR_JWKS_NO_MATCHING_KEY for each of these; tokenward names
// the rule that left no key, so a case says which it built.
const KEY_SELECTION = {
  unknown_kid:
    'RFC 7515 §4.1.4: no key in the set has the token\'s kid, so tokenward answers unknown_kid (the code that asks an edge for a refetch); jose answers ERR_JWKS_NO_MATCHING_KEY for every selection failure',
  key_alg_mismatch:
    'RFC 7517 §4.1/§4.4: the key named by kid (or, without kid, every key) is of another type or curve, or pinned to another alg, so it cannot verify the header alg: tokenward answers key_alg_mismatch; jose answers ERR_JWKS_NO_MATCHING_KEY for every selection failure',
  key_use_mismatch:
    'RFC 7517 §4.2/§4.3: the key named by kid is published for another use (use, key_ops), so tokenward answers key_use_mismatch; jose answers ERR_JWKS_NO_MATCHING_KEY for every selection failure',
};
const selected = (code) => ({ expect: { code, why: KEY_SELECTION[code] } });

export async function buildCases(keys) {
  const cases = [];
  const base = { algorithms: ASYM, issuer: ISS, audience: AUD };
  const add = (category, name, token, extra = {}) => {
    cases.push({
      name: `${category}/${name}`,
      token,
      jwks: extra.jwks ?? 'main',
      options: { ...base, ...(extra.options ?? {}) },
      now: extra.now ?? NOW,
      ...(extra.expect ? { expect: extra.expect } : {}),
    });
  };
  await perAlgorithmCases(keys, add);
  await timeCases(keys, add);
  await claimCases(keys, add);
  await algCases(keys, add);
  await keyCases(keys, add);
  await critCases(keys, add);
  await encodingCases(keys, add);
  await sizeCases(keys, add);
  await ecdsaCases(keys, add);
  return cases;
}

// The same battery for every algorithm (HS256 uses the hmac set + opt-in).
async function perAlgorithmCases(keys, add) {
  for (const alg of [...ASYM, 'HS256']) {
    const key = keys[alg.toLowerCase()];
    const hs = alg === 'HS256';
    const extra = hs ? { jwks: 'hmac', options: { algorithms: ['RS256', 'HS256'], allowSymmetric: true } } : {};
    const cat = `alg-${alg}`;
    const good = await joseToken(key);
    add(cat, 'valid', good, extra);
    add(cat, 'valid-no-kid', await joseToken(key, { kid: null }), extra);
    add(cat, 'valid-typ-jwt', await joseToken(key, { header: { typ: 'JWT' } }), {
      ...extra,
      options: { ...extra.options, typ: 'JWT' },
    });
    const p = parts(good);
    const tampered = Buffer.from(JSON.stringify(claims({ sub: 'admin' })));
    add(cat, 'tampered-payload', join([p[0], b64u(tampered), p[2]]), extra);
    const otherHeader = b64u(JSON.stringify({ alg, kid: key.kid, typ: 'JWT' }));
    add(cat, 'tampered-header', join([otherHeader, p[1], p[2]]), extra);
    add(cat, 'sig-bit-flipped', mutateSignature(good, (s) => flipMiddle(s)), extra);
    // A wrong-length signature is just a bad signature in both libraries
    // (tokenward keeps signature failures opaque, signature.rs).
    add(cat, 'sig-truncated', mutateSignature(good, (s) => s.subarray(0, s.length - 1)), extra);
    add(cat, 'sig-one-byte-longer', mutateSignature(good, (s) => Buffer.concat([s, Buffer.from([0])])), extra);
    add(cat, 'sig-empty', `${p[0]}.${p[1]}.`, extra);
    add(cat, 'wrong-key-same-kid', await joseToken(await strangerKey(alg), { kid: key.kid }), extra);
    add(cat, 'unknown-kid', await joseToken(key, { kid: 'no-such-kid' }), {
      ...extra,
      ...(hs
        ? {
            expect: {
              code: 'unknown_kid',
              why: 'jose verifies an HS token only with the one key it is handed (its key sets take no HMAC keys), so it never reads kid; tokenward selects the key from the set by kid, and none has this one',
            },
          }
        : selected('unknown_kid')),
    });
    add(cat, 'expired', await joseToken(key, { payload: claims({ exp: NOW - 10 }) }), extra);
    add(cat, 'not-in-allowlist', good, {
      ...extra,
      options: { ...extra.options, algorithms: [alg === 'ES256' ? 'ES384' : 'ES256'] },
    });
  }
}

function flipMiddle(sig) {
  const out = Buffer.from(sig);
  out[out.length >> 1] ^= 0x01;
  return out;
}

async function timeCases(keys, add) {
  const k = keys.rs256;
  const t = (payload) => joseToken(k, { payload: claims(payload) });
  const cat = 'time';
  add(cat, 'exp-exactly-now', await t({ exp: NOW }));
  add(cat, 'exp-now-plus-1', await t({ exp: NOW + 1 }));
  add(cat, 'exp-now-minus-1', await t({ exp: NOW - 1 }));
  add(cat, 'exp-fraction-after-now', await t({ exp: NOW + 0.5 }));
  add(cat, 'exp-fraction-before-now', await t({ exp: NOW - 0.5 }));
  add(cat, 'exp-within-tolerance', await t({ exp: NOW - 29 }), { options: { clockTolerance: 30 } });
  add(cat, 'exp-at-tolerance-edge', await t({ exp: NOW - 30 }), { options: { clockTolerance: 30 } });
  add(cat, 'exp-past-tolerance', await t({ exp: NOW - 31 }), { options: { clockTolerance: 30 } });
  add(cat, 'exp-zero', await t({ exp: 0 }));
  add(cat, 'exp-negative', await t({ exp: -1 }));
  add(cat, 'exp-far-future', await t({ exp: 32503680000 }));
  add(cat, 'exp-missing-required', await t({ exp: undefined }));
  add(cat, 'exp-missing-not-required', await t({ exp: undefined }), { options: { requireExp: false } });
  add(cat, 'nbf-now', await t({ nbf: NOW }));
  add(cat, 'nbf-now-plus-1', await t({ nbf: NOW + 1 }));
  add(cat, 'nbf-fraction-future', await t({ nbf: NOW + 0.5 }));
  add(cat, 'nbf-past', await t({ nbf: NOW - 100 }));
  add(cat, 'nbf-within-tolerance', await t({ nbf: NOW + 30 }), { options: { clockTolerance: 30 } });
  add(cat, 'nbf-past-tolerance', await t({ nbf: NOW + 31 }), { options: { clockTolerance: 30 } });
  add(cat, 'iat-future-no-max-age', await t({ iat: NOW + 3000 }));
  add(cat, 'max-age-ok', await t({ iat: NOW - 100 }), { options: { maxTokenAge: 300 } });
  add(cat, 'max-age-boundary', await t({ iat: NOW - 300 }), { options: { maxTokenAge: 300 } });
  add(cat, 'max-age-exceeded', await t({ iat: NOW - 301 }), { options: { maxTokenAge: 300 } });
  add(cat, 'max-age-exceeded-within-tolerance', await t({ iat: NOW - 310 }), {
    options: { maxTokenAge: 300, clockTolerance: 10 },
  });
  add(cat, 'max-age-exceeded-past-tolerance', await t({ iat: NOW - 311 }), {
    options: { maxTokenAge: 300, clockTolerance: 10 },
  });
  add(cat, 'max-age-iat-missing', await t({ iat: undefined }), { options: { maxTokenAge: 300 } });
  add(cat, 'max-age-iat-future', await t({ iat: NOW + 100 }), {
    options: { maxTokenAge: 300 },
    expect: {
      code: 'ok',
      why: 'RFC 7519 §4.1.6: iat only records when the token was issued; a future iat is a clock-skew symptom, not a validity bound, and tokenward\'s rule is "a future iat alone does not reject" (jose rejects it when maxTokenAge is set)',
    },
  });
  add(cat, 'exp-and-nbf-window-ok', await t({ nbf: NOW - 10, exp: NOW + 10 }));
  add(cat, 'now-before-iat-and-nbf', await t({ nbf: NOW + 100, iat: NOW + 100 }));
}

async function claimCases(keys, add) {
  const k = keys.rs256;
  const t = (payload, header) => joseToken(k, { payload: claims(payload), header });
  const cat = 'claims';
  add(cat, 'iss-match', await t({}));
  add(cat, 'iss-mismatch', await t({ iss: 'https://evil.example' }));
  add(cat, 'iss-case-differs', await t({ iss: ISS.toUpperCase() }));
  add(cat, 'iss-trailing-slash', await t({ iss: `${ISS}/` }));
  add(cat, 'iss-missing', await t({ iss: undefined }));
  add(cat, 'iss-missing-not-checked', await t({ iss: undefined }), { options: { issuer: undefined } });
  add(cat, 'aud-string-match', await t({ aud: AUD }));
  add(cat, 'aud-array-match', await t({ aud: ['other', AUD] }));
  add(cat, 'aud-array-mismatch', await t({ aud: ['other', 'more'] }));
  add(cat, 'aud-string-mismatch', await t({ aud: 'other' }));
  add(cat, 'aud-empty-array', await t({ aud: [] }));
  add(cat, 'aud-missing', await t({ aud: undefined }));
  add(cat, 'aud-option-array', await t({ aud: 'second' }), { options: { audience: ['first', 'second'] } });
  add(cat, 'aud-not-checked', await t({ aud: 'anything' }), { options: { audience: undefined } });
  add(cat, 'required-present', await t({ jti: 'id-1' }), { options: { requiredClaims: ['jti', 'sub'] } });
  add(cat, 'required-missing', await t({}), { options: { requiredClaims: ['jti'] } });
  add(cat, 'required-null-value-present', await t({ nonce: null }), { options: { requiredClaims: ['nonce'] } });
  add(cat, 'typ-exact', await t({}, { typ: 'JWT' }), { options: { typ: 'JWT' } });
  add(cat, 'typ-case-insensitive', await t({}, { typ: 'jWt' }), { options: { typ: 'JWT' } });
  add(cat, 'typ-application-prefix-token', await t({}, { typ: 'application/at+jwt' }), { options: { typ: 'at+jwt' } });
  add(cat, 'typ-application-prefix-option', await t({}, { typ: 'at+jwt' }), { options: { typ: 'application/at+jwt' } });
  add(cat, 'typ-mismatch', await t({}, { typ: 'at+jwt' }), { options: { typ: 'JWT' } });
  add(cat, 'typ-missing', await t({}), { options: { typ: 'JWT' } });
  add(cat, 'typ-other-media-prefix', await t({}, { typ: 'text/jwt' }), { options: { typ: 'jwt' } });
  add(cat, 'typ-present-not-checked', await t({}, { typ: 'whatever' }));
  const typWhy =
    'RFC 7515 §4.1.9: typ is a string; tokenward rejects a non-string typ as a malformed header whether or not a typ is expected, jose only looks at typ when asked to compare it';
  add(cat, 'typ-number-expected', await t({}, { typ: 7 }), { options: { typ: 'JWT' }, expect: { code: 'malformed', why: typWhy } });
  add(cat, 'typ-number-not-checked', await t({}, { typ: 7 }), { expect: { code: 'malformed', why: typWhy } });
  add(cat, 'iss-empty-string', await t({ iss: '' }));
  add(cat, 'iat-fraction-over-max-age', await t({ iat: NOW - 300.5 }), { options: { maxTokenAge: 300 } });
  add(cat, 'iat-fraction-within-max-age', await t({ iat: NOW - 299.5 }), { options: { maxTokenAge: 300 } });

  // Type errors in registered claims.
  const typeWhy = (claim, rfc) =>
    `${rfc}: "${claim}" has a fixed type; tokenward rejects a registered claim of the wrong type as bad_claim_type wherever it appears, jose only type-checks claims it is asked to compare`;
  add(cat, 'exp-string', await t({ exp: String(NOW + 3600) }));
  add(cat, 'exp-bool', await t({ exp: true }));
  add(cat, 'exp-null', await t({ exp: null }));
  add(cat, 'nbf-string', await t({ nbf: String(NOW - 10) }));
  add(cat, 'iat-string-with-max-age', await t({ iat: String(NOW - 10) }), { options: { maxTokenAge: 300 } });
  add(cat, 'iat-string-without-max-age', await t({ iat: String(NOW - 10) }));
  add(cat, 'auth-time-string', await t({ auth_time: 'yesterday' }), {
    expect: { code: 'bad_claim_type', why: typeWhy('auth_time', 'OIDC Core §2 (auth_time is a JSON number)') },
  });
  add(cat, 'iss-number', await t({ iss: 42 }), {
    expect: { code: 'bad_claim_type', why: typeWhy('iss', 'RFC 7519 §4.1.1 (StringOrURI)') },
  });
  add(cat, 'sub-number', await t({ sub: 42 }), {
    expect: { code: 'bad_claim_type', why: typeWhy('sub', 'RFC 7519 §4.1.2 (StringOrURI)') },
  });
  add(cat, 'jti-object', await t({ jti: { id: 1 } }), {
    expect: { code: 'bad_claim_type', why: typeWhy('jti', 'RFC 7519 §4.1.7 (case-sensitive string)') },
  });
  add(cat, 'aud-number', await t({ aud: 7 }), {
    expect: { code: 'bad_claim_type', why: typeWhy('aud', 'RFC 7519 §4.1.3 (StringOrURI or array of them)') },
  });
  add(cat, 'aud-array-with-number', await t({ aud: [AUD, 7] }), {
    expect: { code: 'bad_claim_type', why: typeWhy('aud', 'RFC 7519 §4.1.3 (StringOrURI or array of them)') },
  });
}

async function algCases(keys, add) {
  const k = keys.rs256;
  const good = await joseToken(k);
  const [, payload] = parts(good);
  const cat = 'alg';
  // alg "none" in every spelling, with an empty and with a junk signature.
  for (const none of ['none', 'None', 'NONE', 'nOnE']) {
    const h = b64u(JSON.stringify({ alg: none, typ: 'JWT' }));
    add(cat, `${none}-empty-sig`, `${h}.${payload}.`);
    add(cat, `${none}-with-sig`, `${h}.${payload}.${parts(good)[2]}`);
  }
  add(cat, 'lowercase-rs256', rawToken(k, 'RS256', JSON.stringify({ alg: 'rs256', kid: 'rs256' }), JSON.stringify(claims())));
  add(cat, 'missing', rawToken(k, 'RS256', JSON.stringify({ kid: 'rs256' }), JSON.stringify(claims())));
  add(cat, 'number', rawToken(k, 'RS256', JSON.stringify({ alg: 256, kid: 'rs256' }), JSON.stringify(claims())));
  add(cat, 'empty-string', rawToken(k, 'RS256', JSON.stringify({ alg: '', kid: 'rs256' }), JSON.stringify(claims())), {
    expect: {
      code: 'alg_not_allowed',
      why: 'RFC 7515 §4.1.1: alg is a case-sensitive string; "" is a string that names no allowed algorithm, so tokenward refuses it at the allowlist like any unknown name; jose treats an empty alg as a missing (invalid) header member. Both refuse',
    },
  });
  add(cat, 'unknown-name', rawToken(k, 'RS256', JSON.stringify({ alg: 'RS1', kid: 'rs256' }), JSON.stringify(claims())));
  add(cat, 'es256-not-allowed', await joseToken(keys.es256), { options: { algorithms: ['RS256'] } });
  // allowSymmetric: the secret is loaded, the allowlist alone refuses HS256.
  add(cat, 'hs256-not-allowed', await joseToken(keys.hs256), {
    jwks: 'hmac',
    options: { algorithms: ['RS256'], allowSymmetric: true },
  });
  add(cat, 'header-alg-differs-from-key-alg', await joseToken(keys.rs256, { alg: 'RS384' }), selected('key_alg_mismatch'));
}

async function keyCases(keys, add) {
  const cat = 'keys';
  const rsa = keys.rs256;
  const body = JSON.stringify(claims());
  add(cat, 'ambiguous-no-kid-two-keys', await joseToken(keys['rsa-a'], { kid: null }), { jwks: 'two-rsa' });
  add(cat, 'two-keys-with-kid', await joseToken(keys['rsa-b']), { jwks: 'two-rsa' });
  add(cat, 'single-key-no-kid-no-alg', await joseToken(rsa, { kid: null }), { jwks: 'single-no-kid' });
  add(cat, 'single-key-without-kid-token-has-kid', await joseToken(rsa), { jwks: 'single-no-kid', ...selected('unknown_kid') });
  add(cat, 'empty-set-with-kid', await joseToken(rsa), { jwks: 'empty', ...selected('unknown_kid') });
  add(cat, 'empty-set-without-kid', await joseToken(rsa, { kid: null }), { jwks: 'empty', ...selected('unknown_kid') });
  add(cat, 'kid-use-enc', await joseToken(rsa, { kid: 'enc-use' }), { jwks: 'restricted', ...selected('key_use_mismatch') });
  add(cat, 'kid-key-ops-sign-only', await joseToken(rsa, { kid: 'sign-only-ops' }), { jwks: 'restricted', ...selected('key_use_mismatch') });
  add(cat, 'kid-jwk-alg-pinned-other', await joseToken(rsa, { kid: 'pinned-rs384' }), { jwks: 'restricted', ...selected('key_alg_mismatch') });
  add(cat, 'kid-use-sig-ops-verify', await joseToken(rsa, { kid: 'sig-use' }), { jwks: 'restricted' });
  add(cat, 'kid-number', rawToken(rsa, 'RS256', JSON.stringify({ alg: 'RS256', kid: 7 }), body), {
    expect: {
      code: 'malformed',
      why: 'RFC 7515 §4.1.4: kid is a string; tokenward rejects a non-string kid as a malformed header, jose just finds no key for it',
    },
  });
  add(cat, 'kid-null', rawToken(rsa, 'RS256', JSON.stringify({ alg: 'RS256', kid: null }), body), {
    expect: {
      code: 'malformed',
      why: 'RFC 7515 §4.1.4: kid is a string; tokenward rejects a non-string kid as a malformed header, jose just finds no key for it',
    },
  });
  add(cat, 'kid-empty-string', await joseToken(rsa, { kid: '' }), selected('unknown_kid'));
  add(cat, 'es256-token-p384-key', await joseToken(keys.es256, { kid: 'p384' }), { jwks: 'es384-no-alg', ...selected('key_alg_mismatch') });
  add(cat, 'es384-token-p521-key', await joseToken(keys.es384, { kid: 'p521' }), { jwks: 'es512-no-alg', ...selected('key_alg_mismatch') });
  add(cat, 'es512-token-p384-key', await joseToken(keys.es512, { kid: 'p384' }), { jwks: 'es384-no-alg', ...selected('key_alg_mismatch') });
  add(cat, 'es512-key-x-67-bytes', await joseToken(keys.es512), {
    jwks: 'es512-x-67-bytes',
    expect: {
      code: 'unknown_kid',
      why: 'RFC 7518 §6.2.1.2: a P-521 coordinate is exactly 66 octets, the full field length; tokenward skips a key of another length when the set loads, as any malformed key, so the token finds no key (unknown_kid); jose imports the key through node:crypto, which reads the number whatever its length',
    },
  });
  add(cat, 'es256-token-rsa-kid', await joseToken(keys.es256, { kid: 'rs256' }), selected('key_alg_mismatch'));
  add(cat, 'kid-case-differs', await joseToken(rsa, { kid: 'RS256' }), selected('unknown_kid'));
  add(cat, 'weak-rsa-1024', rawToken(keys.weak, 'RS256', JSON.stringify({ alg: 'RS256', kid: 'weak' }), body), {
    jwks: 'weak',
  });
  add(cat, 'weak-rsa-1024-no-kid', rawToken(keys.weak, 'RS256', JSON.stringify({ alg: 'RS256' }), body), {
    jwks: 'weak',
  });
  add(cat, 'hs256-without-opt-in', await joseToken(keys.hs256), {
    jwks: 'hmac',
    options: { algorithms: ['RS256', 'HS256'] },
    expect: {
      code: 'jwks_invalid',
      why: 'RFC 8725 §3.1/§3.2: without the allowSymmetric opt-in a secret (k) in a key set is a leaked secret, so tokenward refuses the whole set when it loads (jwks_invalid, the verdict of every token against it); jose has no such opt-in and verifies with the secret',
    },
  });
  await confusionCases(keys, add);
  await embeddedKeyCases(keys, add);
}

// HS/RS confusion: HS256 signed with the RSA public key's bytes as secret.
const CONFUSION_WHY =
  'RFC 8725 §2.1/§3.1: an RSA key never verifies HS256, whatever its bytes; tokenward refuses at key selection (no key of the set is an oct key: key_alg_mismatch), with or without the symmetric opt-in; jose refuses HS256 against a key set as unsupported (ERR_JOSE_NOT_SUPPORTED)';
async function confusionCases(keys, add) {
  const cat = 'confusion';
  const rsa = keys.rs256;
  const publicPem = Buffer.from(
    createPublicKey({ key: rsa.pubJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
  );
  const secrets = {
    'spki-pem': publicPem,
    'jwk-json': Buffer.from(JSON.stringify(rsa.pubJwk)),
    'modulus-bytes': Buffer.from(rsa.pubJwk.n, 'base64url'),
  };
  for (const [label, secret] of Object.entries(secrets)) {
    const fake = { privJwk: { k: b64u(secret) } };
    for (const kid of ['rs256', undefined]) {
      const header = JSON.stringify(kid ? { alg: 'HS256', kid } : { alg: 'HS256' });
      const token = rawToken(fake, 'HS256', header, JSON.stringify(claims()));
      const name = `${label}${kid ? '-kid' : '-no-kid'}`;
      add(cat, `${name}-rsa-allowlist`, token);
      add(cat, `${name}-hs-allowed`, token, {
        options: { algorithms: ['RS256', 'HS256'] },
        expect: { code: 'key_alg_mismatch', why: CONFUSION_WHY },
      });
      add(cat, `${name}-hs-allowed-opted-in`, token, {
        options: { algorithms: ['RS256', 'HS256'], allowSymmetric: true },
        expect: { code: 'key_alg_mismatch', why: CONFUSION_WHY },
      });
    }
  }
}

// `jwk` / `jku` / `x5u` headers name keys; both libraries must ignore them.
async function embeddedKeyCases(keys, add) {
  const cat = 'embedded';
  const attacker = keys['attacker-es'];
  const attackerJwk = attacker.pubJwk;
  add(cat, 'jwk-header-attacker-key-no-kid', await joseToken(attacker, { kid: null, header: { jwk: attackerJwk } }));
  add(cat, 'jwk-header-attacker-key-victim-kid', await joseToken(attacker, { kid: 'es256', header: { jwk: attackerJwk } }));
  add(cat, 'jwk-header-attacker-rsa-kid-of-victim', await joseToken(keys['attacker-rsa'], {
    kid: 'rs256',
    header: { jwk: keys['attacker-rsa'].pubJwk },
  }));
  add(cat, 'jku-header-ignored-valid', await joseToken(keys.rs256, { header: { jku: 'https://evil.example/jwks' } }));
  add(cat, 'x5u-header-ignored-valid', await joseToken(keys.rs256, { header: { x5u: 'https://evil.example/cert' } }));
  add(cat, 'jwk-header-victim-key-valid', await joseToken(keys.rs256, { header: { jwk: keys.rs256.pubJwk } }));
}

async function critCases(keys, add) {
  const cat = 'crit';
  const k = keys.rs256;
  const body = JSON.stringify(claims());
  const tok = (header) => rawToken(k, 'RS256', JSON.stringify({ alg: 'RS256', kid: 'rs256', ...header }), body);
  const critWhy =
    'RFC 7515 §4.1.11: a recipient rejects a crit extension it does not implement; tokenward implements none (crit_unsupported), jose refuses this one as unsupported (ERR_JOSE_NOT_SUPPORTED, which also covers other things)';
  add(cat, 'unknown-extension', tok({ crit: ['x-custom'], 'x-custom': 1 }), {
    expect: { code: 'crit_unsupported', why: critWhy },
  });
  add(cat, 'registered-name', tok({ crit: ['exp'], exp: NOW }), {
    expect: { code: 'crit_unsupported', why: critWhy },
  });
  add(cat, 'b64-true', tok({ crit: ['b64'], b64: true }), {
    expect: {
      code: 'crit_unsupported',
      why: 'RFC 7515 §4.1.11: a recipient rejects any crit extension it does not implement; tokenward implements none (RFC 7797 b64 has no place in a JWT, RFC 7797 §7), jose understands b64',
    },
  });
  const b64False = (() => {
    const h = b64u(JSON.stringify({ alg: 'RS256', kid: 'rs256', crit: ['b64'], b64: false }));
    return signSegments(k, 'RS256', h, b64u(body));
  })();
  add(cat, 'b64-false', b64False, {
    expect: {
      code: 'crit_unsupported',
      why: 'RFC 7515 §4.1.11 + RFC 7797 §7: unencoded payloads are forbidden for JWTs; tokenward refuses any crit before the signature, jose verifies first and then calls it an invalid JWT',
    },
  });
  add(cat, 'empty-array', tok({ crit: [] }), {
    expect: {
      code: 'crit_unsupported',
      why: 'tokenward\'s rule: any crit rejects as crit_unsupported; jose calls an empty crit list an invalid header (RFC 7515 §4.1.11 forbids the empty list), both refuse',
    },
  });
  add(cat, 'not-an-array', tok({ crit: 'x-custom' }), {
    expect: {
      code: 'crit_unsupported',
      why: 'tokenward\'s rule: any crit rejects as crit_unsupported; jose calls a non-array crit an invalid header, both refuse',
    },
  });
}

const DUP_WHY =
  'RFC 7515 §5.2 step 4 / RFC 7519 §7.2 step 3: a JOSE header or claims set with duplicate member names is either rejected or parsed last-wins; tokenward rejects, jose JSON.parse keeps the last, so two parsers could read different values';

async function encodingCases(keys, add) {
  const cat = 'encoding';
  const k = keys.rs256;
  const good = await joseToken(k);
  const [h, p, s] = parts(good);
  const header = JSON.stringify({ alg: 'RS256', kid: 'rs256' });
  const body = JSON.stringify(claims());
  const signed = (hh, pp) => signSegments(k, 'RS256', hh, pp);
  const b64Why = (what) =>
    `RFC 7515 §2 and §7.1: base64url without padding, whitespace or other characters, and RFC 4648 §3.5 canonical encoding; tokenward rejects ${what}, jose's atob-based decoder (Node 20) tolerates it`;

  // Segment counts.
  add(cat, 'two-segments', `${h}.${p}`);
  add(cat, 'four-segments', `${good}.${s}`);
  add(cat, 'jwe-five-segments', `${h}.${p}.${s}.${p}.${s}`);
  add(cat, 'jwe-real-header-five-segments', `${b64u('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.AAAA.AAAA.AAAA.AAAA`);
  add(cat, 'empty-string', '');
  add(cat, 'only-dots', '..');
  add(cat, 'empty-header-segment', signed('', p));
  add(cat, 'empty-payload-segment', signed(h, ''));

  // Padding, whitespace, alphabet, trailing bits.
  const headerPadded = withTrailingBits({ alg: 'RS256', kid: 'rs256' });
  const hp = b64u(headerPadded);
  const padded = Buffer.from(headerPadded).toString('base64');
  add(cat, 'header-trailing-bits-canonical', signed(hp, p));
  add(cat, 'header-padded', signed(padded.replace(/\+/g, '-').replace(/\//g, '_'), p), {
    expect: { code: 'malformed', why: b64Why('"=" padding') },
  });
  add(cat, 'header-non-canonical-trailing-bits', signed(nonCanonicalTail(hp), p), {
    expect: { code: 'malformed', why: b64Why('non-zero unused trailing bits') },
  });
  add(cat, 'payload-non-canonical-trailing-bits', signed(h, nonCanonicalTail(b64u(withTrailingBits(claims())))), {
    expect: { code: 'malformed', why: b64Why('non-zero unused trailing bits') },
  });
  add(cat, 'signature-padded', `${h}.${p}.${s}${'='.repeat((4 - (s.length % 4)) % 4 || 2)}`, {
    expect: { code: 'malformed', why: b64Why('"=" padding') },
  });
  add(cat, 'header-space-inside', signed(`${h.slice(0, 8)} ${h.slice(8)}`, p), {
    expect: { code: 'malformed', why: b64Why('whitespace') },
  });
  add(cat, 'payload-newline-inside', signed(h, `${p.slice(0, 10)}\n${p.slice(10)}`), {
    expect: { code: 'malformed', why: b64Why('whitespace') },
  });
  add(cat, 'signature-standard-alphabet', `${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}`);
  add(cat, 'payload-standard-alphabet', signed(h, Buffer.from(stdAlphabetPayload()).toString('base64').replace(/=+$/, '')));
  add(cat, 'payload-illegal-char', signed(h, `${p.slice(0, 5)}*${p.slice(6)}`));
  add(cat, 'leading-space-token', ` ${good}`, { expect: { code: 'malformed', why: b64Why('whitespace') } });

  // JSON shape.
  add(cat, 'dup-header-alg', rawToken(k, 'RS256', '{"alg":"none","alg":"RS256","kid":"rs256"}', body), {
    expect: { code: 'malformed', why: DUP_WHY },
  });
  add(cat, 'dup-header-kid', rawToken(k, 'RS256', '{"alg":"RS256","kid":"other","kid":"rs256"}', body), {
    expect: { code: 'malformed', why: DUP_WHY },
  });
  const dupPayload = (member) => body.replace(/^\{/, `{${member},`);
  add(cat, 'dup-payload-exp', rawToken(k, 'RS256', header, dupPayload(`"exp":${NOW - 100}`)), {
    expect: { code: 'malformed', why: DUP_WHY },
  });
  add(cat, 'dup-payload-sub', rawToken(k, 'RS256', header, dupPayload('"sub":"admin"')), {
    expect: { code: 'malformed', why: DUP_WHY },
  });
  add(cat, 'dup-payload-iss', rawToken(k, 'RS256', header, dupPayload('"iss":"https://evil.example"')), {
    expect: { code: 'malformed', why: DUP_WHY },
  });
  add(cat, 'header-bom', rawToken(k, 'RS256', `\uFEFF${header}`, body), {
    expect: {
      code: 'malformed',
      why: 'RFC 8259 §8.1: JSON text exchanged between systems MUST NOT start with a BOM; tokenward rejects it, jose TextDecoder silently strips it',
    },
  });
  add(cat, 'payload-bom', rawToken(k, 'RS256', header, `\uFEFF${body}`), {
    expect: {
      code: 'malformed',
      why: 'RFC 8259 §8.1: JSON text exchanged between systems MUST NOT start with a BOM; tokenward rejects it, jose TextDecoder silently strips it',
    },
  });
  add(cat, 'json-whitespace-ok', rawToken(k, 'RS256', ` ${header} `, `\n${body}\n`));
  add(cat, 'header-array', rawToken(k, 'RS256', '["RS256"]', body));
  add(cat, 'header-not-json', rawToken(k, 'RS256', '{alg:RS256}', body));
  add(cat, 'header-trailing-garbage', rawToken(k, 'RS256', `${header}x`, body));
  for (const [label, payload] of Object.entries({ array: '[1,2]', string: '"claims"', number: '42', null: 'null', true: 'true' })) {
    add(cat, `payload-${label}`, rawToken(k, 'RS256', header, payload));
  }
  add(cat, 'payload-not-json', rawToken(k, 'RS256', header, 'not json'));
  add(cat, 'payload-empty', rawToken(k, 'RS256', header, ''));
  const invalidUtf8 = Buffer.concat([Buffer.from(`${body.slice(0, -1)},"x":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  add(cat, 'payload-invalid-utf8', rawToken(k, 'RS256', header, invalidUtf8));
  add(cat, 'payload-lone-surrogate-escape', rawToken(k, 'RS256', header, body.replace(/\}$/, ',"x":"\\ud800"}')), {
    expect: {
      code: 'malformed',
      why: 'RFC 8259 §8.2 leaves unpaired surrogates unpredictable and RFC 7493 §2.1 (I-JSON) forbids them; tokenward requires claims that are valid Unicode, JS strings accept lone surrogates',
    },
  });
  add(cat, 'payload-exp-overflow-1e400', rawToken(k, 'RS256', header, body.replace(/"exp":\d+/, '"exp":1e400')), {
    expect: {
      code: 'malformed',
      why: 'RFC 8259 §6: numbers beyond IEEE 754 binary64 are not interoperable, and tokenward requires finite time claims; tokenward refuses the JSON, jose parses exp as Infinity and accepts a token that never expires',
    },
  });
  add(cat, 'payload-exp-1e308-finite', rawToken(k, 'RS256', header, body.replace(/"exp":\d+/, '"exp":1e308')));
}

// A claims set whose standard base64 contains '+' or '/'.
function stdAlphabetPayload() {
  for (let i = 0; ; i++) {
    const text = JSON.stringify(claims({ jti: `~~~${i}?>` }));
    const std = Buffer.from(text).toString('base64');
    if (/[+/]/.test(std)) return text;
  }
}

async function sizeCases(keys, add) {
  const cat = 'size';
  const k = keys.rs256;
  const big = await joseToken(k, { payload: claims({ blob: 'x'.repeat(17 * 1024) }) });
  const sizeWhy =
    'RFC 8725 §3.x / tokenward\'s rule: tokenward caps the compact token (default 16 KiB) before decoding anything, to bound work on hostile input; jose has no size cap';
  add(cat, 'token-over-16k', big, { expect: { code: 'too_large', why: sizeWhy } });
  add(cat, 'token-over-16k-cap-raised', big, { options: { maxTokenLength: 32 * 1024 } });
  const [under, over] = await tokensAround(k, 16 * 1024);
  add(cat, 'token-largest-under-16k', under);
  add(cat, 'token-smallest-over-16k', over, { expect: { code: 'too_large', why: sizeWhy } });
  add(cat, 'header-over-4k', await joseToken(k, { header: { 'x-pad': 'y'.repeat(5000) } }), {
    expect: {
      code: 'too_large',
      why: 'tokenward\'s rule: the header is capped at 4 KiB (it is parsed before the signature is checked); jose has no cap',
    },
  });
  const nested = (depth) => {
    let v = 1;
    for (let i = 0; i < depth; i++) v = { n: v };
    return v;
  };
  add(cat, 'payload-depth-8', await joseToken(k, { payload: claims({ deep: nested(8) }) }));
  add(cat, 'payload-depth-64', await joseToken(k, { payload: claims({ deep: nested(64) }) }), {
    expect: {
      code: 'malformed',
      why: 'tokenward\'s rule: JSON nesting is capped (default 16) so hostile input cannot exhaust the stack; RFC 7159 §9 lets parsers limit nesting depth; jose has no cap',
    },
  });
  add(cat, 'payload-array-depth-64', await joseToken(k, { payload: claims({ deep: JSON.parse('['.repeat(64) + ']'.repeat(64)) }) }), {
    expect: {
      code: 'malformed',
      why: 'tokenward\'s rule: JSON nesting is capped (default 16) so hostile input cannot exhaust the stack; RFC 7159 §9 lets parsers limit nesting depth; jose has no cap',
    },
  });
}

// The largest valid token of at most `limit` bytes and the smallest longer
// one (not every length is reachable: base64url grows in steps).
async function tokensAround(k, limit) {
  let pad = Math.floor(((limit - 1000) * 3) / 4);
  let under = null;
  for (;;) {
    const token = await joseToken(k, { payload: claims({ pad: 'p'.repeat(pad) }) });
    if (token.length > limit) return [under, token];
    under = token;
    pad += 1;
  }
}

// ---------------------------------------------------------------- ECDSA extras

async function ecdsaCases(keys, add) {
  const cat = 'ecdsa';
  for (const alg of ['ES256', 'ES384', 'ES512']) {
    const key = keys[alg.toLowerCase()];
    const good = await joseToken(key);
    add(cat, `${alg}-high-s`, mutateSignature(good, (s) => highS(alg, s)));
    // RFC 7518 §3.4: R||S only, never DER; both refuse it as a bad signature.
    add(cat, `${alg}-der-signature`, mutateSignature(good, (s) => ecdsaRawToDer(s)));
    add(cat, `${alg}-r-s-zero`, mutateSignature(good, (s) => Buffer.alloc(s.length)));
    add(cat, `${alg}-r-s-n`, mutateSignature(good, (s) => {
      // Padded to the field length: P-521's n has 521 bits in 66 bytes.
      const n = Buffer.from(CURVE_N[alg].toString(16).padStart(s.length, '0'), 'hex');
      return Buffer.concat([n, n]);
    }));
    add(cat, `${alg}-r-s-all-ff`, mutateSignature(good, (s) => Buffer.alloc(s.length, 0xff)));
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const keys = await makeKeys();
  const jwks = makeKeySets(keys);
  const cases = await buildCases(keys);
  for (const c of cases) {
    // Drop undefined option members so the JSON stays tidy.
    c.options = JSON.parse(JSON.stringify(c.options));
    c.jose = await joseVerdict(c, jwks[c.jwks]);
    if (c.jose.ok === false && !tokenwardRow(c.jose)) {
      throw new Error(`${c.name}: jose answered ${JSON.stringify(c.jose)}, which has no row in TOKENWARD_CODE`);
    }
    if (c.jose.ok === false && !c.jose.code && !c.expect) {
      throw new Error(`${c.name}: jose's ${c.jose.error} does not decide tokenward's code; add expect: { code, why }`);
    }
    // Move `expect` after `jose` for a stable, readable member order.
    if (c.expect) {
      const { expect } = c;
      delete c.expect;
      c.expect = expect;
    }
  }
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    names.add(c.name);
  }
  const doc = {
    comment:
      'Generated by tests/differential/generate.mjs; checked against jose by check.mjs and against tokenward-core by crates/core/tests/differential.rs. Do not edit by hand.',
    jose: '6.2.18',
    now: NOW,
    jwks,
    cases,
  };
  writeFileSync(OUT, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`wrote ${cases.length} cases to ${OUT.pathname}`);
}

await main();
