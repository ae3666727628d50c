// RemoteKeySet: a JWKS URL kept fresh by the core's fetch machine (in
// wasm). This file only performs the fetches the machine asks for and
// reports the answers; freshness, cooldown, backoff, stale-if-error and the
// merging of concurrent needs are the machine's decisions.
import { unsupported, wasm } from './engine.js';
import { OptionsError, TokenError, lastError } from './errors.js';
import { optionsJson, readOptions } from './options-json.js';
import { fetchForMachine } from './machine-fetch.js';
import { requestHeaders } from './request-headers.js';

const machines = new WeakMap();

/** The wasm machine behind a RemoteKeySet (package-internal). */
export function machineOf(keySet) {
  return machines.get(keySet);
}

export class RemoteKeySet {
  #url;
  /** For a discovered set: the metadata document's machine and its fetch state. */
  #discovery = null;
  #fetch;
  #headers;
  #machine;
  /** Why the last fetch failed (a FetchFailure), until one succeeds. */
  #lastFailure = null;
  #inflight = null;
  /** Callers waiting for the refetch an unknown kid asked for. */
  #waiting = 0;
  /** Whether the fetch in flight is an unknown kid's refetch. */
  #inflightForUnknownKid = false;

  /**
   * @param {string | URL} url the JWKS endpoint: https://, or http:// to
   *   loopback (127.0.0.0/8, [::1], localhost) or with allowInsecureHttp
   * @param {{cacheMaxAge?: number, cooldown?: number, timeout?: number,
   *   cooldownDuration?: number, timeoutDuration?: number,
   *   staleIfError?: number, maxWaitingRequests?: number,
   *   allowInsecureHttp?: boolean, headers?: Record<string, string> | Headers,
   *   fetch?: typeof fetch}} [options] milliseconds; `cooldownDuration`
   *   and `timeoutDuration` are jose's names for `cooldown` and `timeout`
   * @throws {OptionsError} `invalid_options` for a URL the core's rule refuses
   */
  constructor(url, options = {}) {
    const glue = wasm();
    if (glue.WasmKeySetFetch.create === undefined) throw unsupported('RemoteKeySet');
    // Read as JS reads `options.timeout`: inherited members and getters count.
    const { fetch: fetchImpl, allowInsecureHttp = false, headers, ...policy } = readOptions(options, 'RemoteKeySet options', { functions: ['fetch'] });
    if (typeof allowInsecureHttp !== 'boolean') {
      throw new OptionsError(`allowInsecureHttp must be a boolean (got ${typeof allowInsecureHttp})`);
    }
    if (fetchImpl !== undefined && typeof fetchImpl !== 'function') {
      throw new OptionsError(`fetch must be a function (got ${fetchImpl === null ? 'null' : typeof fetchImpl})`);
    }
    this.#headers = requestHeaders(headers);
    // The core checks the URL exactly as it will be fetched (normalised);
    // `discover` passes none: the metadata document names it.
    this.#url = url === null ? null : new URL(url).href;
    if (url !== null && !glue.checkFetchUrl(this.#url, allowInsecureHttp, 'RemoteKeySet url')) throw lastError(glue);
    this.#fetch = fetchImpl ?? globalThis.fetch?.bind(globalThis);
    if (typeof this.#fetch !== 'function') {
      throw new OptionsError('no fetch function available: pass options.fetch');
    }
    // The wasm side checks every policy member (whole milliseconds).
    const machine = glue.WasmKeySetFetch.create(optionsJson(policy));
    if (machine === undefined) throw lastError(glue);
    this.#machine = machine;
    machines.set(this, machine);
  }

  /**
   * A key set found from the issuer alone (OpenID Connect Discovery, or
   * RFC 8414 with `discovery: 'oauth'`): the issuer's metadata document is
   * fetched and kept fresh, and must name `issuer` exactly; its
   * `jwks_uri` (https://, or http:// to loopback) is the key set's URL,
   * followed when it moves.
   * @param {string} issuer the issuer, exactly as tokens carry it in `iss`
   * @param {object} [options] RemoteKeySet's options, plus `discovery`
   *   (`'oidc'`, the default, or `'oauth'`) and `discoveryMaxAge` (ms
   *   between refreshes of the document without a server max-age)
   * @returns {RemoteKeySet}
   * @throws {OptionsError} `invalid_options` for an issuer whose discovery URL is refused
   */
  static discover(issuer, options = {}) {
    if (typeof issuer !== 'string' || issuer === '') throw new OptionsError('issuer must be a non-empty string');
    const { discovery = 'oidc', discoveryMaxAge = -1, ...rest } = readOptions(options, 'RemoteKeySet.discover options', { functions: ['fetch'] });
    if (discoveryMaxAge !== -1 && !(Number.isInteger(discoveryMaxAge) && discoveryMaxAge >= 0)) {
      throw new OptionsError(`discoveryMaxAge must be whole milliseconds (got ${discoveryMaxAge})`);
    }
    const glue = wasm();
    if (glue.WasmDiscoveryFetch === undefined) throw unsupported('RemoteKeySet.discover');
    const keySet = new RemoteKeySet(null, rest);
    const machine = glue.WasmDiscoveryFetch.create(issuer, String(discovery), rest.allowInsecureHttp === true, discoveryMaxAge, machineOf(keySet).timeoutMs());
    if (machine === undefined) throw lastError(glue);
    keySet.#discovery = { issuer, machine, inflight: null, lastFailure: null };
    return keySet;
  }

  /** The URL fetched (for a discovered set: the current `jwks_uri`, null before discovery). */
  get url() {
    return this.#url;
  }

  /** For a discovered set: the issuer it was discovered from; otherwise undefined. */
  get issuer() {
    return this.#discovery?.issuer;
  }

  /**
   * For a discovered set: the endpoints the issuer's accepted metadata
   * document names (`jwksUri`, `introspectionEndpoint`,
   * `revocationEndpoint`, each null when absent), or null before one.
   */
  get endpoints() {
    const discovery = this.#discovery;
    if (discovery === null || !discovery.machine.usable(Date.now())) return null;
    const at = Date.now();
    return {
      jwksUri: discovery.machine.jwksUri(at) ?? null,
      introspectionEndpoint: discovery.machine.introspectionEndpoint(at) ?? null,
      revocationEndpoint: discovery.machine.revocationEndpoint(at) ?? null,
    };
  }

  /** `empty`, `fresh`, `stale`, `awaiting_response` or `backing_off`. */
  get state() {
    return this.#machine.state(Date.now());
  }

  /** Fetch counters (started, updated, notModified, failed, timedOut, ...). */
  get counters() {
    return JSON.parse(this.#machine.counters());
  }

  /**
   * Makes sure keys are usable now: runs a due fetch (first use, expiry)
   * and waits for it, or for the one already in flight (unless that one
   * is an unknown kid's refetch and keys are held). After a failed
   * fetch the previous keys keep serving within stale-if-error.
   * @throws {TokenError} `jwks_unavailable` when no key set can be used.
   */
  async ready() {
    if (this.#discovery !== null) await this.#discover();
    this.#start();
    // A refetch an unknown kid asked for holds only the callers
    // refreshForUnknownKid admits; the others go on with the keys held.
    const ownRefetch = this.#inflightForUnknownKid && this.#machine.hasKeys(Date.now());
    if (this.#inflight !== null && !ownRefetch) await this.#inflight;
    if (!this.#machine.hasKeys(Date.now())) throw this.#unavailable();
  }

  /** `jwks_unavailable`, with the last fetch's failure as its `cause`. */
  #unavailable() {
    if (this.#url === null) return this.#undiscovered();
    const failure = this.#lastFailure;
    const why = failure === null ? '' : ` (${failure.message})`;
    const message = `jwks_unavailable: no key set available from ${this.#url}${why}`;
    return new TokenError('jwks_unavailable', message, failure === null ? undefined : { cause: failure });
  }

  /**
   * A token named a kid the set lacks: refetch once unless the cooldown
   * says no. Concurrent callers share the one fetch. The core decides who
   * waits: only while a fetch is in flight or due (never in the cooldown or
   * a backoff) and at most maxWaitingRequests callers; they are released
   * as soon as the fetch ends, whatever it brought. Resolves to whether a
   * fetch was waited for (so retrying the token may help); false means
   * answer now with the keys held.
   */
  async refreshForUnknownKid() {
    this.#machine.onUnknownKid(Date.now());
    this.#start();
    if (!this.#machine.park(Date.now(), this.#waiting)) return false;
    const fetch = this.#inflight;
    if (fetch === null) return true;
    this.#waiting += 1;
    try {
      await fetch;
    } finally {
      this.#waiting -= 1;
    }
    return true;
  }

  /** The cached key set as a string for short-lived isolates, or undefined. */
  exportCache() {
    return this.#machine.export();
  }

  /**
   * Restores a string from exportCache(). Returns false when the set held
   * is at least as recent (it is kept).
   * @throws {TokenError} for a snapshot that is not ours or not valid.
   */
  importCache(snapshot) {
    if (typeof snapshot !== 'string') throw new OptionsError('snapshot must be a string', 'invalid_argument');
    const result = this.#machine.import(Date.now(), snapshot);
    if (result < 0) throw lastError(wasm());
    return result === 1;
  }

  /** `jwks_unavailable` before any metadata document was accepted; `cause` says why. */
  #undiscovered() {
    const { machine, lastFailure } = this.#discovery;
    const why = lastFailure === null ? '' : ` (${lastFailure.message})`;
    const message = `jwks_unavailable: no key set URL, discovery at ${machine.url()} has not succeeded${why}`;
    return new TokenError('jwks_unavailable', message, lastFailure === null ? undefined : { cause: lastFailure });
  }

  /**
   * Keeps the metadata document fresh: waits for a fetch when none is
   * usable, else refreshes in the background; then follows its jwks_uri.
   */
  async #discover() {
    const discovery = this.#discovery;
    const request = discovery.machine.poll(Date.now());
    if (request !== undefined) {
      const source = { fetch: this.#fetch, url: discovery.machine.url(), headers: this.#headers, accept: 'application/json' };
      const run = fetchForMachine(discovery.machine, source, JSON.parse(request)).then(({ failure }) => {
        if (failure !== undefined) discovery.lastFailure = failure;
        this.#follow();
      }).finally(() => {
        if (discovery.inflight === run) discovery.inflight = null;
      });
      discovery.inflight = run;
    }
    if (discovery.inflight !== null && !discovery.machine.usable(Date.now())) await discovery.inflight;
  }

  /** Takes the current document's jwks_uri; a move refetches the keys at once. */
  #follow() {
    const uri = this.#discovery.machine.jwksUri(Date.now());
    if (uri === undefined || uri === this.#url) return;
    if (this.#url !== null) this.#machine.moved(Date.now());
    this.#url = uri;
  }

  /** Starts the fetch the machine asks for, if any. */
  #start() {
    if (this.#url === null) return;
    const request = this.#machine.poll(Date.now());
    if (request === undefined) return;
    const { id, ifNoneMatch, reason } = JSON.parse(request);
    this.#inflightForUnknownKid = reason === 'unknown_kid';
    const run = this.#fetchOnce(id, ifNoneMatch).finally(() => {
      if (this.#inflight === run) this.#inflight = null;
    });
    this.#inflight = run;
  }

  async #fetchOnce(id, ifNoneMatch) {
    const accept = 'application/jwk-set+json, application/json';
    const source = { fetch: this.#fetch, url: this.#url, headers: this.#headers, accept };
    const { failure } = await fetchForMachine(this.#machine, source, { id, ifNoneMatch });
    if (failure !== undefined) this.#lastFailure = failure;
  }
}
