// jose's own answer on one differential case, and the table that reads it
// as a tokenward code.
//
// Shared by generate.mjs (which records the answer in cases.json) and
// check.mjs (which re-runs jose and fails when the recorded answer drifts).
// What is jose's and what is tokenward's stay apart:
//
// - `jose` in a case is what jose said: `{ ok: true }`, or its error `error`
//   (jose's `err.code`; a plain error's name and message), with `claim` and
//   `reason` for claim errors. Nothing here re-implements a tokenward rule.
// - `jose.code` is that answer read through TOKENWARD_CODE, a table with one
//   reason per row; only answers that mean exactly one tokenward code have
//   a row with a code.
// - Where jose's answer does not decide tokenward's code (a row without a
//   code, or tokenward deliberately answers otherwise), the case carries
//   `expect: { code, why }`, written by hand in generate.mjs.

import { createLocalJWKSet, importJWK, jwtVerify } from 'jose';

// The jose options of a case. tokenward requires `exp` by default and jose
// does not, so `requireExp` (default true) becomes a required claim for jose;
// the Rust runner maps the same flag to `ValidationOptions::require_exp`.
export function joseOptions(c) {
  const o = c.options;
  const requiredClaims = [...(o.requiredClaims ?? [])];
  if (o.requireExp !== false && !requiredClaims.includes('exp')) {
    requiredClaims.push('exp');
  }
  const options = {
    algorithms: o.algorithms,
    requiredClaims,
    currentDate: new Date(c.now * 1000),
  };
  for (const name of ['issuer', 'audience', 'clockTolerance', 'typ', 'maxTokenAge']) {
    if (o[name] !== undefined) options[name] = o[name];
  }
  return options;
}

// What jose is handed. jose's key sets (createLocalJWKSet) take no HMAC keys
// at all, so a set holding an `oct` key is handed to jose as that one key,
// imported with jose's importJWK (the way jose verifies HS tokens): jose
// then judges the signature and the claims, and never selects a key, so
// every HMAC key-selection verdict is tokenward's own, in `expect`. Every
// other set goes to createLocalJWKSet as it is.
async function joseKey(jwks) {
  const secrets = jwks.keys.filter((jwk) => jwk.kty === 'oct');
  if (secrets.length > 1) throw new Error('a differential key set holds one oct key at most');
  if (secrets.length === 1) return { key: await importJWK(secrets[0], 'HS256'), via: 'importJWK' };
  return { key: createLocalJWKSet(jwks) };
}

// Runs jose on one case. `jwks` is the case's resolved JWK Set.
export async function joseVerdict(c, jwks) {
  const { key, via } = await joseKey(jwks);
  let answer;
  try {
    await jwtVerify(c.token, key, joseOptions(c));
    answer = { ok: true };
  } catch (err) {
    answer = { ok: false, ...joseAnswer(err) };
    const row = tokenwardRow(answer);
    if (row?.code) answer.code = row.code;
  }
  return via ? { ...answer, via } : answer;
}

// jose's identification of an error, as it gave it.
function joseAnswer(err) {
  if (typeof err?.code === 'string' && err.code.startsWith('ERR_')) {
    const out = { error: err.code };
    if (err.claim !== undefined) out.claim = err.claim;
    if (err.reason !== undefined) out.reason = err.reason;
    return out;
  }
  return { error: `${err?.name}: ${err?.message}` };
}

// The row of TOKENWARD_CODE for an answer: its error, or for a claim error
// `error:claim:reason`, then `error:*:reason`.
export function tokenwardRow(answer) {
  const { error, claim, reason } = answer;
  if (claim !== undefined) {
    return TOKENWARD_CODE[`${error}:${claim}:${reason}`] ?? TOKENWARD_CODE[`${error}:*:${reason}`];
  }
  return TOKENWARD_CODE[error];
}

// jose's answer -> tokenward's code, one reason per row. `code: null`: the
// answer covers several tokenward codes (or none), so each case with it
// names tokenward's code in `expect`.
export const TOKENWARD_CODE = {
  ERR_JWS_INVALID: {
    code: 'malformed',
    why: 'jose: not a compact JWS it can read (segments, base64url, header JSON or a header member); tokenward calls each of these malformed',
  },
  ERR_JWT_INVALID: {
    code: 'malformed',
    why: 'jose: the payload is not a JSON object; tokenward: malformed (payload JSON)',
  },
  ERR_JOSE_ALG_NOT_ALLOWED: {
    code: 'alg_not_allowed',
    why: 'both: the header alg is not in the allowlist',
  },
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: {
    code: 'bad_signature',
    why: 'both: the signature does not verify under the key',
  },
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: {
    code: 'ambiguous_key',
    why: 'both: several keys of the set could verify the token',
  },
  ERR_JWKS_NO_MATCHING_KEY: {
    code: null,
    why: 'jose folds three tokenward codes into one: no key has the kid (unknown_kid), the key cannot verify the alg (key_alg_mismatch), the key is not for verifying (key_use_mismatch)',
  },
  ERR_JOSE_NOT_SUPPORTED: {
    code: null,
    why: 'jose: something it does not implement (a crit extension, HMAC in a key set); which tokenward rule applies depends on the case',
  },
  'ERR_JWT_EXPIRED:exp:check_failed': {
    code: 'expired',
    why: 'both: now is at or past exp (+ tolerance)',
  },
  'ERR_JWT_EXPIRED:iat:check_failed': {
    code: 'token_too_old',
    why: 'both: iat is older than maxTokenAge (+ tolerance)',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:nbf:check_failed': {
    code: 'not_yet_valid',
    why: 'both: nbf is after now (+ tolerance)',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:iat:check_failed': {
    code: null,
    why: 'jose: iat in the future with maxTokenAge; tokenward has no such rule',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:iss:check_failed': {
    code: 'bad_issuer',
    why: 'both: iss is not the expected issuer',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:aud:check_failed': {
    code: 'bad_audience',
    why: 'both: aud holds none of the expected audiences',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:typ:check_failed': {
    code: 'bad_typ',
    why: 'both: the header typ is not the expected one',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:*:missing': {
    code: 'missing_claim',
    why: 'both: a required claim is absent (jose reason "missing")',
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:*:invalid': {
    code: 'bad_claim_type',
    why: 'both: a claim jose compares has the wrong JSON type (jose reason "invalid")',
  },
  'TypeError: RS256 requires key modulusLength to be 2048 bits or larger': {
    code: 'weak_key',
    why: 'both: an RSA key under 2048 bits is refused (jose throws a plain TypeError)',
  },
};
