/**
 * The cache of executed lesson notebooks, so `npm run site` re-runs only the lessons whose
 * outputs could have changed.
 *
 * A lesson's key hashes everything its outputs depend on: the notebook generated from lesson.md,
 * every file of its lesson folder (exercise.ts included: a learner's solution changes the outputs),
 * and the inputs shared by all lessons — the library (src/), the shipped data, the kernelspec, the
 * kernel's launcher and library build (tools/kernel/), the tslab patches and the lock file
 * (dependency versions). Any change there gives a new key, so a stale entry is never
 * read; old entries of a lesson are deleted when its new one is written.
 *
 * Entries are written atomically (a temporary file, fsync, rename) and carry their full key, so a
 * kill mid-write leaves the old entry or none. An entry that is still unreadable (a truncated or
 * foreign file, a disk error) is discarded with a one-line warning and its lesson runs again:
 * the cache never fails a build.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ATOMIC_TEMP, removeStale, writeFileAtomic } from '../crash-safe';
import { projectRoot } from '../notebooks/lesson';
import { readNotebook, serializeNotebook, type Notebook } from '../notebooks/nbformat';

/** Bump when the cached notebooks or the key change meaning: every lesson re-runs once. */
const CACHE_FORMAT = 'trainlab-site-cache-3';

/** Files and folders every lesson's outputs depend on. Missing ones count as empty. */
export const SHARED_INPUTS = ['src', 'data', 'jupyter', 'tools/kernel', 'patches', 'package-lock.json']
  .map((name) => path.join(projectRoot, name));

/** The files under `dir`, sorted, skipping dot files, dot folders and node_modules. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
}

/** Adds a file, or each file of a folder (name and bytes), to `hash`; names are relative to `base`. */
function hashInput(hash: Hash, target: string, base: string): void {
  if (!existsSync(target)) {
    hash.update(`missing:${path.relative(base, target)}\0`);
    return;
  }
  const files = statSync(target).isDirectory() ? filesUnder(target) : [target];
  for (const file of files) hash.update(`${path.relative(base, file)}\0`).update(readFileSync(file)).update('\0');
}

/** The hash of the shared inputs (computed once per build). */
export function sharedKey(inputs: readonly string[] = SHARED_INPUTS): string {
  const hash = createHash('sha256').update(CACHE_FORMAT);
  for (const input of inputs) hashInput(hash, input, projectRoot);
  return hash.digest('hex');
}

/** A lesson's cache key: the shared key, its generated notebook's text and its folder's files. */
export function lessonKey(shared: string, notebookText: string, lessonDir: string): string {
  const hash = createHash('sha256').update(shared).update('\0').update(notebookText).update('\0');
  hashInput(hash, lessonDir, lessonDir);
  return hash.digest('hex');
}

function entryName(slug: string, key: string): string {
  return `${slug}.${key.slice(0, 20)}.ipynb`;
}

/** The metadata field that records an entry's full key (its file name holds only a prefix). */
const KEY_FIELD = 'trainlab_site_cache_key';

/**
 * The cached executed notebook for this key, or undefined. An entry that does not parse, is not a
 * notebook or holds another key is deleted, reported through `warn` (one line naming the file and
 * why) and treated as missing.
 */
export async function readCached(cacheDir: string, slug: string, key: string, warn: (line: string) => void = () => {}): Promise<Notebook | undefined> {
  const file = path.join(cacheDir, entryName(slug, key));
  if (!existsSync(file)) return undefined;
  let problem: string;
  try {
    const notebook = await readNotebook(file);
    if (notebook.metadata?.[KEY_FIELD] === key) return notebook;
    problem = 'it holds another key (not written by this cache, or by an older one)';
  } catch (error) {
    problem = (error as Error).message.replace(`${file}: `, '');
  }
  warn(`warning: discarding the cached run ${path.relative(process.cwd(), file)}: ${problem}; the lesson runs again`);
  await rm(file, { force: true });
  return undefined;
}

/** Stores the executed notebook under its key (atomically) and removes the lesson's older entries. */
export async function writeCached(cacheDir: string, slug: string, key: string, notebook: Notebook): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const name = entryName(slug, key);
  for (const old of await readdir(cacheDir)) {
    if (old !== name && old.startsWith(`${slug}.`) && old.endsWith('.ipynb')) await rm(path.join(cacheDir, old), { force: true });
  }
  const entry = { ...notebook, metadata: { ...notebook.metadata, [KEY_FIELD]: key } };
  await writeFileAtomic(path.join(cacheDir, name), serializeNotebook(entry));
}

/** Removes the temporary files of cache writes that a killed build left (their process is gone). */
export function removeStaleCacheFiles(cacheDir: string): Promise<string[]> {
  return removeStale(cacheDir, ATOMIC_TEMP);
}
