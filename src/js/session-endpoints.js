// The endpoints a TokenSession sends refresh tokens to (token endpoint,
// revocation endpoint) follow the same rule as a RemoteKeySet's URL, in the
// core: https://, or http:// to loopback, or with allowInsecureHttp. A
// refresh token sent over plain HTTP is readable by anyone on the path.
import { wasm } from './engine.js';
import { OptionsError, lastError } from './errors.js';

/**
 * The endpoint `url` (option `name`) as it will be fetched, normalised.
 * @throws {OptionsError} `invalid_options` naming the option
 */
export function checkedEndpoint(name, url, allowInsecureHttp) {
  let href;
  try {
    href = new URL(url).href;
  } catch {
    throw new OptionsError(`TokenSession ${name} is not a URL: ${url}`);
  }
  const glue = wasm();
  if (!glue.checkFetchUrl(href, allowInsecureHttp, `TokenSession ${name}`)) throw lastError(glue);
  return href;
}

/** `allowInsecureHttp` as given: true or false (default false). */
export function insecureHttpOption(options) {
  const { allowInsecureHttp = false } = options;
  if (typeof allowInsecureHttp !== 'boolean') {
    throw new OptionsError('allowInsecureHttp must be true or false');
  }
  return allowInsecureHttp;
}
