// The CLI's exit statuses and the errors that are not a token's verdict.
//
//   0  the token is valid / decoded / lint found nothing at --fail-on level
//   1  the token is refused (its TokenError code), or lint findings at
//      --fail-on level (default: `error`)
//   2  no verdict could be given: bad usage, an option refused, an
//      unreadable file or stdin, a key set that is unavailable or invalid
import { OptionsError, TokenError } from './errors.js';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_NO_VERDICT = 2;

/**
 * Codes that say nothing about the token: the keys could not be had or
 * were refused. A script must not read them as "this token is bad" (and,
 * say, log a user out or flag a forgery), so they exit 2, not 1.
 */
const KEY_SET_CODES = new Set(['jwks_unavailable', 'jwks_invalid', 'revocation_list_invalid']);

/** A command line the CLI cannot run (`code: 'usage'`) or input it cannot read. */
export class CliError extends Error {
  constructor(message, code = 'usage') {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

/** The exit status for an error thrown while running a command. */
export function exitStatusOf(error) {
  if (error instanceof TokenError && !KEY_SET_CODES.has(error.code)) return EXIT_REFUSED;
  return EXIT_NO_VERDICT;
}

/** `{ code, message }` of any error; unexpected ones get `internal_error`. */
export function describeError(error) {
  if (error instanceof TokenError || error instanceof OptionsError || error instanceof CliError) {
    return { code: error.code, message: error.message };
  }
  return { code: 'internal_error', message: String(error?.message ?? error) };
}
