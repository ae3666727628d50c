// tokenward/hono in workerd (and wrangler): the wasm loads with the package's workerd entry.
export { init } from './workerd.js';

export * from './hono-api.js';
