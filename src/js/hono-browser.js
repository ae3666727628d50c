// tokenward/hono elsewhere (Deno, Bun): `await init()` once, as with 'tokenward'.
export { init } from './browser.js';
export * from './hono-api.js';
