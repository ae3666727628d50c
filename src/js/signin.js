// Sign-in for a TokenSession: OpenID Connect authorization code flow with
// PKCE as a public client. This file orders the steps; the messages are in
// signin-request.js, the discovery in signin-discovery.js, and every rule
// about the ID token is the core's (through the package's Verifier).
import { wasm } from './engine.js';
import { OptionsError } from './errors.js';
import { decodeUnverified } from './inspect.js';
import { describe, knownMembers, readOptions } from './options-json.js';
import { FetchFailure, SESSION_TIMEOUT_MS, bodyWithinCap, defaultFetch, fetchUnderRules } from './transport.js';
import { Verifier } from './verifier.js';
import { discover } from './signin-discovery.js';
import { SessionError } from './signin-errors.js';
import { PendingSignIn } from './signin-pending.js';
import { authorizationUrl, callbackParams, checkCallback, exchangeCode, newPending, revokeToken } from './signin-request.js';

/** The members of TokenSession's `signIn` option. */
const SIGN_IN_OPTIONS = ['scope', 'resource', 'params', 'algorithms', 'clockTolerance', 'maxAge'];

/**
 * The key set's body cap: the core's (RemoteKeySet's default policy), or
 * the same 256 KiB where the build has no RemoteKeySet (tokenward/slim).
 */
function keySetCap() {
  const machine = wasm().WasmKeySetFetch?.create?.('{}');
  if (machine === undefined) return 256 * 1024;
  try {
    return machine.maxBodyBytes();
  } finally {
    machine.free();
  }
}

/**
 * `signIn` read as JS reads it (inherited members, getters, non-enumerable
 * ones count), each member type-checked; an unknown one is refused.
 */
export function signInOptions(given = {}) {
  const options = readOptions(given, 'TokenSession signIn');
  knownMembers(options, 'TokenSession signIn', SIGN_IN_OPTIONS);
  for (const name of ['scope', 'resource']) {
    if (options[name] !== undefined && (typeof options[name] !== 'string' || options[name] === '')) {
      throw new OptionsError(`signIn.${name} must be a non-empty string (got ${describe(options[name])})`);
    }
  }
  const params = options.params === undefined ? {} : readOptions(options.params, 'signIn.params');
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') throw new OptionsError(`signIn.params.${name} must be a string (got ${describe(value)})`);
  }
  return { ...options, params };
}

/**
 * The ID-token Verifier's options, checked now by a Verifier over an empty
 * key set: a refused algorithm or duration throws at construction, naming
 * it, not after the user came back from the provider. The default
 * algorithms are RS256 (OpenID Connect's default) and ES256, as far as this
 * build verifies them (tokenward/slim: ES256 only).
 */
function idTokenVerifierOptions(issuer, clientId, { algorithms, clockTolerance, maxAge }) {
  const options = {
    issuer,
    audience: clientId,
    clientId,
    ...(clockTolerance === undefined ? {} : { clockTolerance }),
    ...(maxAge === undefined ? {} : { maxAge }),
  };
  const check = (algs) => new Verifier({ ...options, jwks: { keys: [] }, algorithms: algs });
  if (algorithms !== undefined) {
    check(algorithms);
    return { ...options, algorithms };
  }
  const built = ['RS256', 'ES256'].filter((alg) => {
    try {
      check([alg]);
      return true;
    } catch (error) {
      if (error.code !== 'invalid_options' || !/not in this build/.test(error.message)) throw error;
      return false;
    }
  });
  return { ...options, algorithms: built };
}

export class SignInClient {
  #issuer;
  #clientId;
  #redirectUri;
  #options;
  #verifierOptions;
  #fetch;
  #allowInsecureHttp;
  #now;
  #pending;
  #dpop;
  #provider = null;

  /**
   * @param {object} config issuer, clientId, redirectUri, signIn (see
   *   signInOptions), name (the session's), fetch, allowInsecureHttp, now (ms),
   *   dpop (a DpopKey: the code exchange carries a proof)
   */
  constructor({ issuer, clientId, redirectUri, signIn, name, fetch, allowInsecureHttp, now, dpop }) {
    if (typeof issuer !== 'string' || issuer === '') throw new OptionsError('TokenSession issuer must be a non-empty string');
    if (typeof clientId !== 'string' || clientId === '') throw new OptionsError('TokenSession with `issuer` needs `clientId`');
    this.#issuer = issuer;
    this.#clientId = clientId;
    this.#redirectUri = redirectUri;
    this.#options = signInOptions(signIn);
    this.#verifierOptions = idTokenVerifierOptions(issuer, clientId, this.#options);
    this.#fetch = fetch;
    this.#allowInsecureHttp = allowInsecureHttp;
    this.#now = now;
    this.#dpop = dpop;
    this.#pending = new PendingSignIn(name);
  }

  /** The provider's checked endpoints (one discovery per client; a failure is retried). */
  provider() {
    this.#provider ??= discover(this.#issuer, { fetch: this.#fetch, allowInsecureHttp: this.#allowInsecureHttp })
      .catch((error) => {
        this.#provider = null;
        throw error;
      });
    return this.#provider;
  }

  /** Starts a sign-in in this tab: saves what the callback needs, returns the URL to go to. */
  async authorizationUrl() {
    if (typeof this.#redirectUri !== 'string') throw new OptionsError('TokenSession sign-in needs `redirectUri`');
    const { authorizationEndpoint } = await this.provider();
    const pending = newPending(this.#redirectUri);
    const url = await authorizationUrl({
      authorizationEndpoint,
      clientId: this.#clientId,
      scope: this.#options.scope,
      resource: this.#options.resource,
      params: this.#options.params,
      pending,
    });
    this.#pending.save(pending);
    return url;
  }

  /**
   * Completes the sign-in from the redirect back. Null when `url` is no
   * authorization response. The pending sign-in is consumed whatever happens.
   * @returns {Promise<{response: object, serverDate?: string, idToken: {header: object, claims: object}} | null>}
   * @throws {SessionError} or the ID token's TokenError
   */
  async complete(url) {
    const params = callbackParams(url);
    if (params === null) return null;
    const pending = this.#pending.take();
    if (pending === null) {
      throw new SessionError('no_pending_sign_in', 'no sign-in under way in this tab (a replayed or foreign callback)');
    }
    const provider = await this.provider();
    const code = checkCallback(params, pending, provider);
    const exchanged = await exchangeCode({
      tokenEndpoint: provider.tokenEndpoint,
      clientId: this.#clientId,
      code,
      pending,
      resource: this.#options.resource,
      dpop: this.#dpop,
      fetch: this.#fetch,
    });
    const idToken = await this.#verifyIdToken(exchanged.response, pending.nonce, provider);
    return { ...exchanged, idToken };
  }

  /** The ID token of a sign-in, verified by the core: issuer, audience = client, nonce, at_hash when present. */
  async #verifyIdToken(response, nonce, provider) {
    const token = response.id_token;
    if (typeof token !== 'string') throw new SessionError('missing_id_token', 'the token response has no id_token');
    // The provider's keys as of now, once per sign-in: always fresh after a
    // rotation, and the same in every build (tokenward/slim has no
    // RemoteKeySet). The core checks the set (no private keys, ...).
    const verifier = new Verifier({ ...this.#verifierOptions, jwks: await this.#keySet(provider.jwksUri) });
    // at_hash is optional in the code flow (OIDC Core 3.1.3.6); when the
    // token carries one it must match, and the core checks it only when
    // given the access token (and then requires it: fail closed).
    const { claims } = decodeUnverified(token);
    const call = { now: this.#now() / 1000, nonce };
    if (claims.at_hash !== undefined) call.accessToken = response.access_token;
    const { header, claims: verified } = await verifier.verifyAsync(token, call);
    return { header, claims: verified };
  }

  /** The JWK Set document at `jwksUri` (checked by discovery), as text for the Verifier. */
  async #keySet(jwksUri) {
    try {
      const maxBodyBytes = keySetCap();
      const answer = await fetchUnderRules(defaultFetch(this.#fetch), jwksUri, {
        credentials: 'omit',
        headers: { accept: 'application/jwk-set+json, application/json' },
        timeoutMs: SESSION_TIMEOUT_MS,
        maxBodyBytes,
      });
      if (answer.status !== 200) throw new FetchFailure('http_status', `HTTP ${answer.status}`, { status: answer.status });
      return bodyWithinCap(answer, maxBodyBytes);
    } catch (cause) {
      throw new SessionError('jwks_unavailable', `the provider's key set at ${jwksUri} could not be fetched: ${cause.message}`, { cause });
    }
  }

  /** RFC 7009: revokes `token`; resolves whether the provider confirmed. */
  async revoke(token, hint) {
    let provider;
    try {
      provider = await this.provider();
    } catch {
      return false;
    }
    if (provider.revocationEndpoint === null) return false;
    return revokeToken({ revocationEndpoint: provider.revocationEndpoint, clientId: this.#clientId, token, hint, fetch: this.#fetch });
  }

  /** RP-initiated logout URL, or null when the provider has none. */
  async endSessionUrl({ idTokenHint, postLogoutRedirectUri } = {}) {
    const { endSessionEndpoint } = await this.provider();
    if (endSessionEndpoint === null) return null;
    const url = new URL(endSessionEndpoint);
    url.searchParams.set('client_id', this.#clientId);
    if (postLogoutRedirectUri) url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    if (idTokenHint) url.searchParams.set('id_token_hint', idTokenHint);
    return url.href;
  }
}
