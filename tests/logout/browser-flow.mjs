// The provider's flows driven from Node with plain fetch and a cookie jar,
// as a browser would follow them: authorization code + PKCE through the
// provider's interactions, then RP-initiated logout (end session, confirm).
import { createHash, randomBytes } from 'node:crypto';
import { CLIENT_ID, REDIRECT_URI } from './provider.mjs';

/** A user agent: one cookie jar, redirects followed by hand. */
export class UserAgent {
  #cookies = new Map();

  async fetch(url, init = {}) {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until one leaves for `stopAt`; resolves to that URL. */
  async follow(url, stopAt) {
    let next = url;
    for (let hop = 0; hop < 20; hop += 1) {
      if (next.startsWith(stopAt)) return new URL(next);
      const response = await this.fetch(next);
      const location = response.headers.get('location');
      if (location === null) throw new Error(`${next}: HTTP ${response.status} without a redirect: ${await response.text()}`);
      await response.body?.cancel();
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects');
  }
}

/** Signs in: resolves to the token endpoint's answer (access_token, id_token). */
export async function signIn(agent, issuer) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'openid api',
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  const callback = await agent.follow(authorize.href, REDIRECT_URI);
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error(`no code in ${callback}`);
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, code_verifier: verifier }),
  });
  const tokens = await response.json();
  if (!response.ok) throw new Error(`token endpoint: ${JSON.stringify(tokens)}`);
  return tokens;
}

/**
 * Ends the session at the provider (RP-initiated logout, "log out of
 * everything" confirmed). The provider answers once it has delivered its
 * back-channel logouts; resolves to Date.now() at that answer.
 */
export async function endSession(agent, issuer, idToken) {
  const start = await agent.fetch(`${issuer}/session/end?${new URLSearchParams({ id_token_hint: idToken, client_id: CLIENT_ID })}`);
  const page = await start.text();
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
  if (xsrf === undefined) throw new Error(`no logout form (HTTP ${start.status}): ${page.slice(0, 300)}`);
  const confirm = await agent.fetch(`${issuer}/session/end/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ xsrf, logout: 'yes' }),
  });
  await confirm.body?.cancel();
  if (confirm.status >= 400) throw new Error(`end session confirm: HTTP ${confirm.status}`);
  return Date.now();
}
