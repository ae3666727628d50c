// Errors thrown by tokenward. `code` is the stable part: match on it, never
// on the message. Token verdicts use the core's codes (ERROR_CODES); misuse
// of the API (bad options, a non-string token) throws OptionsError.

/**
 * A token (or key set / revocation list) was refused. `options.cause`, when
 * given, says what lay behind it (e.g. why a key-set fetch failed).
 */
export class TokenError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'TokenError';
    this.code = code;
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
  return code === 'invalid_options' ? new OptionsError(message) : new TokenError(code, message);
}
