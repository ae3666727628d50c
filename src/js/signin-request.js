// The authorization code flow's messages for a public client (RFC 6749
// §4.1, RFC 7636 PKCE with S256, OIDC Core 3.1): the authorization request,
// the callback's parameters, the code exchange. No storage, no navigation:
// signin.js decides when each one happens. The code exchange and revocation
// go through the package's transport rules (transport.js): a 307/308 from
// the token endpoint must not re-send the code and the PKCE verifier to
// another origin, so redirects are refused, and answers are capped.
import { SessionError } from './signin-errors.js';
import { isDpopTokenType, tokenRequest } from './session-grant.js';
import { MAX_REVOCATION_RESPONSE_BYTES, SESSION_TIMEOUT_MS, defaultFetch, fetchUnderRules } from './transport.js';

/** Base64url without padding. */
export function base64url(bytes) {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes (WebCrypto), base64url: 32 bytes give 256 bits. */
export function randomToken(bytes = 32) {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The PKCE S256 challenge of `verifier` (RFC 7636 §4.2). */
export async function s256Challenge(verifier) {
  return base64url(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** What waits across the redirect: never a token. */
export function newPending(redirectUri) {
  return { state: randomToken(), nonce: randomToken(), verifier: randomToken(), redirectUri };
}

/**
 * `scope` as sent: `openid` first, then the configured scopes, each once.
 * @param {string} [configured] space-separated
 */
export function signInScope(configured = '') {
  const scopes = configured.split(/\s+/).filter((s) => s !== '' && s !== 'openid');
  return ['openid', ...new Set(scopes)].join(' ');
}

/**
 * The authorization request URL. `params` are extra parameters (`prompt`,
 * `login_hint`, ...); they cannot replace the ones the flow depends on.
 */
export async function authorizationUrl({ authorizationEndpoint, clientId, scope, resource, params = {}, pending }) {
  const url = new URL(authorizationEndpoint);
  const flow = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: pending.redirectUri,
    scope: signInScope(scope),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256Challenge(pending.verifier),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  for (const [name, value] of Object.entries(flow)) url.searchParams.set(name, value);
  if (resource) url.searchParams.set('resource', resource);
  return url.href;
}

/**
 * The authorization response in `url` (query, or fragment for
 * response_mode=fragment), or null when `url` carries none.
 */
export function callbackParams(url) {
  const parsed = new URL(url);
  for (const part of [parsed.search, parsed.hash]) {
    const params = new URLSearchParams(part.replace(/^[?#]/, ''));
    if (params.has('code') || params.has('error')) return params;
  }
  return null;
}

/**
 * Checks an authorization response against what this tab sent, in the
 * order that leaks least: state first (a foreign response says nothing
 * more), then the issuer (RFC 9207, mix-up), then the provider's error.
 * @returns {string} the code
 * @throws {SessionError}
 */
export function checkCallback(params, pending, { issuer, issParameterSupported }) {
  if (params.get('state') !== pending.state) {
    throw new SessionError('state_mismatch', 'the callback state is not the one this tab sent');
  }
  const iss = params.get('iss');
  if (iss !== null ? iss !== issuer : issParameterSupported) {
    throw new SessionError('iss_mismatch', iss === null
      ? 'the provider announces the iss parameter (RFC 9207) but the callback has none'
      : `the callback comes from issuer ${JSON.stringify(iss)}, not ${JSON.stringify(issuer)}`);
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    throw new SessionError('authorization_error', `sign-in refused by the provider: ${error}${description ? ` (${description})` : ''}`,
      { error, description });
  }
  const code = params.get('code');
  if (!code) throw new SessionError('authorization_error', 'the callback has neither code nor error', { error: 'invalid_request' });
  return code;
}

/**
 * The authorization_code grant with the PKCE verifier; with `dpop` (a
 * DpopKey) the request carries a proof and the answer must be a DPoP-bound
 * token (`token_type: DPoP`).
 * @returns {Promise<{response: object, serverDate?: string}>}
 * @throws {SessionError} `token_request_failed`, `token_not_dpop_bound`
 */
export async function exchangeCode({ tokenEndpoint, clientId, code, pending, resource, dpop, fetch: fetchImpl, timeout = SESSION_TIMEOUT_MS }) {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: pending.redirectUri,
    client_id: clientId,
    code_verifier: pending.verifier,
  });
  if (resource) form.set('resource', resource);
  let answer;
  try {
    answer = await tokenRequest(defaultFetch(fetchImpl), tokenEndpoint, form, { dpop, timeout });
  } catch (cause) {
    throw new SessionError('token_request_failed', `code exchange failed: ${cause.message}`, { cause, status: cause.status });
  }
  const json = answer.body;
  const ok = answer.status >= 200 && answer.status < 300;
  if (!ok || typeof json?.access_token !== 'string') {
    const error = typeof json?.error === 'string' ? json.error : undefined;
    throw new SessionError('token_request_failed', `code exchange failed: ${error ?? `HTTP ${answer.status}`}`,
      { error, description: json?.error_description, status: answer.status });
  }
  if (dpop !== undefined && !isDpopTokenType(json)) {
    throw new SessionError('token_not_dpop_bound',
      `the session asked for a DPoP-bound access token and got token_type ${JSON.stringify(json.token_type ?? null)}`,
      { status: answer.status });
  }
  return { response: json, serverDate: answer.headers.get('date') ?? undefined };
}

/**
 * RFC 7009 revocation as a public client. Resolves whether the provider
 * confirmed (HTTP 200); never rejects.
 */
export async function revokeToken({ revocationEndpoint, clientId, token, hint, fetch: fetchImpl, timeout = SESSION_TIMEOUT_MS }) {
  const body = new URLSearchParams({ token, token_type_hint: hint, client_id: clientId });
  try {
    const answer = await fetchUnderRules(defaultFetch(fetchImpl), revocationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      credentials: 'omit',
      timeoutMs: timeout,
      maxBodyBytes: MAX_REVOCATION_RESPONSE_BYTES,
    });
    return answer.status === 200;
  } catch {
    return false;
  }
}
