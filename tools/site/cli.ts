/**
 * `npm run site -- [options]`: executes the lessons (re-using cached runs) and writes site/.
 * Prints "cached" or "executed" per lesson; exits 1 when a lesson fails to run (its page is still
 * written, marked as failed), 2 on bad options.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { abortOnSignals, parseCommandLine, usageError } from '../cli';
import { buildSite, type BuildOptions, type BuildReport } from './build';

const USAGE = `usage: npm run site -- [options]

Executes every lesson notebook (cached by a hash of its inputs) and writes the static site.

  --out-dir DIR      where the site goes (default site/)
  --force            re-run every lesson, ignoring the cache
  --timeout SECONDS  longest a single cell may run (default 300)
  --jobs N           lessons run at once, one kernel each (default: cores, at most 2)
  -h, --help         show this text`;

/** Builds with progress on the console and a one-line summary. */
export async function runBuild(options: BuildOptions): Promise<BuildReport> {
  const report = await buildSite({ log: (line) => console.log(line), ...options });
  const executed = report.runs.filter((run) => run.status === 'executed').length;
  const cached = report.runs.filter((run) => run.status === 'cached').length;
  const where = path.relative(process.cwd(), report.outDir) || '.';
  console.log(`site: ${report.pages.length} pages in ${where}/ — ${executed} lesson(s) executed, ${cached} cached, ${report.failed.length} failed — ${report.seconds.toFixed(1)} s`);
  for (const run of report.failed) console.error(`failed: lessons/${run.lesson.slug} (its page shows where it stopped)`);
  return report;
}

export { abortOnSignals } from '../cli';

function parseOptions(): BuildOptions {
  const { values } = parseCommandLine('site', USAGE, {
    'out-dir': { type: 'string' },
    force: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' },
    jobs: { type: 'string' },
  });
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) usageError('site', `--jobs must be an integer ≥ 1, got "${values.jobs}"`, USAGE);
  const seconds = Number(values.timeout);
  if (!(Number.isFinite(seconds) && seconds > 0)) usageError('site', `--timeout must be a positive number of seconds, got "${values.timeout}"`, USAGE);
  return { outDir: values['out-dir'], force: values.force, cellTimeoutMs: seconds * 1000, concurrency: jobs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const signal = abortOnSignals();
  try {
    const report = await runBuild({ ...parseOptions(), signal });
    if (report.failed.length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = signal.aborted ? 130 : 1;
  }
}
