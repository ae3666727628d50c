// The per-call `dpop` option of verify / verifyAsync:
//   { scheme, proof, method, url, nonce }
// scheme: the Authorization scheme the token came under ('DPoP' or
// 'Bearer', either case): under Bearer a proof does not count, under DPoP
// one must come, as at the edge; proof: the request's DPoP header value,
// or its values as an array (undefined, '' or [] when it had none; the
// core judges what it holds, as it judges a token); method and url: the
// request's, url absolute (https://host/path?query); nonce: a nonce this
// server issued for the request by its own means (optional).
// dpopRequest(...) builds the call option and the token from the headers.
// Types and names are checked here; values by the wasm side (setDpopCall).
import { OptionsError } from './errors.js';
import { unsupported, wasm } from './engine.js';
import { describe, knownMembers, readOptions } from './options-json.js';

const MEMBERS = ['scheme', 'proof', 'method', 'url', 'nonce'];

function string(name, value, optional) {
  if (value === undefined && optional) return;
  if (typeof value !== 'string') {
    throw new OptionsError(`dpop.${name} must be a string (got ${describe(value)})`);
  }
}

/**
 * The DPoP header value(s) as one string for the wasm side (values joined
 * with `,`, as a host joins repeated fields); undefined for none. A string
 * or an array of strings is request input; anything else is a caller's
 * mistake.
 */
function proofValues(name, value) {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((one) => typeof one === 'string')) return value.join(',');
  throw new OptionsError(`${name} must be the DPoP header value: a string or an array of strings (got ${describe(value)})`);
}

/** The `dpop` call option, read and type-checked; undefined when absent. */
export function dpopCallOption(value) {
  if (value === undefined) return undefined;
  const read = readOptions(value, 'dpop');
  knownMembers(read, 'dpop', MEMBERS);
  string('scheme', read.scheme, true);
  const proof = proofValues('dpop.proof', read.proof);
  string('method', read.method, false);
  string('url', read.url, false);
  string('nonce', read.nonce, true);
  return { scheme: read.scheme, proof, method: read.method, url: read.url, nonce: read.nonce };
}

/**
 * A request's token and `dpop` call option from its headers:
 * `authorization` (the raw `Authorization` value), `dpop` (the `DPoP`
 * value, or values), `method`, `url` (absolute). The scheme is read by the
 * core's parser (`DPoP` or `Bearer`, either case); null when the
 * `Authorization` value is absent or not one token under either scheme.
 */
export function dpopRequest(headers) {
  const read = readOptions(headers, 'dpopRequest');
  knownMembers(read, 'dpopRequest', ['authorization', 'dpop', 'method', 'url']);
  const { authorization, method, url } = read;
  if (authorization !== undefined && typeof authorization !== 'string') {
    throw new OptionsError(`dpopRequest: authorization must be a string (got ${describe(authorization)})`);
  }
  const proof = proofValues('dpopRequest: dpop', read.dpop);
  for (const [name, value] of [['method', method], ['url', url]]) {
    if (typeof value !== 'string') throw new OptionsError(`dpopRequest: ${name} must be a string (got ${describe(value)})`);
  }
  const glue = wasm();
  // The browser build leaves DPoP checks out, as it refuses `dpop`.
  if (glue.splitAuthorization === undefined) throw unsupported('dpopRequest', "'tokenward' in Node or workerd");
  if (authorization === undefined) return null;
  const [scheme, token] = glue.splitAuthorization(authorization);
  if (scheme === undefined) return null;
  return { token, dpop: { scheme, method, url, ...(proof !== undefined && { proof }) } };
}
