// The packed package: `npm pack` of pkg/, installed offline into a
// temporary project, as a user gets it. The suite imports it from there and
// runs its `tokenward` bin.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `{ work, app, bin, tokenward }`: a scratch dir, the project, the bin, the imported package. */
export async function installPacked() {
  const work = mkdtempSync(join(tmpdir(), 'tokenward-logout-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, join(ROOT, 'pkg')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(work, tarball)], { cwd: app });
  const entry = pathToFileURL(join(app, 'node_modules/tokenward/node.js')).href;
  return { work, app, bin: join(app, 'node_modules/.bin/tokenward'), tokenward: await import(entry) };
}
