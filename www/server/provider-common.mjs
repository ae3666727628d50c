// What every oidc-provider this repository starts has in common (the
// demo's, www/server/provider.mjs, the logout suite's,
// tests/logout/provider.mjs, and the edge suites' in tests/edge/ and
// tests/envoy/mtls-provider.mjs): fresh signing keys, JSON error pages,
// JWT access tokens for one API, and the sign-in that signs one fixed
// user in and grants what was asked (the demo and the tests are about
// tokens, not login forms).
import { generateKeyPairSync } from 'node:crypto';

/** An RS256 and an ES256 private JWK, kids `<prefix>-rs256` / `<prefix>-es256`: fresh on every start, nothing to leak or commit. */
export function signingKeys(prefix) {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    keys: [
      { ...rsa, kid: `${prefix}-rs256`, alg: 'RS256', use: 'sig' },
      { ...ec, kid: `${prefix}-es256`, alg: 'ES256', use: 'sig' },
    ],
  };
}

/** oidc-provider's `renderError`: the error as JSON, for tests to read. */
export function renderJsonError(ctx, out) {
  ctx.type = 'json';
  ctx.body = out;
}

/**
 * oidc-provider's `resourceIndicators` feature for one API: every grant is
 * for `api` (scope `api`), its access tokens JWTs (RFC 9068) signed ES256,
 * living `ttlSeconds`. `errors` is the caller's oidc-provider `errors`.
 */
export function jwtAccessTokensFor(api, errors, ttlSeconds = 600) {
  return {
    enabled: true,
    defaultResource: () => api,
    useGrantedResource: () => true,
    getResourceServerInfo: (_ctx, indicator) => {
      if (indicator !== api) throw new errors.InvalidTarget();
      return { scope: 'api', audience: api, accessTokenTTL: ttlSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
    },
  };
}

/** The interaction handler for `/interaction/<uid>`: login as `accountId`, then consent to every scope, claim and resource asked. */
export function fixedUserInteraction(provider, accountId) {
  return async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const { prompt, params, session } = details;
    let result;
    if (prompt.name === 'login') {
      result = { login: { accountId } };
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
  };
}
