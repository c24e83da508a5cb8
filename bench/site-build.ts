/**
 * The course site's build times as a learner meets them (`npm run bench -- --site`): the command
 * `npm run site -- --force` (every lesson executed on the kernel: cold), then `npm run site` (every
 * lesson from the cache the first run wrote: cached), each timed end to end as a child process,
 * npm included. The targets on the 2-core machine: ≤ 6 min cold, ≤ 10 s cached.
 *
 * These are absolute times, not ratios: there is no baseline to run beside a whole-course build.
 * So the load average before and after each build is reported with them; a figure measured while
 * other work loads the machine says so. The site goes to a temporary folder (a served site/ is left
 * alone); the lesson cache is the project's .cache/site/, as for the real command.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../tools/root.cjs';

/** The targets, in seconds. */
export const SITE_TARGETS = { coldSeconds: 360, cachedSeconds: 10 } as const;

export interface SiteBuildRun {
  /** The command, as a learner types it (plus the temporary --out-dir). */
  command: string;
  seconds: number;
  /** From the build's summary line. */
  executed: number;
  cached: number;
  failed: number;
  /** The 1-minute load average just before and just after the build. */
  loadBefore: number;
  loadAfter: number;
}

export interface SiteBuildTiming {
  cores: number;
  cold: SiteBuildRun;
  cached: SiteBuildRun;
  targets: typeof SITE_TARGETS;
  meetsTargets: boolean;
}

/** Runs `npm run site -- args`, echoing its output; resolves with its time and summary counts. */
function timeBuild(args: string[]): Promise<SiteBuildRun> {
  const command = `npm run site -- ${args.join(' ')}`;
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', 'site', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const summary = /(\d+) lesson\(s\) executed, (\d+) cached, (\d+) failed/.exec(output);
      if (!summary) {
        // Exit 1 with a summary is a lesson that failed: still a timing, reported with its count.
        reject(new Error(`${command} exited ${code} without its summary line`));
        return;
      }
      const [executed, cached, failed] = summary.slice(1).map(Number);
      resolve({ command, seconds, executed, cached, failed, loadBefore, loadAfter: loadavg()[0] });
    });
  });
}

/** Times the cold build, then the cached one. Throws when a build stops before its summary. */
export async function timeSiteBuilds(): Promise<SiteBuildTiming> {
  const work = mkdtempSync(join(tmpdir(), 'trainlab-bench-site-'));
  const outDir = join(work, 'site');
  try {
    const cold = await timeBuild(['--force', '--out-dir', outDir]);
    const cached = await timeBuild(['--out-dir', outDir]);
    const meetsTargets = cold.seconds <= SITE_TARGETS.coldSeconds && cached.seconds <= SITE_TARGETS.cachedSeconds
      && cold.failed === 0 && cached.executed === 0;
    return { cores: availableParallelism(), cold, cached, targets: SITE_TARGETS, meetsTargets };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The two builds as a small table, with the load they ran under. */
export function formatSiteTiming(timing: SiteBuildTiming): string {
  const row = (name: string, run: SiteBuildRun, target: number) =>
    `${name.padEnd(7)} ${run.seconds.toFixed(1).padStart(7)} s   target ≤ ${String(target).padStart(3)} s ${run.seconds <= target ? 'ok    ' : 'MISSED'}  `
    + `${run.executed} executed, ${run.cached} cached, ${run.failed} failed   load ${run.loadBefore.toFixed(2)} → ${run.loadAfter.toFixed(2)} (${timing.cores} cores)`;
  return [
    'site build (the whole course)',
    row('cold', timing.cold, timing.targets.coldSeconds),
    row('cached', timing.cached, timing.targets.cachedSeconds),
  ].join('\n');
}
