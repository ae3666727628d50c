// Everything tokenward/hono exports (the entries hono-node.js,
// hono-workerd.js, hono-browser.js only load the wasm).
export { tokenward, IDENTITY_KEY } from './hono.js';
export { createGateway } from './edge.js';
export { TokenError, OptionsError } from './errors.js';
