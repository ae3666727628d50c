// jose's verdict on one differential case, mapped to tokenward's stable codes.
//
// Shared by generate.mjs (which records the verdict in cases.json) and
// check.mjs (which re-runs jose and fails when the recorded verdict drifts).
// Keep every jose-specific decision in this file.

import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
} from 'jose';

const HMAC_ALGS = new Set(['HS256', 'HS384', 'HS512']);

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

// jose's createLocalJWKSet refuses HMAC algorithms outright ("Unsupported alg
// value for a JSON Web Key Set"). For HS* we select among the set's `oct`
// keys with the same rules createLocalJWKSet applies to asymmetric keys
// (kid, alg, use, key_ops), so an HS token is judged on its key, not on a
// jose API limitation. Everything else goes through createLocalJWKSet.
function keyResolver(jwks) {
  const local = createLocalJWKSet(jwks);
  return async (header, token) => {
    if (!HMAC_ALGS.has(header.alg)) return local(header, token);
    const candidates = jwks.keys.filter((jwk) => usableOct(jwk, header));
    if (candidates.length === 0) throw new errors.JWKSNoMatchingKey();
    if (candidates.length > 1) throw new errors.JWKSMultipleMatchingKeys();
    return importJWK(candidates[0], header.alg);
  };
}

function usableOct(jwk, { alg, kid }) {
  return (
    jwk.kty === 'oct' &&
    (kid === undefined || jwk.kid === kid) &&
    (jwk.alg === undefined || jwk.alg === alg) &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (jwk.key_ops === undefined || jwk.key_ops.includes('verify'))
  );
}

// Runs jose on one case. `jwks` is the case's resolved JWK Set.
export async function joseVerdict(c, jwks) {
  try {
    await jwtVerify(c.token, keyResolver(jwks), joseOptions(c));
    return { ok: true };
  } catch (err) {
    return { ok: false, ...mapJoseError(err, c.token, jwks) };
  }
}

// Maps a jose error to { code, raw }. `raw` is jose's own identification
// (error code, plus claim and reason for claim errors) so reviewers can see
// what jose said before our mapping.
export function mapJoseError(err, token, jwks) {
  const jcode = err?.code;
  switch (jcode) {
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return { code: 'malformed', raw: jcode };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { code: 'alg_not_allowed', raw: jcode };
    case 'ERR_JOSE_NOT_SUPPORTED':
      // validateCrit throws this for an unrecognised crit extension.
      if (/Extension Header Parameter/.test(err.message)) {
        return { code: 'crit_unsupported', raw: jcode };
      }
      return { code: 'alg_not_allowed', raw: `${jcode}: ${err.message}` };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { code: 'bad_signature', raw: jcode };
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return { code: 'ambiguous_key', raw: jcode };
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return { code: noMatchingKeyCode(token, jwks), raw: jcode };
    case 'ERR_JWT_EXPIRED':
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return { code: claimCode(err), raw: `${jcode}:${err.claim}:${err.reason}` };
    default:
      break;
  }
  // jose refuses RSA keys under 2048 bits with a plain TypeError.
  if (err instanceof TypeError && /modulusLength to be 2048 bits/.test(err.message)) {
    return { code: 'weak_key', raw: `TypeError: ${err.message}` };
  }
  return { code: 'unmapped', raw: `${jcode ?? err?.name}: ${err?.message}` };
}

// jose folds every key-selection failure into "no matching key". We split it
// the way tokenward's codes do, by looking at why the set had no candidate:
// an empty set, or no key with that kid -> unknown_kid; the kid's key is only
// for another use -> key_use_mismatch; otherwise the key (or, without kid,
// every key) does not fit the alg -> key_alg_mismatch.
function noMatchingKeyCode(token, jwks) {
  const { kid } = decodeProtectedHeader(token);
  if (jwks.keys.length === 0) return 'unknown_kid';
  if (kid === undefined) {
    return jwks.keys.some(wrongUse) ? 'key_use_mismatch' : 'key_alg_mismatch';
  }
  const byKid = jwks.keys.filter((jwk) => typeof kid === 'string' && jwk.kid === kid);
  if (byKid.length === 0) return 'unknown_kid';
  return byKid.some(wrongUse) ? 'key_use_mismatch' : 'key_alg_mismatch';
}

function wrongUse(jwk) {
  const badUse = jwk.use !== undefined && jwk.use !== 'sig';
  const badOps = jwk.key_ops !== undefined && !jwk.key_ops.includes('verify');
  return badUse || badOps;
}

// jose's claim errors carry the claim name and a reason
// ("missing" | "invalid" | "check_failed").
function claimCode(err) {
  if (err.reason === 'missing') return 'missing_claim';
  if (err.reason === 'invalid') return 'bad_claim_type';
  switch (err.claim) {
    case 'exp':
      return 'expired';
    case 'nbf':
      return 'not_yet_valid';
    case 'iat':
      // ERR_JWT_EXPIRED on iat: older than maxTokenAge. A claim-validation
      // failure on iat: issued in the future (tokenward does not reject that).
      return err.code === 'ERR_JWT_EXPIRED' ? 'token_too_old' : 'not_yet_valid';
    case 'iss':
      return 'bad_issuer';
    case 'aud':
      return 'bad_audience';
    case 'typ':
      return 'bad_typ';
    default:
      return 'unmapped';
  }
}
