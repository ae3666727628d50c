// Node (ESM): the wasm is read and instantiated synchronously at import,
// so there is nothing to initialise. `init()` exists for code shared with
// browsers and resolves at once.
import { readFileSync } from 'node:fs';
import { initSync } from './tokenward.js';
import { markReady, useHostCrypto } from './engine.js';
import { nodeCrypto } from './node-crypto.js';

initSync({ module: readFileSync(new URL('./tokenward_bg.wasm', import.meta.url)) });
markReady();
useHostCrypto(nodeCrypto);

export function init() {
  return Promise.resolve();
}
export * from './api.js';
