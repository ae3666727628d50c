// Where a logout receiver keeps what it accepted: one record per logout
// token. The interface is four async methods, so a shared database can
// stand behind it (docs/revocation.md: Redis, Postgres):
//   add(record)   -> true, or false when a record with that jti exists:
//                    an atomic insert-if-absent, the replay authority
//                    across every receiver sharing the store;
//   list()        -> every record kept;
//   prune(now)    -> drops records whose keepUntil is before `now`;
//   close()       -> releases the store.
// A record: { jti, sid?, sub?, iat, rememberUntil, keepUntil } (Unix s).
import { OptionsError } from './errors.js';

/** Records in memory: tests, and one-process receivers that may lose them. */
export class MemoryRevocationStore {
  #records = new Map();

  async add(record) {
    if (this.#records.has(record.jti)) return false;
    this.#records.set(record.jti, { ...record });
    return true;
  }

  async list() {
    return [...this.#records.values()].map((record) => ({ ...record }));
  }

  async prune(now) {
    let dropped = 0;
    for (const [jti, record] of this.#records) {
      if (record.keepUntil < now) {
        this.#records.delete(jti);
        dropped += 1;
      }
    }
    return dropped;
  }

  async close() {}
}

/**
 * Records in an append-only JSON-lines journal, one fsync per record before
 * `add` resolves: a receiver killed at any instant restarts with every
 * record it answered 200 for. A last line cut short by a crash (never
 * acknowledged) is dropped on open; a damaged line elsewhere refuses to
 * open. `prune` rewrites the journal to a temporary file, fsyncs it and
 * renames it over the old one. One process per journal.
 */
export class JournalRevocationStore {
  #path;
  #fs;
  #fd = null;
  #records = new Map();

  /** @param {string} path the journal file (created when absent) */
  constructor(path) {
    if (typeof path !== 'string' || path === '') throw new OptionsError('JournalRevocationStore needs a file path');
    // Through process.getBuiltinModule, not an import: the module stays
    // loadable by browser bundlers, and only this store needs a file system.
    const fs = globalThis.process?.getBuiltinModule?.('node:fs');
    if (fs === undefined) {
      throw new OptionsError('JournalRevocationStore needs Node >= 20.16 (node:fs); pass another store');
    }
    this.#path = path;
    this.#fs = fs;
    this.#load();
    this.#fd = fs.openSync(path, 'a');
  }

  /** The journal's path. */
  get path() {
    return this.#path;
  }

  #load() {
    let data;
    try {
      data = this.#fs.readFileSync(this.#path);
    } catch (error) {
      if (error?.code === 'ENOENT') return;
      throw error;
    }
    // After the last newline is either nothing or a line whose write was
    // cut short: never acknowledged, so dropped.
    const end = data.lastIndexOf(0x0a) + 1;
    if (end < data.length) this.#truncate(end);
    const lines = data.subarray(0, end).toString('utf8').split('\n');
    lines.forEach((line, index) => {
      if (line === '') return;
      let record;
      try {
        record = JSON.parse(line);
      } catch {
        throw new Error(`${this.#path}: line ${index + 1} is not JSON; the journal is damaged`);
      }
      this.#records.set(record.jti, record);
    });
  }

  #truncate(bytes) {
    const fd = this.#fs.openSync(this.#path, 'r+');
    try {
      this.#fs.ftruncateSync(fd, bytes);
      this.#fs.fsyncSync(fd);
    } finally {
      this.#fs.closeSync(fd);
    }
  }

  async add(record) {
    if (this.#fd === null) throw new Error('JournalRevocationStore is closed');
    if (this.#records.has(record.jti)) return false;
    // Synchronous write and fsync: nothing else runs in between, so the
    // check above and the append are one step.
    this.#fs.writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    this.#fs.fsyncSync(this.#fd);
    this.#records.set(record.jti, { ...record });
    return true;
  }

  async list() {
    return [...this.#records.values()].map((record) => ({ ...record }));
  }

  async prune(now) {
    const kept = [...this.#records.values()].filter((record) => record.keepUntil >= now);
    const dropped = this.#records.size - kept.length;
    if (dropped === 0) return 0;
    const fs = this.#fs;
    const temporary = `${this.#path}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeSync(fd, kept.map((record) => `${JSON.stringify(record)}\n`).join(''));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.closeSync(this.#fd);
    fs.renameSync(temporary, this.#path);
    syncDirectoryOf(fs, this.#path);
    this.#fd = fs.openSync(this.#path, 'a');
    this.#records = new Map(kept.map((record) => [record.jti, record]));
    return dropped;
  }

  async close() {
    if (this.#fd !== null) this.#fs.closeSync(this.#fd);
    this.#fd = null;
  }
}

/** Makes a rename durable: fsync of the directory that holds `path`. */
function syncDirectoryOf(fs, path) {
  const slash = path.lastIndexOf('/');
  const directory = slash < 0 ? '.' : path.slice(0, slash) || '/';
  const fd = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
