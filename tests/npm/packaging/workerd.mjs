// Workers in one real workerd process: one service and one loopback socket
// per worker. A worker is a list of modules; the first is the main module.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createServer } from 'node:net';
import { BIN, check, waitForPort } from './harness.mjs';

const COMPATIBILITY_DATE = '2026-11-17';

/**
 * The unbundled package as workerd loads it. workerd resolves every
 * specifier, bare ones too, against the importing module's name: the entry
 * is named by its specifier beside the worker (<id>/tokenward/slim), its
 * files beside it, where its relative imports (`./api.js`) resolve.
 */
export function packageModules(app, entry) {
  const main = join('node_modules/tokenward', entry.conditions.workerd);
  const dir = join(main, '..');
  const prefix = `${entry.id}/${entry.spec.slice(0, entry.spec.lastIndexOf('/') + 1)}`;
  // The node-only modules (node:fs, node:crypto) are left out, as a
  // bundler for workerd would.
  const files = readdirSync(join(app, dir)).filter((f) => f.endsWith('.js') && !f.startsWith('node') && join(dir, f) !== main);
  return [
    { name: `${entry.id}/worker.js`, esModule: `${entry.id}/worker.js` },
    { name: `${entry.id}/cases.js`, esModule: `${entry.id}/cases.js` },
    { name: 'verdicts.js', esModule: 'verdicts.js' },
    { name: `${entry.id}/${entry.spec}`, esModule: main },
    ...files.map((f) => ({ name: `${prefix}${f}`, esModule: join(dir, f) })),
    ...readdirSync(join(app, dir)).filter((f) => f.endsWith('.wasm')).map((f) => ({ name: `${prefix}${f}`, wasm: join(dir, f) })),
  ];
}

/** A bundler's output directory: `main` first, then every .js and .wasm. */
export function bundleModules(app, out, main) {
  const files = readdirSync(out).filter((f) => f !== main && /\.(m?js|wasm)$/.test(f));
  return [main, ...files].map((f) => (f.endsWith('.wasm')
    ? { name: f, wasm: relative(app, join(out, f)) }
    : { name: f, esModule: relative(app, join(out, f)) }));
}

const moduleLine = (m) => (m.wasm
  ? `(name = ${JSON.stringify(m.name)}, wasm = embed ${JSON.stringify(m.wasm)})`
  : `(name = ${JSON.stringify(m.name)}, esModule = embed ${JSON.stringify(m.esModule)})`);

/**
 * One listening loopback socket per worker, bound here on port 0 and
 * handed to workerd as a file descriptor (`--socket-fd`): the port is the
 * kernel's choice, read back, so no other process can take it between a
 * pick and workerd's bind.
 */
async function listeningSockets(count) {
  const servers = [];
  for (let i = 0; i < count; i += 1) {
    const server = createServer();
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    servers.push(server);
  }
  return servers;
}

/** Runs every `{ name, modules }` worker in one workerd; checks each one's verdicts. */
export async function runWorkers(app, workers) {
  const sockets = await listeningSockets(workers.length);
  const ports = sockets.map((server) => server.address().port);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
${workers.map((w, i) => `    (name = "w${i}", worker = (
      modules = [${w.modules.map(moduleLine).join(', ')}],
      compatibilityDate = "${COMPATIBILITY_DATE}")),`).join('\n')}
  ],
  sockets = [
${workers.map((w, i) => `    (name = "s${i}", address = "127.0.0.1:${ports[i]}", http = (), service = "w${i}"),`).join('\n')}
  ],
);
`;
  writeFileSync(join(app, 'workerd.capnp'), config);
  // Descriptors 3, 4, ... in workerd are the sockets, in order.
  const socketArgs = sockets.flatMap((server, i) => ['--socket-fd', `s${i}=${3 + i}`]);
  const child = spawn(join(BIN, 'workerd'), ['serve', 'workerd.capnp', ...socketArgs], {
    cwd: app, stdio: ['ignore', 'inherit', 'inherit', ...sockets.map((server) => server._handle.fd)],
  });
  // workerd holds its copies; this process stops listening.
  for (const server of sockets) server.close();
  try {
    for (let i = 0; i < workers.length; i += 1) {
      await waitForPort(ports[i], child);
      const response = await fetch(`http://127.0.0.1:${ports[i]}/`);
      if (!response.ok) throw new Error(`${workers[i].name}: worker answered ${response.status}: ${await response.text()}`);
      check(workers[i].name, await response.json(), workers[i].what);
    }
  } finally {
    child.kill('SIGTERM');
  }
}
