// tokenward/hono in Node: the wasm loads with the package's node entry.
export { init } from './node.js';

export * from './hono-api.js';
