// What the package README's examples run against: an ES256 key made with
// jose, its public JWK Set, tokens it signed, and a real HTTP server that
// serves the set (and a discovery document) as the issuer in the examples,
// `https://issuer.example`, would.
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const ISSUER = 'https://issuer.example';
export const AUDIENCE = 'api://orders';
export const SUBJECT = 'alice';

/** Keys, tokens and the key-set server; `close()` stops the server. */
export async function makeFixtures() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'readme-1', alg: 'ES256', use: 'sig' };
  const jwks = { keys: [jwk] };
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims, iat, exp) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(SUBJECT)
    .setIssuedAt(iat).setExpirationTime(exp)
    .sign(privateKey);
  const token = await sign({ scope: 'orders:read' }, now, now + 600);
  const expiredToken = await sign({ scope: 'orders:read' }, now - 7200, now - 3600);

  const served = { fetches: 0 };
  const server = createServer((req, res) => {
    served.fetches += 1;
    const body = req.url === '/.well-known/openid-configuration'
      ? { issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks.json` }
      : jwks;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
    res.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    jwks, token, expiredToken, served, privateKey,
    port: server.address().port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
