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

export type RefreshFailureKind = 'network' | 'server' | 'invalid_grant' | 'refresh_token_reused' | 'invalid_client';

export type ReauthReason =
  | 'no_refresh_token'
  | 'invalid_grant'
  | 'refresh_token_reused'
  | 'invalid_client'
  | 'refresh_rejected'
  | 'refresh_token_expired'
  | 'attempts_exhausted';

export type PlannerAction =
  | { type: 'refresh'; attempt: number }
  | { type: 'reauthenticate'; reason: ReauthReason; clearTokens: boolean; status?: number }
  | { type: 'expiring'; expiresAt: number };

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
  onTokensReceived(facts: TokenFacts): void;
  onRefreshSucceeded(facts: TokenFacts): void;
  onRefreshFailed(failure: { kind: RefreshFailureKind; status?: number; retryAfter?: number }): void;
  onOffline(): void;
  onOnline(): void;
  onResume(): void;
  reset(): void;
  poll(): PlannerAction | null;
  nextWakeup(): number | null;
  readonly state: PlannerState;
  readonly accessTokenUsable: boolean;
  readonly shouldClearTokens: boolean;
  readonly failures: number;
  timeline(): Timeline | null;
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

export type RefreshFunction = (args: { refreshToken: string; attempt: number }) => Promise<{
  response: TokenResponse;
  serverDate?: string;
}>;

export declare function refreshTokenGrant(options: {
  tokenEndpoint: string;
  clientId: string;
  scope?: string;
  resource?: string;
  fetch?: typeof fetch;
  timeout?: number;
}): RefreshFunction;

export declare function tokenFacts(response: TokenResponse, serverDate?: string): TokenFacts;

export type StorageLocation = 'memory' | 'worker-memory' | 'session-storage' | 'local-storage' | 'http-only-cookie' | 'none';

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

export interface StorageNote {
  code: string;
  message: string;
  source: string;
}

export interface StorageDecision {
  location: StorageLocation;
  reasons: StorageNote[];
  warnings: StorageNote[];
}

/** Where a token may live (IETF browser-based-apps BCP, RFC 9700, OWASP). */
export declare function decideStorage(question?: StorageQuestion): StorageDecision;

export interface TokenStore<T = unknown> {
  readonly location: StorageLocation;
  get(): T | null;
  set(value: T | null): void;
  clear(): void;
}
export declare class MemoryStore<T = unknown> implements TokenStore<T> {
  readonly location: 'memory';
  get(): T | null;
  set(value: T | null): void;
  clear(): void;
}
export declare class NoStore implements TokenStore<never> {
  readonly location: 'none';
  get(): null;
  set(value: unknown): void;
  clear(): void;
}
export declare class WebStorageStore<T = unknown> implements TokenStore<T> {
  constructor(storage: Storage, key: string, location: 'session-storage' | 'local-storage');
  readonly location: StorageLocation;
  get(): T | null;
  set(value: T | null): void;
  clear(): void;
}
/** The store a decision allows; throws OptionsError for cookies and backends. */
export declare function storeFor(decision: StorageDecision, options: { key: string; allowLocalStorage?: boolean }): TokenStore;

/** `text` with token-shaped strings masked. */
export declare function redact(text: string): string;
/** Scrubs `url`, or with no argument the address bar (history.replaceState). */
export declare function scrubUrl(url?: string): string | null;
/** Lint findings in the console (debug mode); null where lint is not built in (slim). */
export declare function debugLint(token: string, label?: string): LintReport | null;

export declare class ReauthenticationRequiredError extends Error {
  readonly code: 'reauthentication_required';
  readonly reason: string;
}

export interface TokenSessionOptions {
  /** Tab group and storage key; default 'default'. */
  name?: string;
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
  fetch?: typeof fetch;
  policy?: PlannerPolicy;
  storage?: {
    rotation?: boolean;
    senderConstrained?: boolean;
    persistAcrossReload?: boolean;
    allowLocalStorage?: boolean;
    /** Seconds. */
    refreshTokenLifetime?: number;
  };
  debug?: boolean;
  now?: () => number;
  random?: () => number;
}

export interface TokenSessionEventMap {
  signedin: CustomEvent<{ generation: number; origin: string }>;
  refreshed: CustomEvent<{ generation: number; origin: 'refresh' | 'other-tab' | 'persisted' }>;
  expiring: CustomEvent<{ expiresAt: number }>;
  reauthenticate: CustomEvent<{ reason: ReauthReason; clearTokens: boolean; status?: number }>;
  refreshfailed: CustomEvent<{ kind: RefreshFailureKind; status?: number; error?: string }>;
  signedout: CustomEvent<Record<string, never>>;
  change: CustomEvent<{ state: PlannerState }>;
}

/** One OAuth client's token set, refreshed once across all tabs. */
export declare class TokenSession extends EventTarget {
  constructor(options: TokenSessionOptions);
  readonly storageDecisions: Record<'access-token' | 'refresh-token' | 'id-token', StorageDecision>;
  start(options?: { waitMs?: number }): Promise<boolean>;
  signIn(response: TokenResponse, meta?: { serverDate?: string }): void;
  getAccessToken(): Promise<string>;
  readonly accessToken: string | null;
  readonly idToken: string | null;
  readonly generation: number | null;
  readonly state: PlannerState;
  timeline(): Timeline | null;
  readonly counters: { refreshes: number; adopted: number; staleSkips: number; failures: number; failuresInARow: number };
  signOut(): Promise<boolean>;
  close(): void;
  addEventListener<K extends keyof TokenSessionEventMap>(
    type: K,
    listener: (event: TokenSessionEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}
