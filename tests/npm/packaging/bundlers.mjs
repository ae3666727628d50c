// Each bundler as its users run it, on one entry's sources (sources.mjs),
// with the tools pinned in the root package.json. A build returns where its
// output is; the runs (node.mjs-like, browser.mjs, workerd.mjs) assert the
// verdicts. Outputs go under <app>/dist/<tool>/<entry id>/.
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT, run } from './harness.mjs';
import { modulePage, scriptPage } from './sources.mjs';

const tools = createRequire(join(ROOT, 'package.json'));
const load = async (name) => import(pathToFileURL(tools.resolve(name)).href);

export const outDir = (app, tool, entry) => join(app, 'dist', tool, entry.id);
const source = (app, entry, file) => join(app, entry.id, file);

/**
 * The .wasm files beside the file a condition points at. esbuild and Rollup
 * do not follow `new URL('…wasm', import.meta.url)`: their users copy the
 * wasm next to the bundle (src/js/README.md says so); the tests do the same.
 */
function copyWasm(app, entry, condition, out) {
  const dir = join(app, 'node_modules/tokenward', dirname(entry.conditions[condition]));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.wasm'))) cpSync(join(dir, file), join(out, file));
}

/** `esbuild --bundle --platform=node`: a Node program, run with node. */
export async function esbuildNode(app, entry) {
  const { build } = await load('esbuild');
  const out = outDir(app, 'esbuild-node', entry);
  await build({ entryPoints: [source(app, entry, 'node-run.js')], bundle: true, platform: 'node', format: 'esm', outfile: join(out, 'run.mjs'), logLevel: 'warning' });
  copyWasm(app, entry, 'node', out);
  return join(out, 'run.mjs');
}

/** `esbuild --platform=neutral --conditions=workerd`, the .wasm as a module. */
export async function esbuildWorkerd(app, entry) {
  const { build } = await load('esbuild');
  const out = outDir(app, 'esbuild-workerd', entry);
  await build({
    entryPoints: [source(app, entry, 'worker.js')], bundle: true, platform: 'neutral', conditions: ['workerd'],
    format: 'esm', outdir: out, loader: { '.wasm': 'copy' }, assetNames: '[name]', logLevel: 'warning',
  });
  return out;
}

/** `wrangler deploy --dry-run --outdir`: what wrangler would upload. */
export function wrangler(app, entry) {
  const out = outDir(app, 'wrangler', entry);
  const config = join(app, `wrangler-${entry.id}.toml`);
  writeFileSync(config, `name = "tokenward-${entry.id}"\nmain = "${entry.id}/worker.js"\ncompatibility_date = "2026-04-01"\n`);
  run(join(BIN, 'wrangler'), ['deploy', '--dry-run', '--outdir', out, '--config', config], app, {
    ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn', CI: '1',
    XDG_CONFIG_HOME: join(app, '.config'), HOME: app,
  });
  return out;
}

async function webpack(config) {
  const { default: webpackFn } = await load('webpack');
  const stats = await new Promise((resolve, reject) =>
    webpackFn({ mode: 'production', performance: { hints: false }, ...config }, (error, result) => (error ? reject(error) : resolve(result))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
}

/** webpack 5, `target: 'node'`: a CommonJS bundle, run with node. */
export async function webpackNode(app, entry) {
  const out = outDir(app, 'webpack-node', entry);
  await webpack({ target: 'node', context: app, entry: source(app, entry, 'node-run.js'), output: { path: out, filename: 'run.cjs' } });
  return join(out, 'run.cjs');
}

/** webpack 5, `target: 'web'`: a script and its page. */
export async function webpackWeb(app, entry) {
  const out = outDir(app, 'webpack-web', entry);
  await webpack({ target: 'web', context: app, entry: source(app, entry, 'page.js'), output: { path: out, filename: 'page.js' } });
  writeFileSync(join(out, 'index.html'), scriptPage('./page.js'));
  return out;
}

/** Rollup with @rollup/plugin-node-resolve (browser) and its asset plugin. */
export async function rollup(app, entry) {
  const { rollup: rollupFn } = await load('rollup');
  const { nodeResolve } = await load('@rollup/plugin-node-resolve');
  const { importMetaAssets } = await load('@web/rollup-plugin-import-meta-assets');
  const out = outDir(app, 'rollup', entry);
  const bundle = await rollupFn({ input: source(app, entry, 'page.js'), plugins: [nodeResolve({ browser: true }), importMetaAssets()], logLevel: 'warn' });
  await bundle.write({ dir: out, format: 'es' });
  await bundle.close();
  writeFileSync(join(out, 'index.html'), modulePage('./page.js'));
  return out;
}

/** `vite build` of every entry's page at once (a multi-page app). */
export async function viteBuild(app, list) {
  const { build } = await load('vite');
  const out = join(app, 'dist', 'vite');
  const input = Object.fromEntries(list.map((entry) => [entry.id, source(app, entry, 'index.html')]));
  // base './': the pages live under dist/vite/<id>/, not at the server's root.
  await build({ root: app, base: './', configFile: false, logLevel: 'warn', build: { outDir: out, emptyOutDir: true, rolldownOptions: { input } } });
  return out;
}

/** The Vite dev server on a port it binds (0: read it back from `httpServer`), as the README configures it. */
export async function viteDev(app, list) {
  const { createServer } = await load('vite');
  const server = await createServer({
    root: app, configFile: false, logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: true },
    optimizeDeps: { exclude: list.map((entry) => entry.spec) },
  });
  await server.listen();
  return server;
}
