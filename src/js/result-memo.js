// The last verified token's result, for a Verifier with a cache: the
// result (header, claims, kind) is a function of the token bytes alone, so
// when the same token comes again the wasm side is asked for the verdict
// only (every rule runs, as on any call) and the result is a copy of the
// one already parsed: copying a parsed result costs ~1/3 of serialising it
// in wasm and parsing it again (`make bench-js`). Each call gets its own
// copy: a caller that changes its result never changes another's.
//
// Only verifiers with a cache keep one, holding what the cache's user
// already keeps in memory (one token and its claims).

/** A deep copy of a parsed JSON value; `__proto__` stays a plain member. */
export function copyJson(value) {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy = {};
  for (const name of Object.keys(value)) {
    if (name === '__proto__') {
      Object.defineProperty(copy, name, { value: copyJson(value[name]), enumerable: true, writable: true, configurable: true });
    } else {
      copy[name] = copyJson(value[name]);
    }
  }
  return copy;
}

export class ResultMemo {
  #token = null;
  #value = null;

  /** Whether `token` is the one remembered. */
  holds(token) {
    return this.#token === token;
  }

  /** A fresh copy of the remembered result. */
  copy() {
    return copyJson(this.#value);
  }

  /** Remembers `value` (copied: the caller keeps the original) for `token`. */
  remember(token, value) {
    this.#token = token;
    this.#value = copyJson(value);
  }

  forget() {
    this.#token = null;
    this.#value = null;
  }
}
