// The demo's back-channel logout receiver (docs/revocation.md): the
// provider POSTs a logout token here when a session ends, and both edges
// (Envoy and the worker) poll the revocation list it publishes, so they
// refuse that session's access tokens `revoked` within the bound.
//
// The package's `createLogoutReceiver`, as `tokenward revocation serve`
// runs it, with one difference: the demo has two clients (bearer and
// DPoP), and a logout token's `aud` is the one client it is for. So there
// is one receiver per client, at /backchannel-logout/<client_id>, both on
// one journal (target/demo/logouts-<base>.jsonl, a store shared as the
// receivers of a fleet share theirs), and one document for the edges.
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { JournalRevocationStore, createLogoutReceiver } from '../../pkg/node.js';
import { demo, fetchDiscovery, ports, ready } from './config.mjs';

const journalDir = fileURLToPath(new URL('../../target/demo/', import.meta.url));
mkdirSync(journalDir, { recursive: true });
const store = new JournalRevocationStore(`${journalDir}logouts-${ports.spa}.jsonl`);
const jwks = (await fetchDiscovery()).jwks_uri;

const receivers = new Map();
for (const clientId of [demo.clientId, demo.dpopClientId]) {
  receivers.set(clientId, await createLogoutReceiver({
    issuer: demo.issuer,
    clientId,
    jwks,
    store,
    // The document's Cache-Control max-age: part of the bound.
    documentMaxAge: demo.revocationRefreshSeconds,
  }));
}
// Both receivers build the same document from the shared journal; the one
// that took the latest logout has it rebuilt already (the other within its
// max-age), so the document is served from that one.
let latest = receivers.get(demo.clientId);

/** node:http request -> Web Request -> the receiver for its path -> node:http response. */
async function respond(req, res) {
  const url = new URL(req.url ?? '/', demo.logoutReceiverOrigin);
  const [, endpoint, clientId] = url.pathname.split('/');
  let response;
  if (endpoint === 'backchannel-logout' && receivers.has(clientId)) {
    const receiver = receivers.get(clientId);
    response = await receiver.handle(toRequest(req, url));
    if (response.status === 200) {
      latest = receiver;
      console.log(`logout-receiver: logout recorded for ${clientId}`);
    } else {
      console.log(`logout-receiver: logout for ${clientId} refused: ${response.status} ${await response.clone().text()}`);
    }
  } else if (url.pathname === '/revocation.json' && (req.method === 'GET' || req.method === 'HEAD')) {
    response = await latest.document(toRequest(req, url));
  } else {
    response = Response.json({ error: 'not_found' }, { status: 404 });
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function toRequest(req, url) {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      Array.isArray(value) ? value.map((one) => [name, one]) : [[name, value]]),
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: hasBody ? 'half' : undefined,
  });
}

http
  .createServer((req, res) => {
    respond(req, res).catch((error) => {
      console.error('logout-receiver:', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  })
  .listen(ports.logoutReceiver, demo.host, () => ready('logout-receiver', `${demo.logoutReceiverOrigin}/revocation.json`));
