// Where tokenward and oauth4webapi give different verdicts on the DPoP
// differential's cases, and why: each row is a case name, the code tokenward
// answers ("ok" when it accepts), and the reason, citing RFC 9449 (or the RFC
// it leans on). Written by hand; check.mjs fails when a row's case agrees
// again, or when a case differs without a row. docs/dpop.md has the same
// table in prose ("where tokenward and oauth4webapi differ, and why").

const DOT_SEGMENT =
  'tokenward compares the path as sent, without removing dot segments: RFC 9449 §4.3 asks for RFC 3986 §6.2.2 ' +
  'normalisation to avoid false negatives, and this is one, never a false positive; HTTP clients resolve dot ' +
  'segments before they send, so an honest proof names the path it was sent to (docs/dpop.md, the URL comparison). ' +
  "oauth4webapi compares WHATWG URL serialisations, which resolve them.";
const TAB =
  'a tab is no URI character (RFC 3986 §2), so tokenward finds no URL in this htu (RFC 9449 §4.3 check 9); ' +
  "oauth4webapi's WHATWG URL parser silently deletes tabs and newlines from its input before comparing.";
const EMPTY_JTI =
  'RFC 9449 §4.2 makes jti a unique identifier of the proof and §11.1 keys the replay record on it: an empty ' +
  'string identifies nothing, so tokenward refuses it; oauth4webapi only checks that jti is a string.';
const LONG_JTI =
  'tokenward bounds jti at 256 bytes, the replay record kept "within a reasonable consideration of accuracy and ' +
  'resource utilization" (RFC 9449 §11.1): a client has no use for a longer one (a UUID is 36 bytes); ' +
  'oauth4webapi keeps no replay record and takes any string.';
const USE_ENC =
  'the proof key says it is not for signatures (RFC 7517 §4.2 use "enc"); tokenward reads a proof key with the ' +
  'same JWK parser as a token key and obeys it (RFC 9449 §4.3 check 6 verifies with that key), oauth4webapi ' +
  'drops use before importing.';
const KEY_OPS_SIGN =
  'the proof key allows "sign" only, not "verify" (RFC 7517 §4.3); tokenward obeys key_ops as for any key ' +
  '(RFC 9449 §4.3 check 6), oauth4webapi drops key_ops before importing.';

export const DIVERGENCES = {
  ...Object.fromEntries(['ES256', 'RS256', 'EdDSA'].flatMap((alg) => [
    [`${alg}: htu with a dot segment`, { tokenward: 'invalid_dpop_proof', why: DOT_SEGMENT }],
    [`${alg}: htu with a tab in the path`, { tokenward: 'invalid_dpop_proof', why: TAB }],
    [`${alg}: jti empty`, { tokenward: 'invalid_dpop_proof', why: EMPTY_JTI }],
    [`${alg}: jti of 257 bytes`, { tokenward: 'invalid_dpop_proof', why: LONG_JTI }],
    [`${alg}: jwk with use enc`, { tokenward: 'invalid_dpop_proof', why: USE_ENC }],
    [`${alg}: jwk with key_ops sign only`, { tokenward: 'invalid_dpop_proof', why: KEY_OPS_SIGN }],
  ])),
  'the same request twice (a replay)': {
    tokenward: 'dpop_replay',
    why: 'RFC 9449 §11.1: a server SHOULD remember the jti of each proof while the proof could be accepted; ' +
      "tokenward's Verifier and gateway keep that record, oauth4webapi's validateJwtAccessToken is stateless and " +
      'leaves replay detection to its caller, so it accepts the second use.',
  },
  'unbound token as Bearer, with a proof': {
    tokenward: 'ok',
    why: 'an unbound token under the Bearer scheme is a bearer token (RFC 6750); RFC 9449 §7.2 only requires refusing ' +
      'a DPoP-bound token sent as Bearer, and a proof beside a Bearer token proves nothing (§7.1 ties the proof to ' +
      'the DPoP scheme), so tokenward ignores it; oauth4webapi takes the DPoP header as a demand for a bound token.',
  },
  'defaults: iat 61 s old': {
    tokenward: 'invalid_dpop_proof',
    why: "tokenward's default iat window is 60 s back and 5 s ahead (RFC 9449 §11.1: a relatively brief window; " +
      'maxAge / maxFuture widen it), oauth4webapi fixes ±300 s.',
  },
  'defaults: iat 6 s ahead': {
    tokenward: 'invalid_dpop_proof',
    why: "tokenward's default window allows 5 s of client clock ahead (RFC 9449 §11.1, §11.2: a future iat is how " +
      'pre-generated proofs outlive a compromise); oauth4webapi allows 300 s.',
  },
  'defaults: iat 300 s old': {
    tokenward: 'invalid_dpop_proof',
    why: "tokenward's default window keeps a stolen proof usable for 60 s, not 300 s (RFC 9449 §11.1); " +
      'oauth4webapi accepts up to 300 s.',
  },
  ...Object.fromEntries(['missing', 'made up', 'not a string'].map((which) => [`nonce: ${which}`, {
    tokenward: 'use_dpop_nonce',
    why: 'with requireNonce, a proof must carry a nonce the server issued (RFC 9449 §9, §4.3 check 10) and is ' +
      'answered with use_dpop_nonce and a fresh DPoP-Nonce; oauth4webapi\'s validateJwtAccessToken has no nonce ' +
      'setting and checks none.',
  }])),
};

/**
 * Cases about the Authorization header's syntax: the gateway parses it,
 * the Verifier is handed the token (its caller parsed the header), so
 * only tokenward/edge answers them.
 */
export const VERIFIER_HAS_NO_SAY = [
  'scheme in lower case',
  'scheme in upper case',
  'two spaces after the scheme',
];

/**
 * Cases where the Verifier refuses with another code than the gateway
 * (both refuse): why, for each.
 */
export const VERIFIER_CODE = {
  'an empty DPoP header': {
    code: 'invalid_options',
    why: 'the gateway drops an empty DPoP value (no proof: dpop_proof_required); the Verifier refuses an empty ' +
      'dpop.proof string as an option, so a caller must pass undefined for an empty header.',
  },
};
