// The configurations a DPoP differential case runs under, the same for
// oauth4webapi and for tokenward's two surfaces (the npm Verifier and the
// tokenward/edge gateway). A case names one by `profile`.
//
// oauth4webapi's resource-server check (`validateJwtAccessToken`) accepts a
// proof whose `iat` is within 300 s of now, either way, and has no other
// window setting; `aligned` gives tokenward the same window so that the
// boundary cases compare rule against rule. `defaults` keeps tokenward's
// own defaults (60 s back, 5 s ahead), whose cases document the difference.

/** Fixed "now" (2026-01-01T00:00:00Z): both sides are handed this time. */
export const NOW = 1767225600;
export const ISSUER = 'https://login.example.com';
export const AUDIENCE = 'https://api.example.com';
export const URL_ = 'https://api.example.com/orders';
export const NONCE_SECRET = 'a DPoP differential nonce secret, 32 bytes or more';

const ALIGNED = { maxAge: 300, maxFuture: 300 };

export const PROFILES = {
  aligned: {
    verifier: { dpop: { ...ALIGNED } },
    edge: { dpop: { max_age: 300, max_future: 300 } },
    oauth4webapi: {},
  },
  defaults: {
    verifier: { dpop: {} },
    edge: { dpop: {} },
    oauth4webapi: {},
  },
  // One algorithm for tokens and proofs alike: oauth4webapi's
  // `signingAlgorithms` applies to both.
  'es256-only': {
    verifier: { algorithms: ['ES256'], dpop: { ...ALIGNED, algorithms: ['ES256'] } },
    edge: { algorithms: ['ES256'], dpop: { max_age: 300, max_future: 300, algorithms: ['ES256'] } },
    oauth4webapi: { signingAlgorithms: ['ES256'] },
  },
  // Server nonces required (RFC 9449 §9): oauth4webapi's resource-server
  // check has no nonce setting, so it is given none.
  nonce: {
    verifier: { dpop: { ...ALIGNED, requireNonce: true, nonceSecret: NONCE_SECRET } },
    edge: { dpop: { max_age: 300, max_future: 300, require_nonce: true, nonce_secret: NONCE_SECRET } },
    oauth4webapi: {},
  },
};
