// docs/ARCHITECTURE.md names files and functions; this keeps it honest.
// Checked, outside fenced code blocks:
//   - every backticked path (a/b.rs, dir/, a name with a known extension)
//     exists: from the repo root, or as the tail of a file's path (the
//     tables name files relative to their section's directory); `*` globs;
//   - every backticked Rust path (`Type::function`, `module::Type`) has its
//     last name declared in a Rust source (fn, struct, enum, trait, type,
//     const, mod, or an enum variant), and a capitalised first name too;
//   - every relative Markdown link resolves, #anchors included (GitHub's
//     heading slugs).
// Run: node --test tests/docs/architecture-links.mjs  (DOCS="a.md b.md" for others)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP_DIRS = new Set(['.git', 'node_modules', 'target', '.venv', 'corpus']);
const EXTENSIONS = /\.(rs|mjs|js|ts|md|toml|json|sh|py|mk|capnp|lua)$/;
const RUST_DIRS = ['crates', 'src', 'fuzz'];

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(relative(ROOT, path));
  }
  return out;
}

const files = walk(ROOT);
const rustSource = RUST_DIRS.flatMap((dir) => (existsSync(join(ROOT, dir)) ? walk(join(ROOT, dir)) : []))
  .filter((file) => file.endsWith('.rs'))
  .map((file) => readFileSync(join(ROOT, file), 'utf8'))
  .join('\n');

/** Prose lines: fenced code blocks left out. */
function prose(text) {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (line.trimStart().startsWith('```')) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  }).join('\n');
}

function globToRegExp(glob) {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`(^|/)${escaped}$`);
}

function pathExists(name) {
  const directory = name.endsWith('/');
  const bare = directory ? name.slice(0, -1) : name;
  if (!bare.includes('*') && existsSync(join(ROOT, bare))) {
    return !directory || statSync(join(ROOT, bare)).isDirectory();
  }
  const tail = globToRegExp(bare);
  return files.some((file) => tail.test(directory ? dirname(file) : file));
}

function looksLikePath(span) {
  if (!/^[\w.\-/*]+$/.test(span) || span.startsWith('.')) return false;
  if (EXTENSIONS.test(span)) return true;
  // tokenward/spa is an import specifier, not a path: a slash only counts
  // when the first segment is a directory of the repo.
  return span.includes('/') && existsSync(join(ROOT, span.split('/')[0]));
}

function declared(name) {
  const escaped = name.replace(/[$]/g, '\\$&');
  const item = new RegExp(`\\b(fn|struct|enum|trait|type|const|static|mod)\\s+${escaped}\\b`);
  const variant = new RegExp(`^\\s+${escaped}(\\s*[,({]|\\s*$)`, 'm');
  return item.test(rustSource) || variant.test(rustSource);
}

function rustPathProblems(span) {
  const names = span.split('::');
  const problems = [];
  const last = names[names.length - 1];
  if (!declared(last)) problems.push(`\`${span}\`: no Rust declaration of ${last}`);
  if (/^[A-Z]/.test(names[0]) && !declared(names[0])) {
    problems.push(`\`${span}\`: no Rust declaration of ${names[0]}`);
  }
  return problems;
}

function slug(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(file) {
  const seen = new Map();
  const out = new Set();
  for (const match of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const base = slug(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

function linkProblems(doc, target) {
  if (/^[a-z]+:/.test(target)) return [];
  const [path, anchor] = target.split('#');
  const file = path === '' ? doc : resolve(dirname(doc), path);
  if (!existsSync(file)) return [`link ${target}: ${relative(ROOT, file)} does not exist`];
  if (anchor && file.endsWith('.md') && !anchors(file).has(anchor)) {
    return [`link ${target}: no heading with the anchor #${anchor}`];
  }
  return [];
}

function check(doc) {
  const text = prose(readFileSync(doc, 'utf8'));
  const problems = [];
  let spans = 0;
  for (const [, span] of text.matchAll(/`([^`\n]+)`/g)) {
    if (/^[A-Za-z_]\w*(::[A-Za-z_]\w*)+$/.test(span)) {
      spans += 1;
      problems.push(...rustPathProblems(span));
    } else if (looksLikePath(span)) {
      spans += 1;
      if (!pathExists(span)) problems.push(`\`${span}\`: no such file or directory`);
    }
  }
  let links = 0;
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    links += 1;
    problems.push(...linkProblems(doc, target));
  }
  return { problems, spans, links };
}

const docs = (process.env.DOCS ?? 'docs/ARCHITECTURE.md').split(/\s+/).filter(Boolean);
for (const doc of docs) {
  test(`${doc}: every path, Rust name and link resolves`, (t) => {
    const { problems, spans, links } = check(resolve(ROOT, doc));
    assert.deepEqual(problems, []);
    // It read the page: a page it found nothing in is a broken check.
    assert.ok(spans > 0, 'no path or Rust name found');
    t.diagnostic(`${spans} paths and Rust names, ${links} links`);
  });
}
