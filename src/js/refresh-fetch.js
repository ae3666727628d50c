// One fetch of a refresh machine's document, shared by RemoteKeySet and
// tokenward/edge: the machine (in wasm) asked for fetch `id`; this performs
// it under the transport rules (no redirects, body capped, one timeout) and
// reports the answer or the failure back. The machine decides what the
// answer means (freshness, revalidation, backoff, stale-if-error).
import { FetchFailure, fetchUnderRules } from './transport.js';

/** Response headers the machines read. */
const CACHE_HEADERS = ['cache-control', 'age', 'etag', 'retry-after'];

/**
 * Performs fetch `request` (`{ id, ifNoneMatch }`, as the machine's `poll`
 * gives it) and reports it to `machine` (`onResponse(now, id, status,
 * headersJson, body)` / `onFailure(now, id)`).
 * @returns {Promise<{outcome: string, status?: number, failure?: FetchFailure}>}
 *   the machine's outcome (`updated`, `unchanged`, `ignored`, `failed`);
 *   `failure` when no answer came (network, timeout, redirect, ...)
 */
export async function fetchForMachine(machine, request, { fetchImpl, url, headers, timeoutMs, maxBodyBytes }) {
  const sent = { ...headers };
  if (request.ifNoneMatch != null) sent['if-none-match'] = request.ifNoneMatch;
  let response;
  try {
    response = await fetchUnderRules(fetchImpl, url, { headers: sent, timeoutMs, maxBodyBytes });
  } catch (error) {
    const failure = error instanceof FetchFailure ? error : new FetchFailure('network_error', String(error));
    return { outcome: machine.onFailure(Date.now(), request.id), failure };
  }
  const pairs = [];
  for (const name of CACHE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) pairs.push([name, value]);
  }
  const outcome = machine.onResponse(Date.now(), request.id, response.status, JSON.stringify(pairs), response.body);
  return { outcome, status: response.status };
}
