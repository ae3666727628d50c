// The packaging matrix, on the artifact users get: `npm pack` of pkg/,
// installed into a temporary project, then used as users do — for every
// entry of the package's `exports` (`.`, `./slim`, and any added later):
//   Node:     ESM import (which also picks the entry's fixture cases),
//             require(), esbuild --platform=node, webpack target node;
//   workerd:  the unbundled package, esbuild --platform=neutral
//             --conditions=workerd, `wrangler deploy --dry-run` output;
//   Chromium: Vite dev server, vite build, webpack target web, Rollup;
//   types:    tsc per entry, declarations = runtime exports;
//   manifest: metadata, licences and changelog shipped, sideEffects.
// Every case asserts verdicts (the differential fixture: every case the
// entry's algorithms allow, valid tokens and refusals), none just "loads".
// Pieces live in tests/npm/packaging/, one concept per file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPages, serveStatic } from './packaging/browser.mjs';
import * as bundle from './packaging/bundlers.mjs';
import { check, entries, freePort, packAndInstall, run, step } from './packaging/harness.mjs';
import { manifest } from './packaging/manifest.mjs';
import { hostCrypto, nodeImport, nodeRequire } from './packaging/node.mjs';
import { writeSources } from './packaging/sources.mjs';
import { typescript } from './packaging/types.mjs';
import { bundleModules, packageModules, runWorkers } from './packaging/workerd.mjs';

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'tokenward-packaging-'));
try {
  const app = packAndInstall(work);
  const list = entries(app);
  console.log(`packaging: entries ${list.map((entry) => entry.key).join(', ')}`);
  manifest(app, list);

  // An entry runs where its conditions say it can: `node` in Node,
  // `workerd` in workerd, and every entry in the browser (`default`).
  for (const entry of list) {
    nodeImport(app, entry);
    writeSources(app, entry);
    if (entry.conditions.node) nodeRequire(app, entry);
  }
  hostCrypto(app);
  typescript(app, list);

  const workers = [];
  for (const entry of list) {
    step(`bundling '${entry.spec}' for Node and workerd`);
    for (const [tool, build] of [['esbuild --platform=node', bundle.esbuildNode], ['webpack target node', bundle.webpackNode]]) {
      if (entry.conditions.node) check(`${tool} '${entry.spec}' in Node`, JSON.parse(run('node', [await build(app, entry)], app)));
    }
    if (!entry.conditions.workerd) continue;
    workers.push({ name: `workerd, unbundled '${entry.spec}'`, modules: packageModules(app, entry) });
    workers.push({ name: `esbuild --conditions=workerd '${entry.spec}' in workerd`, modules: bundleModules(app, await bundle.esbuildWorkerd(app, entry), 'worker.js') });
    workers.push({ name: `wrangler --dry-run '${entry.spec}' in workerd`, modules: bundleModules(app, bundle.wrangler(app, entry), 'worker.js') });
  }
  step('workerd');
  if (workers.length > 0) await runWorkers(app, workers);

  step('browser bundles: vite build, webpack target web, Rollup');
  await bundle.viteBuild(app, list);
  for (const entry of list) {
    await bundle.webpackWeb(app, entry);
    await bundle.rollup(app, entry);
  }
  const port = await freePort();
  const vite = await bundle.viteDev(app, list, port);
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
  console.log(`packaging: all green (${((Date.now() - started) / 1000).toFixed(0)} s)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
