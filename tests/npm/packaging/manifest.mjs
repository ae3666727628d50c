// The installed package's manifest and files: metadata a registry page and
// a security review read, the licences and changelog shipped, and the
// `sideEffects` rule that keeps bundlers from dropping the wasm set-up.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { step } from './harness.mjs';

export function manifest(app, list) {
  step('package.json metadata, shipped files, sideEffects');
  const dir = join(app, 'node_modules/tokenward');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const failures = [];
  for (const field of ['keywords', 'license']) {
    if (pkg[field] === undefined) failures.push(`package.json has no ${field}`);
  }
  // Where the project lives: all three from the workspace's `repository`,
  // or none (no public home yet); never a placeholder.
  const home = ['repository', 'homepage', 'bugs'].filter((field) => pkg[field] !== undefined);
  if (home.length !== 0 && home.length !== 3) failures.push(`package.json has ${home.join(', ')} but not all of repository, homepage, bugs`);
  if (/example\.(invalid|com|org)|localhost/.test(JSON.stringify(home.map((field) => pkg[field])))) failures.push('package.json names a placeholder home');
  for (const file of ['README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) {
    if (!existsSync(join(dir, file))) failures.push(`${file} is not shipped`);
  }
  // The entries that set the wasm up at import must be kept by a bundler.
  if (!Array.isArray(pkg.sideEffects)) failures.push(`sideEffects is ${JSON.stringify(pkg.sideEffects)}, not a list`);
  for (const entry of list) {
    for (const condition of ['node', 'workerd'].filter((c) => entry.conditions[c])) {
      if (!pkg.sideEffects?.includes(entry.conditions[condition])) failures.push(`sideEffects leaves out ${entry.conditions[condition]}`);
    }
  }
  if (failures.length) throw new Error(failures.join('\n'));
  console.log(`packaging: manifest: metadata, licences, changelog; sideEffects ${pkg.sideEffects.join(', ')}`);
}
