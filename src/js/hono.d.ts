// TypeScript declarations of `tokenward/hono`: a Hono middleware over the edge gateway.
import type { MiddlewareHandler } from 'hono';
import type { EdgeConfig, EdgeIdentity, GatewayOptions } from './edge.js';

export type { EdgeConfig, EdgeIdentity, GatewayOptions, Gateway, EdgeVerdict } from './edge.js';
export { createGateway, TokenError, OptionsError, init } from './edge.js';

/** The context key of the identity: `c.get('tokenward')`. */
export declare const IDENTITY_KEY: 'tokenward';

/** The variables the middleware sets, for `new Hono<{ Variables: TokenwardVariables }>()`. */
export interface TokenwardVariables {
  /** The verified identity; null on a path that passed without one. */
  tokenward: EdgeIdentity | null;
}

/**
 * The middleware: a refusal answers with the gateway's response; an
 * allowed request continues with `c.get('tokenward')` set and `c.req.raw`
 * the request the origin would get.
 * @throws {OptionsError} `invalid_options` at once for a refused configuration
 */
export declare function tokenward(config: EdgeConfig | string, options?: GatewayOptions): MiddlewareHandler<{ Variables: TokenwardVariables }>;
