// TypeScript declarations of `tokenward/slim`: ES256 only, inline key sets.
// Exactly what slim-api.js exports at runtime; the declarations themselves
// are the full ones (this build's index.d.ts, with its own ErrorCode list).
// lint, RemoteKeySet, RevocationList and LINT_CODES are not here: import
// them from 'tokenward'.
export type {
  ErrorCode, Algorithm, JWK, JWKSet, VerifierOptions, VerifyOptions, JWTHeader, JWTClaims,
  VerifiedToken, UnverifiedToken,
} from './index.js';
export { ERROR_CODES, TokenError, OptionsError, Verifier, decodeUnverified, init } from './index.js';
export * from './session.js';
