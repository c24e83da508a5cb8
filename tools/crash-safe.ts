/**
 * Files that survive a crash: writes a reader sees whole or not at all, and the clean-up of what a
 * killed run left behind (its temporary folders and half-written files), done by the next run.
 *
 * Leftovers are found by name: a run puts its process id in the names of its temporary files and
 * folders (`site.partial-<pid>`, `trainlab-grade-<pid>-…`, `….tmp-<pid>-…`), and a later run removes
 * those whose process is no longer running. A live process's files are never touched, whatever their
 * age, so two runs at once (a site build and `npm start`, two graders) do not break each other.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Whether a process with this id is running (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, as another user's process
  }
}

/**
 * Writes `file` atomically: the data goes to a temporary file in the same folder, is flushed to
 * disk (fsync), then renamed over `file`. A reader, or a run after a crash, sees the old content or
 * the new, never part of it. A temporary file a kill leaves behind is named `<file>.tmp-<pid>-…`
 * (see `removeStale`).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The name pattern of `writeFileAtomic`'s temporary files: the pid is group 1. */
export const ATOMIC_TEMP = /\.tmp-(\d+)-[0-9a-f]+$/;

export interface StaleOptions {
  /** Also remove entries matching this pattern (a name without a pid) last changed longer ago than `legacyAgeMs`. */
  legacy?: RegExp;
  /** Default: one day. */
  legacyAgeMs?: number;
}

/**
 * Removes the entries of `dir` (files or folders) that a crashed run left: those whose name matches
 * `pattern`, whose first capture group is a process id, and whose process is not running (nor this
 * one). Returns the removed paths. A missing `dir` has nothing to remove; an entry that cannot be
 * removed is skipped (another run may be removing it too).
 *
 * @example
 * await removeStale(tmpdir(), /^trainlab-grade-(\d+)-/); // grade folders of killed grade runs
 */
export async function removeStale(dir: string, pattern: RegExp, options: StaleOptions = {}): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const legacyBefore = Date.now() - (options.legacyAgeMs ?? 24 * 3600_000);
  for (const name of names) {
    const target = path.join(dir, name);
    const match = pattern.exec(name);
    let stale = false;
    if (match) {
      const pid = Number(match[1]);
      stale = pid !== process.pid && !isRunning(pid);
    } else if (options.legacy?.test(name)) {
      stale = await stat(target).then((info) => info.mtimeMs < legacyBefore, () => false);
    }
    if (!stale) continue;
    try {
      await rm(target, { recursive: true, force: true });
      removed.push(target);
    } catch {
      // in use or already gone: the next run tries again
    }
  }
  return removed;
}

/**
 * The `mkdtemp` prefix of this process's temporary folders of one kind: `<tmp>/trainlab-<kind>-<pid>-`
 * (mkdtemp adds six random characters), so that `removeStaleTempDirs` can tell whose they are.
 */
export function tempDirPrefix(kind: string): string {
  return path.join(tmpdir(), `trainlab-${kind}-${process.pid}-`);
}

/**
 * Removes the `trainlab-<kind>-<pid>-…` folders in the temp folder whose process is gone, and
 * `trainlab-<kind>-XXXXXX` ones of older versions (no pid) left more than a day ago.
 */
export function removeStaleTempDirs(kind: string): Promise<string[]> {
  return removeStale(tmpdir(), new RegExp(`^trainlab-${kind}-(\\d+)-`), { legacy: new RegExp(`^trainlab-${kind}-[A-Za-z0-9]{6}$`) });
}
