// tokenward/edge: token introspection (RFC 7662) carried out for the core.
// The core builds the request and judges the answer; this file only sends
// it, once per token at a time in this isolate (requests for a token whose
// call is under way wait for it), and hands the answer back. The request
// carries the client's credentials: it is never logged.

export class EdgeIntrospection {
  /** @param {import('./edge-engine.js').EdgeEngine} engine */
  constructor(engine, fetchImpl) {
    this.engine = engine;
    this.fetch = fetchImpl;
    /** Calls under way, by provider and token. */
    this.inFlight = new Map();
  }

  /** Sends `due` (a decision's `introspect`), or waits for the same call. */
  resolve(due, ctx = {}) {
    const key = `${due.provider} ${due.token}`;
    let call = this.inFlight.get(key);
    if (call === undefined) {
      call = this.#call(due, ctx).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, call);
    }
    return call;
  }

  async #call(due, ctx) {
    const { status, body } = await this.#send(due, ctx);
    if (status !== 200) {
      // The status only: the request's credentials and the token stay out of logs.
      const what = status === 0 ? 'no answer' : `status ${status}`;
      console.warn(`tokenward: introspection for provider ${due.name} failed (${what}); refusing with introspection_unavailable`);
    }
    this.engine.edge.recordIntrospection(due.provider, due.token, status, body, Date.now());
  }

  /** The endpoint's status and body; status 0 when there is no answer. */
  async #send(due, { fetch: callFetch }) {
    const failed = { status: 0, body: new Uint8Array(0) };
    if (due.url === null) return failed;
    const fetchImpl = callFetch ?? this.fetch ?? globalThis.fetch;
    try {
      const response = await fetchImpl(due.url, {
        method: 'POST',
        headers: due.headers,
        body: due.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, due.timeout_ms)),
      });
      const limit = this.engine.maxIntrospectionBytes + 1;
      const body = await readCapped(response, limit);
      return { status: response.status, body };
    } catch {
      return failed;
    }
  }
}

/** At most `limit` bytes of `response`'s body (the core refuses a longer one). */
async function readCapped(response, limit) {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }
  const out = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
    if (at >= out.length) break;
  }
  return out;
}
