// SessionError: a sign-in or sign-out step that failed outside token
// verification (the ID token's verdict stays a TokenError from the core).
// `code` is stable: match on it, never on the message.

/**
 * Codes:
 * - `discovery_failed`: the discovery document could not be fetched or read
 * - `issuer_mismatch`: its `issuer` is not the configured issuer (OIDC Discovery 4.3)
 * - `no_pending_sign_in`: a callback with no sign-in started in this tab
 *   (a replayed or foreign callback, or sessionStorage lost)
 * - `state_mismatch`: the callback's `state` is not the one sent
 * - `iss_mismatch`: the callback's `iss` (RFC 9207) is not the issuer, or
 *   absent though the provider announces it
 * - `authorization_error`: the provider answered with `error`; `error` and
 *   `description` carry its `error` and `error_description`
 * - `token_request_failed`: the code exchange failed; `error`, `status`
 * - `token_not_dpop_bound`: a session with `dpop: true` got an access token
 *   whose `token_type` is not `DPoP` (the provider did not bind it)
 * - `missing_id_token`: the token response has no ID token
 * - `jwks_unavailable`: the provider's key set (its `jwks_uri`) could not
 *   be fetched to verify the ID token
 * When a fetch broke a transport rule (transport.js), `cause` is its
 * FetchFailure: `cause.reason` is `redirect_refused`, `body_too_large`,
 * `timeout`, `network_error` or `http_status`.
 */
export class SessionError extends Error {
  constructor(code, message, { error, description, status, cause } = {}) {
    super(message, { cause });
    this.name = 'SessionError';
    this.code = code;
    this.error = error;
    this.description = description;
    this.status = status;
  }
}
