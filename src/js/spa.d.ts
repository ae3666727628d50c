// TypeScript declarations of `tokenward/spa`: RS256-512, PS256-512, ES256,
// ES384; remote key sets and sessions. Exactly what spa-api.js exports at
// runtime; the declarations themselves are the full ones (this build's
// index.d.ts, with its own ErrorCode list). lint, RevocationList and
// LINT_CODES are not here: import them from 'tokenward'.
export type {
  ErrorCode, Algorithm, JWK, JWKSet, VerifierOptions, VerifyOptions, JWTHeader, JWTClaims,
  VerifiedToken, UnverifiedToken, Duration, JWTPayload, RemoteKeySetOptions, KeySetFetchFailure,
} from './index.js';
export { ERROR_CODES, TokenError, OptionsError, Verifier, RemoteKeySet, decodeUnverified, init } from './index.js';
export * from './session.js';
