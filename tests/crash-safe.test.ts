/**
 * tools/crash-safe.ts: atomic writes, and the clean-up of what killed runs left — the temporary
 * folders of `npm run grade` and of kernels (`trainlab-<kind>-<pid>-…` in the temp folder) are
 * removed when their process is gone, never while it runs; older pid-less ones only after a day.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, removeStaleTempDirs, tempDirPrefix, writeFileAtomic } from '../tools/crash-safe';

const made: string[] = [];
afterAll(async () => {
  for (const target of made) await rm(target, { recursive: true, force: true });
});

/** A process id that is surely not running: a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file; a failed write leaves the old content', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'trainlab-atomic-test-'));
    made.push(dir);
    const file = path.join(dir, 'entry.json');
    await writeFileAtomic(file, '{"old": true}');
    await writeFileAtomic(file, '{"new": true}');
    expect(await readFile(file, 'utf8')).toBe('{"new": true}');
    expect(readdirSync(dir)).toEqual(['entry.json']);
    await mkdir(path.join(dir, 'blocked.json')); // a folder where the file should go: the rename fails
    await expect(writeFileAtomic(path.join(dir, 'blocked.json'), 'x')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['blocked.json', 'entry.json']);
  });
});

describe('removeStaleTempDirs', () => {
  it("removes the grade folders of dead processes and old pid-less ones, never a running process's", async () => {
    expect(tempDirPrefix('grade')).toBe(path.join(tmpdir(), `trainlab-grade-${process.pid}-`));
    const dead = deadPid();
    expect(isRunning(dead)).toBe(false);
    const folder = (name: string) => path.join(tmpdir(), name);
    const stale = [folder(`trainlab-grade-${dead}-AbC123`), folder('trainlab-grade-Old123')];
    const kept = [folder(`trainlab-grade-${process.pid}-Mine12`), folder(`trainlab-grade-${process.ppid}-Live12`), folder('trainlab-grade-New123'), folder(`trainlab-kernel-${dead}-Other1`)];
    for (const target of [...stale, ...kept]) {
      await mkdir(target, { recursive: true });
      await writeFile(path.join(target, 'progress.jsonl'), '{}\n');
      made.push(target);
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    await utimes(stale[1], twoDaysAgo, twoDaysAgo); // a pid-less folder of an older version, left two days ago
    const removed = await removeStaleTempDirs('grade');
    expect(removed).toEqual(expect.arrayContaining(stale));
    for (const target of stale) expect(existsSync(target), target).toBe(false);
    for (const target of kept) expect(existsSync(target), target).toBe(true);
  });
});
