// Reading tokens WITHOUT verifying them: for display, debugging and lint.
// Nothing returned here may be trusted.
import { unsupported, wasm, writeToken } from './engine.js';
import { OptionsError, lastError } from './errors.js';
import { describe, knownMembers, readOptions } from './options-json.js';

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
  const read = readOptions(options, 'decodeUnverified options');
  knownMembers(read, 'decodeUnverified options', ['maxTokenLength']);
  const { maxTokenLength } = read;
  if (maxTokenLength !== undefined && typeof maxTokenLength !== 'number') {
    throw new OptionsError(`maxTokenLength must be a whole number of bytes ≥ 1 (got ${describe(maxTokenLength)})`);
  }
  const len = writeToken(token);
  // The wasm side refuses NaN, fractions, 0 and negatives (invalid_options).
  const json = wasm().decodeUnverified(len, maxTokenLength);
  if (json === '') throw lastError(wasm());
  return JSON.parse(json);
}
