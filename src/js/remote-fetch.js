// One key-set fetch under the transport rules. The URL rule (https://,
// loopback http://) is checked once, on the URL given; these rules keep it
// true for what is actually loaded:
// - no redirects: a 3xx (or a response a custom fetch followed anyway)
//   fails the fetch, so a server cannot hand the key set over to another
//   origin or downgrade it to plain http;
// - the body is read as a stream and abandoned one byte past the cap, so a
//   hostile endpoint cannot make the process hold megabytes;
// - one timeout covers the request and the body.
// A breach throws a FetchFailure naming what happened.

/** Why a fetch failed: an Error with a stable `reason` and, for an HTTP answer, its `status`. */
export class FetchFailure extends Error {
  /**
   * @param {'http_status'|'network_error'|'timeout'|'redirect_refused'|'body_too_large'|'invalid_document'} reason
   * @param {string} detail what happened, for people
   * @param {{status?: number, cause?: unknown}} [extra]
   */
  constructor(reason, detail, { status, cause } = {}) {
    super(`${reason}: ${detail}`, cause === undefined ? undefined : { cause });
    this.name = 'FetchFailure';
    this.reason = reason;
    if (status !== undefined) this.status = status;
  }
}

/** A redirect status: 3xx except 304 (Not Modified is an answer). */
function isRedirect(response) {
  if (response.type === 'opaqueredirect' || response.redirected === true) return true;
  return response.status >= 300 && response.status < 400 && response.status !== 304;
}

/**
 * GETs `url` with `fetchImpl` under the rules above.
 * @param {typeof fetch} fetchImpl
 * @param {string} url
 * @param {{headers: Record<string, string>, timeoutMs: number, maxBodyBytes: number}} limits
 * @returns {Promise<{status: number, headers: Headers, body: Uint8Array}>} the
 *   body holds at most `maxBodyBytes + 1` bytes: one more than the cap is
 *   enough for the core to refuse it as too large.
 * @throws {FetchFailure}
 */
export async function fetchKeySet(fetchImpl, url, { headers, timeoutMs, maxBodyBytes }) {
  const abort = new AbortController();
  const timeout = new FetchFailure('timeout', `no complete answer within ${timeoutMs} ms`);
  let timedOut = false;
  // Also ends the wait on a custom fetch that ignores the signal.
  const expired = new Promise((_, reject) => {
    abort.signal.addEventListener('abort', () => reject(timeout));
  });
  expired.catch(() => {});
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  try {
    let response;
    try {
      response = await Promise.race([fetchImpl(url, { headers, redirect: 'manual', signal: abort.signal }), expired]);
    } catch (error) {
      if (timedOut || error instanceof FetchFailure) throw timedOut ? timeout : error;
      throw new FetchFailure('network_error', String(error?.cause?.code ?? error?.message ?? error), { cause: error });
    }
    if (response === null || typeof response !== 'object' || typeof response.status !== 'number') {
      throw new FetchFailure('network_error', 'fetch did not resolve to a Response');
    }
    if (isRedirect(response)) {
      await response.body?.cancel?.().catch(() => {});
      const location = response.headers?.get?.('location');
      const where = location ? ` to ${location}` : '';
      throw new FetchFailure('redirect_refused', `HTTP ${response.status || 'redirect'}${where}: key sets are not fetched through redirects`, { status: response.status || undefined });
    }
    const body = await readCapped(response, maxBodyBytes + 1, expired).catch((error) => {
      throw timedOut ? timeout : error;
    });
    return { status: response.status, headers: response.headers, body };
  } finally {
    clearTimeout(timer);
    // Closes the connection of a body abandoned at the cap.
    abort.abort();
  }
}

/** Reads at most `limit` bytes of the body, then cancels the stream. */
async function readCapped(response, limit, expired) {
  if (response.body === null) return new Uint8Array(0);
  if (typeof response.body?.getReader !== 'function') {
    throw new FetchFailure('network_error', 'the response body is not a ReadableStream');
  }
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    throw new FetchFailure('network_error', `reading the body: ${error?.message ?? error}`, { cause: error });
  } finally {
    if (total >= limit) await reader.cancel().catch(() => {});
  }
  const body = new Uint8Array(Math.min(total, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, body.length - at);
    body.set(part, at);
    at += part.length;
  }
  return body;
}
