// tokenward/hono in Node: the wasm loads with the package's node entry.
import './node.js';

export * from './hono-api.js';
