// Serves the demo SPA as-is (plain ES modules, no build step): www/spa/, the
// built npm package under /pkg/ (imported through the page's import map),
// and /config.json with the other origins. Tokens never reach this server.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demo, ports, ready } from './config.mjs';

const roots = {
  '/pkg/': fileURLToPath(new URL('../../pkg/', import.meta.url)),
  '/': fileURLToPath(new URL('../spa/', import.meta.url)),
};
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const config = {
  issuer: demo.issuer,
  clientId: demo.clientId,
  dpopClientId: demo.dpopClientId,
  dpopByDefault: demo.dpopByDefault,
  redirectUri: `${demo.spaOrigin}/`,
  api: `${demo.apiOrigin}/api/hello`,
  // The same API behind tokenward's Envoy filter and its edge worker.
  apiViaEnvoy: `${demo.envoyOrigin}/api/hello`,
  apiViaWorker: `${demo.workerOrigin}/api/hello`,
  apiResource: demo.apiResource,
  scope: `openid profile offline_access ${demo.apiScope}`,
};
const security = {
  // Codes in the callback URL must not leak to other origins.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

async function serve(req, res) {
  const path = decodeURIComponent(new URL(req.url, demo.spaOrigin).pathname);
  if (path === '/config.json') {
    return res.writeHead(200, { ...security, 'content-type': types['.json'] }).end(JSON.stringify(config));
  }
  const prefix = path.startsWith('/pkg/') ? '/pkg/' : '/';
  const relative = normalize(path.slice(prefix.length) || 'index.html');
  if (relative.startsWith('..')) return res.writeHead(403).end();
  try {
    const body = await readFile(join(roots[prefix], relative));
    res.writeHead(200, { ...security, 'content-type': types[extname(relative)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, security).end('not found');
  }
}

http
  .createServer((req, res) => {
    serve(req, res).catch(() => res.writeHead(500).end());
  })
  .listen(ports.spa, demo.host, () => ready('spa', `${demo.spaOrigin}/`));
