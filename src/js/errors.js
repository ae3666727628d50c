// Errors thrown by tokenward. `code` is the stable part: match on it, never
// on the message. Token verdicts use the core's codes (ERROR_CODES); misuse
// of the API (bad options, a non-string token) throws OptionsError.

/**
 * A token (or key set / revocation list) was refused. When a claim rule
 * failed, `claim` names the claim (`'exp'`, `'aud'`, ...) as jose's
 * `err.claim` does; `reason` is a short machine-readable detail (jose's
 * `'missing'`, `'invalid'`, `'check_failed'` for claims; what was malformed
 * for `malformed`). Both are undefined when they do not apply. `cause`,
 * when given, says what lay behind it (e.g. why a key-set fetch failed).
 */
export class TokenError extends Error {
  constructor(code, message, { claim, reason, cause, dpop } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TokenError';
    this.code = code;
    this.claim = claim || undefined;
    this.reason = reason || undefined;
    // DPoP refusals: the WWW-Authenticate error and the DPoP-Nonce to send.
    if (dpop) {
      this.dpopChallenge = dpop.challenge;
      this.dpopNonce = dpop.nonce;
    }
  }
}

/** Options or arguments that cannot work; a TypeError, as jose throws. */
export class OptionsError extends TypeError {
  constructor(message, code = 'invalid_options') {
    super(message);
    this.name = 'OptionsError';
    this.code = code;
  }
}

/** The error recorded by the last failed wasm call, as a JS error. */
export function lastError(glue) {
  const code = glue.lastErrorCode();
  const message = glue.lastErrorMessage();
  if (code === 'invalid_options') return new OptionsError(message);
  const dpop = glue.lastErrorDpop();
  return new TokenError(code, message, {
    claim: glue.lastErrorClaim(),
    reason: glue.lastErrorReason(),
    dpop: dpop ? JSON.parse(dpop) : undefined,
  });
}
