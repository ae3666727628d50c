// The packaging matrix's shared pieces: the packed package installed into a
// temporary project, its `exports` entries, processes, ports and verdicts.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../scripts/free-port.mjs';

export { freePort };

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURE = join(ROOT, 'tests/differential/cases.json');
export const BIN = join(ROOT, 'node_modules/.bin');
const APP_FILES = fileURLToPath(new URL('./app/', import.meta.url));

export const run = (cmd, args, cwd, env) =>
  execFileSync(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
export const step = (name) => console.log(`packaging: ${name}`);

/** Throws unless every case agreed; `result` is what verdicts.js returns. */
export function check(name, result, what = 'verify and verifyAsync') {
  if (result.failures.length > 0 || result.total === 0) {
    const shown = result.failures.slice(0, 10).join('\n  ');
    const more = result.failures.length > 10 ? `\n  ... and ${result.failures.length - 10} more` : '';
    throw new Error(`${name}: ${result.failures.length} failures over ${result.total} cases:\n  ${shown}${more}`);
  }
  console.log(`packaging: ${name}: ${result.total} cases agree (${what})`);
}

/** `npm pack` of pkg/, installed into a fresh project under `work`. */
export function packAndInstall(work) {
  step('npm pack pkg/');
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work, join(ROOT, 'pkg')], ROOT).trim().split('\n').pop();
  const app = join(work, 'app');
  cpSync(APP_FILES, app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(work, tarball)], app);
  return app;
}

/**
 * Every entry of the installed package's `exports` (`.`, `./slim`, and any
 * added later): its import specifier, a directory-safe id and its manifest
 * conditions. `./package.json` is not code.
 */
export function entries(app) {
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/tokenward/package.json'), 'utf8'));
  return Object.entries(manifest.exports)
    .filter(([, conditions]) => typeof conditions === 'object')
    .map(([key, conditions]) => ({
      key,
      spec: key === '.' ? 'tokenward' : `tokenward/${key.slice(2)}`,
      id: key === '.' ? 'main' : key.slice(2).replace(/[^a-z0-9]/gi, '-'),
      conditions,
    }));
}

export async function waitForPort(port, child, timeoutMs = 20_000) {
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
