// The per-call `dpop` option of verify / verifyAsync:
//   { proof, method, url, nonce }
// proof: the request's DPoP header (undefined when it had none); method
// and url: the request's, url absolute (https://host/path?query); nonce:
// a nonce this server issued for the request by its own means (optional).
// Types and names are checked here; values by the wasm side (setDpopCall).
import { OptionsError } from './errors.js';
import { describe, knownMembers, readOptions } from './options-json.js';

const MEMBERS = ['proof', 'method', 'url', 'nonce'];

function string(name, value, optional) {
  if (value === undefined && optional) return;
  if (typeof value !== 'string') {
    throw new OptionsError(`dpop.${name} must be a string (got ${describe(value)})`);
  }
}

/** The `dpop` call option, read and type-checked; undefined when absent. */
export function dpopCallOption(value) {
  if (value === undefined) return undefined;
  const read = readOptions(value, 'dpop');
  knownMembers(read, 'dpop', MEMBERS);
  string('proof', read.proof, true);
  string('method', read.method, false);
  string('url', read.url, false);
  string('nonce', read.nonce, true);
  return { proof: read.proof, method: read.method, url: read.url, nonce: read.nonce };
}
