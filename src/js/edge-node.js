// tokenward/edge in Node: the wasm loads with the package's node entry (node:crypto checks signatures).
export { init } from './node.js';

export * from './edge-api.js';
