// RemoteRevocationList: a revocation-list document URL (a logout
// receiver's, or any server's) polled with ETag, its last good list kept,
// and handed to every attached Verifier on each change. Fetches go through
// the package's transport (transport.js): no redirects, body capped at the
// core's 4 MiB, one timeout per fetch.
import { OptionsError } from './errors.js';
import { describe, readOptions } from './options-json.js';
import { FetchFailure, bodyWithinCap, fetchUnderRules } from './transport.js';
import { requestHeaders } from './request-headers.js';
import { RevocationList } from './revocation.js';
import { wasm } from './engine.js';

/** The core's cap on a revocation-list document (crates/core/src/revocation.rs). */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
const KNOWN = ['interval', 'timeout', 'fetch', 'headers', 'allowInsecureHttp'];

export class RemoteRevocationList {
  #url;
  #fetch;
  #headers;
  #interval;
  #timeout;
  #list = null;
  #etag = null;
  #lastFailure = null;
  #verifiers = new Set();
  #timer = null;
  #inflight = null;
  #updatedAt = 0;

  /**
   * @param {string | URL} url the document: https://, or http:// to
   *   loopback or with allowInsecureHttp
   * @param {{interval?: number, timeout?: number, fetch?: typeof fetch,
   *   headers?: Record<string, string> | Headers, allowInsecureHttp?: boolean}} [options]
   *   milliseconds; `interval` (default 5000) is the poll period once started
   */
  constructor(url, options = {}) {
    const read = readOptions(options, 'RemoteRevocationList options', { functions: ['fetch'] });
    for (const name of Object.keys(read)) {
      if (!KNOWN.includes(name)) throw new OptionsError(`unknown option ${name} in RemoteRevocationList options (known: ${KNOWN.join(', ')})`);
    }
    const { interval = 5000, timeout = 10_000, fetch: fetchImpl, headers, allowInsecureHttp = false } = read;
    for (const [name, value, min] of [['interval', interval, 1], ['timeout', timeout, 1]]) {
      if (!Number.isSafeInteger(value) || value < min || value > 2 ** 31 - 1) {
        throw new OptionsError(`${name} must be a whole number of milliseconds from ${min} to 2147483647 (got ${describe(value)})`);
      }
    }
    if (typeof allowInsecureHttp !== 'boolean') throw new OptionsError(`allowInsecureHttp must be a boolean (got ${describe(allowInsecureHttp)})`);
    if (fetchImpl !== undefined && typeof fetchImpl !== 'function') throw new OptionsError(`fetch must be a function (got ${describe(fetchImpl)})`);
    this.#url = new URL(url).href;
    const glue = wasm();
    if (!glue.checkFetchUrl(this.#url, allowInsecureHttp, 'RemoteRevocationList url')) {
      throw new OptionsError(glue.lastErrorMessage());
    }
    this.#fetch = fetchImpl ?? globalThis.fetch?.bind(globalThis);
    if (typeof this.#fetch !== 'function') throw new OptionsError('no fetch function available: pass options.fetch');
    this.#headers = requestHeaders(headers);
    this.#interval = interval;
    this.#timeout = timeout;
  }

  /** The URL polled. */
  get url() {
    return this.#url;
  }

  /** The last good list, or null before the first one. */
  get list() {
    return this.#list;
  }

  /** Why the last fetch failed (a FetchFailure or TokenError), until one succeeds. */
  get lastFailure() {
    return this.#lastFailure;
  }

  /** When the list last changed or was confirmed (Date.now() ms), 0 before. */
  get updatedAt() {
    return this.#updatedAt;
  }

  /**
   * Fetches now (If-None-Match with the ETag held). Resolves to whether the
   * list changed; a failed fetch keeps the last good list and rejects.
   */
  refresh() {
    this.#inflight ??= this.#fetchOnce().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #fetchOnce() {
    const headers = { accept: 'application/json', ...Object.fromEntries(this.#headers) };
    if (this.#etag !== null) headers['if-none-match'] = this.#etag;
    try {
      const answer = await fetchUnderRules(this.#fetch, this.#url, { headers, timeoutMs: this.#timeout, maxBodyBytes: MAX_DOCUMENT_BYTES });
      if (answer.status === 304 && this.#list !== null) return this.#confirmed(false);
      if (answer.status !== 200) throw new FetchFailure('http_status', `HTTP ${answer.status}`, { status: answer.status });
      const list = RevocationList.fromJSON(bodyWithinCap(answer, MAX_DOCUMENT_BYTES));
      this.#list = list;
      this.#etag = answer.headers.get('etag');
      for (const verifier of this.#verifiers) verifier.setRevocationList(list);
      return this.#confirmed(true);
    } catch (error) {
      this.#lastFailure = error;
      throw error;
    }
  }

  #confirmed(changed) {
    this.#lastFailure = null;
    this.#updatedAt = Date.now();
    return changed;
  }

  /**
   * Checks `verifier`'s tokens against this list from now on: the current
   * list at once (when there is one), each new one as it arrives.
   */
  attach(verifier) {
    if (typeof verifier?.setRevocationList !== 'function') throw new OptionsError(`attach needs a Verifier (got ${describe(verifier)})`);
    this.#verifiers.add(verifier);
    if (this.#list !== null) verifier.setRevocationList(this.#list);
    return this;
  }

  /** Stops updating `verifier` (it keeps the list it has). */
  detach(verifier) {
    this.#verifiers.delete(verifier);
    return this;
  }

  /**
   * Fetches once, then every `interval` ms (the timer does not keep Node
   * alive). Resolves after the first fetch; rejects when it failed (the
   * poll goes on).
   */
  start() {
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.refresh().catch(() => {}), this.#interval);
      this.#timer.unref?.();
    }
    return this.refresh();
  }

  /** Stops polling. */
  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }
}
