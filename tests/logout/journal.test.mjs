// JournalRevocationStore from the packed package: an append-only JSON-lines
// file, fsynced per record. A last line cut short by a crash (never
// acknowledged) is dropped on open; a damaged line before it refuses to
// open; prune rewrites the file and keeps what is still needed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPacked } from './packed.mjs';

let packed;

before(async () => {
  packed = await installPacked();
});

after(() => {
  rmSync(packed.work, { recursive: true, force: true });
});

const record = (jti, keepUntil) => ({ jti, sid: `s-${jti}`, iat: 1000, rememberUntil: 1330, keepUntil });

test('add is an insert-if-absent by jti, and what was added survives reopening', async () => {
  const { JournalRevocationStore } = packed.tokenward;
  const path = join(packed.work, 'reopen.journal');
  const store = new JournalRevocationStore(path);
  assert.equal(await store.add(record('a', 5000)), true);
  assert.equal(await store.add(record('a', 5000)), false);
  assert.equal(await store.add(record('b', 5000)), true);
  await store.close();
  const reopened = new JournalRevocationStore(path);
  assert.deepEqual((await reopened.list()).map(({ jti }) => jti), ['a', 'b']);
  assert.equal(await reopened.add(record('a', 5000)), false, 'the replay memory survives a restart');
  await reopened.close();
});

test('a torn last line is dropped on open; a damaged earlier line refuses to open', async () => {
  const { JournalRevocationStore } = packed.tokenward;
  const torn = join(packed.work, 'torn.journal');
  writeFileSync(torn, `${JSON.stringify(record('a', 5000))}\n`);
  appendFileSync(torn, '{"jti":"b","si');
  const store = new JournalRevocationStore(torn);
  assert.deepEqual((await store.list()).map(({ jti }) => jti), ['a']);
  assert.equal(await store.add(record('c', 5000)), true);
  await store.close();
  assert.deepEqual(readFileSync(torn, 'utf8').trim().split('\n').map((line) => JSON.parse(line).jti), ['a', 'c']);

  const damaged = join(packed.work, 'damaged.journal');
  writeFileSync(damaged, `not json\n${JSON.stringify(record('a', 5000))}\n`);
  assert.throws(() => new JournalRevocationStore(damaged), /line 1 is not JSON/);
});

test('prune drops records past keepUntil and keeps the rest on disk', async () => {
  const { JournalRevocationStore } = packed.tokenward;
  const path = join(packed.work, 'prune.journal');
  const store = new JournalRevocationStore(path);
  await store.add(record('old', 100));
  await store.add(record('new', 5000));
  assert.equal(await store.prune(200), 1);
  assert.equal(await store.add(record('later', 5000)), true, 'appends after the rewrite');
  await store.close();
  const reopened = new JournalRevocationStore(path);
  assert.deepEqual((await reopened.list()).map(({ jti }) => jti), ['new', 'later']);
  await reopened.close();
});
