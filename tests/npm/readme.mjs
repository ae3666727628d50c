// The package README's examples, run as shipped: the README is read from
// the packed package (so the test covers what npm shows), every fenced block
// runs where its <!-- example: ... --> comment says (readme-blocks.mjs):
// Node blocks against the installed tarball, worker blocks in real workerd,
// browser blocks in headless Chromium against a played provider, and
// type-checked by tsc against the shipped declarations. The
// fixtures (readme-fixtures.mjs) are an ES256 key made with jose, tokens it
// signed and a local server for its key set. Last, the error-code table
// must list exactly the package's ERROR_CODES, in their order, and every
// link to a section of it must land on a heading.
//
//   node --test tests/npm/readme.mjs   (one test per block; pkg/ packed)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { anchors, codeBlocks, linkedAnchors, tableUnder } from './readme-blocks.mjs';
import { ISSUER, SUBJECT, makeFixtures } from './readme-fixtures.mjs';
import { runBrowserBlock } from './readme-browser.mjs';
import { withWorker } from './readme-workerd.mjs';
import { BIN, ROOT, packAndInstall, run } from './packaging/harness.mjs';

const execFileAsync = promisify(execFile);
const PRELOAD = pathToFileURL(new URL('./readme-preload.mjs', import.meta.url).pathname).href;
// The browser blocks name page elements and the token as a page has them.
const BROWSER_GLOBALS = 'declare const token: string;\n';

// Asynchronous: the key-set server runs in this process and must answer.
async function runNode(app, block, index, fixture) {
  const file = join(app, `readme-${index}.mjs`);
  writeFileSync(file, block.code);
  const env = { ...process.env, README_FIXTURE: JSON.stringify({ ...fixture, issuer: ISSUER }) };
  const { stdout } = await execFileAsync('node', ['--import', PRELOAD, file], { cwd: app, env, timeout: 60_000 });
  if (block.options.prints) assert.ok(stdout.includes(block.options.prints), `stdout lacks '${block.options.prints}':\n${stdout}`);
  return stdout;
}

async function runWorker(app, block, fixture) {
  await withWorker(app, block.code, fixture.port, async (url) => {
    // Cold isolate, concurrent requests: they share the key set's first fetch.
    const answers = await Promise.all([1, 2, 3].map(() => fetch(url, { headers: { authorization: `Bearer ${fixture.token}` } })));
    for (const valid of answers) {
      const body = await valid.text();
      assert.equal(valid.status, 200, body);
      if (block.options.prints) assert.ok(body.includes(block.options.prints), `response lacks '${block.options.prints}': ${body}`);
    }
    const expired = await fetch(url, { headers: { authorization: `Bearer ${fixture.expiredToken}` } });
    assert.equal(expired.status, 401, 'an expired token is refused');
    assert.match(await expired.text(), /expired/);
    const none = await fetch(url);
    assert.equal(none.status, 401, 'no token is refused');
  });
}

function typeCheck(app, blocks) {
  if (blocks.length === 0) return;
  const files = blocks.map(({ block, index }) => {
    const file = join(app, `readme-${index}.${block.lang === 'ts' ? 'ts' : 'js'}`);
    // Each block is its own module (top-level await, its own imports).
    writeFileSync(file, `${block.code}\nexport {};\n`);
    return file;
  });
  writeFileSync(join(app, 'readme-globals.d.ts'), BROWSER_GLOBALS);
  run(join(BIN, 'tsc'), ['--noEmit', '--strict', '--allowJs', '--checkJs', '--target', 'es2022', '--module', 'esnext',
    '--moduleResolution', 'bundler', '--lib', 'es2022,dom,dom.iterable', '--skipLibCheck', 'false',
    join(app, 'readme-globals.d.ts'), ...files], app);
}

function errorCodeTable(app, readme) {
  const codes = readFileSync(join(app, 'node_modules/tokenward/codes.js'), 'utf8');
  const shipped = JSON.parse(/ERROR_CODES = Object\.freeze\((\[.*?\])\)/.exec(codes)[1]);
  const rows = tableUnder(readme, 'Error codes');
  const listed = rows.map(([code]) => code.replace(/`/g, ''));
  assert.deepEqual(listed, shipped, 'the README\'s error-code table lists ERROR_CODES, in order');
  for (const [code, meaning] of rows) assert.ok(meaning.length > 10, `${code} has no meaning in the table`);
  console.log(`readme: error-code table = ERROR_CODES (${shipped.length} codes)`);
}

// Links into the package README (its own, and the repository README's)
// land on a heading: sections get renamed, links must follow.
function links(readme) {
  const known = anchors(readme);
  const root = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const linked = [...linkedAnchors(readme), ...linkedAnchors(root, 'src/js/README.md')];
  for (const anchor of linked) assert.ok(known.has(anchor), `a link to #${anchor}: no such heading in the package README`);
  console.log(`readme: ${linked.length} links to its sections land on a heading`);
}

const work = mkdtempSync(join(tmpdir(), 'tokenward-readme-'));
const fixtures = await makeFixtures();
const app = packAndInstall(work);
// tokenward/hono's example imports hono (the package's optional peer):
// the workspace's dev copy, as an app would have installed it.
symlinkSync(join(ROOT, 'node_modules/hono'), join(app, 'node_modules/hono'), 'dir');
const readme = readFileSync(join(app, 'node_modules/tokenward/README.md'), 'utf8');
const blocks = codeBlocks(readme).map((block, index) => ({ block, index }));
const fixture = {
  jwks: fixtures.jwks, token: fixtures.token, expiredToken: fixtures.expiredToken, port: fixtures.port,
  boundToken: fixtures.boundToken, dpopClientJwk: fixtures.dpopClientJwk,
};
const counts = { node: 0, workerd: 0, browser: 0, tsc: 0, none: 0 };
after(async () => {
  await fixtures.close();
  rmSync(work, { recursive: true, force: true });
});

for (const { block, index } of blocks) {
  counts[block.runner] += 1;
  const where = `README line ${block.line} (${block.runner})`;
  test(where, async () => {
    if (block.runner === 'none') {
      assert.ok(!['js', 'ts'].includes(block.lang), `${where}: a ${block.lang} block must run`);
      return;
    }
    assert.ok(['js', 'ts'].includes(block.lang), `${where}: only js/ts blocks run`);
    try {
      if (block.runner === 'node') await runNode(app, block, index, fixture);
      if (block.runner === 'workerd') await runWorker(app, block, fixture);
      if (block.runner === 'browser') await runBrowserBlock(app, block.code, fixtures);
    } catch (error) {
      throw new Error(`${where} failed: ${error.message}\n${error.stderr ?? ''}`, { cause: error });
    }
  });
}

test('the browser and tsc blocks type-check against the shipped .d.ts', () => {
  typeCheck(app, blocks.filter(({ block }) => ['browser', 'tsc'].includes(block.runner)));
});

test("the error-code table lists the package's ERROR_CODES, in order", () => {
  errorCodeTable(app, readme);
});

test('every link to a README section lands on a heading', () => {
  links(readme);
});

test('the examples ran: Node blocks exist, and the remote key-set ones fetched', (t) => {
  assert.ok(counts.node > 0, 'no Node block ran');
  assert.ok(fixtures.served.fetches > 0, 'the remote key-set examples fetched from the fixture server');
  t.diagnostic(`${counts.node} node, ${counts.workerd} workerd, ${counts.browser} Chromium, ${counts.tsc} tsc only, ${counts.none} not runnable; subject ${SUBJECT}`);
});
