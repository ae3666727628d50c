// The one sign-in a tab has under way: PKCE verifier, state, nonce and the
// redirect URI, kept in sessionStorage across the redirect (per tab and per
// origin) and deleted when read, so each callback is handled once. Never a
// token. Without sessionStorage (Node, a worker) it lives in memory: the
// flow then works only without a page load in between.

export class PendingSignIn {
  #key;
  #memory = null;

  constructor(name) {
    this.#key = `tokenward:${name}:pending-sign-in`;
  }

  #storage() {
    try {
      return globalThis.sessionStorage ?? null;
    } catch {
      return null; // sandboxed frames throw on access
    }
  }

  save(pending) {
    const storage = this.#storage();
    if (storage === null) this.#memory = pending;
    else storage.setItem(this.#key, JSON.stringify(pending));
  }

  /** The pending sign-in, deleted in the same step; null when none. */
  take() {
    const storage = this.#storage();
    if (storage === null) {
      const pending = this.#memory;
      this.#memory = null;
      return pending;
    }
    const text = storage.getItem(this.#key);
    storage.removeItem(this.#key);
    try {
      return text === null ? null : JSON.parse(text);
    } catch {
      return null;
    }
  }
}
