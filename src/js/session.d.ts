// TypeScript declarations of the browser-session exports.
import type { LintReport } from './index.js';

/** Planner policy overrides; durations in milliseconds, fractions in [0, 1]. */
export interface PlannerPolicy {
  refreshFraction?: number;
  minMarginMs?: number;
  minFraction?: number;
  jitterFraction?: number;
  jitterMaxMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  backoffJitterFraction?: number;
  retryAfterMaxMs?: number;
  maxAttempts?: number;
  refreshTimeoutMs?: number;
  refreshTokenMaxLifetimeMs?: number;
  assumedLifetimeMs?: number;
  expiringNoticeMs?: number;
  skewDeadBandMs?: number;
}

/** What the planner reads from a token response (never the tokens). */
export interface TokenFacts {
  expiresIn?: number;
  accessTokenExp?: number;
  accessTokenIat?: number;
  serverDateMs?: number;
  hasRefreshToken: boolean;
  refreshTokenExpiresIn?: number;
}

/**
 * Why a refresh failed: the network, the server (5xx, 429), or the grant
 * itself (`invalid_grant`, a reused rotating refresh token, `invalid_client`).
 */
export type RefreshFailureKind = 'network' | 'server' | 'invalid_grant' | 'refresh_token_reused' | 'invalid_client';

/** Why the user must sign in again (the `reauthenticate` action and event). */
export type ReauthReason =
  | 'no_refresh_token'
  | 'invalid_grant'
  | 'refresh_token_reused'
  | 'invalid_client'
  | 'refresh_rejected'
  | 'refresh_token_expired'
  | 'attempts_exhausted';

/** What the planner asks the caller to do now (`poll()`). */
export type PlannerAction =
  | { type: 'refresh'; attempt: number }
  | { type: 'reauthenticate'; reason: ReauthReason; clearTokens: boolean; status?: number }
  | { type: 'expiring'; expiresAt: number };

/** Where the planner stands (`RefreshPlanner.state`, `TokenSession.state`). */
export type PlannerState =
  | 'no-tokens'
  | 'waiting-for-refresh-point'
  | 'awaiting-refresh'
  | 'backing-off'
  | 'waiting-for-network'
  | 'reauthentication-required';

/** A token set's timeline on the local clock (Unix ms). */
export interface Timeline {
  receivedAt: number;
  issuedAt: number;
  fractionPoint: number;
  marginPoint: number;
  refreshAt: number;
  retryAt: number | null;
  expiresAt: number;
  refreshTokenExpiresAt: number | null;
  skewMs: number;
  skewSource: 'none' | 'date-header' | 'iat';
  lifetimeSource: 'expires_in' | 'exp' | 'assumed';
}

/** The core's sans-I/O refresh planner; the clock and jitter come from JS. */
export declare class RefreshPlanner {
  constructor(policy?: PlannerPolicy, clock?: { now?: () => number; random?: () => number });
  /** A sign-in's token set, described by `tokenFacts(...)`. */
  onTokensReceived(facts: TokenFacts): void;
  /** A refreshed token set (this tab's refresh or another tab's). */
  onRefreshSucceeded(facts: TokenFacts): void;
  /** A refresh failed; `retryAfter` in seconds, as the `Retry-After` header. */
  onRefreshFailed(failure: { kind: RefreshFailureKind; status?: number; retryAfter?: number }): void;
  /** The network went away: no refresh attempt is spent while offline. */
  onOffline(): void;
  /** The network is back: a refresh that was due runs now. */
  onOnline(): void;
  /** The page or machine woke up: timers may have slept, due work runs now. */
  onResume(): void;
  /** Forgets the token set (sign-out). */
  reset(): void;
  /** The next action, or null when nothing is due. */
  poll(): PlannerAction | null;
  /** Unix ms of the next `poll()` worth making, or null while waiting for an event. */
  nextWakeup(): number | null;
  readonly state: PlannerState;
  readonly accessTokenUsable: boolean;
  readonly shouldClearTokens: boolean;
  readonly failures: number;
  /** Issued → refresh points → expiry (Unix ms), or null without tokens. */
  timeline(): Timeline | null;
  /** Frees the wasm side now. */
  free(): void;
}

/** A failed refresh, classified for the planner. */
export declare class RefreshError extends Error {
  constructor(kind: RefreshFailureKind, detail?: { status?: number; retryAfter?: number; error?: string; cause?: unknown });
  readonly kind: RefreshFailureKind;
  readonly status?: number;
  /** Seconds. */
  readonly retryAfter?: number;
  readonly error?: string;
}

/** A token endpoint's JSON (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  [member: string]: unknown;
}

/** Runs one refresh: resolves the token response (and the endpoint's `Date`), rejects a {@link RefreshError}. */
export type RefreshFunction = (args: { refreshToken: string; attempt: number }) => Promise<{
  response: TokenResponse;
  serverDate?: string;
}>;

/**
 * The built-in refresh: POSTs the refresh-token grant to `tokenEndpoint`
 * as a public client (`timeout` in milliseconds, default 10000).
 */
export declare function refreshTokenGrant(options: {
  tokenEndpoint: string;
  clientId: string;
  scope?: string;
  resource?: string;
  fetch?: typeof fetch;
  timeout?: number;
}): RefreshFunction;

/**
 * What the planner needs from a token response: lifetimes, `exp` / `iat`
 * of a JWT access token (read unverified, only for timing), the endpoint's
 * `Date`, whether a refresh token came.
 */
export declare function tokenFacts(response: TokenResponse, serverDate?: string): TokenFacts;

/** Where a token may be kept. */
export type StorageLocation = 'memory' | 'worker-memory' | 'session-storage' | 'local-storage' | 'http-only-cookie' | 'none';

/** What `decideStorage` weighs: the token, the app's architecture, the environment. */
export interface StorageQuestion {
  tokenKind?: 'access-token' | 'refresh-token' | 'id-token';
  architecture?: 'browser-only' | 'backend-for-frontend' | 'token-mediating-backend';
  /** Seconds. */
  lifetime?: number;
  rotation?: boolean;
  senderConstrained?: boolean;
  persistAcrossReload?: boolean;
  allowLocalStorage?: boolean;
  environment?: 'browser' | 'web-worker' | 'service-worker';
}

/** One reason or warning of a storage decision, with its source. */
export interface StorageNote {
  code: string;
  message: string;
  source: string;
}

/** Where a token may live, and why. */
export interface StorageDecision {
  location: StorageLocation;
  reasons: StorageNote[];
  warnings: StorageNote[];
}

/** Where a token may live (IETF browser-based-apps BCP, RFC 9700, OWASP). */
export declare function decideStorage(question?: StorageQuestion): StorageDecision;

/** A place a token set is kept. */
export interface TokenStore<T = unknown> {
  readonly location: StorageLocation;
  /** The stored value, or null. */
  get(): T | null;
  /** Stores `value` (null clears). */
  set(value: T | null): void;
  /** Removes the value. */
  clear(): void;
}
/** A JS variable in this realm (a page or a worker); gone on reload. */
export declare class MemoryStore<T = unknown> implements TokenStore<T> {
  readonly location: 'memory';
  /** The stored value, or null. */
  get(): T | null;
  /** Stores `value` (null clears). */
  set(value: T | null): void;
  /** Removes the value. */
  clear(): void;
}
/** Keeps nothing: for tokens the decision says not to hold at all. */
export declare class NoStore implements TokenStore<never> {
  readonly location: 'none';
  /** Always null. */
  get(): null;
  /** Keeps nothing. */
  set(value: unknown): void;
  /** Nothing to remove. */
  clear(): void;
}
/** One JSON entry in sessionStorage or localStorage. */
export declare class WebStorageStore<T = unknown> implements TokenStore<T> {
  constructor(storage: Storage, key: string, location: 'session-storage' | 'local-storage');
  readonly location: StorageLocation;
  /** The stored value, or null. */
  get(): T | null;
  /** Stores `value` (null clears). */
  set(value: T | null): void;
  /** Removes the entry. */
  clear(): void;
}
/** The store a decision allows; throws OptionsError for cookies and backends. */
export declare function storeFor(decision: StorageDecision, options: { key: string; allowLocalStorage?: boolean }): TokenStore;

/**
 * `text` with token-shaped strings masked (a short prefix, then
 * `[redacted]`): compact JWS / JWE recognised by their header (`{"` in any
 * spelling: `eyJ`, `eyAi`, `ewog`, ...) wherever they sit (after `--`, `=`,
 * quotes, escapes), Bearer / DPoP / Basic credentials, and `code=`,
 * `access_token=`, `refresh_token=`, `id_token=`, `token=` values. Version
 * strings, hostnames, file names and decimals are left alone.
 */
export declare function redact(text: string): string;
/** Scrubs `url`, or with no argument the address bar (history.replaceState). */
export declare function scrubUrl(url?: string): string | null;
/** Lint findings in the console (debug mode); null where lint is not built in (slim). */
export declare function debugLint(token: string, label?: string): LintReport | null;

/** `getAccessToken()` found no usable token and no way to get one: sign in again. */
export declare class ReauthenticationRequiredError extends Error {
  readonly code: 'reauthentication_required';
  readonly reason: string;
}

/** SessionError codes: stable, the same strings as `err.code`. */
export type SessionErrorCode =
  | 'discovery_failed'
  | 'issuer_mismatch'
  | 'no_pending_sign_in'
  | 'state_mismatch'
  | 'iss_mismatch'
  | 'authorization_error'
  | 'token_request_failed'
  | 'missing_id_token'
  | 'jwks_unavailable'
  | 'token_not_dpop_bound';

/** A sign-in step that failed outside token verification (the ID token's verdict is a TokenError). */
export declare class SessionError extends Error {
  readonly code: SessionErrorCode;
  /** The provider's `error` (authorization_error, token_request_failed). */
  readonly error?: string;
  /** The provider's `error_description`. */
  readonly description?: string;
  /** HTTP status of a failed code exchange. */
  readonly status?: number;
}

/** Sign-in settings (with `issuer`); an unknown member is refused. */
export interface SignInOptions {
  /** Scopes besides `openid` (always sent first), space-separated. */
  scope?: string;
  /** RFC 8707 resource indicator, sent on the authorization request and the code exchange. */
  resource?: string;
  /** Extra authorization request parameters (`prompt`, `login_hint`...); they cannot replace the flow's own. */
  params?: Record<string, string>;
  /** The ID token's algorithms; default RS256 and ES256 as far as the build verifies them (slim: ES256). */
  algorithms?: string[];
  /** Seconds. */
  clockTolerance?: number;
  /** Seconds; the ID token must carry `auth_time` within it. */
  maxAge?: number;
}

/** The provider's endpoints from discovery, checked (null: not announced). */
export interface ProviderEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  revocationEndpoint: string | null;
  endSessionEndpoint: string | null;
  issParameterSupported: boolean;
}

/** The ID token verified at sign-in, by the core. */
export interface VerifiedIdToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown> & { iss: string; sub: string; aud: string | string[]; nonce?: string };
}

/**
 * Options of `new TokenSession(...)`, read as JavaScript reads
 * `options.issuer` (inherited members, getters, non-enumerable ones;
 * callbacks as class methods too), as are `signIn`, `storage` and `policy`;
 * an unknown member or an array is refused with an `OptionsError`
 * (`invalid_options`) naming it.
 */
export interface TokenSessionOptions {
  /** Tab group and storage key; default 'default'. */
  name?: string;
  /**
   * The OpenID provider: enables signIn() / handleCallback(); the token and
   * revocation endpoints come from its discovery document unless given.
   */
  issuer?: string;
  /** Where the provider sends the browser back (needs `issuer`). */
  redirectUri?: string;
  /** Sign-in settings (needs `issuer`). */
  signIn?: SignInOptions;
  refresh?: RefreshFunction;
  tokenEndpoint?: string;
  clientId?: string;
  revocationEndpoint?: string;
  /**
   * Let `tokenEndpoint` and `revocationEndpoint` be plain `http://` beyond
   * loopback; default false (they receive refresh tokens). Otherwise the
   * constructor throws `OptionsError` (`invalid_options`) naming the option.
   */
  allowInsecureHttp?: boolean;
  scope?: string;
  resource?: string;
  /**
   * Replaces `globalThis.fetch` for discovery, the key set, the code
   * exchange, refresh and revocation, under the package's transport rules:
   * it is called with `redirect: 'manual'`, and a redirect (or a response
   * it followed anyway) fails the request; bodies are capped.
   */
  fetch?: typeof fetch;
  policy?: PlannerPolicy;
  /**
   * DPoP (RFC 9449): a non-extractable ECDSA P-256 key (WebCrypto), kept in
   * IndexedDB and shared by every tab of the origin with this `name`,
   * proves possession on the code exchange, on refresh and on `fetch()`.
   * The token endpoint's `use_dpop_nonce` is answered once with its nonce.
   * Access tokens must come back `token_type: DPoP`, else
   * `token_not_dpop_bound` (a SessionError at sign-in and in
   * useTokenResponse(), a failed refresh with that `error`). Refused with a
   * custom `refresh`. Default false. Sets `storage.senderConstrained`.
   */
  dpop?: boolean;
  storage?: {
    rotation?: boolean;
    /**
     * Whether tokens are DPoP-bound: leave it out, `dpop` sets it (a value
     * that contradicts `dpop` is refused). A bound refresh token may be
     * persisted (`persistAcrossReload`): reason `dpop_bound_refresh_token_persisted`.
     */
    senderConstrained?: boolean;
    persistAcrossReload?: boolean;
    allowLocalStorage?: boolean;
    /** Seconds. */
    refreshTokenLifetime?: number;
  };
  debug?: boolean;
  /** The clock (Unix ms; default `Date.now`), for tests. */
  now?: () => number;
  /** The jitter source (default `Math.random`), for tests. */
  random?: () => number;
}

/** The events a `TokenSession` dispatches, with their `detail`. */
export interface TokenSessionEventMap {
  signedin: CustomEvent<{ generation: number; origin: string }>;
  refreshed: CustomEvent<{ generation: number; origin: 'refresh' | 'other-tab' | 'persisted' }>;
  expiring: CustomEvent<{ expiresAt: number }>;
  reauthenticate: CustomEvent<{ reason: ReauthReason; clearTokens: boolean; status?: number }>;
  refreshfailed: CustomEvent<{ kind: RefreshFailureKind; status?: number; error?: string }>;
  signedout: CustomEvent<Record<string, never>>;
  change: CustomEvent<{ state: PlannerState }>;
  /** After each `fetch()` with `dpop`: the proofs sent (one, two after a nonce challenge), decoded. */
  dpopproof: CustomEvent<DpopProofEvent>;
}

/** The `DPoP` headers of one `fetch()`, decoded (never the access token). */
export interface DpopProofEvent {
  method: string;
  url: string;
  /** The status of the last answer. */
  status: number;
  proofs: Array<{
    header: { typ: 'dpop+jwt'; alg: string; jwk: Record<string, string> };
    claims: { htm: string; htu: string; iat: number; jti: string; ath?: string; nonce?: string };
  }>;
}

/** One OAuth client's token set, refreshed once across all tabs. */
export declare class TokenSession extends EventTarget {
  constructor(options: TokenSessionOptions);
  readonly storageDecisions: Record<'access-token' | 'refresh-token' | 'id-token', StorageDecision>;
  /**
   * Joins the other tabs (asks for their token set) and loads a persisted
   * set where the storage decision allows it. Resolves whether a set is
   * held, once one arrived or after `waitMs` (default 300).
   */
  start(options?: { waitMs?: number }): Promise<boolean>;
  /** Navigates to the provider (authorization code + PKCE S256); resolves the URL. */
  signIn(): Promise<string>;
  /** Starts a sign-in in this tab and resolves its URL, for a caller that navigates itself. */
  authorizationUrl(): Promise<string>;
  /**
   * The redirect back (default: the address bar, which is scrubbed): checks
   * state and iss, exchanges the code, has the core verify the ID token.
   * Null when the URL is no authorization response.
   * @throws SessionError, or the ID token's TokenError
   */
  handleCallback(url?: string): Promise<VerifiedIdToken | null>;
  /** The provider's discovered endpoints. */
  discovery(): Promise<ProviderEndpoints>;
  /** RP-initiated logout URL (call before signOut()), or null when the provider has none. */
  endSessionUrl(options?: { postLogoutRedirectUri?: string }): Promise<string | null>;
  /** A token response from a sign-in flow of your own. */
  useTokenResponse(response: TokenResponse, meta?: { serverDate?: string }): void;
  /**
   * The access token, once usable: waits for a refresh in flight (in this
   * tab or another) instead of starting another one.
   * @throws {ReauthenticationRequiredError} when there is none and no way to get one.
   */
  getAccessToken(): Promise<string>;
  readonly accessToken: string | null;
  /**
   * `fetch` with the access token: `Authorization: DPoP <token>` and a
   * `DPoP` proof of this method and URL (with `ath`, and the latest
   * `DPoP-Nonce` of the URL's origin) when the session has `dpop`, sent
   * once more when the answer is a `use_dpop_nonce` challenge with a new
   * nonce; `Authorization: Bearer <token>` otherwise. Waits for a usable
   * token as getAccessToken() does.
   * @throws {ReauthenticationRequiredError}
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * With `dpop`: the session key's public JWK and its RFC 7638 thumbprint
   * (the `cnf.jkt` of the session's tokens); null without. Creates the key
   * when no tab of the origin has one yet.
   */
  dpopKey(): Promise<{ jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string }; thumbprint: string } | null>;
  readonly idToken: string | null;
  readonly generation: number | null;
  readonly state: PlannerState;
  /** The current set's timeline (Unix ms), or null. */
  timeline(): Timeline | null;
  readonly counters: { refreshes: number; adopted: number; staleSkips: number; failures: number; failuresInARow: number };
  /**
   * Signs out in every tab; revokes the refresh token (else the access
   * token) at the provider; resolves whether it confirmed. With `dpop` the
   * key is deleted: the next sign-in binds to a new one.
   */
  signOut(): Promise<boolean>;
  /** Stops timers and listeners; keeps nothing. */
  close(): void;
  /** Listens for one of {@link TokenSessionEventMap}'s events. */
  addEventListener<K extends keyof TokenSessionEventMap>(
    type: K,
    listener: (event: TokenSessionEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}
