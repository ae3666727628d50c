// TypeScript declarations of `tokenward/edge`: the edge gateway (the Envoy
// filter's rules and configuration) as a library for workers, Node and Hono.
export { TokenError, OptionsError, init } from './index.js';

/**
 * The edge configuration: the Envoy filter's JSON, i.e. `jwt_authn`'s
 * `JwtAuthentication` (`providers`, `rules`, ...) plus tokenward's members
 * (`realm`, `revocation`, `cache_size`, `cors`, a provider's `dpop`, ...).
 * Every member is applied or refused with its JSON path; an unknown member
 * is refused.
 */
export type EdgeConfig = Record<string, unknown>;

/** An object whose `fetch` reaches the origin (a workerd / Cloudflare service binding). */
export interface OriginService {
  /** Sends the forwarded request. */
  fetch(request: Request): Promise<Response>;
}

/** Options of {@link createGateway} beside the configuration. */
export interface GatewayOptions {
  /**
   * Where {@link Gateway.fetch} forwards: a URL (`https://origin.internal`;
   * path and query come from the request) or a service binding. Default:
   * the request's own URL (a worker routed in front of its origin).
   */
  origin?: string | OriginService;
  /** The fetch used for key sets, revocation lists and token introspection (default: the global fetch). */
  fetch?: typeof fetch;
  /**
   * Who checks signatures: `'host'` (default: WebCrypto, node:crypto in
   * Node, where the core allows it: RSA and ECDSA) or `'wasm'` (the core,
   * always). Same rules, same verdicts.
   */
  signatures?: 'host' | 'wasm';
}

/** The identity a verified token gave, as the headers set for the origin. */
export interface EdgeIdentity {
  /** The provider (configuration name) that verified the token. */
  provider: string;
  /** `user` or `service`. */
  kind?: string;
  /** The token's `sub`, when it has one. */
  subject?: string;
  /** Every header set for the origin (subject, kind, provider, claim headers, payload header). */
  headers: Record<string, string>;
}

/** Send this request upstream (identity headers set, spoofed ones stripped, the token removed unless forwarded). */
export interface ForwardVerdict {
  /** Forward. */
  action: 'forward';
  /** The request for the origin. */
  request: Request;
  /** The verified identity; null when the request passed without one (a public path, a bypassed preflight). */
  identity: EdgeIdentity | null;
}

/** Answer with this response (401 / 403 / 400 / 503 with `WWW-Authenticate`, 431 for oversized headers). */
export interface RespondVerdict {
  /** Refuse. */
  action: 'respond';
  /** The refusal. */
  response: Response;
}

/** What {@link Gateway.handle} decided. */
export type EdgeVerdict = ForwardVerdict | RespondVerdict;

/** What a worker passes as the execution context. */
export interface ExecutionContextLike {
  /** Keeps a promise alive after the response is sent. */
  waitUntil(promise: Promise<unknown>): void;
}

/** An edge gateway: one per configuration, kept across requests. */
export interface Gateway {
  /**
   * The verdict on `request`. `fetch` overrides the documents' fetch for
   * this call; `waitUntil` keeps a key-set fetch alive past the answer.
   * `certificateThumbprint` is the SHA-256 of the DER client certificate
   * the TLS connection presented, in hex (`AB:CD:…` too), as the platform
   * reports it (Cloudflare: `request.cf.tlsClientAuth.certFingerprintSHA256`);
   * `undefined`, `null` or `''` for none. Providers with
   * `certificate_bound_tokens` compare it with the token's
   * `cnf["x5t#S256"]` (RFC 8705): `certificate_mismatch`,
   * `certificate_required`. Never take it from a request header.
   * @throws {OptionsError} `invalid_options`: a thumbprint that is not 32
   *   bytes of hex, or one given to a gateway no provider of which has
   *   `certificate_bound_tokens`
   */
  handle(request: Request, context?: { fetch?: typeof fetch; waitUntil?: (promise: Promise<unknown>) => void; certificateThumbprint?: string | null }): Promise<EdgeVerdict>;
  /** A module worker's `fetch`: the refusal, or the origin's answer. */
  fetch(request: Request, env?: unknown, ctx?: ExecutionContextLike): Promise<Response>;
  /** A module worker's `scheduled`: refreshes every due key set and revocation list, without traffic. */
  scheduled(controller?: unknown, env?: unknown, ctx?: ExecutionContextLike): Promise<void>;
}

/**
 * A gateway for `config`.
 * @throws {OptionsError} `invalid_options`, naming the JSON path at fault
 */
export declare function createGateway(config: EdgeConfig | string, options?: GatewayOptions): Gateway;
