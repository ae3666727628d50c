// One logout, a fleet of edges: two separate Envoy processes (1.40, two
// worker threads each) running the tokenward filter and the example worker
// in real workerd (worker/dist, bundled from the packed package's
// tokenward/edge), all polling the same receiver's revocation list. After
// the provider's back-channel logout, each of them refuses the session's
// access token `revoked` on every request within the bound of
// docs/revocation.md (refresh + fetch + slack), measured per edge.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { bootstrap, cluster, listener, tokenwardFilter } from '../../scripts/envoy/envoy-config.mjs';
import { WASM, freePort, listen, startEnvoy } from '../../scripts/envoy/envoy-process.mjs';
import { startWorkerd } from '../worker/workerd.mjs';
import { installPacked } from './packed.mjs';
import { startReceiver } from './receiver-process.mjs';
import { API, CLIENT_ID, startProvider } from './provider.mjs';
import { UserAgent, endSession, signIn } from './browser-flow.mjs';

/** Every edge's revocation refresh period (s) and the bound it gives (ms). */
const REFRESH_SECONDS = 1;
const BOUND_MS = 2000;
const REALM = 'logout';
/** Requests in a row that must agree before an edge counts as settled. */
const IN_A_ROW = 20;

let packed;
let provider;
let receiver;
let upstream;
/** `{ name, port, stop }` per edge. */
const edges = [];

/** One request on a fresh connection, so requests spread over Envoy's workers. */
function send(port, token) {
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
  const [providerPort, receiverPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${providerPort}`;
  provider = await startProvider({ port: providerPort, backchannelLogoutUri: `http://127.0.0.1:${receiverPort}/backchannel-logout` });
  receiver = await startReceiver(packed.bin, [
    '--issuer', issuer, '--client-id', CLIENT_ID, '--jwks', `${issuer}/jwks`,
    '--db', join(packed.work, 'journal'), '--port', String(receiverPort), '--document-max-age', '1',
  ]);
  upstream = createServer((_req, res) => res.writeHead(200).end('upstream'));
  const upstreamPort = await listen(upstream);
  // The same configuration for every edge (`cluster` is Envoy's only).
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
  for (const name of ['envoy-a', 'envoy-b']) {
    const [port, adminPort] = [await freePort(), await freePort()];
    const envoy = await startEnvoy(bootstrap({
      adminPort,
      listeners: [listener('logout', port, [tokenwardFilter(WASM, config)])],
      clusters: [cluster('upstream', upstreamPort), cluster('op', providerPort), cluster('receiver', receiverPort)],
    }), { concurrency: 2, adminPort });
    edges.push({ name, port, stop: () => envoy.stop() });
  }
  const worker = await startWorkerd({ config, origin: `http://127.0.0.1:${upstreamPort}` });
  edges.push({ name: 'workerd', port: worker.port, stop: () => worker.stop() });
});

after(async () => {
  for (const edge of edges) await edge.stop();
  await receiver?.kill();
  await provider?.close();
  upstream?.close();
});

/** Sends until `IN_A_ROW` answers in a row have `status`; returns when that run began. */
async function settles(edge, token, status, sinceMs, withinMs) {
  let inARow = 0;
  let firstOfRun = 0;
  let last;
  while (inARow < IN_A_ROW) {
    assert.ok(Date.now() - sinceMs < withinMs, `${edge.name}: no run of ${IN_A_ROW} × ${status} (last: ${JSON.stringify(last)})`);
    last = await send(edge.port, token);
    if (last.status === status) {
      if (inARow === 0) firstOfRun = Date.now();
      inARow += 1;
      if (status === 401) {
        assert.equal(last.challenge, `Bearer realm="${REALM}", error="invalid_token", error_description="revoked"`, edge.name);
      }
    } else {
      inARow = 0;
    }
  }
  return firstOfRun;
}

test('after the provider\'s logout, two Envoy processes and workerd each refuse the session\'s token "revoked" within the bound', async () => {
  const agent = new UserAgent();
  const tokens = await signIn(agent, provider.issuer);
  // Each edge (each Envoy worker) fetches keys and the list on its own.
  const start = Date.now();
  await Promise.all(edges.map((edge) => settles(edge, tokens.access_token, 200, start, 15_000)));
  const loggedOutAt = await endSession(agent, provider.issuer, tokens.id_token);
  const refusedAt = await Promise.all(edges.map((edge) => settles(edge, tokens.access_token, 401, loggedOutAt, 10_000)));
  edges.forEach((edge, i) => {
    const propagationMs = refusedAt[i] - loggedOutAt;
    console.log(`logout: provider logout -> ${edge.name} refuses "revoked" on every request after ${propagationMs} ms (refresh ${REFRESH_SECONDS} s, bound ${BOUND_MS} ms)`);
    assert.ok(propagationMs <= BOUND_MS, `${edge.name}: ${propagationMs} ms exceeds the ${BOUND_MS} ms bound`);
  });
});
