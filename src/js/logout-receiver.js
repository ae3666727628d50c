// The OpenID Connect Back-Channel Logout receiver: the provider POSTs a
// logout token to the one URL registered for the client; the receiver
// validates it (the core's rules, in wasm), records it in a store every
// instance shares, and serves the revocation-list document that every
// verifier (npm RemoteRevocationList, the Envoy filter, the edge worker)
// already polls. A logout reaching one instance behind a load balancer
// so reaches the whole fleet.
//
// Web Request in, Web Response out: it runs wherever those exist (Node,
// workerd, Deno); `tokenward revocation serve` puts it behind node:http.
import { unsupported, wasm } from './engine.js';
import { OptionsError, TokenError, lastError } from './errors.js';
import { describe, optionsJson, readOptions } from './options-json.js';
import { RemoteKeySet, machineOf } from './remote.js';
import { JournalRevocationStore } from './revocation-store.js';
import { matchesEtag, revocationDocument } from './revocation-document.js';

/** Largest logout request body read (a logout token is a few hundred bytes). */
export const MAX_LOGOUT_BODY_BYTES = 64 * 1024;
/** Default seconds a `sid` / `sub` stays listed: longer than any access token lives. */
export const DEFAULT_RETENTION = 24 * 3600;
/** Default `Cache-Control: max-age` of the document, seconds: part of the propagation bound. */
export const DEFAULT_DOCUMENT_MAX_AGE = 1;
/** Records past their keepUntil are dropped at most this often (ms). */
const PRUNE_EVERY_MS = 60_000;

const ENGINE_OPTIONS = ['issuer', 'clientId', 'algorithms', 'maxAge', 'clockTolerance'];

/**
 * Builds a receiver; resolves once the store's records are loaded (the
 * replay memory is restored from them).
 * @throws {OptionsError} for options it cannot apply (each one named)
 */
export async function createLogoutReceiver(options) {
  const read = readOptions(options, 'createLogoutReceiver options');
  const { jwks, store, retention = DEFAULT_RETENTION, documentMaxAge = DEFAULT_DOCUMENT_MAX_AGE, allowInsecureHttp, ...rest } = read;
  for (const name of Object.keys(rest)) {
    if (!ENGINE_OPTIONS.includes(name)) {
      throw new OptionsError(`unknown option ${name} in createLogoutReceiver options (known: ${[...ENGINE_OPTIONS, 'jwks', 'store', 'retention', 'documentMaxAge', 'allowInsecureHttp'].join(', ')})`);
    }
  }
  wholeSeconds('retention', retention);
  wholeSeconds('documentMaxAge', documentMaxAge);
  const keys = keySource(jwks, allowInsecureHttp);
  const glue = wasm();
  if (glue.WasmLogoutReceiver === undefined) throw unsupported('createLogoutReceiver', "'tokenward' in Node or workerd");
  const engine = glue.WasmLogoutReceiver.create(optionsJson(rest), keys.inline);
  if (engine === undefined) throw lastError(glue);
  const receiver = new LogoutReceiver(engine, keys.remote, storeOf(store), { retention, documentMaxAge });
  await receiver.restore();
  return receiver;
}

function wholeSeconds(name, value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OptionsError(`${name} must be a whole number of seconds ≥ 0 (got ${describe(value)})`);
  }
}

/** `jwks`: a RemoteKeySet, a JWKS URL, or an inline JWK Set. */
function keySource(jwks, allowInsecureHttp) {
  if (jwks instanceof RemoteKeySet) return { remote: jwks, inline: undefined };
  if (typeof jwks === 'string' || jwks instanceof URL) {
    return { remote: new RemoteKeySet(jwks, allowInsecureHttp === undefined ? {} : { allowInsecureHttp }), inline: undefined };
  }
  if (allowInsecureHttp !== undefined) throw new OptionsError('allowInsecureHttp applies to a jwks URL only');
  if (jwks !== null && typeof jwks === 'object' && Array.isArray(jwks.keys)) {
    return { remote: null, inline: JSON.stringify(jwks) };
  }
  throw new OptionsError(`jwks must be a RemoteKeySet, a JWKS URL or a JWK Set (got ${describe(jwks)})`);
}

/** `store`: a journal file path, or an object with add / list / prune. */
function storeOf(store) {
  if (typeof store === 'string') return new JournalRevocationStore(store);
  const methods = ['add', 'list', 'prune'];
  if (store !== null && typeof store === 'object' && methods.every((name) => typeof store[name] === 'function')) return store;
  throw new OptionsError(`store must be a journal file path or an object with ${methods.join(', ')} (got ${describe(store)})`);
}

export class LogoutReceiver {
  #engine;
  #keySet;
  #store;
  #retention;
  #documentMaxAge;
  #document = null;
  #documentBuiltAt = 0;
  #lastPrune = 0;
  #counters = { accepted: 0, refused: {} };

  constructor(engine, keySet, store, { retention, documentMaxAge }) {
    this.#engine = engine;
    this.#keySet = keySet;
    this.#store = store;
    this.#retention = retention;
    this.#documentMaxAge = documentMaxAge;
  }

  /** Loads the store's records into the replay memory (done by createLogoutReceiver). */
  async restore() {
    for (const record of await this.#store.list()) this.#engine.remember(record.jti, record.rememberUntil);
    this.#document = null;
  }

  /** Tokens accepted, and refusals by code. */
  get counters() {
    return structuredClone(this.#counters);
  }

  /**
   * The back-channel logout endpoint (§2.5, §2.8): a POST of
   * `application/x-www-form-urlencoded` `logout_token=…`. 200 once the
   * logout is recorded; 400 `{"error":"invalid_request"}` for a request or
   * token refused (nothing recorded); 503 when the provider's keys or the
   * store are unavailable (nothing recorded: the provider may retry).
   * @param {Request} request
   * @returns {Promise<Response>}
   */
  async handle(request) {
    if (request.method !== 'POST') return answer(405, { error: 'invalid_request', error_description: 'POST only' }, { allow: 'POST' });
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
      return this.#refuse('invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const body = await readCapped(request, MAX_LOGOUT_BODY_BYTES);
    if (body === null) return this.#refuse('invalid_request', `the body exceeds ${MAX_LOGOUT_BODY_BYTES} bytes`);
    const tokens = new URLSearchParams(body).getAll('logout_token');
    if (tokens.length !== 1) return this.#refuse('invalid_request', 'exactly one logout_token is required');
    let accepted;
    try {
      accepted = await this.#accept(tokens[0]);
    } catch (error) {
      if (error instanceof TokenError && error.code !== 'jwks_unavailable') return this.#refuse(error.code, error.message);
      return this.#unavailable(error);
    }
    const record = {
      jti: accepted.jti,
      ...(accepted.sid === undefined || accepted.sid === null ? {} : { sid: accepted.sid }),
      ...(accepted.sub === undefined || accepted.sub === null ? {} : { sub: accepted.sub }),
      iat: accepted.iat,
      rememberUntil: accepted.rememberUntil,
      keepUntil: Math.max(accepted.rememberUntil, Math.ceil(accepted.iat) + this.#retention),
    };
    let added;
    try {
      added = await this.#store.add(record);
    } catch (error) {
      this.#engine.forget(record.jti);
      return this.#unavailable(error);
    }
    // Another receiver sharing the store took this jti first.
    if (!added) return this.#refuse('logout_token_replayed', 'this logout token (jti) was already accepted');
    this.#counters.accepted += 1;
    this.#document = null;
    return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
  }

  /** Validates with the key set, refetching it once for an unknown kid. */
  async #accept(token) {
    const now = Date.now() / 1000;
    if (this.#keySet === null) return this.#verdict(this.#engine.accept(token, now));
    await this.#keySet.ready();
    const attempt = () => this.#engine.acceptRemote(machineOf(this.#keySet), token, Date.now() / 1000, Date.now());
    let result = attempt();
    if (result === '' && wasm().lastErrorCode() === 'unknown_kid' && (await this.#keySet.refreshForUnknownKid())) {
      result = attempt();
    }
    return this.#verdict(result);
  }

  #verdict(result) {
    if (result === '') throw lastError(wasm());
    return JSON.parse(result);
  }

  #refuse(code, description) {
    this.#counters.refused[code] = (this.#counters.refused[code] ?? 0) + 1;
    const detail = description.startsWith(`${code}:`) ? description : `${code}: ${description}`;
    return answer(400, { error: 'invalid_request', error_description: detail });
  }

  #unavailable(error) {
    this.#counters.refused.unavailable = (this.#counters.refused.unavailable ?? 0) + 1;
    return answer(503, { error: 'temporarily_unavailable', error_description: String(error?.message ?? error) }, { 'retry-after': '5' });
  }

  /**
   * The revocation-list document (GET): `ETag`, `Cache-Control:
   * max-age=<documentMaxAge>`, 304 for a matching `If-None-Match`.
   * @param {Request} [request]
   * @returns {Promise<Response>}
   */
  async document(request) {
    const { body, etag } = await this.#current();
    const headers = { etag, 'cache-control': `max-age=${this.#documentMaxAge}` };
    if (matchesEtag(request?.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    const head = request?.method === 'HEAD';
    return new Response(head ? null : body, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
  }

  /** The document's text and ETag, rebuilt after a logout, and at least every max-age (a store may be shared). */
  async #current() {
    const now = Date.now();
    if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = now;
      if ((await this.#store.prune(Math.floor(now / 1000))) > 0) this.#document = null;
    }
    if (this.#document === null || now - this.#documentBuiltAt >= this.#documentMaxAge * 1000) {
      this.#document = await revocationDocument(await this.#store.list());
      this.#documentBuiltAt = now;
    }
    return this.#document;
  }

  /**
   * Both endpoints on one handler: POST `logoutPath` is `handle`, GET or
   * HEAD `documentPath` is `document`, anything else 404.
   * @param {Request} request
   * @param {{logoutPath?: string, documentPath?: string}} [paths]
   */
  async fetch(request, { logoutPath = '/backchannel-logout', documentPath = '/revocation.json' } = {}) {
    const { pathname } = new URL(request.url);
    if (pathname === logoutPath) return this.handle(request);
    if (pathname === documentPath && (request.method === 'GET' || request.method === 'HEAD')) return this.document(request);
    return answer(404, { error: 'not_found' });
  }

  /** Closes the store. */
  async close() {
    await this.#store.close?.();
  }
}

function answer(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

/** The body as text, or null past `limit` bytes (read no further). */
async function readCapped(request, limit) {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
