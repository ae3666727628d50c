// Sign-in with the authorization code flow + PKCE (S256) as a public
// client. Only the PKCE verifier, state and nonce wait in sessionStorage
// across the redirect (per tab and per origin; they are not tokens and are
// deleted once used). Tokens never touch storage or a URL here.
import { scrubUrl } from 'tokenward';

const PENDING = 'tokenward-demo:pending-sign-in';

function randomString(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function s256(text) {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export async function discover(issuer) {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed: HTTP ${response.status}`);
  return response.json();
}

/** Sends the browser to the provider. */
export async function beginSignIn(config, discovery) {
  const pending = { verifier: randomString(), state: randomString(16), nonce: randomString(16) };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    // offline_access + prompt=consent: the provider issues a refresh token.
    scope: config.scope,
    prompt: 'consent',
    resource: config.apiResource,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: 'S256',
  });
  location.assign(url);
}

/**
 * On the redirect back: takes the code out of the address bar first, checks
 * state, exchanges the code. Resolves null when this page load is not a
 * redirect back.
 */
export async function completeSignIn(config, discovery) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  // The code (and state) leave the address bar and history before anything else.
  scrubUrl();
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  if (params.has('error')) throw new Error(`sign-in refused: ${params.get('error')}`);
  if (pending === null || params.get('state') !== pending.state) throw new Error('sign-in state mismatch');
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.verifier,
      resource: config.apiResource,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`code exchange failed: ${body.error ?? response.status}`);
  return { response: body, nonce: pending.nonce, serverDate: response.headers.get('date') ?? undefined };
}

/** RFC 7009 revocation is TokenSession.signOut's; this ends the provider session too. */
export function endSessionUrl(config, discovery, idToken) {
  const url = new URL(discovery.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    post_logout_redirect_uri: config.redirectUri,
    ...(idToken ? { id_token_hint: idToken } : {}),
  });
  return url.href;
}
