// tokenward/edge: keeps one gateway's remote documents (a JWKS per provider
// with remote keys, a discovered provider's metadata document before its
// JWKS, the revocation list) fresh. The core's fetch machines
// decide *when* to fetch, what counts as fresh, backoff, cooldown and
// stale-if-error; each fetch goes through the driver RemoteKeySet and
// RemoteRevocationList use (machine-fetch.js: no redirects, body capped,
// one timeout).
//
// - Concurrent misses share one in-flight promise per slot, so a burst of
//   requests on a cold isolate makes one fetch.
// - Snapshots go to the Cache API (caches.default, where the runtime has
//   one) so a new isolate starts from another isolate's key set instead of
//   hitting the JWKS endpoint.
// - A discovered key set's URL is the `jwks_uri` of its metadata document
//   (the engine follows it as documents arrive): that slot waits for the
//   document first, and fetches nothing while none was accepted.
import { lastError } from './errors.js';
import { wasm } from './engine.js';
import { fetchForMachine } from './machine-fetch.js';

// A cached snapshot outlives its freshness by the machines' default
// stale-if-error window, so another isolate can still serve stale keys
// through an endpoint outage.
const STALE_SECONDS = 3600;

/** Waits for `promise` at most `ms` (a request must not hang on a fetch another started). */
function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class EdgeDocuments {
  /**
   * @param {import('./edge-engine.js').EdgeEngine} engine
   * @param {typeof fetch | undefined} fetchImpl the gateway's fetch for documents
   */
  constructor(engine, fetchImpl) {
    this.edge = engine.edge;
    this.slots = engine.slots;
    this.fetch = fetchImpl;
    this.inflight = new Map();
  }

  /**
   * Before a decision: waits for every slot that has no usable document
   * (first request, or too stale), and starts a background fetch for
   * those that are merely due.
   */
  async ready(ctx) {
    const waits = [];
    const now = Date.now();
    this.slots.forEach((slot, index) => {
      if (!this.edge.usable(index, now)) {
        waits.push(withTimeout(this.fetchDocument(index, ctx), this.#waitMs(index)));
      } else if (this.edge.nextWakeup(index) <= now) {
        this.fetchDocument(index, ctx);
      }
    });
    if (waits.length > 0) await Promise.all(waits);
  }

  /** Every document that is due or missing, fetched now (the scheduled handler). */
  async fetchDue(ctx) {
    const now = Date.now();
    const due = this.slots
      .map((slot, index) => index)
      .filter((index) => !this.edge.usable(index, now) || this.edge.nextWakeup(index) <= now);
    await Promise.all(due.map((index) => withTimeout(this.fetchDocument(index, ctx), this.#waitMs(index))));
  }

  /** Refetches slot `index` now (unknown `kid`); resolves when answered. */
  refetch(index, ctx) {
    return withTimeout(this.fetchDocument(index, ctx), this.#waitMs(index));
  }

  /** How long a request waits for slot `index`: its fetch, after its metadata document's. */
  #waitMs(index) {
    const slot = this.slots[index];
    const before = slot.discovery == null ? 0 : this.slots[slot.discovery].timeout_ms;
    return before + slot.timeout_ms + 250;
  }

  /** The slot's in-flight fetch, or a new one. Never rejects. */
  fetchDocument(index, ctx) {
    const now = Date.now();
    const running = this.inflight.get(index);
    // A fetch older than its timeout hangs in a cancelled request's
    // context: the machine has abandoned that fetch, so start anew.
    if (running && now - running.started <= this.slots[index].timeout_ms + 1000) {
      return running.promise;
    }
    const entry = { started: now, promise: null };
    entry.promise = this.#run(index, ctx).catch((error) => {
      console.warn(`tokenward: ${this.slots[index].key} fetch: ${error?.message ?? error}`);
    }).finally(() => {
      if (this.inflight.get(index) === entry) this.inflight.delete(index);
    });
    this.inflight.set(index, entry);
    // Keep the fetch alive after the response that started it is sent
    // (runtimes without an execution context keep promises alive anyway).
    ctx?.waitUntil?.(entry.promise);
    return entry.promise;
  }

  async #run(index, ctx) {
    const fetchImpl = ctx?.fetch ?? this.fetch;
    const slot = this.slots[index];
    if (slot.discovery != null && this.edge.uri(index) === undefined) {
      await this.fetchDocument(slot.discovery, ctx);
    }
    const url = this.edge.uri(index);
    if (url === undefined) {
      console.warn(`tokenward: ${slot.key}: no key set URL, discovery (${this.slots[slot.discovery].uri}) has not succeeded`);
      return;
    }
    // Another isolate may already hold the document: start from its copy.
    if (!this.edge.usable(index, Date.now())) await this.#importShared(index, url);
    const asked = this.edge.poll(index, Date.now());
    if (asked === undefined) return;
    const machine = {
      onResponse: (...answer) => this.edge.onResponse(index, ...answer),
      onFailure: (...failure) => this.edge.onFailure(index, ...failure),
      timeoutMs: () => slot.timeout_ms,
      maxBodyBytes: () => slot.max_body_bytes,
    };
    const source = {
      fetch: fetchImpl ?? globalThis.fetch.bind(globalThis),
      url,
      headers: [],
      accept: 'application/json',
    };
    const { outcome, failure } = await fetchForMachine(machine, source, JSON.parse(asked));
    if (outcome === 'updated' || outcome === 'unchanged') {
      await this.#exportShared(index, slot, url);
    } else if (outcome === 'failed') {
      // The machine backs off and keeps stale keys; say why, once per failure.
      const why = failure?.message ?? lastError(wasm()).message;
      console.warn(`tokenward: ${slot.key} fetch failed: ${why}`);
    }
  }

  async #importShared(index, url) {
    const cache = sharedCache();
    if (!cache) return;
    try {
      const hit = await cache.match(cacheKey(this.slots[index], url));
      if (hit) this.edge.import(index, Date.now(), await hit.text());
    } catch {
      // The Cache API is an optimisation: without it we fetch.
    }
  }

  async #exportShared(index, slot, url) {
    const cache = sharedCache();
    const snapshot = this.edge.export(index);
    if (!cache || snapshot === undefined) return;
    const fresh = Math.max(1, Math.ceil((this.edge.nextWakeup(index) - Date.now()) / 1000));
    const response = new Response(snapshot, {
      headers: { 'content-type': 'application/json', 'cache-control': `max-age=${fresh + STALE_SECONDS}` },
    });
    try {
      await cache.put(cacheKey(slot, url), response);
    } catch {
      // As above: best effort.
    }
  }
}

function sharedCache() {
  return typeof caches !== 'undefined' && caches.default ? caches.default : null;
}

function cacheKey(slot, url) {
  return `https://tokenward.cache.invalid/${slot.key}?uri=${encodeURIComponent(url)}`;
}
