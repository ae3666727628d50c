// The same logout seen by real Envoy (1.40, two worker threads) running the
// tokenward filter, whose `revocation` source is the receiver's document:
// after the provider's logout, every request with the session's access
// token is refused 401 `revoked` on either worker, within the bound. The
// Envoy helpers are scripts/envoy's, used as they are.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { bootstrap, cluster, listener, tokenwardFilter } from '../../scripts/envoy/envoy-config.mjs';
import { WASM, freePort, listen, startEnvoy } from '../../scripts/envoy/envoy-process.mjs';
import { installPacked } from './packed.mjs';
import { startReceiver } from './receiver-process.mjs';
import { API, CLIENT_ID, startProvider } from './provider.mjs';
import { UserAgent, endSession, signIn } from './browser-flow.mjs';

/** The filter's revocation refresh period (s) and the bound it gives (ms): refresh + fetch + slack. */
const REFRESH_SECONDS = 1;
const BOUND_MS = 2000;
const REALM = 'logout';

let packed;
let provider;
let receiver;
let envoy;
let upstream;
let port;

/** One request on a fresh connection, so requests spread over Envoy's workers. */
function send(token) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, challenge: res.headers['www-authenticate'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  packed = await installPacked();
  const [providerPort, receiverPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  port = await freePort();
  const issuer = `http://127.0.0.1:${providerPort}`;
  provider = await startProvider({ port: providerPort, backchannelLogoutUri: `http://127.0.0.1:${receiverPort}/backchannel-logout` });
  receiver = await startReceiver(packed.bin, [
    '--issuer', issuer, '--client-id', CLIENT_ID, '--jwks', `${issuer}/jwks`,
    '--db', join(packed.work, 'journal'), '--port', String(receiverPort), '--document-max-age', '1',
  ]);
  upstream = createServer((_req, res) => res.writeHead(200).end('upstream'));
  const upstreamPort = await listen(upstream);
  const config = {
    realm: REALM,
    providers: {
      op: {
        issuer,
        audiences: [API],
        algorithms: ['ES256'],
        remote_jwks: { http_uri: { uri: `${issuer}/jwks`, cluster: 'op', timeout: '0.5s' }, cache_duration: '60s' },
        from_headers: [{ name: 'authorization', value_prefix: 'Bearer ' }],
      },
    },
    rules: [{ match: { prefix: '/' }, requires: { provider_name: 'op' } }],
    revocation: { uri: `${receiver.origin}/revocation.json`, cluster: 'receiver', timeout_ms: 500, cache_duration_seconds: REFRESH_SECONDS, fail_open: false },
  };
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener('logout', port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster('upstream', upstreamPort), cluster('op', providerPort), cluster('receiver', receiverPort)],
  }), { concurrency: 2, adminPort });
});

after(async () => {
  await envoy?.stop();
  await receiver?.kill();
  await provider?.close();
  upstream?.close();
});

test('after the provider\'s logout, Envoy (two workers) refuses the session\'s token "revoked" within the bound', async () => {
  const agent = new UserAgent();
  const tokens = await signIn(agent, provider.issuer);
  // Both workers fetch keys and the list on their own: wait until each
  // request passes (twenty fresh connections in a row).
  const deadline = Date.now() + 15_000;
  let passing = 0;
  while (passing < 20) {
    assert.ok(Date.now() < deadline, 'Envoy never accepted the fresh token');
    passing = (await send(tokens.access_token)).status === 200 ? passing + 1 : 0;
  }
  const loggedOutAt = await endSession(agent, provider.issuer, tokens.id_token);
  // Refused for good: twenty fresh connections in a row, whichever worker.
  let refusedInARow = 0;
  let firstOfRun = 0;
  let last;
  while (refusedInARow < 20) {
    assert.ok(Date.now() - loggedOutAt < 10_000, `still accepted 10 s after the logout (last: ${JSON.stringify(last)})`);
    last = await send(tokens.access_token);
    if (last.status === 401) {
      if (refusedInARow === 0) firstOfRun = Date.now();
      refusedInARow += 1;
      assert.equal(last.challenge, `Bearer realm="${REALM}", error="invalid_token", error_description="revoked"`);
    } else {
      refusedInARow = 0;
    }
  }
  const propagationMs = firstOfRun - loggedOutAt;
  console.log(`logout: provider logout -> Envoy (2 workers) refuses "revoked" on every request after ${propagationMs} ms (refresh ${REFRESH_SECONDS} s, bound ${BOUND_MS} ms)`);
  assert.ok(propagationMs <= BOUND_MS, `${propagationMs} ms exceeds the ${BOUND_MS} ms bound`);
});
