// OpenID Provider discovery: the configuration document at
// `<issuer>/.well-known/openid-configuration`, accepted only when its
// `issuer` is the configured issuer exactly (OIDC Discovery 4.3: otherwise
// a document served elsewhere could name another provider's endpoints).
// Every endpoint the session sends a code or a token to passes the core's
// fetch-URL rule, as a configured tokenEndpoint does. The document is
// fetched under the package's transport rules (transport.js): a redirect is
// refused (the document must come from the issuer's own URL), and the body
// is capped at MAX_DISCOVERY_BYTES.
import { OptionsError } from './errors.js';
import { checkedEndpoint } from './session-endpoints.js';
import { SessionError } from './signin-errors.js';
import { FetchFailure, MAX_DISCOVERY_BYTES, SESSION_TIMEOUT_MS, defaultFetch, fetchUnderRules, jsonWithinCap } from './transport.js';

/** The discovery URL of `issuer` (a trailing slash is not doubled). */
export function discoveryUrl(issuer) {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/**
 * The provider's endpoints, checked.
 * @returns {Promise<{issuer: string, authorizationEndpoint: string, tokenEndpoint: string,
 *   revocationEndpoint: string|null, endSessionEndpoint: string|null, jwksUri: string,
 *   issParameterSupported: boolean}>}
 * @throws {SessionError} `discovery_failed`, `issuer_mismatch`
 * @throws {OptionsError} an endpoint the fetch-URL rule refuses
 */
export async function discover(issuer, { fetch: fetchImpl, allowInsecureHttp = false } = {}) {
  if (typeof issuer !== 'string' || issuer === '') throw new OptionsError('issuer must be a non-empty string');
  const url = checkedEndpoint('issuer', discoveryUrl(issuer), allowInsecureHttp);
  let document;
  try {
    const answer = await fetchUnderRules(defaultFetch(fetchImpl), url, {
      credentials: 'omit',
      headers: { accept: 'application/json' },
      timeoutMs: SESSION_TIMEOUT_MS,
      maxBodyBytes: MAX_DISCOVERY_BYTES,
    });
    if (answer.status !== 200) throw new FetchFailure('http_status', `HTTP ${answer.status}`, { status: answer.status });
    document = jsonWithinCap(answer, MAX_DISCOVERY_BYTES);
  } catch (cause) {
    throw new SessionError('discovery_failed', `discovery at ${url} failed: ${cause.message}`, { cause });
  }
  if (document === null || typeof document !== 'object') {
    throw new SessionError('discovery_failed', `discovery at ${url} is not a JSON object`);
  }
  if (document.issuer !== issuer) {
    throw new SessionError('issuer_mismatch', `discovery names issuer ${JSON.stringify(document.issuer)}, configured ${JSON.stringify(issuer)}`);
  }
  const required = (member) => {
    if (typeof document[member] !== 'string') throw new SessionError('discovery_failed', `discovery has no ${member}`);
    return checkedEndpoint(member, document[member], allowInsecureHttp);
  };
  const optional = (member) => (typeof document[member] === 'string' ? checkedEndpoint(member, document[member], allowInsecureHttp) : null);
  return {
    issuer,
    authorizationEndpoint: required('authorization_endpoint'),
    tokenEndpoint: required('token_endpoint'),
    jwksUri: required('jwks_uri'),
    revocationEndpoint: optional('revocation_endpoint'),
    endSessionEndpoint: optional('end_session_endpoint'),
    issParameterSupported: document.authorization_response_iss_parameter_supported === true,
  };
}
