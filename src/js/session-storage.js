// Where tokens may live: the core's decision table (`decideStorage`), and
// stores that hold a token only where the decision allows. There is no
// cookie store at all: a cookie scripts can read is never an option, and an
// HttpOnly cookie is a backend's to set.
import { wasm } from './engine.js';
import { OptionsError, lastError } from './errors.js';
import { optionsJson, readOptions } from './options-json.js';

/**
 * Where a token may live, with reasons and warnings (IETF browser-based-apps
 * BCP, RFC 9700, OWASP).
 * @param {object} question tokenKind ('access-token' | 'refresh-token' |
 *   'id-token'), architecture ('browser-only' | 'backend-for-frontend' |
 *   'token-mediating-backend'), lifetime (seconds), rotation,
 *   senderConstrained, persistAcrossReload, allowLocalStorage, environment
 *   ('browser' | 'web-worker' | 'service-worker')
 * @returns {{location: string, reasons: object[], warnings: object[]}}
 */
export function decideStorage(question = {}) {
  const glue = wasm();
  // Read as JS reads `question.tokenKind` (inherited members and getters too).
  const json = glue.decideStorageJson(optionsJson(readOptions(question, 'decideStorage question')));
  if (json === '') throw lastError(glue);
  return JSON.parse(json);
}

/** A JS variable in this realm (a page or a worker); gone on reload. */
export class MemoryStore {
  #value = null;
  get location() {
    return 'memory';
  }
  get() {
    return this.#value;
  }
  set(value) {
    this.#value = value;
  }
  clear() {
    this.#value = null;
  }
}

/** Keeps nothing: for tokens the decision says not to hold at all. */
export class NoStore {
  get location() {
    return 'none';
  }
  get() {
    return null;
  }
  set() {}
  clear() {}
}

/** One JSON entry in sessionStorage or localStorage. */
export class WebStorageStore {
  #storage;
  #key;
  #location;
  constructor(storage, key, location) {
    this.#storage = storage;
    this.#key = key;
    this.#location = location;
  }
  get location() {
    return this.#location;
  }
  get() {
    const text = this.#storage.getItem(this.#key);
    return text === null ? null : JSON.parse(text);
  }
  set(value) {
    this.#storage.setItem(this.#key, JSON.stringify(value));
  }
  clear() {
    this.#storage.removeItem(this.#key);
  }
}

const inWorker = () => typeof globalThis.WorkerGlobalScope !== 'undefined';

/**
 * The store a decision allows. `local-storage` also needs the caller's
 * explicit `allowLocalStorage` here (the question had to say it too), and
 * says in the console what that risks.
 * @param {{location: string, warnings?: object[]}} decision from decideStorage
 * @param {{key: string, allowLocalStorage?: boolean}} options
 */
export function storeFor(decision, { key, allowLocalStorage = false }) {
  switch (decision.location) {
    case 'memory':
      return new MemoryStore();
    case 'worker-memory':
      if (!inWorker()) throw new OptionsError('this token may only live in a worker: run TokenSession in a Web Worker');
      return new MemoryStore();
    case 'session-storage':
      return new WebStorageStore(globalThis.sessionStorage, key, 'session-storage');
    case 'local-storage':
      if (!allowLocalStorage) throw new OptionsError('localStorage needs the explicit allowLocalStorage opt-in');
      for (const warning of decision.warnings ?? []) console.warn(`tokenward: [${warning.code}] ${warning.message}`);
      return new WebStorageStore(globalThis.localStorage, key, 'local-storage');
    case 'http-only-cookie':
      throw new OptionsError('this token belongs to a backend (HttpOnly cookie); a page cannot hold it');
    case 'none':
      return new NoStore();
    default:
      throw new OptionsError(`unknown storage location ${decision.location}`);
  }
}
