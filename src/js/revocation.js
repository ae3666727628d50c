// RevocationList: the core's list (by jti, by sub/sid with a revoked-before
// time), parsed in wasm and checked on every verification.
import { unsupported, wasm } from './engine.js';
import { lastError } from './errors.js';

const lists = new WeakMap();
const encoder = new TextEncoder();

/** The wasm list behind a RevocationList (package-internal). */
export function revocationListOf(list) {
  return lists.get(list);
}

export class RevocationList {
  #list;

  constructor(list) {
    this.#list = list;
    lists.set(this, list);
  }

  /**
   * Parses a list: JSON text, bytes, or the parsed object.
   * @throws {TokenError} `revocation_list_invalid` or `too_large`.
   */
  static fromJSON(document) {
    const glue = wasm();
    let bytes;
    if (typeof document === 'string') bytes = encoder.encode(document);
    else if (document instanceof Uint8Array) bytes = document;
    else bytes = encoder.encode(JSON.stringify(document));
    if (glue.WasmRevocationList.parse === undefined) throw unsupported('RevocationList');
    const list = glue.WasmRevocationList.parse(bytes);
    if (list === undefined) throw lastError(glue);
    return new RevocationList(list);
  }

  /** Number of entries (jti + sub + sid). */
  get size() {
    return this.#list.size;
  }
}
