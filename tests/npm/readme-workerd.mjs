// A README worker example in real workerd: the block is the main module,
// the installed package is loaded unbundled (its `workerd` entry), and the
// worker's outbound fetches go to the local key-set server, so the block's
// `https://issuer.example/...` reaches it without a line of the block
// changed.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, freePort, waitForPort } from './packaging/harness.mjs';

const COMPATIBILITY_DATE = '2026-11-17';

/**
 * Module list: the worker, then the package's `workerd` entry as
 * `tokenward` and its files, and `tokenward/edge`'s beside the files it
 * imports (workerd resolves `./workerd.js` against the entry's name).
 */
function modules(app, dir) {
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/tokenward/package.json'), 'utf8'));
  const entry = join('node_modules/tokenward', manifest.exports['.'].workerd);
  const edgeEntry = join('node_modules/tokenward', manifest.exports['./edge'].workerd);
  const pkgDir = join(entry, '..');
  const shipped = readdirSync(join(app, pkgDir)).filter((f) => /\.(js|wasm)$/.test(f) && !f.startsWith('node'));
  const line = (name, kind, path) => `(name = ${JSON.stringify(name)}, ${kind} = embed ${JSON.stringify(path)})`;
  const filesUnder = (prefix, except) => shipped.filter((f) => join(pkgDir, f) !== except)
    .map((f) => line(`${prefix}${f}`, f.endsWith('.wasm') ? 'wasm' : 'esModule', join(pkgDir, f)));
  return [
    line(`${dir}/worker.js`, 'esModule', `${dir}/worker.js`),
    line(`${dir}/tokenward`, 'esModule', entry),
    ...filesUnder(`${dir}/`, entry),
    line(`${dir}/tokenward/edge`, 'esModule', edgeEntry),
    ...filesUnder(`${dir}/tokenward/`, edgeEntry),
  ];
}

/**
 * Serves `code` as a worker; `requests(url)` runs against it.
 * Returns what `requests` returns.
 */
export async function withWorker(app, code, fixturePort, requests) {
  const dir = 'readme-worker';
  mkdirSync(join(app, dir), { recursive: true });
  writeFileSync(join(app, dir, 'worker.js'), code);
  const port = await freePort();
  writeFileSync(join(app, 'readme-workerd.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "example", worker = (
      modules = [${modules(app, dir).join(', ')}],
      compatibilityDate = "${COMPATIBILITY_DATE}",
      globalOutbound = "issuer")),
    (name = "issuer", external = (address = "127.0.0.1:${fixturePort}", http = ())),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "example") ],
);
`);
  const child = spawn(join(BIN, 'workerd'), ['serve', 'readme-workerd.capnp'], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await waitForPort(port, child);
    return await requests(`http://127.0.0.1:${port}/`);
  } finally {
    child.kill('SIGTERM');
  }
}
