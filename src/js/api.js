// Everything the package exports, whatever the runtime. The entry points
// (node.js, browser.js, workerd.js) only differ in how the wasm is loaded.
export { TokenError, OptionsError } from './errors.js';
export { Verifier } from './verifier.js';
export { dpopRequest } from './dpop.js';
export { RemoteKeySet } from './remote.js';
export { RevocationList } from './revocation.js';
export { lint, decodeUnverified } from './inspect.js';
export { ERROR_CODES, LINT_CODES } from './codes.js';
export * from './session-api.js';
export { RemoteRevocationList } from './revocation-remote.js';
export { createLogoutReceiver } from './logout-receiver.js';
export { MemoryRevocationStore, JournalRevocationStore } from './revocation-store.js';
