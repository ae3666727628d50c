// Browsers and bundlers: the wasm is fetched (bundlers such as Vite emit it
// as an asset from the `new URL(..., import.meta.url)` in the glue), so it
// is asynchronous: `await init()` once before the first use.
import initWasm from './tokenward.js';
import { isReady, markReady } from './engine.js';

let pending = null;

/**
 * Loads the wasm. Call once and await it; later calls return the same
 * promise. `input`: optional URL, Response, bytes or WebAssembly.Module.
 */
export function init(input) {
  if (pending === null) {
    pending = initWasm(input === undefined ? undefined : { module_or_path: input }).then(() => {
      if (!isReady()) markReady();
    });
  }
  return pending;
}
export * from './api.js';
