// Which wasm a browser bundle ships: each entry's `browser` condition loads
// the wasm beside it (for 'tokenward', the browser build without the
// server-only features, not the full one its node and workerd conditions
// load). Vite, webpack and Rollup output is searched for .wasm files and
// each one is matched, by its bytes, with the package's builds.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { step } from './harness.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function wasmFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f));
}

/** Every .wasm of the installed package by its hash: its path in the package and size. */
function packageBuilds(app) {
  const root = join(app, 'node_modules/tokenward');
  return new Map(wasmFiles(root).map((file) => {
    const bytes = readFileSync(file);
    return [sha256(bytes), { path: relative(root, file), size: bytes.length }];
  }));
}

/** The package path of the wasm an entry's browser condition loads. */
const browserWasm = (entry) => join(dirname(entry.conditions.browser.slice(2)), 'tokenward_bg.wasm');

/**
 * Throws unless each bundle directory holds exactly the wasm of its
 * entries' browser condition. `bundles`: [{ name, dir, entries }].
 */
export function assertBrowserWasm(app, bundles) {
  step('the wasm each browser bundle ships');
  const builds = packageBuilds(app);
  const failures = [];
  for (const { name, dir, entries } of bundles) {
    const want = [...new Set(entries.map(browserWasm))].sort();
    const got = wasmFiles(dir).map((file) => builds.get(sha256(readFileSync(file)))?.path ?? `${relative(dir, file)} (no build's)`).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${name}: ships ${got.join(', ') || 'no wasm'}, expected ${want.join(', ')}`);
    else console.log(`packaging: ${name} ships ${got.map((path) => `${path} (${[...builds.values()].find((b) => b.path === path).size} bytes)`).join(', ')}`);
  }
  if (failures.length) throw new Error(failures.join('\n'));
}
