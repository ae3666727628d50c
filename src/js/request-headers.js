// The `headers` option of RemoteKeySet (jose's name): extra request headers,
// e.g. a User-Agent or an API key for a gateway in front of the JWKS.

import { OptionsError } from './errors.js';

/** Revalidation is the fetch machine's: a caller's value would defeat it. */
const RESERVED = ['if-none-match'];

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The `[name, value]` pairs of `headers` (names lower-cased), or [] when
 * absent. A plain object of strings or a Headers; names and values must be
 * ones fetch accepts.
 * @throws {OptionsError} `invalid_options` naming `headers` and the expected type
 */
export function requestHeaders(headers) {
  if (headers === undefined) return [];
  const isHeaders = typeof Headers === 'function' && headers instanceof Headers;
  if (!isHeaders && !isPlainObject(headers)) {
    throw new OptionsError(`headers must be a plain object of strings or a Headers (got ${describe(headers)})`);
  }
  if (!isHeaders) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') {
        throw new OptionsError(`headers[${JSON.stringify(name)}] must be a string (got ${describe(value)})`);
      }
    }
  }
  let checked;
  try {
    checked = [...new Headers(headers)];
  } catch (error) {
    throw new OptionsError(`headers: ${error.message}`);
  }
  for (const [name] of checked) {
    if (RESERVED.includes(name)) {
      throw new OptionsError(`headers must not set ${name}: RemoteKeySet sets it to revalidate its cache`);
    }
  }
  return checked;
}
