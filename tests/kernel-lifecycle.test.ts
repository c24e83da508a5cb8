/**
 * Kernels die with the process that started them: a notebook run or a site build killed by
 * SIGINT, SIGTERM or SIGKILL — while its kernel is stuck in a cell's infinite loop — leaves no
 * kernel process behind (tools/kernel/parent-watch.cjs), and the next run removes the temporary
 * folder the killed one left (tools/crash-safe.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempDirs } from '../tools/crash-safe';

const REPO = path.resolve(import.meta.dirname, '..');
let scratch: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'trainlab-lifecycle-'));
});
afterAll(async () => {
  for (const child of started) child.kill('SIGKILL');
  await rm(scratch, { recursive: true, force: true });
});

/** A process's parent pid and state from /proc (undefined once it is gone). A zombie counts as gone: it runs nothing. */
function procStat(pid: number): { ppid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** The kernel processes (tools/kernel/kernel.cjs) whose parent is `parent`. */
function kernelsOf(parent: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    if (procStat(pid)?.ppid !== parent) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tools/kernel/kernel.cjs');
    } catch {
      return false;
    }
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Starts tests/fixtures/kernel-parent.ts in `mode` and returns it with its kernel's pid, once the kernel runs the endless cell. */
async function parentWithKernel(mode: 'runner' | 'site'): Promise<{ parent: ChildProcess; kernel: number }> {
  const parent = spawn(process.execPath, ['--import', 'tsx', path.join('tests', 'fixtures', 'kernel-parent.ts'), mode, path.join(scratch, `${mode}-${started.length}`)], {
    cwd: REPO, stdio: 'ignore',
  });
  started.push(parent);
  const kernel = await waitFor('the kernel to start', () => kernelsOf(parent.pid!)[0], 60_000);
  await sleep(4000); // time for tslab to start and enter the loop (a kill before then is the easy case)
  return { parent, kernel };
}

describe('a kernel dies with its parent', () => {
  it.each([
    ['runner', 'SIGKILL'],
    ['runner', 'SIGTERM'],
    ['site', 'SIGKILL'],
    ['site', 'SIGINT'],
  ] as const)('%s killed by %s, its kernel in an infinite loop: no kernel is left', async (mode, signal) => {
    const { parent, kernel } = await parentWithKernel(mode);
    expect(procStat(kernel), 'the kernel runs before the kill').toBeDefined();
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    parent.kill(signal);
    await exited;
    await waitFor(`kernel ${kernel} to exit`, () => (procStat(kernel) ? undefined : true), 10_000);
  }, 120_000);
});

describe('temporary folders of killed runs', () => {
  it('are removed by the next run when their process is gone, never while it runs', async () => {
    const { parent } = await parentWithKernel('runner');
    const prefix = `trainlab-kernel-${parent.pid}-`;
    const folder = readdirSync(tmpdir()).find((name) => name.startsWith(prefix));
    expect(folder, 'the runner names its kernel folder with its pid').toBeDefined();
    expect(await removeStaleTempDirs('kernel')).not.toContain(path.join(tmpdir(), folder!));
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    parent.kill('SIGKILL');
    await exited;
    expect(existsSync(path.join(tmpdir(), folder!)), 'a SIGKILL leaves it').toBe(true);
    expect(await removeStaleTempDirs('kernel')).toContain(path.join(tmpdir(), folder!));
    expect(existsSync(path.join(tmpdir(), folder!))).toBe(false);
  }, 120_000);
});
