// RemoteRevocationList: a revocation-list document URL (a logout
// receiver's, or any server's) kept by the core's fetch machine (in
// wasm), with the policy of the Envoy filter's and the worker's
// `revocation` source. The machine decides when to fetch (the list's max
// age, the server's `max-age` within the policy's bounds), the backoff,
// and how long the last good list serves while fetches fail; this file
// performs the fetches it asks for (machine-fetch.js, under the package's
// transport rules) and schedules the next one.
//
// A Verifier following it asks the machine before each verification: with
// no usable list (before the first, or past stale-if-error) every token is
// refused `revocation_unavailable`, unless `failOpen: true` was chosen.
import { unsupported, wasm } from './engine.js';
import { OptionsError, lastError } from './errors.js';
import { fetchForMachine } from './machine-fetch.js';
import { describe, optionsJson, readOptions } from './options-json.js';
import { requestHeaders } from './request-headers.js';
import { feedOf, followedBy, registerFeed } from './revocation-feeds.js';

/** `setTimeout` fires at once for a longer delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Shortest wait between two scheduler ticks (the machine's times are in ms). */
const MIN_TICK_MS = 10;

export class RemoteRevocationList {
  #url;
  #fetch;
  #headers;
  #machine;
  /** Why the last fetch failed (a FetchFailure), until one succeeds. */
  #lastFailure = null;
  #inflight = null;
  #updatedAt = 0;
  #running = false;
  #timer = null;

  /**
   * @param {string | URL} url the document: https://, or http:// to
   *   loopback or with allowInsecureHttp
   * @param {import('./index').RemoteRevocationListOptions} [options]
   * @throws {OptionsError} `invalid_options` naming the option or URL it cannot apply
   */
  constructor(url, options = {}) {
    const glue = wasm();
    if (glue.WasmRevocationFetch?.create === undefined) throw unsupported('RemoteRevocationList');
    const read = readOptions(options, 'RemoteRevocationList options', { functions: ['fetch'] });
    const { fetch: fetchImpl, headers, allowInsecureHttp = false, ...policy } = read;
    if (typeof allowInsecureHttp !== 'boolean') throw new OptionsError(`allowInsecureHttp must be a boolean (got ${describe(allowInsecureHttp)})`);
    if (fetchImpl !== undefined && typeof fetchImpl !== 'function') throw new OptionsError(`fetch must be a function (got ${describe(fetchImpl)})`);
    this.#headers = requestHeaders(headers);
    this.#url = new URL(url).href;
    if (!glue.checkFetchUrl(this.#url, allowInsecureHttp, 'RemoteRevocationList url')) throw lastError(glue);
    this.#fetch = fetchImpl ?? globalThis.fetch?.bind(globalThis);
    if (typeof this.#fetch !== 'function') throw new OptionsError('no fetch function available: pass options.fetch');
    // The wasm side checks interval, timeout, staleIfError and failOpen,
    // and refuses any other name.
    const machine = glue.WasmRevocationFetch.create(optionsJson(policy));
    if (machine === undefined) throw lastError(glue);
    this.#machine = machine;
    registerFeed(this, {
      follow: (engine) => {
        this.#startDue();
        engine.followRevocation(machine, Date.now());
      },
      ready: () => this.ready(),
    });
  }

  /** The URL fetched. */
  get url() {
    return this.#url;
  }

  /** Whether tokens pass unchecked while no list is usable (the `failOpen` option). */
  get failOpen() {
    return this.#machine.failOpen;
  }

  /** `empty`, `fresh`, `stale`, `awaiting_response` or `backing_off`. */
  get state() {
    return this.#machine.state(Date.now());
  }

  /** Whether a list is usable now: fresh, or expired for at most `staleIfError`. */
  get usable() {
    return this.#machine.usable(Date.now());
  }

  /** Entries (jti + sub + sid) of the usable list, or null when none is usable. */
  get size() {
    return this.#machine.size(Date.now()) ?? null;
  }

  /** Why the last fetch failed (a FetchFailure), until one succeeds. */
  get lastFailure() {
    return this.#lastFailure;
  }

  /** When a fetch last brought or confirmed the list (Date.now() ms), 0 before. */
  get updatedAt() {
    return this.#updatedAt;
  }

  /** Fetch counters (fetchesStarted, fetchesUpdated, fetchesNotModified, fetchesFailed, ...). */
  get counters() {
    return JSON.parse(this.#machine.counters());
  }

  /**
   * Runs the fetch the machine says is due (the first, an expired list, a
   * retry after the backoff), or waits for the one in flight. Resolves to
   * whether the list changed: false at once when nothing is due (the list
   * is fresh, or a backoff runs). A failed fetch rejects with its
   * FetchFailure; the last good list keeps serving within `staleIfError`.
   */
  async refresh() {
    const run = this.#startDue();
    if (run === null) return false;
    const { outcome, failure } = await run;
    if (failure) throw failure;
    return outcome === 'updated';
  }

  /**
   * Starts a due fetch and, while no list is usable, waits for the fetch
   * under way. Resolves to whether a list is usable (never rejects: the
   * refusal is the Verifier's, `revocation_unavailable`).
   */
  async ready() {
    const run = this.#startDue();
    if (run !== null && !this.#machine.usable(Date.now())) await run;
    return this.#machine.usable(Date.now());
  }

  /**
   * Has `verifier` check this list from now on (it replaces any list the
   * verifier had): `verifier.setRevocationList(this)`.
   */
  attach(verifier) {
    if (typeof verifier?.setRevocationList !== 'function') throw new OptionsError(`attach needs a Verifier (got ${describe(verifier)})`);
    verifier.setRevocationList(this);
    return this;
  }

  /** Stops `verifier` checking this list; it then checks no revocation list. */
  detach(verifier) {
    if (typeof verifier?.setRevocationList !== 'function') throw new OptionsError(`detach needs a Verifier (got ${describe(verifier)})`);
    if (followedBy(verifier) === feedOf(this)) verifier.setRevocationList(null);
    return this;
  }

  /**
   * Fetches now, then whenever the machine says (the list's max age, a
   * retry after a failure) with a timer that does not keep Node alive.
   * Resolves after the first fetch to whether it changed the list; rejects
   * when it failed (the schedule goes on).
   */
  start() {
    this.#running = true;
    const first = this.refresh();
    if (this.#inflight === null) this.#schedule();
    return first;
  }

  /** Stops the schedule (a Verifier still starts due fetches as it verifies). */
  stop() {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Starts the fetch the machine asks for, if any; the fetch in flight (a promise), or null. */
  #startDue() {
    const request = this.#machine.poll(Date.now());
    if (request === undefined) return this.#inflight;
    const source = { fetch: this.#fetch, url: this.#url, headers: this.#headers, accept: 'application/json' };
    const run = fetchForMachine(this.#machine, source, JSON.parse(request)).then((result) => {
      if (result.failure !== undefined) this.#lastFailure = result.failure;
      if (result.failure === null) this.#updatedAt = Date.now();
      return result;
    });
    this.#inflight = run;
    run.finally(() => {
      if (this.#inflight === run) this.#inflight = null;
      this.#schedule();
    });
    return run;
  }

  /** Arms the timer for the machine's next wakeup (while started). */
  #schedule() {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    const delay = Math.min(Math.max(this.#machine.nextWakeup() - Date.now(), MIN_TICK_MS), MAX_TIMER_MS);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#startDue() === null) this.#schedule();
    }, delay);
    this.#timer.unref?.();
  }
}
