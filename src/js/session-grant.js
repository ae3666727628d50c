// The OAuth 2.0 refresh_token grant (RFC 6749 §6) for public clients, and
// the translation of token-endpoint answers into what the planner needs:
// facts about a new token set (times, never the tokens), or a classified
// failure. The planner decides what each failure means. The request goes
// through the package's transport rules (transport.js): a 307/308 must not
// re-send the refresh token to another origin, so a redirect is a failure
// and the tokens stay as they were; the answer is capped.
import { decodeUnverified } from './inspect.js';
import { MAX_TOKEN_RESPONSE_BYTES, SESSION_TIMEOUT_MS, defaultFetch, fetchUnderRules, jsonWithinCap } from './transport.js';

/** A failed refresh, as the planner classifies failures. */
export class RefreshError extends Error {
  /**
   * @param {'network'|'server'|'invalid_grant'|'refresh_token_reused'|'invalid_client'} kind
   * @param {{status?: number, retryAfter?: number, error?: string, cause?: unknown}} [detail]
   *   retryAfter in seconds
   */
  constructor(kind, { status, retryAfter, error, cause } = {}) {
    super(`refresh failed: ${error ?? kind}${status ? ` (HTTP ${status})` : ''}`, { cause });
    this.name = 'RefreshError';
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.error = error;
  }
}

/** `Retry-After` as delta-seconds (an HTTP date counts from now). */
export function retryAfterSeconds(value, now = Date.now()) {
  if (value == null || value === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The planner's failure class for a token-endpoint error answer. */
export function classifyTokenError(status, body, retryAfter) {
  const error = typeof body?.error === 'string' ? body.error : undefined;
  if (error === 'invalid_grant') return new RefreshError('invalid_grant', { status, error });
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    return new RefreshError('invalid_client', { status, error });
  }
  return new RefreshError('server', { status, retryAfter, error });
}

/**
 * What the planner reads from a token response: expiry, the access token's
 * exp/iat when it is a JWT (read unverified: only for timing), the
 * endpoint's Date when readable, and whether a refresh token came.
 */
export function tokenFacts(response, serverDate) {
  const facts = { hasRefreshToken: typeof response.refresh_token === 'string' };
  if (Number.isFinite(response.expires_in)) facts.expiresIn = Math.max(0, Math.floor(response.expires_in));
  const refreshLifetime = response.refresh_expires_in ?? response.refresh_token_expires_in;
  if (Number.isFinite(refreshLifetime)) facts.refreshTokenExpiresIn = Math.floor(refreshLifetime);
  if (typeof response.access_token === 'string') {
    try {
      const { claims } = decodeUnverified(response.access_token);
      if (Number.isFinite(claims.exp)) facts.accessTokenExp = claims.exp;
      if (Number.isFinite(claims.iat)) facts.accessTokenIat = claims.iat;
    } catch {
      // An opaque access token: expires_in alone times it.
    }
  }
  const date = serverDate ? Date.parse(serverDate) : NaN;
  if (!Number.isNaN(date)) facts.serverDateMs = date;
  return facts;
}

/**
 * A refresh that broke a transport rule. No answer (network, timeout) may
 * be retried as a network failure; a redirect or an oversized body is an
 * answer the server gave, backed off as a server error. Either way the
 * refresh token was not sent on and the tokens stay as they were.
 */
function transportFailure(cause) {
  const answered = cause?.reason === 'redirect_refused' || cause?.reason === 'body_too_large';
  return new RefreshError(answered ? 'server' : 'network', { status: cause?.status, error: answered ? cause.reason : undefined, cause });
}

/**
 * A refresh function for the built-in grant: POSTs to `tokenEndpoint` as a
 * public client. Resolves `{ response, serverDate }`; rejects RefreshError.
 */
export function refreshTokenGrant({ tokenEndpoint, clientId, scope, resource, dpop, fetch: fetchImpl, timeout = SESSION_TIMEOUT_MS }) {
  const doFetch = defaultFetch(fetchImpl);
  return async function refresh({ refreshToken }) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
    if (scope) form.set('scope', scope);
    if (resource) form.set('resource', resource);
    let answer;
    try {
      answer = await tokenRequest(doFetch, tokenEndpoint, form, { dpop, timeout });
    } catch (cause) {
      throw transportFailure(cause);
    }
    const { body } = answer;
    if (answer.status >= 200 && answer.status < 300 && typeof body?.access_token === 'string') {
      if (dpop !== undefined && !isDpopTokenType(body)) {
        // The provider did not bind the token: the session would hold a
        // bearer token while it promised a sender-constrained one.
        throw new RefreshError('invalid_client', { status: answer.status, error: 'token_not_dpop_bound' });
      }
      // `Date` is only readable cross-origin if the provider exposes it.
      return { response: body, serverDate: answer.headers.get('date') ?? undefined };
    }
    throw classifyTokenError(answer.status, body, retryAfterSeconds(answer.headers.get('retry-after')));
  };
}

/** `token_type: DPoP` (RFC 9449 §5: case-insensitive). */
export function isDpopTokenType(response) {
  return typeof response?.token_type === 'string' && response.token_type.toLowerCase() === 'dpop';
}

/**
 * One POST of `form` to the token endpoint, under the transport rules; with
 * `dpop` (a DpopKey) it carries a proof and answers one nonce challenge.
 * @returns {Promise<{status: number, headers: Headers, body: object}>}
 * @throws {FetchFailure}
 */
export async function tokenRequest(doFetch, tokenEndpoint, form, { dpop, timeout = SESSION_TIMEOUT_MS }) {
  const post = async (extra = {}) => {
    const answer = await fetchUnderRules(doFetch, tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...extra },
      body: form,
      // Never send cookies to the token endpoint: the grant is the credential.
      credentials: 'omit',
      timeoutMs: timeout,
      maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
    });
    return { status: answer.status, headers: answer.headers, body: jsonWithinCap(answer, MAX_TOKEN_RESPONSE_BYTES) };
  };
  if (dpop === undefined) return post();
  const { answer } = await dpop.send({ method: 'POST', url: tokenEndpoint }, (proof) => post({ dpop: proof }));
  return answer;
}
