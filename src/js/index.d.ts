// TypeScript declarations for every export of `tokenward` (one file for all
// entry points: node, browser, workerd). `ErrorCode` is generated from the
// core's `ErrorCode` enum, the single source, and checked by
// tests/generated_codes.rs; `LintCode` is filled in at build time from the
// core's list.

// BEGIN GENERATED: error codes (TOKENWARD_REGENERATE=1 cargo test -p tokenward --test generated_codes)
/** A stable verification error code (the core's `ERROR_CODES`). */
export type ErrorCode =
  | "malformed"
  | "too_large"
  | "alg_not_allowed"
  | "crit_unsupported"
  | "bad_typ"
  | "unknown_kid"
  | "ambiguous_key"
  | "key_alg_mismatch"
  | "key_use_mismatch"
  | "weak_key"
  | "bad_signature"
  | "bad_claim_type"
  | "missing_claim"
  | "expired"
  | "not_yet_valid"
  | "token_too_old"
  | "bad_issuer"
  | "issuer_tenant_mismatch"
  | "tenant_not_allowed"
  | "bad_audience"
  | "bad_subject"
  | "nonce_mismatch"
  | "bad_azp"
  | "auth_time_too_old"
  | "at_hash_mismatch"
  | "binding_not_verified"
  | "dpop_proof_required"
  | "invalid_dpop_proof"
  | "use_dpop_nonce"
  | "dpop_replay"
  | "dpop_replay_cache_full"
  | "dpop_key_mismatch"
  | "dpop_token_unbound"
  | "certificate_mismatch"
  | "certificate_required"
  | "certificate_token_unbound"
  | "revoked"
  | "token_inactive"
  | "jwks_unavailable"
  | "jwks_invalid"
  | "discovery_invalid"
  | "discovery_issuer_mismatch"
  | "revocation_list_invalid"
  | "revocation_unavailable"
  | "introspection_unavailable"
  | "logout_token_invalid"
  | "logout_token_replayed";
// END GENERATED: error codes

/** A stable lint finding code (the core's `LINT_CODES`). */
export type LintCode = /*@LINT_CODES@*/ string;

/** Every verification error code, in the order of the verifier's checks. */
export declare const ERROR_CODES: readonly ErrorCode[];
/** Every lint finding code. */
export declare const LINT_CODES: readonly LintCode[];

/** JWS algorithms tokenward verifies (`none` cannot be named). */
export type Algorithm =
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519'
  | 'HS256' | 'HS384' | 'HS512';

/** One JSON Web Key (RFC 7517); members beyond these are allowed. */
export interface JWK {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  [member: string]: unknown;
}

/** A JWK Set (RFC 7517 §5). */
export interface JWKSet {
  keys: JWK[];
}

/**
 * A duration in seconds: a whole number ≥ 0, or a string as jose writes
 * it: `"30s"`, `"5 min"`, `"1.5 hours"`, `"2d"`, `"1w"`, `"1y"` (units `s`,
 * `sec(s)`, `second(s)`, `m`, `min(s)`, `minute(s)`, `h`, `hr(s)`,
 * `hour(s)`, `d`, `day(s)`, `w`, `week(s)`, `y`, `yr(s)`, `year(s)`;
 * optional `+` or ` from now`), rounded to whole seconds as jose does. A
 * negative one (`-`, ` ago`) or anything else is refused.
 */
export type Duration = number | string;

/**
 * One issuer of {@link IssuersVerifierOptions.issuers}: its `iss` (or an
 * issuer template holding `{tenantid}`, with `tenants`) and its own keys.
 */
export interface IssuerEntry {
  /** The exact `iss`, or a template such as `https://login.microsoftonline.com/{tenantid}/v2.0`. */
  issuer: string;
  /** With a template: the tenant ids admitted, or `"any"` written out. Refused without one. */
  tenants?: string[] | "any";
  /** This issuer's keys: a JWK Set (object or JSON text) or a RemoteKeySet. */
  jwks: JWKSet | string | RemoteKeySet;
}

/**
 * Several issuers, each with its own keys: the token's `iss` picks its
 * entry before any key is read (unknown `iss`: `bad_issuer`), and its
 * signature is checked against that entry's keys only. The other options
 * apply to every entry; `issuer`, `tenants` and `jwks` go in the entries.
 */
export interface IssuersVerifierOptions extends Omit<VerifierOptions, "jwks" | "issuer" | "tenants"> {
  /** The issuers, none of which one `iss` could name together with another. */
  issuers: IssuerEntry[];
}

/**
 * Options of `new Verifier(...)`: jose's names where jose has them.
 *
 * Every option given is applied or refused, never ignored: an unknown name,
 * `null`, an empty string or list, `NaN`, `Infinity`, a negative or
 * fractional number throws an `OptionsError` (`code: 'invalid_options'`)
 * naming the option. Leave an option out (or `undefined`) for its default.
 * Options are read as JavaScript reads `options.issuer`: inherited ones
 * (`Object.create(defaults)`), getters of a config class and non-enumerable
 * ones count, and an unknown name among them is refused too. Members of
 * Object.prototype are never read.
 */
export interface VerifierOptions {
  /** The keys: a JWK Set (object or JSON text) or a RemoteKeySet. */
  jwks: JWKSet | string | RemoteKeySet;
  /**
   * Accepted `iss` values, compared exactly: one issuer or several (any of
   * them passes, as jose). Non-empty string or non-empty array of them.
   */
  issuer?: string | string[];
  /**
   * With an issuer template as `issuer` (one string holding `{tenantid}`,
   * e.g. `https://login.microsoftonline.com/{tenantid}/v2.0`): the tenant
   * ids admitted, or `"any"` written out. `iss` must then be the template
   * with `{tenantid}` replaced by the token's `tid` (1 to 64 ASCII letters,
   * digits, `-`, `_`), else `issuer_tenant_mismatch`; a `tid` outside the
   * list is `tenant_not_allowed`. Required with a template, refused
   * without one.
   */
  tenants?: string[] | "any";
  /** Expected `sub`, compared exactly (else `bad_subject`). Non-empty. */
  subject?: string;
  /**
   * Accepted audiences; `aud` must hold at least one. A non-empty string or
   * a non-empty array of non-empty strings: `[]` is refused, not read as
   * "any audience". Leave it out for no audience check.
   */
  audience?: string | string[];
  /** Allowlist. Default: every asymmetric algorithm. HS* also needs `allowSymmetric`. */
  algorithms?: Algorithm[];
  /** Clock skew allowed on time claims, in seconds (`5` or `"5s"`). Default 0. */
  clockTolerance?: Duration;
  /** Expected `typ` (case-insensitive, `application/` optional). */
  typ?: string;
  /** Claims that must be present. A non-empty array: `[]` throws `OptionsError`. */
  requiredClaims?: string[];
  /** Upper bound on `now - iat`, in seconds (`3600` or `"1h"`); `iat` is then required. */
  maxTokenAge?: Duration;
  /** Cap on the compact token: a whole number of bytes ≥ 1. Default 16384. */
  maxTokenLength?: number;
  /** Whether `exp` must be present. Default true. */
  requireExp?: boolean;
  /** OpenID Connect: the client id; selects the ID-token profile (`aud` holds it, `azp` rules). */
  clientId?: string;
  /**
   * OpenID Connect: the `max_age` sent, in seconds (`300` or `"5m"`): the
   * token must carry `auth_time` and `now - auth_time ≤ maxAge +
   * clockTolerance`. Applied in every profile, not only with `clientId`.
   */
  maxAge?: Duration;
  /** `"at+jwt"`: RFC 9068 access tokens; `"id_token"`; default `"jwt"`. */
  profile?: 'jwt' | 'at+jwt' | 'id_token';
  /** Keep `oct` (HMAC) keys of the JWK Set. Default false. */
  allowSymmetric?: boolean;
  /**
   * Accept sender-constrained tokens (a `cnf` claim: DPoP `jkt`, mTLS
   * `x5t#S256`, ...) as plain bearer tokens, without checking the binding.
   * Default false: such a token is refused with `binding_not_verified`, as
   * accepting it would let anyone who copied it use it (RFC 9449 §7.1).
   * Set it only where something in front of this code (a gateway, mTLS
   * termination) has verified the proof of possession.
   */
  acceptSenderConstrainedAsBearer?: boolean;
  /** Verified-token cache: saves the signature check; claims, nonce, accessToken and revocation are checked on every call. `maxEntries` a whole number ≥ 1, default 1000. */
  cache?: { maxEntries?: number };
  /**
   * Revocation list checked on every verification: a fixed one, or a
   * {@link RemoteRevocationList} followed (without a usable list every
   * token is refused `revocation_unavailable`, unless its `failOpen`).
   */
  revocation?: RevocationList | RemoteRevocationList;
  /**
   * Check DPoP proofs (RFC 9449) on every call: a token bound to a key
   * (`cnf.jkt`) is accepted only with a valid proof by that key, passed as
   * the call's `dpop` option; without one it is refused with
   * `dpop_proof_required`. The Verifier keeps the replay cache. Server
   * side: the node and workerd builds of 'tokenward' have it; its browser
   * build (and `tokenward/spa`, `tokenward/slim`) refuses the option with
   * `invalid_options` naming `dpop`.
   */
  dpop?: DpopOptions;
  /**
   * Check certificate-bound tokens (RFC 8705) on every call: a token with
   * `cnf["x5t#S256"]` is accepted only when it is the SHA-256 of the TLS
   * client certificate passed as the call's `certificateThumbprint`
   * (`certificate_mismatch` for another, `certificate_required` for none).
   * `required: true` also refuses tokens without that binding
   * (`certificate_token_unbound`). Without this option such tokens are
   * `binding_not_verified`.
   */
  certificateBoundTokens?: { required?: boolean };
}

/** The `dpop` option of a `Verifier`: how DPoP proofs are checked. */
export interface DpopOptions {
  /** Proof algorithms accepted; asymmetric only (an `HS*` is refused). Default: every asymmetric algorithm of the build. */
  algorithms?: Algorithm[];
  /** How far the proof's `iat` may lie in the past: seconds or a duration string. Default 60. */
  maxAge?: number | string;
  /** How far the proof's `iat` may lie in the future (clock skew): seconds or a duration string. Default 5. */
  maxFuture?: number | string;
  /** How many proofs the replay cache holds; when it is full of proofs still in their window, new ones are refused (`dpop_replay_cache_full`). Whole number ≥ 1, default 10000. */
  replayCacheSize?: number;
  /** Require a server nonce in every proof (`use_dpop_nonce` otherwise, with the nonce in `err.dpopNonce`). Needs `nonceSecret`. Default false. */
  requireNonce?: boolean;
  /** The secret of the stateless nonces (HMAC-SHA256 of the time bucket), at least 32 bytes of UTF-8; give every process the same. Only with `requireNonce: true`. */
  nonceSecret?: string;
  /** The nonce period: a nonce is accepted during its period and the next one. Seconds or a duration string, ≥ 1, default 300. Only with `requireNonce: true`. */
  noncePeriod?: number | string;
  /** Accept a proof beside a token without `cnf.jkt` (the proof then binds nothing). Default false: `dpop_token_unbound`. */
  allowUnboundTokens?: boolean;
}

/** The per-call `dpop` option: the request the token came with. */
export interface DpopCall {
  /**
   * The `Authorization` scheme the token came under (`'DPoP'` or `'Bearer'`,
   * either case), as the edge reads it: under `Bearer` the proof does not
   * count, so a DPoP-bound token is refused with `dpop_proof_required`
   * (RFC 9449 §7.2); under `DPoP` a proof must come (`dpop_proof_required`
   * without one). Another scheme is refused (`invalid_options`). Leave it
   * out only when the caller accepts just the `DPoP` scheme; `dpopRequest`
   * fills it from the headers.
   */
  scheme?: 'DPoP' | 'Bearer' | (string & {});
  /**
   * The request's `DPoP` header value, or its values: request input, judged
   * like the token. Undefined, `''`, blank or `[]` is no proof (as at the
   * edge); more than one proof (an array of two, or values joined with `,`)
   * is refused (`invalid_dpop_proof`, reason `count`); a malformed one is
   * `invalid_dpop_proof`.
   */
  proof?: string | readonly string[];
  /** The request's HTTP method, as sent (`'GET'`); `htm` must equal it. */
  method: string;
  /** The absolute URL the request was sent to (`https://api.example.com/orders?id=7`); `htu` must equal it without query and fragment (scheme and host case-insensitive, default port dropped). */
  url: string;
  /** A nonce this server issued for this request by its own means: the proof's `nonce` must equal it (else `use_dpop_nonce`). */
  nonce?: string;
}

/**
 * Per-call inputs of `verify` / `verifyAsync`. Each one given is checked,
 * whatever the profile (with or without `clientId`); an unknown name or a
 * value outside its rule throws an `OptionsError` (`invalid_options`).
 */
export interface VerifyOptions {
  /**
   * Unix seconds (fractions allowed), from 0 to 1e11; default: now. A value
   * above 1e11 is surely `Date.now()` milliseconds and is refused.
   */
  now?: number;
  /**
   * OpenID Connect: the nonce sent in the authentication request. The token
   * must carry an equal string `nonce` (else `nonce_mismatch`). Non-empty.
   */
  nonce?: string;
  /**
   * OpenID Connect: the access token returned beside the ID token. Fail
   * closed: the token must carry `at_hash` (absent: `missing_claim`) and it
   * must match this access token (else `at_hash_mismatch`). Do not pass it
   * when the token has no `at_hash` by design (e.g. an ID token from the
   * token endpoint of the code flow, where `at_hash` is optional). Non-empty.
   */
  accessToken?: string;
  /**
   * DPoP: the request's proof, method and URL. Only on a Verifier created
   * with `dpop`; there, a call without it is a request without a proof.
   */
  dpop?: DpopCall;
  /**
   * The SHA-256 of the DER client certificate the TLS connection
   * presented, in hex (`AB:CD:…` too: Node's
   * `socket.getPeerCertificate().fingerprint256`); `null` or `''` for
   * none. Only on a Verifier created with `certificateBoundTokens`. Read
   * it from the connection, never from a request header.
   */
  certificateThumbprint?: string | null;
}

/** The JOSE header of a verified token. */
export interface JWTHeader {
  alg: Algorithm;
  kid?: string;
  typ?: string;
  [member: string]: unknown;
}

/** The claims of a token. */
export interface JWTClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** jose's name for the claims of a token. */
export type JWTPayload = JWTClaims;

/**
 * A verified token. `Claims` describes the application's own claims (the
 * type parameter of `verify`); it is a type, not a check. It is any object
 * type, not only one assignable to `JWTPayload`: an `interface` has no
 * index signature, so `extends JWTPayload` would refuse the usual way of
 * declaring claims; the registered claims keep their types through
 * `Claims & JWTPayload`.
 */
export interface VerifiedToken<Claims extends object = JWTPayload> {
  header: JWTHeader;
  claims: Claims & JWTPayload;
  /** Who is behind the token: an end user or a service (client credentials). */
  kind: 'user' | 'service';
}

/**
 * A token (or key set, or revocation list) was refused. Match on `code`;
 * the message is for people. `cause` (the standard `Error` member) is set
 * on `jwks_unavailable` from a RemoteKeySet: a {@link KeySetFetchFailure}
 * saying why the last fetch failed.
 */
export declare class TokenError extends Error {
  readonly name: 'TokenError';
  readonly code: ErrorCode;
  /**
   * The claim whose rule failed (`'exp'`, `'nbf'`, `'iat'`, `'iss'`,
   * `'aud'`, `'sub'`, `'nonce'`, `'azp'`, `'auth_time'`, `'at_hash'`,
   * `'cnf'`, or the missing / mistyped claim), as jose's `err.claim`;
   * undefined when no claim rule failed.
   */
  readonly claim?: string;
  /**
   * A short machine-readable detail: for a claim rule jose's `'missing'`,
   * `'invalid'` (wrong type) or `'check_failed'`; for `malformed` what was
   * malformed (`'segments'`, `'base64'`, `'json'`, `'json_depth'`,
   * `'header'`, `'signature_encoding'`); for `invalid_dpop_proof` the rule
   * the proof broke (`'count'`, `'malformed'`, `'typ'`, `'alg'`, `'jwk'`,
   * `'private_key'`, `'signature'`, `'htm'`, `'htu'`, `'iat'`, `'exp'`,
   * `'nbf'`, `'jti'`, `'ath'`); undefined otherwise.
   */
  readonly reason?: string;
  /**
   * DPoP refusals (`dpop_*`, `invalid_dpop_proof`, `use_dpop_nonce`): the
   * `error` of the `WWW-Authenticate: DPoP` challenge to answer with
   * (RFC 9449 §7.1, §12.2); undefined for other codes.
   */
  readonly dpopChallenge?: 'invalid_dpop_proof' | 'use_dpop_nonce' | 'invalid_token';
  /** `use_dpop_nonce`: the nonce to send in the `DPoP-Nonce` response header. */
  readonly dpopNonce?: string;
}

/** Options or arguments that cannot work. */
export declare class OptionsError extends TypeError {
  readonly name: 'OptionsError';
  /**
   * `invalid_options`: an option (constructor or per call) refused, its name
   * in the message. `invalid_argument`: a positional argument of the wrong
   * type (the token, a snapshot). `unsupported`: a part a smaller build
   * leaves out (`tokenward/spa`: lint, RevocationList; `tokenward/slim`:
   * also RemoteKeySet).
   */
  readonly code: 'invalid_options' | 'invalid_argument' | 'unsupported';
}

/**
 * Verifies tokens under one set of options. Create one per process (or
 * isolate) and reuse it: it prepares each key once and keeps the
 * verified-token cache; a Verifier per request pays the key preparation on
 * every token.
 */
export declare class Verifier {
  /** @throws {OptionsError} bad options; {TokenError} an invalid inline key set. */
  constructor(options: VerifierOptions | IssuersVerifierOptions);
  /**
   * Synchronous. Every rule in wasm; in Node, RSA and ECDSA signatures are
   * checked by node:crypto (synchronous) from inside the wasm call, EdDSA
   * and HMAC stay in wasm; elsewhere all in wasm. Not with a RemoteKeySet.
   * `Claims` types the application's claims, as jose's `jwtVerify<PayloadType>`.
   * @throws {TokenError}
   */
  verify<Claims extends object = JWTPayload>(token: string, options?: VerifyOptions): VerifiedToken<Claims>;
  /**
   * Same verdict as `verify`; RSA/ECDSA signatures by node:crypto in Node
   * (as `verify`), by WebCrypto elsewhere; works with a RemoteKeySet.
   */
  verifyAsync<Claims extends object = JWTPayload>(token: string, options?: VerifyOptions): Promise<VerifiedToken<Claims>>;
  /**
   * Replaces (or with null removes) the revocation list: a fixed one, or a
   * {@link RemoteRevocationList} followed from now on.
   */
  setRevocationList(list: RevocationList | RemoteRevocationList | null): void;
  /** Cache counters, or null without a cache. */
  readonly cacheStats: { hits: number; misses: number; evictions: number; size: number } | null;
  /** Frees the wasm side now. */
  free(): void;
}

/**
 * Options of a RemoteKeySet; durations are whole numbers of milliseconds
 * ≥ 0 (`timeout` ≥ 1), as jose. Anything else throws an `OptionsError`.
 */
export interface RemoteKeySetOptions {
  /** Freshness when the response has no `Cache-Control: max-age`. Default 600000. */
  cacheMaxAge?: number;
  /** Minimum gap between fetches forced by an unknown `kid`. Default 30000. */
  cooldown?: number;
  /** jose's name for `cooldown`; pass one of the two. */
  cooldownDuration?: number;
  /** A fetch (request and body) is abandoned after this long. Default 5000. */
  timeout?: number;
  /** jose's name for `timeout`; pass one of the two. */
  timeoutDuration?: number;
  /** How long expired keys still serve while the endpoint fails. Default 3600000. */
  staleIfError?: number;
  /**
   * Most callers with an unknown kid waiting for one refetch; beyond it, or
   * with no refetch in flight or due (cooldown, backoff), `unknown_kid` at
   * once. Whole number >= 0, default 256.
   */
  maxWaitingRequests?: number;
  /**
   * Fetch a plain `http://` URL that is not loopback. Default false: the
   * key set decides which tokens pass, so it must come over TLS; `http://`
   * is allowed without this only to 127.0.0.0/8, `[::1]` and `localhost`.
   */
  allowInsecureHttp?: boolean;
  /**
   * Extra request headers (jose's `headers`): a plain object of strings or
   * a Headers. `If-None-Match` is refused (revalidation sets it).
   */
  headers?: Record<string, string> | Headers;
  /**
   * The fetch to use (default: globalThis.fetch). Called with
   * `redirect: 'manual'`; a redirect, or a response it followed anyway,
   * fails the fetch. The body is read as a stream up to the 256 KiB cap.
   */
  fetch?: typeof fetch;
}

/** Why a key-set fetch failed: the `cause` of `jwks_unavailable`. */
export interface KeySetFetchFailure extends Error {
  readonly reason:
    | 'http_status'
    | 'network_error'
    | 'timeout'
    | 'redirect_refused'
    | 'body_too_large'
    | 'invalid_document';
  /** The HTTP status, when the endpoint answered. */
  readonly status?: number;
}

/** Options of {@link RemoteKeySet.discover}: RemoteKeySet's, and which metadata document to fetch. */
export interface DiscoverOptions extends RemoteKeySetOptions {
  /**
   * `'oidc'` (default): `<issuer>/.well-known/openid-configuration`;
   * `'oauth'`: RFC 8414's `/.well-known/oauth-authorization-server`,
   * inserted before the issuer's path.
   */
  discovery?: 'oidc' | 'oauth';
  /**
   * Milliseconds between refreshes of the metadata document when the
   * server sends no `max-age` (default 10 minutes); a server's `max-age`
   * is bounded to 30 s .. 24 h as for key sets.
   */
  discoveryMaxAge?: number;
}

/** What an issuer's accepted metadata document names. */
export interface DiscoveredEndpoints {
  jwksUri: string;
  introspectionEndpoint: string | null;
  revocationEndpoint: string | null;
}

/**
 * A key set fetched from its URL (jose's `createRemoteJWKSet`): cached,
 * refetched when stale or when an unknown `kid` asks for it, served stale
 * while the endpoint fails. Use it with `verifyAsync`.
 */
export declare class RemoteKeySet {
  /**
   * @throws {OptionsError} `invalid_options` for a URL that is not https://
   * (http:// to loopback aside, or with `allowInsecureHttp`), carries
   * user:password@, a fragment, or a host URL parsers read differently.
   */
  constructor(url: string | URL, options?: RemoteKeySetOptions);
  /**
   * A key set found from the issuer alone: the issuer's metadata document
   * (OpenID Connect Discovery, or RFC 8414 with `discovery: 'oauth'`) is
   * fetched and kept fresh like the key set; it must name `issuer`
   * exactly, else it is refused (`discovery_issuer_mismatch`) and no key
   * is fetched from it. Its `jwks_uri` (https://, or http:// to loopback)
   * is the key set's URL, followed when it moves. Before any document is
   * accepted, `ready()` throws `jwks_unavailable` whose `cause` is the
   * discovery fetch's failure.
   * @throws {OptionsError} `invalid_options` for an issuer whose discovery URL is refused
   */
  static discover(issuer: string, options?: DiscoverOptions): RemoteKeySet;
  /** The key set's URL; for a discovered set the current `jwks_uri`, null before discovery. */
  readonly url: string | null;
  /** The issuer a discovered set was found from; undefined for a set built from a URL. */
  readonly issuer: string | undefined;
  /**
   * The endpoints the issuer's accepted metadata document names (each
   * checked by the fetch-URL rule, null when absent); null for a set built
   * from a URL, or before a document is accepted.
   */
  readonly endpoints: DiscoveredEndpoints | null;
  readonly state: 'empty' | 'fresh' | 'stale' | 'awaiting_response' | 'backing_off';
  readonly counters: {
    fetchesStarted: number;
    fetchesUpdated: number;
    fetchesNotModified: number;
    fetchesFailed: number;
    fetchesTimedOut: number;
    answersIgnored: number;
  };
  /**
   * Fetches when due and waits; @throws {TokenError} `jwks_unavailable`,
   * its `cause` a {@link KeySetFetchFailure} when a fetch failed.
   */
  ready(): Promise<void>;
  /** One refetch for an unknown kid unless cooling down; shared by concurrent callers. */
  refreshForUnknownKid(): Promise<boolean>;
  /** The cached key set for short-lived isolates (undefined when nothing to export). */
  exportCache(): string | undefined;
  /** Restores exportCache() output; false if a newer set is held. */
  importCache(snapshot: string): boolean;
}

/**
 * `{ jti: [...], sub: { id: revokedBefore }, sid: { id: revokedBefore } }`
 * (Unix seconds). A listed `jti` is revoked; a listed `sub` or `sid` is
 * revoked when the token's `iat` is at or before its time (or absent). With
 * a list set, a `jti`, `sub` or `sid` that is not a string is refused
 * `bad_claim_type`.
 */
export declare class RevocationList {
  /** @throws {TokenError} `revocation_list_invalid` or `too_large`. */
  static fromJSON(document: string | Uint8Array | object): RevocationList;
  readonly size: number;
}

/** Options of {@link RemoteRevocationList} (durations in milliseconds). */
export interface RemoteRevocationListOptions {
  /**
   * Refresh period when the server sends no `Cache-Control: max-age`, and
   * the floor of one it sends (which wins up to 15 minutes). A whole number
   * from 1000 to 2147483647. Default 60000 (the edge's default).
   */
  interval?: number;
  /** Timeout of one fetch, request and body (from 1). Default 5000. */
  timeout?: number;
  /**
   * How long past its max age the last good list still serves while
   * refetches fail; after that no list is usable. Default 3600000 (1 hour).
   */
  staleIfError?: number;
  /**
   * Security trade-off, default false: while no list is usable (before the
   * first, or past `staleIfError`) a following Verifier accepts tokens
   * without a revocation check instead of refusing them
   * `revocation_unavailable`. A logged-out session's token then passes
   * during an outage of the list's server. Only a boolean is taken.
   */
  failOpen?: boolean;
  /** Headers sent with every fetch (an API key, say). */
  headers?: Record<string, string> | Headers;
  /** Allow http:// to a host that is not loopback. Default false. */
  allowInsecureHttp?: boolean;
  /** The fetch to use (default: the global one), under the same transport rules. */
  fetch?: typeof fetch;
}

/**
 * A revocation-list document URL kept by the core's fetch machine (the
 * policy of the Envoy filter's and the worker's `revocation` source):
 * refetched at its max age with `If-None-Match`, backing off after a
 * failure, the last good list serving for `staleIfError` past its max age.
 * A Verifier following it (`attach`, or `revocation` in its options)
 * refuses every token `revocation_unavailable` while no list is usable,
 * unless `failOpen`; `verifyAsync` waits for the fetch under way, `verify`
 * answers at once. Fetched under the package's transport rules: no
 * redirects, the core's 4 MiB cap, one timeout.
 */
export declare class RemoteRevocationList {
  /** @throws {OptionsError} `invalid_options` for an option or URL it cannot apply, naming it. */
  constructor(url: string | URL, options?: RemoteRevocationListOptions);
  readonly url: string;
  /** The `failOpen` option. */
  readonly failOpen: boolean;
  readonly state: 'empty' | 'fresh' | 'stale' | 'awaiting_response' | 'backing_off';
  /** Whether a list is usable now (fresh, or within `staleIfError`). */
  readonly usable: boolean;
  /** Entries (jti + sub + sid) of the usable list, or null when none is. */
  readonly size: number | null;
  /** Why the last fetch failed, until one succeeds. */
  readonly lastFailure: Error | null;
  /** When a fetch last brought or confirmed the list (ms since the epoch), 0 before. */
  readonly updatedAt: number;
  readonly counters: {
    fetchesStarted: number;
    fetchesUpdated: number;
    fetchesNotModified: number;
    fetchesFailed: number;
    fetchesTimedOut: number;
    answersIgnored: number;
  };
  /**
   * Runs the fetch that is due (or waits for the one in flight); resolves
   * to whether the list changed, false at once when nothing is due.
   * Rejects with the failure when the fetch failed.
   */
  refresh(): Promise<boolean>;
  /** Waits for a list while none is usable and a fetch is under way; resolves to whether one is usable. */
  ready(): Promise<boolean>;
  /** Has `verifier` follow this list (`verifier.setRevocationList(this)`). */
  attach(verifier: Verifier): this;
  /** Stops `verifier` following this list; it then checks none. */
  detach(verifier: Verifier): this;
  /** Fetches now, then when the machine says (unref'd timer); resolves to whether the first fetch changed the list. */
  start(): Promise<boolean>;
  /** Stops the schedule. */
  stop(): void;
}

/** One accepted logout token, as a store keeps it (times in Unix seconds). */
export interface LogoutRecord {
  jti: string;
  /** The session that ended (listed by `sid` in the document). */
  sid?: string;
  /** The user whose sessions ended (listed by `sub` when no `sid`). */
  sub?: string;
  /** The logout token's `iat`: the revoked-before time. */
  iat: number;
  /** Until when the `jti` is refused as a replay. */
  rememberUntil: number;
  /** Until when the record is kept (and its `sid` / `sub` listed). */
  keepUntil: number;
}

/**
 * Where a logout receiver keeps its records. `add` must be an atomic
 * insert-if-absent by `jti` (false when present): it is the replay check
 * across every receiver sharing the store.
 */
export interface RevocationStore {
  /** Stores `record` unless its `jti` is held (atomically); resolves to whether it was stored. */
  add(record: LogoutRecord): Promise<boolean>;
  /** Every record kept. */
  list(): Promise<LogoutRecord[]>;
  /** Drops records whose `keepUntil` is before `now`; resolves to how many. */
  prune(now: number): Promise<number>;
  /** Releases the store. */
  close?(): Promise<void>;
}

/** Records in memory (lost on restart): tests, or one process that may lose them. */
export declare class MemoryRevocationStore implements RevocationStore {
  /** Stores `record` unless its `jti` is held; resolves to whether it was stored. */
  add(record: LogoutRecord): Promise<boolean>;
  /** Every record held. */
  list(): Promise<LogoutRecord[]>;
  /** Drops records whose `keepUntil` is before `now`; resolves to how many. */
  prune(now: number): Promise<number>;
  /** Nothing to release. */
  close(): Promise<void>;
}

/**
 * Records in an append-only JSON-lines journal, fsynced before `add`
 * resolves; a torn last line is dropped on open. Node (>= 20.16) only; one
 * process per journal.
 */
export declare class JournalRevocationStore implements RevocationStore {
  /**
   * Opens (or creates) the journal at `path` and loads its records.
   * @throws {Error} for a damaged line before the last one.
   */
  constructor(path: string);
  /** The journal's path. */
  readonly path: string;
  /** Appends and fsyncs `record` unless its `jti` is held; resolves to whether it was stored. */
  add(record: LogoutRecord): Promise<boolean>;
  /** Every record held. */
  list(): Promise<LogoutRecord[]>;
  /** Rewrites the journal without records whose `keepUntil` is before `now`; resolves to how many went. */
  prune(now: number): Promise<number>;
  /** Closes the file. */
  close(): Promise<void>;
}

/** Options of {@link createLogoutReceiver}. */
export interface LogoutReceiverOptions {
  /** The provider's issuer, compared exactly with `iss`. */
  issuer: string;
  /** This client's id: the logout token's `aud` must hold it. */
  clientId: string;
  /** The provider's keys: a RemoteKeySet, its JWKS URL, or an inline JWK Set. */
  jwks: RemoteKeySet | string | URL | { keys: object[] };
  /** A journal file path (JournalRevocationStore) or a store object. */
  store: string | RevocationStore;
  /** `alg` allowlist. Default: the asymmetric algorithms. */
  algorithms?: string[];
  /** Oldest logout token accepted (`now - iat`), seconds or "5 min". Default 300. */
  maxAge?: number | string;
  /** Clock skew allowed on `iat` / `exp`, seconds. Default 30. */
  clockTolerance?: number | string;
  /** Seconds a `sid` / `sub` stays listed: longer than your access tokens live. Default 86400. */
  retention?: number;
  /** `Cache-Control: max-age` of the document, seconds. Default 1. */
  documentMaxAge?: number;
  /** With a jwks URL: allow http:// to a host that is not loopback. */
  allowInsecureHttp?: boolean;
}

/** The back-channel logout endpoint and the revocation-list document. */
export interface LogoutReceiver {
  /**
   * POST `application/x-www-form-urlencoded` `logout_token=…`: 200 once
   * recorded; 400 `{ error: 'invalid_request' }` for a refused request or
   * token (nothing recorded); 503 when keys or store are unavailable.
   */
  handle(request: Request): Promise<Response>;
  /** The document: ETag, `Cache-Control: max-age`, 304 on `If-None-Match`. */
  document(request?: Request): Promise<Response>;
  /** POST `logoutPath` to `handle`, GET / HEAD `documentPath` to `document`, else 404. */
  fetch(request: Request, paths?: { logoutPath?: string; documentPath?: string }): Promise<Response>;
  /** Tokens accepted, refusals by code. */
  readonly counters: { accepted: number; refused: Record<string, number> };
  /** Closes the store. */
  close(): Promise<void>;
}

/**
 * An OpenID Connect Back-Channel Logout receiver that publishes what it
 * accepts as a revocation-list document (see docs/revocation.md).
 * Server side: in the node and workerd builds of 'tokenward'; the browser
 * build throws `unsupported` naming `createLogoutReceiver`.
 * @throws {OptionsError} for an option it cannot apply.
 */
export declare function createLogoutReceiver(options: LogoutReceiverOptions): Promise<LogoutReceiver>;

/** One lint finding. */
export interface LintFinding {
  code: LintCode;
  severity: 'info' | 'warning' | 'error';
  message: string;
  claim?: string;
}

/** What `lint` found. */
export interface LintReport {
  findings: LintFinding[];
  worst: 'info' | 'warning' | 'error' | null;
  tokenKind: 'access_token' | 'id_token' | 'unknown';
  tokenLength: number;
  headerBytes: number;
  claimsBytes: number;
}

/** What `dpopRequest` reads: the request's headers as received, its method and URL. */
export interface DpopRequestHeaders {
  /** The raw `Authorization` header value (`'DPoP eyJ…'`); undefined when absent. */
  authorization?: string;
  /** The raw `DPoP` header value, or its values (Node's `req.headers.dpop`, a `Headers.get('dpop')`). */
  dpop?: string | readonly string[];
  /** The request's HTTP method, as sent. */
  method: string;
  /** The absolute URL the request was sent to. */
  url: string;
}

/**
 * The token and the `dpop` call option of a request, from its headers: the
 * `Authorization` value is split by the core's parser (scheme `DPoP` or
 * `Bearer` in either case, one token), so `verify(token, { dpop })` applies
 * the edge's rules to the scheme and the proof. `null` when `authorization`
 * is absent, another scheme, or not one token: answer 401. Throws
 * `OptionsError` only for values of the wrong type.
 */
export declare function dpopRequest(headers: DpopRequestHeaders): { token: string; dpop: DpopCall } | null;

/** Token hygiene lint; reads the token WITHOUT verifying it. */
export declare function lint(token: string): LintReport;

/** A token decoded WITHOUT verification. Nothing in it may be trusted. */
export interface UnverifiedToken {
  header: Record<string, unknown>;
  claims: JWTClaims;
  tokenLength: number;
  signatureLength: number;
}

/** Decodes strictly but does NOT verify. @throws {TokenError} `malformed`, `too_large`. */
export declare function decodeUnverified(token: string, options?: { /** A whole number of bytes ≥ 1. */ maxTokenLength?: number }): UnverifiedToken;

/**
 * Loads the wasm. Browsers and bundlers: `await init()` once before first
 * use. Node and workerd load it at import; there `init()` resolves at once.
 */
export declare function init(input?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
export * from './session.js';
