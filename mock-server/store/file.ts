// `--state FILE`: the memory store, loaded from a state file at start and written back after changes
// (schemas/state-file.schema.json). Writes are atomic (a temporary file beside it, then rename), so a
// crash leaves the old state or the new, never half of one. A file that is not a state file of ours,
// or that is corrupt, stops the start with a clear error and is never overwritten.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { StateFile } from '../../generated/types/index.ts';
import { ConfigError } from '../../lib/config-error.ts';
import { validate } from '../../lib/validator.ts';
import { createMemoryStore, type MemoryStore } from './memory.ts';

/** How long changes gather before one write (a burst of logins is one write, not hundreds). */
const writeDelayMs = 100;

export async function openFileStore(file: string): Promise<MemoryStore> {
  const path = resolve(file);
  const fail = (expected: string, found: string, pointer = '/'): never => {
    throw new ConfigError([{ file: path, pointer, expected, found }]);
  };
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail('a state file in an existing folder', `no folder ${dir}`);
  const store = createMemoryStore(`file ${path}`);
  if (existsSync(path)) {
    if (!statSync(path).isFile()) fail('a state file', 'something that is not a file');
    const text = readFileSync(path, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      fail('a JSON state file written by oauth-conformance (it is left as it is)', `invalid JSON (${(e as Error).message})`);
    }
    const marker = doc && typeof doc === 'object' ? (doc as { format?: unknown }).format : undefined;
    if (marker !== 'oauth-conformance-state') fail('a state file written by oauth-conformance ("format": "oauth-conformance-state"); another file is never overwritten', marker === undefined ? 'a file without that marker' : `format ${JSON.stringify(marker)}`, '/format');
    const issues = validate('state-file', doc);
    if (issues.length) throw new ConfigError(issues.map((i) => ({ file: path, ...i, expected: `${i.expected} (the file is left as it is)` })));
    store.load(doc as StateFile);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  let failed: Error | undefined;

  async function write(): Promise<void> {
    dirty = false;
    const doc: StateFile = { format: 'oauth-conformance-state', version: 1, savedAt: new Date().toISOString(), ...store.snapshot() };
    const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(doc));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, path);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return writing;
    writing = writing.then(write).catch((e: Error) => {
      // Said once, loudly; the mock keeps serving from memory.
      if (!failed) console.error(`oauth-conformance mock: cannot write state file ${path}: ${e.message}`);
      failed = e;
    });
    return writing;
  }

  store.onChange = () => {
    dirty = true;
    timer ??= setTimeout(() => void flush(), writeDelayMs);
  };
  const closeMemory = store.close;
  store.close = async () => {
    await flush();
    await closeMemory();
  };
  return store;
}
