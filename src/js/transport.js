// Every fetch the package makes (RemoteKeySet, and for TokenSession the
// discovery document, the provider's key set, the token endpoint for the
// code exchange and refresh, revocation) goes through `fetchUnderRules`.
// Each URL is checked once (https://, loopback http://) before it gets
// here; these rules keep that check true for what is actually sent and
// loaded:
// - no redirects: a 3xx (or a response a custom fetch followed anyway)
//   fails the fetch, so a server cannot hand a key set or a discovery
//   document over to another origin, nor have a 307/308 re-send a code,
//   a PKCE verifier or a refresh token there, nor downgrade to plain http;
// - the body is read as a stream and abandoned one byte past the cap, so a
//   hostile endpoint cannot make the process hold megabytes;
// - one timeout covers the request and the body.
// A breach throws a FetchFailure naming what happened.

/** Body caps of the documents the session reads (a key set's cap is the core's). */
export const MAX_DISCOVERY_BYTES = 64 * 1024;
export const MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;
/** A revocation answer's body is not used; a little is read so the connection can close cleanly. */
export const MAX_REVOCATION_RESPONSE_BYTES = 16 * 1024;
/** The session's timeout per fetch (request and body). */
export const SESSION_TIMEOUT_MS = 10_000;

/** The caller's fetch, else the global one (bound: some hosts refuse a detached `fetch`). */
export function defaultFetch(fetchImpl) {
  return fetchImpl ?? globalThis.fetch.bind(globalThis);
}

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
 * Fetches `url` with `fetchImpl` under the rules above.
 * @param {typeof fetch} fetchImpl
 * @param {string} url
 * @param {{method?: string, headers?: Record<string, string>, body?: URLSearchParams,
 *   credentials?: RequestCredentials, timeoutMs: number, maxBodyBytes: number}} request
 * @returns {Promise<{status: number, headers: Headers, body: Uint8Array}>} the
 *   body holds at most `maxBodyBytes + 1` bytes: one more than the cap is
 *   enough to tell it is too large (`bodyWithinCap` refuses it).
 * @throws {FetchFailure}
 */
export async function fetchUnderRules(fetchImpl, url, { method, headers, body, credentials, timeoutMs, maxBodyBytes }) {
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
  const init = { headers, redirect: 'manual', signal: abort.signal };
  if (method !== undefined) init.method = method;
  if (body !== undefined) init.body = body;
  if (credentials !== undefined) init.credentials = credentials;
  try {
    let response;
    try {
      response = await Promise.race([fetchImpl(url, init), expired]);
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
      throw new FetchFailure('redirect_refused', `HTTP ${response.status || 'redirect'}${where}: redirects are not followed`, { status: response.status || undefined });
    }
    const read = await readCapped(response, maxBodyBytes + 1, expired).catch((error) => {
      throw timedOut ? timeout : error;
    });
    return { status: response.status, headers: response.headers, body: read };
  } finally {
    clearTimeout(timer);
    // Closes the connection of a body abandoned at the cap.
    abort.abort();
  }
}

/**
 * The body of `answer` as text, refused past `maxBodyBytes`.
 * @throws {FetchFailure} `body_too_large`
 */
export function bodyWithinCap(answer, maxBodyBytes) {
  if (answer.body.byteLength > maxBodyBytes) {
    throw new FetchFailure('body_too_large', `the body exceeds ${maxBodyBytes} bytes`, { status: answer.status });
  }
  return new TextDecoder().decode(answer.body);
}

/** The body as JSON, or null when it is not JSON (an error page). Refused past the cap. */
export function jsonWithinCap(answer, maxBodyBytes) {
  const text = bodyWithinCap(answer, maxBodyBytes);
  try {
    return JSON.parse(text);
  } catch {
    return null;
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
