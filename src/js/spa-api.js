// What `tokenward/spa` exports (shipped as spa/api.js, re-exported by the spa
// entries): the full API minus what its build leaves out — lint and
// RevocationList (import those from 'tokenward'). Keep in step with
// spa.d.ts; tests/npm/packaging/ compares both with the runtime.
export { TokenError, OptionsError } from './errors.js';
export { Verifier } from './verifier.js';
export { RemoteKeySet } from './remote.js';
export { decodeUnverified } from './inspect.js';
export { ERROR_CODES } from './codes.js';
export * from './session-api.js';
