// RefreshPlanner: the core's sans-I/O refresh planner (in wasm), with the
// clock and the randomness supplied here: `Date.now()` and `Math.random()`
// by default, or whatever a test passes. No rule lives in this file.
import { wasm } from './engine.js';
import { OptionsError, lastError } from './errors.js';
import { optionsJson } from './options-json.js';

const FAILURE_KINDS = ['network', 'server', 'invalid_grant', 'refresh_token_reused', 'invalid_client'];

export class RefreshPlanner {
  #engine;
  #now;
  #random;

  /**
   * @param {object} [policy] overrides of the core's policy (milliseconds,
   *   fractions): refreshFraction, minMarginMs, minFraction, jitterFraction,
   *   jitterMaxMs, backoffInitialMs, backoffMaxMs, backoffJitterFraction,
   *   retryAfterMaxMs, maxAttempts, refreshTimeoutMs,
   *   refreshTokenMaxLifetimeMs, assumedLifetimeMs, expiringNoticeMs,
   *   skewDeadBandMs.
   * @param {{now?: () => number, random?: () => number}} [clock]
   */
  constructor(policy = {}, { now = Date.now, random = Math.random } = {}) {
    const glue = wasm();
    const engine = glue.WasmRefreshPlanner.create(optionsJson(policy));
    if (engine === undefined) throw lastError(glue);
    this.#engine = engine;
    this.#now = now;
    this.#random = random;
  }

  /** A sign-in's token set, described by `tokenFacts(...)`. */
  onTokensReceived(facts) {
    this.#check(this.#engine.onTokensReceived(this.#now(), JSON.stringify(facts), this.#random()));
  }

  /** A refreshed token set (this tab's refresh or another tab's). */
  onRefreshSucceeded(facts) {
    this.#check(this.#engine.onRefreshSucceeded(this.#now(), JSON.stringify(facts), this.#random()));
  }

  /** @param {{kind: string, status?: number, retryAfter?: number}} failure seconds */
  onRefreshFailed({ kind, status, retryAfter }) {
    if (!FAILURE_KINDS.includes(kind)) throw new OptionsError(`unknown refresh failure kind ${kind}`);
    this.#check(this.#engine.onRefreshFailed(this.#now(), kind, status, retryAfter, this.#random()));
  }

  onOffline() {
    this.#engine.onOffline(this.#now());
  }

  onOnline() {
    this.#engine.onOnline(this.#now());
  }

  onResume() {
    this.#engine.onResume(this.#now());
  }

  reset() {
    this.#engine.reset();
  }

  /** The next action (`{type: 'refresh'|'reauthenticate'|'expiring', ...}`) or null. */
  poll() {
    const json = this.#engine.poll(this.#now());
    return json === '' ? null : JSON.parse(json);
  }

  /** Unix ms of the next `poll()`, or null while waiting for an event. */
  nextWakeup() {
    return this.#engine.nextWakeup() ?? null;
  }

  /** `no-tokens`, `waiting-for-refresh-point`, `awaiting-refresh`, `backing-off`, ... */
  get state() {
    return this.#engine.state(this.#now());
  }

  get accessTokenUsable() {
    return this.#engine.accessTokenUsable(this.#now());
  }

  get shouldClearTokens() {
    return this.#engine.shouldClearTokens();
  }

  get failures() {
    return this.#engine.failures();
  }

  /** Issued → refresh points → expiry (Unix ms), or null without tokens. */
  timeline() {
    const json = this.#engine.timelineJson();
    return json === '' ? null : JSON.parse(json);
  }

  free() {
    this.#engine.free();
  }

  #check(ok) {
    if (!ok) throw lastError(wasm());
  }
}
