// Packaging tests on the artifact users get: `npm pack` of pkg/, installed
// into a temporary project, then used as users would:
//   1. Node ESM: `import ... from 'tokenward'` (no init) + the differential
//      fixture with verify and verifyAsync, and `tokenward/slim`; then
//      tests/npm/host-crypto.mjs with node:crypto and with WebCrypto;
//   2. TypeScript: tsc --noEmit --strict on a sample against the shipped .d.ts;
//   3. Vite: a tiny page built by `vite build`, loaded in headless Debian
//      Chromium through playwright-core, running the fixture in the browser;
//   4. workerd: a module worker importing 'tokenward' (its `workerd` export
//      condition, .wasm imported as a module), running the fixture.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./packaging/', import.meta.url));
const FIXTURE = join(ROOT, 'tests/differential/cases.json');
const BIN = join(ROOT, 'node_modules/.bin');
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const step = (name) => console.log(`packaging: ${name}`);

function check(name, result) {
  if (result.failures.length > 0 || result.total === 0) {
    throw new Error(`${name}: ${result.failures.length} failures over ${result.total} cases:\n  ${result.failures.join('\n  ')}`);
  }
  console.log(`packaging: ${name}: ${result.total} cases agree (verify and verifyAsync)`);
}

/** A free loopback port (checked free now; servers below bind it at once). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} did not open`);
}

function packAndInstall(work) {
  step('npm pack pkg/');
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work, join(ROOT, 'pkg')], ROOT).trim().split('\n').pop();
  const app = join(work, 'app');
  cpSync(HERE, app, { recursive: true });
  cpSync(FIXTURE, join(app, 'cases.json'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(work, tarball)], app);
  return app;
}

async function nodeEsm(app) {
  step('Node ESM import');
  writeFileSync(join(app, 'node-check.mjs'), `
    import * as tokenward from 'tokenward';
    import * as slim from 'tokenward/slim';
    import { runDifferential } from ${JSON.stringify(join(ROOT, 'tests/npm/differential.mjs'))};
    const result = await runDifferential(tokenward, ${JSON.stringify(FIXTURE)});
    if (!(new tokenward.TokenError('x', 'y') instanceof Error)) result.failures.push('TokenError is not an Error');
    // The slim build verifies ES256 and does not know RS256.
    const { jwks, cases } = JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(FIXTURE)}, 'utf8'));
    const es = cases.find((c) => c.name === 'alg-ES256/valid');
    new slim.Verifier({ jwks: jwks.main, ...es.options, algorithms: ['ES256'] }).verify(es.token, { now: es.now });
    try {
      new slim.Verifier({ jwks: jwks.main, algorithms: ['RS256'] });
      result.failures.push('slim accepted RS256');
    } catch (error) {
      if (error.code !== 'invalid_options') result.failures.push('slim RS256: ' + error.code);
    }
    // ... and leaves out lint, RemoteKeySet and RevocationList, saying so.
    for (const use of [() => slim.lint(es.token), () => new slim.RemoteKeySet('http://127.0.0.1/'), () => slim.RevocationList.fromJSON('{}')]) {
      try {
        use();
        result.failures.push('slim has a part it should leave out');
      } catch (error) {
        if (error.code !== 'unsupported') result.failures.push('slim: ' + error.code);
      }
    }
    console.log(JSON.stringify(result));
  `);
  check('Node ESM', JSON.parse(run('node', ['node-check.mjs'], app)));
}

/** tests/npm/host-crypto.mjs on the installed package, once per host. */
function hostCrypto(app) {
  step('one verdict with node:crypto and with WebCrypto');
  const script = join(ROOT, 'tests/npm/host-crypto.mjs');
  for (const host of ['node', 'webcrypto']) {
    console.log(run('node', [script, host, join(app, 'node_modules/tokenward')], app).trim());
  }
}

function typescript(app) {
  step('tsc --noEmit on a sample');
  run(join(BIN, 'tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', '--skipLibCheck', 'false', 'types.ts'], app);
  console.log('packaging: TypeScript declarations check');
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

async function viteInChromium(app) {
  step('vite build + headless Chromium');
  run('node', [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  const dist = join(app, 'dist');
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    try {
      const body = readFileSync(join(dist, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { chromium } = await import(join(ROOT, 'node_modules/playwright-core/index.mjs'));
  const profile = mkdtempSync(join(tmpdir(), 'tokenward-chromium-'));
  // A fresh profile per run; playwright takes it as an argument.
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
    const result = await page.evaluate(() => window.__result);
    result.failures.push(...errors);
    check('Vite page in Chromium', result);
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The module names workerd needs: the package entry by its bare name. */
function workerdConfig(app, port) {
  const pkgDir = join(app, 'node_modules/tokenward');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const entry = manifest.exports['.'].workerd.replace(/^\.\//, '');
  // Every module of the package beside the entry, under its file name (the
  // entry's relative imports resolve to these). The node-only modules
  // (node:fs, node:crypto) are left out, as a bundler for workerd would.
  const files = readdirSync(pkgDir).filter((f) => f.endsWith('.js') && f !== entry && !f.startsWith('node'));
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    `(name = "verdicts.js", esModule = embed "verdicts.js")`,
    `(name = "tokenward", esModule = embed "node_modules/tokenward/${entry}")`,
    ...files.map((f) => `(name = "${f}", esModule = embed "node_modules/tokenward/${f}")`),
    `(name = "tokenward_bg.wasm", wasm = embed "node_modules/tokenward/tokenward_bg.wasm")`,
  ];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    ${modules.join(',\n    ')}
  ],
  compatibilityDate = "2026-11-17",
);
`;
}

async function workerd(app) {
  step('workerd module worker');
  const port = await freePort();
  writeFileSync(join(app, 'workerd.capnp'), workerdConfig(app, port));
  const child = spawn(join(BIN, 'workerd'), ['serve', 'workerd.capnp'], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await waitForPort(port, child);
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: readFileSync(FIXTURE) });
    if (!response.ok) throw new Error(`worker answered ${response.status}: ${await response.text()}`);
    check('workerd worker', await response.json());
  } finally {
    child.kill('SIGTERM');
  }
}

const work = mkdtempSync(join(tmpdir(), 'tokenward-packaging-'));
try {
  const app = packAndInstall(work);
  await nodeEsm(app);
  hostCrypto(app);
  typescript(app);
  await viteInChromium(app);
  await workerd(app);
  console.log('packaging: all green');
} finally {
  rmSync(work, { recursive: true, force: true });
}
