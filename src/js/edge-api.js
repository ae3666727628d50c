// Everything tokenward/edge exports, whatever the runtime (the entries
// edge-node.js, edge-workerd.js, edge-browser.js only load the wasm).
export { createGateway } from './edge.js';
export { TokenError, OptionsError } from './errors.js';
