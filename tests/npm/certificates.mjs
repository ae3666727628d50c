// Certificate-bound tokens (RFC 8705) from the packed package, in a Node
// `https` server that asks for client certificates: the server passes the
// connection's certificate thumbprint
// (`socket.getPeerCertificate().fingerprint256`) as `certificateThumbprint`
// to tokenward/edge's `handle` (a provider with `certificate_bound_tokens`)
// and to `Verifier#verify` (a Verifier with `certificateBoundTokens`),
// which compare it with the token's `cnf["x5t#S256"]`. The CA and
// certificates are made by openssl at test time.
//
//   node --test tests/npm/certificates.mjs, or
//   node tests/npm/certificates.mjs [package dir]   (default: pkg/)
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { makePki } from '../envoy/mtls-certificates.mjs';
import { call } from '../envoy/mtls-provider.mjs';
import { listen } from '../../scripts/envoy/envoy-process.mjs';

const dir = process.argv[2] ?? new URL('../../pkg/', import.meta.url).pathname;
const { createGateway } = await import(pathToFileURL(join(dir, 'edge-node.js')).href);
const { Verifier } = await import(pathToFileURL(join(dir, 'node.js')).href);
const ISSUER = 'https://login.example.com';

const issuer = await generateKeyPair('ES256', { extractable: true });
const jwks = { keys: [{ ...(await exportJWK(issuer.publicKey)), kid: 'issuer', alg: 'ES256', use: 'sig' }] };
const token = (cnf) => new SignJWT({ sub: 'svc', ...(cnf && { cnf }) })
  .setProtectedHeader({ alg: 'ES256', kid: 'issuer' })
  .setIssuer(ISSUER)
  .setIssuedAt()
  .setExpirationTime('5m')
  .sign(issuer.privateKey);
const config = (member) => ({
  providers: { main: { issuer: ISSUER, local_jwks: { inline_string: JSON.stringify(jwks) }, ...member } },
  rules: [{ match: { prefix: '/' }, requires: { provider_name: 'main' } }],
});

const pki = makePki(['alice', 'bob']);
const gateway = createGateway(config({ certificate_bound_tokens: {} }));
const verifier = new Verifier({ jwks, issuer: ISSUER, certificateBoundTokens: {} });
const bound = await token({ 'x5t#S256': pki.clients.alice.x5t });
const unbound = await token();

// The server: the platform's view of the connection, never a header.
const server = createServer({ cert: pki.server.cert, key: pki.server.key, ca: pki.ca, requestCert: true, rejectUnauthorized: false }, async (req, res) => {
  const headers = new Headers(Object.entries(req.headers).filter(([name]) => !name.startsWith(':')));
  const request = new Request(`https://api.example.com${req.url}`, { headers });
  const certificateThumbprint = req.socket.getPeerCertificate().fingerprint256 ?? null;
  if (req.url === '/verifier') {
    try {
      const { claims } = verifier.verify(req.headers.authorization.slice(7), { certificateThumbprint });
      res.writeHead(200).end(JSON.stringify({ sub: claims.sub }));
    } catch (error) {
      res.writeHead(401, { 'www-authenticate': `Bearer error="invalid_token", error_description="${error.code}"` }).end();
    }
    return;
  }
  const verdict = await gateway.handle(request, { certificateThumbprint });
  if (verdict.action === 'forward') {
    res.writeHead(200).end(JSON.stringify({ sub: verdict.identity.subject }));
  } else {
    res.writeHead(verdict.response.status, Object.fromEntries(verdict.response.headers)).end();
  }
});
const port = await listen(server);
let path = '/orders';
const send = (client, jwt, extra = {}) => call(port, pki, client, 'GET', path, { authorization: `Bearer ${jwt}`, ...extra }, null);
const code = (res) => /error_description="([^"]+)"/.exec(res.headers['www-authenticate'] ?? '')?.[1];

/** The verdicts every path gives, through the gateway (`/orders`) or the Verifier (`/verifier`). */
async function connectionVerdicts() {
  const passed = await send(pki.clients.alice, bound);
  assert.equal(passed.status, 200, passed.body);
  assert.equal(JSON.parse(passed.body).sub, 'svc');

  const other = await send(pki.clients.bob, bound);
  assert.equal(other.status, 401);
  assert.equal(code(other), 'certificate_mismatch');

  const forged = await send(pki.clients.bob, bound, { 'x-forwarded-client-cert': `Hash=${pki.clients.alice.sha256Hex}` });
  assert.equal(code(forged), 'certificate_mismatch', 'a header never stands for the connection');

  const none = await send(null, bound);
  assert.equal(none.status, 401);
  assert.equal(code(none), 'certificate_required');

  for (const client of [null, pki.clients.bob]) {
    assert.equal((await send(client, unbound)).status, 200, 'an unbound token passes as before');
  }
}

after(() => {
  server.closeAllConnections();
  server.close();
  pki.remove();
});

test('the gateway binds a token to the connection certificate, never to a header', async () => {
  path = '/orders';
  await connectionVerdicts();
});

test('the Verifier binds a token to the connection certificate, never to a header', async () => {
  path = '/verifier';
  await connectionVerdicts();
});

test('the Verifier refuses certificate options by name where they would be ignored', async () => {
  const plainVerifier = new Verifier({ jwks, issuer: ISSUER });
  assert.throws(() => plainVerifier.verify(bound, { certificateThumbprint: pki.clients.alice.sha256Hex }),
    (error) => error.code === 'invalid_options' && /certificateBoundTokens/.test(error.message));
  assert.throws(() => plainVerifier.verify(bound), (error) => error.code === 'binding_not_verified');
  assert.throws(() => verifier.verify(bound, { certificateThumbprint: pki.clients.alice.x5t }),
    (error) => error.code === 'invalid_options' && /certificateThumbprint/.test(error.message));
  assert.throws(() => new Verifier({ jwks, issuer: ISSUER, certificateBoundTokens: { require: true } }),
    (error) => error.code === 'invalid_options' && /certificateBoundTokens/.test(error.message));
  const strictVerifier = new Verifier({ jwks, issuer: ISSUER, certificateBoundTokens: { required: true } });
  assert.throws(() => strictVerifier.verify(unbound, { certificateThumbprint: pki.clients.alice.sha256Hex }),
    (error) => error.code === 'certificate_token_unbound');
  const { claims } = await verifier.verifyAsync(bound, { certificateThumbprint: pki.clients.alice.sha256Hex.toUpperCase() });
  assert.equal(claims.sub, 'svc');
  await assert.rejects(verifier.verifyAsync(bound, { certificateThumbprint: pki.clients.bob.sha256Hex }),
    (error) => error.code === 'certificate_mismatch');
});

const request = new Request('https://api.example.com/orders', { headers: { authorization: `Bearer ${bound}` } });

test('the gateway reads the thumbprint in the other spellings platforms use', async () => {
  for (const spelling of [pki.clients.alice.sha256Hex, pki.clients.alice.sha256Hex.toUpperCase()]) {
    const verdict = await gateway.handle(request, { certificateThumbprint: spelling });
    assert.equal(verdict.action, 'forward', spelling);
  }
});

test('the gateway refuses a thumbprint by name, never ignores it', async () => {
  await assert.rejects(gateway.handle(request, { certificateThumbprint: pki.clients.alice.x5t }),
    (error) => error.code === 'invalid_options' && /certificateThumbprint/.test(error.message));
  const plain = createGateway(config({}));
  await assert.rejects(plain.handle(request, { certificateThumbprint: pki.clients.alice.sha256Hex }),
    (error) => error.code === 'invalid_options' && /certificate_bound_tokens/.test(error.message));
  const unboundRefused = await plain.handle(request);
  assert.equal(unboundRefused.action, 'respond');
  assert.match(unboundRefused.response.headers.get('www-authenticate'), /binding_not_verified/);
});

test('required: the gateway refuses an unbound token', async () => {
  const strict = createGateway(config({ certificate_bound_tokens: { required: true } }));
  const bearer = new Request('https://api.example.com/orders', { headers: { authorization: `Bearer ${unbound}` } });
  const refused = await strict.handle(bearer, { certificateThumbprint: pki.clients.alice.sha256Hex });
  assert.match(refused.response.headers.get('www-authenticate'), /certificate_token_unbound/);
});
