// Small I/O helpers for the worker.

/** A redirect status: 3xx except 304 (Not Modified is an answer). */
export function isRedirect(response) {
  return response.status >= 300 && response.status < 400 && response.status !== 304;
}

/** Reads a response body up to `limit` bytes, then stops reading. */
export async function readCapped(response, limit) {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  while (total < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  if (total >= limit) await reader.cancel().catch(() => {});
  const body = new Uint8Array(Math.min(total, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, body.length - at);
    body.set(part, at);
    at += part.length;
  }
  return body;
}

/**
 * Waits for `promise` at most `ms`. A request must not hang on a fetch
 * another request started (and whose context may have been cancelled): the
 * refresh machine abandons such a fetch after its own timeout anyway.
 */
export function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
