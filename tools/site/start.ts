/**
 * What `npm start` does before and after it serves: the site answers within seconds whatever a
 * build would have to do. When a site was built before, it is served at once and rebuilt in the
 * background (the cache makes that seconds; a lesson that must run again — changed course files, a
 * lesson that failed last time — runs while the last build is being read), swapped in when done.
 * Only the first start, with no site yet, builds before it serves, saying so.
 *
 * The build reads the course's files only (lessons/, src/, data/, the kernel): a learner's
 * workspace (work/: notebooks, exercises, anything else put there) never enters it, so nothing a
 * learner writes there can slow `npm start` or change the pages.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildReport } from './build';

export interface StartOptions<Served> {
  /** The site folder that `build` writes and `serve` serves. */
  outDir: string;
  /** Builds the site into `outDir` (npm start: runBuild, which prints each lesson's progress). */
  build: () => Promise<BuildReport>;
  /** Starts serving `outDir`; resolves once it listens. */
  serve: () => Promise<Served>;
  /** Default: console.log. */
  log?: (line: string) => void;
}

/** A file that marks a folder as a site the builder wrote (build.ts), and so may replace. */
export const SITE_MARKER = '.trainlab-site';

/** Whether `dir` holds a site a build finished (its index page and the builder's marker file). */
export function hasBuiltSite(dir: string): boolean {
  return existsSync(path.join(dir, 'index.html')) && existsSync(path.join(dir, SITE_MARKER));
}

/**
 * Serves the last build at once and rebuilds in the background, or — with no site yet — builds
 * first. Resolves once serving, with `built`: the build's report (undefined when a background build
 * failed or was stopped: the last build is still served, and the reason was logged).
 */
export async function startSite<Served>(options: StartOptions<Served>): Promise<{ served: Served; built: Promise<BuildReport | undefined> }> {
  const { outDir, build, serve, log = console.log } = options;
  if (hasBuiltSite(outDir)) {
    const served = await serve();
    log('serving the last build; updating it in the background (a changed lesson runs on the kernel first) …');
    const built = build().then(
      (report) => {
        log(`site updated${report.failed.length > 0 ? ` (${report.failed.length} lesson(s) failed: their pages show where they stopped)` : ''}: reload a page to see any change`);
        return report;
      },
      (error: unknown) => {
        log(`the background build stopped: ${error instanceof Error ? error.message : String(error)}; still serving the last build`);
        return undefined;
      },
    );
    return { served, built };
  }
  log('no site yet: building it first (a lesson not in the cache runs on the kernel: minutes on the very first start); later starts serve at once');
  const report = await build();
  if (report.failed.length > 0) log('serving anyway: the failed lessons show where they stopped (npm run site exits 1 on this)');
  return { served: await serve(), built: Promise.resolve(report) };
}
