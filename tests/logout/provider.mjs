// A real OpenID provider for the logout suite: npm oidc-provider (the demo's
// dependency, from www/node_modules), in this process, with Back-Channel
// Logout on and one client whose backchannel_logout_uri is the receiver.
// Its own configuration, apart from the demo's (www/server/provider.mjs):
// JWT access tokens (RFC 9068) that carry the session's `sid`, as
// providers that support back-channel logout commonly issue them, living
// 10 minutes: long enough that only revocation can stop them in the test.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from '../../www/node_modules/oidc-provider/lib/index.js';

export const CLIENT_ID = 'logout-rp';
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const API = 'https://api.logout.test';
export const USER = 'user-logout-1';

function signingKeys() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    keys: [
      { ...rsa, kid: 'op-rs256', alg: 'RS256', use: 'sig' },
      { ...ec, kid: 'op-es256', alg: 'ES256', use: 'sig' },
    ],
  };
}

/**
 * Starts the provider on `port` (loopback) with the receiver's logout URI.
 * @returns {Promise<{ issuer: string, events: object[], close: () => Promise<void> }>}
 */
export async function startProvider({ port, backchannelLogoutUri }) {
  const issuer = `http://127.0.0.1:${port}`;
  const events = [];
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [REDIRECT_URI],
        backchannel_logout_uri: backchannelLogoutUri,
        backchannel_logout_session_required: true,
      },
    ],
    jwks: signingKeys(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'api'],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    // The provider's outgoing fetch refuses special-use addresses (its SSRF
    // guard, a dispatcher it passes in); the receiver here is on loopback.
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
    extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' && token.sid ? { sid: token.sid } : undefined),
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== API) throw new errors.InvalidTarget();
          return { scope: 'api', audience: API, accessTokenTTL: 600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  provider.on('backchannel.success', (_ctx, client, accountId, sid) => {
    events.push({ event: 'backchannel.success', clientId: client.clientId, accountId, sid, at: Date.now() });
  });
  provider.on('backchannel.error', (_ctx, error, client, accountId, sid) => {
    events.push({ event: 'backchannel.error', clientId: client.clientId, accountId, sid, error: String(error?.message ?? error) });
  });

  /** Signs in the fixed user and grants what was asked. */
  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { prompt, params, session } = details;
    let result;
    if (prompt.name === 'login') {
      result = { login: { accountId: USER } };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      result = { consent: { grantId: await grant.save() } };
    }
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`interaction failed: ${error.message}`);
      });
      return;
    }
    callback(req, res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    events,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
