// tokenward/edge: token introspection (RFC 7662) carried out for the core.
// The core builds the request and judges the answer; this file only sends
// it, once per token at a time in this isolate (requests for a token whose
// call is under way wait for it), and hands the answer back. The request
// carries the client's credentials: it is never logged.

import { fetchUnderRules } from './transport.js';

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

  /** The endpoint's status and body under the shared transport rules;
   *  status 0 when there is no answer (network, timeout, a refused redirect). */
  async #send(due, { fetch: callFetch }) {
    const failed = { status: 0, body: new Uint8Array(0) };
    if (due.url === null) return failed;
    const fetchImpl = callFetch ?? this.fetch ?? globalThis.fetch;
    try {
      const answer = await fetchUnderRules(fetchImpl, due.url, {
        method: 'POST',
        headers: due.headers,
        body: due.body,
        timeoutMs: Math.max(1, due.timeout_ms),
        maxBodyBytes: this.engine.maxIntrospectionBytes,
      });
      return { status: answer.status, body: answer.body };
    } catch {
      return failed;
    }
  }
}
