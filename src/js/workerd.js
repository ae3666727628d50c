// Cloudflare workerd (and wrangler): a `.wasm` import is a compiled
// WebAssembly.Module, instantiated synchronously at module load.
import wasmModule from './tokenward_bg.wasm';
import { initSync } from './tokenward.js';
import { markReady } from './engine.js';

initSync({ module: wasmModule });
markReady();

export function init() {
  return Promise.resolve();
}
export * from './api.js';
