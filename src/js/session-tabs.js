// How the tabs of one origin share a token set so that, with refresh-token
// rotation and reuse detection at the provider, no tab ever presents a
// refresh token another tab already used:
//
// 1. Single flight: a refresh runs inside an exclusive Web Lock named after
//    the session (a localStorage lease where Web Locks are missing).
// 2. A ledger in IndexedDB records, inside that lock and before the request
//    leaves, the generation of the refresh token being spent. IndexedDB is
//    consistent across tabs; a BroadcastChannel message is not ordered with
//    lock grants. So a tab that gets the lock just after another tab's
//    refresh sees the ledger, and waits for the new set instead of spending
//    a dead token (which would revoke the whole grant).
// 3. The new token set goes to every tab on a BroadcastChannel; a tab that
//    opens later asks for it (`hello`).
// Only generations (integers) are written to storage, never tokens.

const LEASE_MS = 20_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rotation ledger: the highest token-set generation whose refresh token was spent. */
class Ledger {
  #db = null;
  #name;
  constructor(name) {
    this.#name = name;
  }

  async #open() {
    if (this.#db !== null) return this.#db;
    if (typeof indexedDB === 'undefined') return null;
    this.#db = await new Promise((resolve) => {
      const request = indexedDB.open('tokenward-session', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('ledger');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    });
    return this.#db;
  }

  async #run(mode, act) {
    const db = await this.#open();
    if (db === null) return undefined;
    return new Promise((resolve) => {
      const tx = db.transaction('ledger', mode);
      const request = act(tx.objectStore('ledger'));
      let value;
      request.onsuccess = () => {
        value = request.result;
      };
      tx.oncomplete = () => resolve(value);
      tx.onerror = () => resolve(undefined);
      tx.onabort = () => resolve(undefined);
    });
  }

  /** The generation spent last (0 when unknown). */
  async spent() {
    return (await this.#run('readonly', (store) => store.get(this.#name))) ?? 0;
  }

  /** Records that generation `gen`'s refresh token is about to be spent. */
  async spend(gen) {
    await this.#run('readwrite', (store) => store.put(gen, this.#name));
  }
}

export class TabGroup {
  #name;
  #channel = null;
  #tabId = Math.random().toString(36).slice(2);
  #leases = 0;
  #ledger;
  #listener;

  /**
   * @param {string} name the session's name (one group per name and origin)
   * @param {(message: object) => void} onMessage messages from other tabs
   */
  constructor(name, onMessage) {
    this.#name = name;
    this.#ledger = new Ledger(name);
    this.#listener = (event) => onMessage(event.data);
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(`tokenward-session:${name}`);
      this.#channel.addEventListener('message', this.#listener);
    }
  }

  get tabId() {
    return this.#tabId;
  }

  /** Whether other tabs can be reached (false: this tab is on its own). */
  get shared() {
    return this.#channel !== null;
  }

  get ledger() {
    return this.#ledger;
  }

  post(message) {
    this.#channel?.postMessage({ ...message, from: this.#tabId });
  }

  /** Runs `fn` while no other tab of the group runs its own `exclusive` fn. */
  async exclusive(fn) {
    const name = `tokenward-refresh:${this.#name}`;
    if (globalThis.navigator?.locks?.request) {
      return navigator.locks.request(name, { mode: 'exclusive' }, () => fn());
    }
    return this.#withLease(name, fn);
  }

  /** Fallback mutex: a lease in localStorage (holds an owner id, no token). */
  async #withLease(name, fn) {
    const storage = globalThis.localStorage;
    if (storage === undefined) return fn();
    // One owner id per call, so two calls of one tab exclude each other too.
    const owner = `${this.#tabId}:${(this.#leases += 1)}`;
    const mine = () => JSON.parse(storage.getItem(name) ?? 'null')?.owner === owner;
    for (;;) {
      const lease = JSON.parse(storage.getItem(name) ?? 'null');
      if (lease === null || lease.until < Date.now()) {
        storage.setItem(name, JSON.stringify({ owner, until: Date.now() + LEASE_MS }));
        // Two tabs may write at once: the later write wins; both re-read.
        await sleep(30);
        if (mine()) break;
      }
      await sleep(50 + Math.random() * 100);
    }
    try {
      return await fn();
    } finally {
      if (mine()) storage.removeItem(name);
    }
  }

  close() {
    this.#channel?.removeEventListener('message', this.#listener);
    this.#channel?.close();
    this.#channel = null;
  }
}
