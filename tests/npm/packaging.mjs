// The packaging matrix, on the artifact users get: `npm pack` of pkg/,
// installed into a temporary project, then used as users do — for every
// verifier entry of the package's `exports` (`.`, `./slim`, `./spa`, and
// any added later; the gateway entries `./edge` and `./hono` run their own
// cases in Node and workerd, see packaging/gateways.mjs):
//   Node:     ESM import (which also picks the entry's fixture cases),
//             require(), esbuild --platform=node, webpack target node;
//   workerd:  the unbundled package, esbuild --platform=neutral
//             --conditions=workerd, `wrangler deploy --dry-run` output;
//   Chromium: Vite dev server, vite build, webpack target web, Rollup,
//             each bundle shipping its entry's browser wasm (for
//             'tokenward', the browser build) and refusing what only a
//             server runs (packaging/app/server-only.js);
//   types:    tsc per entry, declarations = runtime exports;
//   manifest: metadata, licences and changelog shipped, sideEffects.
// Every case asserts verdicts (the differential fixture: every case the
// entry's algorithms allow, valid tokens and refusals), none just "loads".
// Pieces live in tests/npm/packaging/, one concept per file. Run:
// `node --test tests/npm/packaging.mjs` (one test per host; ~1 min).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runPages, serveStatic } from './packaging/browser.mjs';
import * as bundle from './packaging/bundlers.mjs';
import { check, entries, packAndInstall, run, step } from './packaging/harness.mjs';
import { GATEWAY_KEYS, gatewayNode, writeGatewaySources } from './packaging/gateways.mjs';
import { manifest } from './packaging/manifest.mjs';
import { hostCrypto, nodeImport, nodeRequire } from './packaging/node.mjs';
import { writeSources } from './packaging/sources.mjs';
import { typescript } from './packaging/types.mjs';
import { assertBrowserWasm } from './packaging/wasm-shipped.mjs';
import { bundleModules, packageModules, runWorkers } from './packaging/workerd.mjs';

const work = mkdtempSync(join(tmpdir(), 'tokenward-packaging-'));
let app;
let all;
let list;
let gateways;
before(() => {
  app = packAndInstall(work);
  all = entries(app);
  list = all.filter((entry) => !GATEWAY_KEYS.includes(entry.key));
  gateways = all.filter((entry) => GATEWAY_KEYS.includes(entry.key));
  console.log(`packaging: entries ${all.map((entry) => entry.key).join(', ')}`);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('manifest: metadata, licences, changelog, sideEffects', () => {
  manifest(app, all);
});

test('Node: import and require per entry, host crypto, the gateways, esbuild and webpack bundles', async () => {
  // An entry runs where its conditions say it can: `node` in Node,
  // `workerd` in workerd, and every entry in the browser (`default`).
  for (const entry of list) {
    nodeImport(app, entry);
    writeSources(app, entry);
    if (entry.conditions.node) nodeRequire(app, entry);
  }
  hostCrypto(app);
  await writeGatewaySources(app, gateways);
  for (const entry of gateways) gatewayNode(app, entry);
  for (const entry of list) {
    if (!entry.conditions.node) continue;
    step(`bundling '${entry.spec}' for Node`);
    for (const [tool, build] of [['esbuild --platform=node', bundle.esbuildNode], ['webpack target node', bundle.webpackNode]]) {
      check(`${tool} '${entry.spec}' in Node`, JSON.parse(run('node', [await build(app, entry)], app)));
    }
  }
});

test('TypeScript: tsc per entry, declarations = runtime exports', () => {
  typescript(app, list, gateways);
});

test('workerd: the unbundled package, esbuild and wrangler bundles', async () => {
  const workers = [];
  for (const entry of list) {
    if (!entry.conditions.workerd) continue;
    step(`bundling '${entry.spec}' for workerd`);
    workers.push({ name: `workerd, unbundled '${entry.spec}'`, modules: packageModules(app, entry) });
    workers.push({ name: `esbuild --conditions=workerd '${entry.spec}' in workerd`, modules: bundleModules(app, await bundle.esbuildWorkerd(app, entry), 'worker.js') });
    workers.push({ name: `wrangler --dry-run '${entry.spec}' in workerd`, modules: bundleModules(app, bundle.wrangler(app, entry), 'worker.js') });
  }
  for (const entry of gateways) {
    step(`bundling '${entry.spec}' for workerd`);
    const what = 'gateway verdicts';
    workers.push({ name: `esbuild --conditions=workerd '${entry.spec}' in workerd`, what, modules: bundleModules(app, await bundle.esbuildWorkerd(app, entry), 'worker.js') });
    workers.push({ name: `wrangler --dry-run '${entry.spec}' in workerd`, what, modules: bundleModules(app, bundle.wrangler(app, entry), 'worker.js') });
  }
  step('workerd');
  if (workers.length > 0) await runWorkers(app, workers);
});

test('Chromium: Vite dev server, vite build, webpack target web, Rollup', async () => {
  step('browser bundles: vite build, webpack target web, Rollup');
  await bundle.viteBuild(app, list);
  const shipped = [{ name: 'vite build (every page)', dir: join(app, 'dist', 'vite'), entries: list }];
  for (const entry of list) {
    shipped.push({ name: `webpack target web '${entry.spec}'`, dir: await bundle.webpackWeb(app, entry), entries: [entry] });
    shipped.push({ name: `Rollup '${entry.spec}'`, dir: await bundle.rollup(app, entry), entries: [entry] });
  }
  assertBrowserWasm(app, shipped);
  // Port 0: the server binds a free port and says which (no pick-then-bind race).
  const vite = await bundle.viteDev(app, list);
  const { port } = vite.httpServer.address();
  const dist = await serveStatic(join(app, 'dist'));
  try {
    const pages = list.flatMap((entry) => [
      { name: `Vite dev server '${entry.spec}' in Chromium`, url: `http://127.0.0.1:${port}/${entry.id}/index.html` },
      { name: `vite build '${entry.spec}' in Chromium`, url: `http://127.0.0.1:${dist.port}/vite/${entry.id}/index.html` },
      { name: `webpack target web '${entry.spec}' in Chromium`, url: `http://127.0.0.1:${dist.port}/webpack-web/${entry.id}/index.html` },
      { name: `Rollup '${entry.spec}' in Chromium`, url: `http://127.0.0.1:${dist.port}/rollup/${entry.id}/index.html` },
    ]);
    await runPages(pages);
  } finally {
    dist.close();
    await vite.close();
  }
});
