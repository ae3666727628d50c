// tokenward/edge elsewhere (Deno, Bun, service workers): `await init()` once, as with 'tokenward'.
export { init } from './browser.js';
export * from './edge-api.js';
