// The browser-session exports of the package, gathered for api.js.
export { TokenSession, ReauthenticationRequiredError } from './session.js';
export { RefreshPlanner } from './session-planner.js';
export { RefreshError, refreshTokenGrant, tokenFacts } from './session-grant.js';
export { decideStorage, storeFor, MemoryStore, WebStorageStore, NoStore } from './session-storage.js';
export { redact, scrubUrl, debugLint } from './session-hygiene.js';
export { SessionError } from './signin-errors.js';
