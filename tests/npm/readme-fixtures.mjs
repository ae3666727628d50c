// What the package README's examples run against: an ES256 key made with
// jose, its public JWK Set, tokens it signed, and a real HTTP server that
// serves the set (and a discovery document) as the issuer in the examples,
// `https://issuer.example`, would.
import { createServer } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';

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
  // DPoP: a client key and a token bound to it (cnf.jkt); the proof is
  // made where the example runs (`dpopProof`), so its `iat` is fresh.
  const client = await generateKeyPair('ES256', { extractable: true });
  const dpopClientJwk = await exportJWK(client.privateKey);
  const { d, ...clientPublic } = dpopClientJwk;
  const boundToken = await sign({ scope: 'orders:write', cnf: { jkt: await calculateJwkThumbprint(clientPublic) } }, now, now + 600);

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
    jwks, token, expiredToken, boundToken, dpopClientJwk, served, privateKey,
    port: server.address().port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The client's DPoP proof for `POST https://api.example.com/orders` with `token`, now. */
export async function dpopProof(clientJwk, token) {
  const { d, ...jwk } = clientJwk;
  return new SignJWT({
    htm: 'POST', htu: 'https://api.example.com/orders', iat: Math.floor(Date.now() / 1000), jti: randomUUID(),
    ath: createHash('sha256').update(token).digest('base64url'),
  }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk }).sign(await importJWK(clientJwk, 'ES256'));
}
