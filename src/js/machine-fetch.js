// One fetch a core fetch machine asked for (RemoteKeySet's key set,
// RemoteRevocationList's list): performed under the package's transport
// rules, its answer or failure reported to the machine. The machine
// decides what the answer means (fresh for how long, backoff, stale-if-error).
import { wasm } from './engine.js';
import { lastError } from './errors.js';
import { FetchFailure, fetchUnderRules } from './transport.js';

/** Response headers the machine reads. */
const CACHE_HEADERS = ['cache-control', 'age', 'etag', 'retry-after'];

/**
 * Performs fetch `id` of `machine` and reports how it ended.
 * @param {object} machine a wasm fetch machine (poll / onResponse / onFailure)
 * @param {{fetch: typeof fetch, url: string, headers: Headers, accept: string}} source
 * @param {{id: number, ifNoneMatch?: string | null}} request what `machine.poll` asked for
 * @returns {Promise<{outcome: string, failure: FetchFailure | null | undefined}>}
 *   never rejects; `failure` is null after a success, the FetchFailure when
 *   the fetch counted as failed, undefined when there is nothing to record
 */
export async function fetchForMachine(machine, source, { id, ifNoneMatch }) {
  const headers = { accept: source.accept, ...Object.fromEntries(source.headers) };
  if (ifNoneMatch != null) headers['if-none-match'] = ifNoneMatch;
  let outcome;
  let status;
  try {
    const limits = { headers, timeoutMs: machine.timeoutMs(), maxBodyBytes: machine.maxBodyBytes() };
    const response = await fetchUnderRules(source.fetch, source.url, limits);
    status = response.status;
    const pairs = [];
    for (const name of CACHE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) pairs.push([name, value]);
    }
    outcome = machine.onResponse(Date.now(), id, status, JSON.stringify(pairs), response.body);
  } catch (error) {
    outcome = machine.onFailure(Date.now(), id);
    // `ignored`: the machine gave up on this fetch already (its timeout).
    const counted = outcome === 'failed' || (outcome === 'ignored' && error?.reason === 'timeout');
    if (!counted) return { outcome, failure: undefined };
    return { outcome, failure: error instanceof FetchFailure ? error : new FetchFailure('network_error', String(error)) };
  }
  if (outcome === 'updated' || outcome === 'unchanged') return { outcome, failure: null };
  if (outcome === 'failed') return { outcome, failure: answerFailure(status, lastError(wasm())) };
  return { outcome, failure: undefined };
}

/** Why the machine refused an HTTP answer, from its status and the core's error. */
function answerFailure(status, error) {
  if (status !== 200) return new FetchFailure('http_status', `HTTP ${status}`, { status });
  if (error.code === 'too_large') return new FetchFailure('body_too_large', error.message, { status });
  return new FetchFailure('invalid_document', error.message, { status, cause: error });
}
