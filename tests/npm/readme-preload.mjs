// Loaded with `node --import` before a README example: the names the
// examples leave to the reader (`token`, `jwks`) as globals, and the
// example issuer's address routed to the local key-set server, so that
// `new RemoteKeySet('https://issuer.example/...')` is the line that runs.
// Only the address changes: the package's own fetch code (redirect rule,
// body cap, status handling) reads a real HTTP response.
import { dpopProof } from './readme-fixtures.mjs';

const fixture = JSON.parse(process.env.README_FIXTURE);

globalThis.token = fixture.token;
globalThis.expiredToken = fixture.expiredToken;
globalThis.jwks = fixture.jwks;
globalThis.boundToken = fixture.boundToken;
globalThis.dpopProof = await dpopProof(fixture.dpopClientJwk, fixture.boundToken);

const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input);
  if (url.origin !== fixture.issuer) return realFetch(input, init);
  return realFetch(`http://127.0.0.1:${fixture.port}${url.pathname}${url.search}`, init);
};
