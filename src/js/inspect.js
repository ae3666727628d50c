// Reading tokens WITHOUT verifying them: for display, debugging and lint.
// Nothing returned here may be trusted.
import { unsupported, wasm, writeToken } from './engine.js';
import { lastError } from './errors.js';

/** Token hygiene findings (size, claim bloat, lifetimes, ...). Never throws on a bad token. */
export function lint(token) {
  const glue = wasm();
  if (glue.lintToken === undefined) throw unsupported('lint()');
  const len = writeToken(token);
  return JSON.parse(glue.lintToken(len));
}

/**
 * Header and claims, decoded with the verifier's strict parsing but NOT
 * verified.
 * @throws {TokenError} `malformed` or `too_large`.
 */
export function decodeUnverified(token, options = {}) {
  const len = writeToken(token);
  const json = wasm().decodeUnverified(len, options.maxTokenLength);
  if (json === '') throw lastError(wasm());
  return JSON.parse(json);
}
