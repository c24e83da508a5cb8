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
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../notebooks/lesson';
import { readNotebook, serializeNotebook, type Notebook } from '../notebooks/nbformat';

/** Bump when the cached notebooks or the key change meaning: every lesson re-runs once. */
const CACHE_FORMAT = 'trainlab-site-cache-2';

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

/** The cached executed notebook for this key, or undefined. */
export async function readCached(cacheDir: string, slug: string, key: string): Promise<Notebook | undefined> {
  const file = path.join(cacheDir, entryName(slug, key));
  return existsSync(file) ? readNotebook(file) : undefined;
}

/** Stores the executed notebook under its key and removes the lesson's older entries. */
export async function writeCached(cacheDir: string, slug: string, key: string, notebook: Notebook): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const name = entryName(slug, key);
  for (const old of await readdir(cacheDir)) {
    if (old !== name && old.startsWith(`${slug}.`) && old.endsWith('.ipynb')) await rm(path.join(cacheDir, old));
  }
  await writeFile(path.join(cacheDir, name), serializeNotebook(notebook));
}
