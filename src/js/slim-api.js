// What `tokenward/slim` exports (shipped as slim/api.js, re-exported by the
// slim entries): the full API minus what its build leaves out — lint,
// RemoteKeySet, RevocationList (import those from 'tokenward'). Keep in step
// with slim.d.ts; tests/npm/packaging/ compares both with the runtime.
export { TokenError, OptionsError } from './errors.js';
export { Verifier } from './verifier.js';
export { decodeUnverified } from './inspect.js';
export { ERROR_CODES } from './codes.js';
export * from './session-api.js';
