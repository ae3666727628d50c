// Keeps the remote documents (JWKS per provider, revocation list) fresh for
// one gateway. The core's refresh machines decide *when* to fetch, what
// counts as fresh, backoff, cooldown and stale-if-error; this file only
// performs the fetches they ask for and reports the answers back.
//
// - Concurrent misses share one in-flight promise per slot, so a burst of
//   requests on a cold isolate makes one fetch.
// - Snapshots go to the Cache API (caches.default, where the runtime has
//   one) so a new isolate starts from another isolate's key set instead of
//   hitting the JWKS endpoint.
import { isRedirect, readCapped, withTimeout } from "./io.mjs";

// The response headers the machines read (freshness, revalidation, backoff).
const CACHE_HEADERS = ["cache-control", "age", "etag", "retry-after"];
// A cached snapshot outlives its freshness by the machines' default
// stale-if-error window, so another isolate can still serve stale keys
// through an endpoint outage.
const STALE_SECONDS = 3600;

export class Documents {
  constructor(gateway) {
    this.edge = gateway.edge;
    this.slots = gateway.slots;
    this.inflight = new Map();
  }

  /**
   * Before a decision: waits for every slot that has no usable document
   * (first request, or too stale), and starts a background refresh for
   * those that are merely due.
   */
  async ready(ctx) {
    const waits = [];
    const now = Date.now();
    this.slots.forEach((slot, index) => {
      if (!this.edge.usable(index, now)) {
        waits.push(withTimeout(this.refresh(index, ctx), slot.timeout_ms + 250));
      } else if (this.edge.nextWakeup(index) <= now) {
        this.refresh(index, ctx);
      }
    });
    if (waits.length > 0) await Promise.all(waits);
  }

  /** Refetches slot `index` now (unknown `kid`); resolves when answered. */
  refetch(index, ctx) {
    return withTimeout(this.refresh(index, ctx), this.slots[index].timeout_ms + 250);
  }

  /** The slot's in-flight refresh, or a new one. Never rejects. */
  refresh(index, ctx) {
    const now = Date.now();
    const running = this.inflight.get(index);
    // A refresh older than its timeout hangs in a cancelled request's
    // context: the machine has abandoned that fetch, so start anew.
    if (running && now - running.started <= this.slots[index].timeout_ms + 1000) {
      return running.promise;
    }
    const entry = { started: now, promise: null };
    entry.promise = this.run(index).finally(() => {
      if (this.inflight.get(index) === entry) this.inflight.delete(index);
    });
    this.inflight.set(index, entry);
    // Keep the fetch alive after the response that started it is sent
    // (runtimes without an execution context keep promises alive anyway).
    ctx?.waitUntil?.(entry.promise);
    return entry.promise;
  }

  async run(index) {
    const slot = this.slots[index];
    // Another isolate may already hold the document: start from its copy.
    if (!this.edge.usable(index, Date.now())) await this.importShared(index, slot);
    const asked = this.edge.poll(index, Date.now());
    if (asked === undefined) return;
    const fetchRequest = JSON.parse(asked);
    let outcome;
    try {
      const answer = await fetchDocument(slot, fetchRequest);
      outcome = this.edge.onResponse(
        index, Date.now(), fetchRequest.id, answer.status, answer.headers, answer.body);
    } catch (error) {
      // Network error, timeout or redirect: the machine backs off and keeps
      // stale keys.
      outcome = this.edge.onFailure(index, Date.now(), fetchRequest.id);
      if (outcome.startsWith("failed:")) outcome += ` (${error?.message ?? error})`;
    }
    if (outcome === "updated" || outcome === "unchanged") await this.exportShared(index, slot);
    else if (outcome.startsWith("failed:")) console.warn(`tokenward: ${slot.key} refresh ${outcome}`);
  }

  async importShared(index, slot) {
    const cache = sharedCache();
    if (!cache) return;
    try {
      const hit = await cache.match(cacheKey(slot));
      if (hit) this.edge.import(index, Date.now(), await hit.text());
    } catch {
      // The Cache API is an optimisation: without it we fetch.
    }
  }

  async exportShared(index, slot) {
    const cache = sharedCache();
    const snapshot = this.edge.export(index);
    if (!cache || snapshot === undefined) return;
    const fresh = Math.max(1, Math.ceil((this.edge.nextWakeup(index) - Date.now()) / 1000));
    const response = new Response(snapshot, {
      headers: { "content-type": "application/json", "cache-control": `max-age=${fresh + STALE_SECONDS}` },
    });
    try {
      await cache.put(cacheKey(slot), response);
    } catch {
      // As above: best effort.
    }
  }
}

/**
 * GETs a slot's document within its timeout, reading at most one byte past
 * its cap. Redirects are not followed (`redirect: "manual"`; workerd has no
 * "error"): a 3xx throws, so the document always comes from the configured
 * URL, the one the URL rule checked.
 */
async function fetchDocument(slot, fetchRequest) {
  const headers = { accept: "application/json" };
  if (fetchRequest.if_none_match) headers["if-none-match"] = fetchRequest.if_none_match;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), slot.timeout_ms);
  try {
    const response = await fetch(slot.uri, { headers, redirect: "manual", signal: controller.signal });
    if (isRedirect(response)) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`redirect_refused: HTTP ${response.status} to ${response.headers.get("location")}`);
    }
    // One byte over the cap is enough for the machine to say `too_large`.
    const body = await readCapped(response, slot.max_body_bytes + 1);
    const lines = [];
    for (const name of CACHE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) lines.push(`${name}:${value}`);
    }
    return { status: response.status, headers: lines.join("\n"), body };
  } finally {
    clearTimeout(timer);
  }
}

function sharedCache() {
  return typeof caches !== "undefined" && caches.default ? caches.default : null;
}

function cacheKey(slot) {
  return `https://tokenward.cache.invalid/${slot.key}?uri=${encodeURIComponent(slot.uri)}`;
}
