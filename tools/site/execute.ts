/**
 * Executed notebooks for the site: each lesson's notebook is generated from its lesson.md (the
 * same text `npm run notebooks:build` writes), then taken from the cache when its key is known,
 * else run on the kernel and cached. A lesson that fails is reported, not cached, and its page
 * still renders with the outputs up to the failing cell.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { renderNotebook } from '../notebooks/build-notebooks';
import { lessonTitles, type Lesson } from '../notebooks/lesson';
import type { Notebook } from '../notebooks/nbformat';
import { NotebookRunError } from '../notebooks/notebook-errors';
import { executeNotebook } from '../notebooks/notebook-runner';
import { lessonKey, readCached, sharedKey, writeCached } from './cache';

/** Runs a notebook and returns it executed (the kernel runner by default; tests pass a stub). */
export type Executor = (notebook: Notebook, lesson: Lesson) => Promise<Notebook>;

export interface RunOptions {
  cacheDir: string;
  /** Default: the repository's tslab kernel through `executeNotebook`. */
  execute?: Executor;
  /** Ignore cached notebooks (they are still replaced by the new runs). */
  force?: boolean;
  /** Longest a cell may run on the kernel, in ms (default 300_000). */
  cellTimeoutMs?: number;
  signal?: AbortSignal;
  /** Files and folders all lessons depend on (default: src, data, jupyter, package-lock.json). */
  sharedInputs?: readonly string[];
  log?: (line: string) => void;
  /**
   * Lessons run at once, each on its own kernel (a kernel keeps one core busy). Default: the
   * machine's cores, at most 2 — on a 2-core machine this halves a cold build.
   */
  concurrency?: number;
}

/** Default lessons run at once: one per core, at most two (each kernel holds ~300 MB). */
export const defaultConcurrency = (): number => Math.max(1, Math.min(2, availableParallelism()));

export interface LessonRun {
  lesson: Lesson;
  /** The executed notebook (up to the failing cell when `status` is 'failed'). */
  notebook: Notebook;
  status: 'cached' | 'executed' | 'failed';
  seconds: number;
  /** Why the run failed. */
  error?: string;
}

function kernelExecutor(options: RunOptions): Executor {
  return (notebook) => executeNotebook(notebook, { cellTimeoutMs: options.cellTimeoutMs, signal: options.signal });
}

/** Every lesson's executed notebook, in course order; up to `concurrency` kernels at once. */
export async function runLessons(lessons: readonly Lesson[], options: RunOptions): Promise<LessonRun[]> {
  const execute = options.execute ?? kernelExecutor(options);
  const log = options.log ?? (() => {});
  const shared = sharedKey(options.sharedInputs);
  const titles = lessonTitles(lessons);
  const runs: LessonRun[] = new Array(lessons.length);

  const runOne = async (lesson: Lesson): Promise<LessonRun> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const text = renderNotebook(lesson, titles);
    const key = lessonKey(shared, text, path.dirname(lesson.file));
    const cached = options.force ? undefined : await readCached(options.cacheDir, lesson.slug, key, log);
    if (cached) {
      log(`cached    ${lesson.slug}`);
      return { lesson, notebook: cached, status: 'cached', seconds: seconds() };
    }
    options.signal?.throwIfAborted();
    const notebook = JSON.parse(text) as Notebook;
    log(`running   ${lesson.slug} …`); // a kernel run takes a while: say what we are waiting for
    try {
      const executed = await execute(notebook, lesson);
      await writeCached(options.cacheDir, lesson.slug, key, executed);
      log(`executed  ${lesson.slug}  ${seconds().toFixed(1)} s`);
      return { lesson, notebook: executed, status: 'executed', seconds: seconds() };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const message = `lessons/${lesson.slug}: ${error instanceof Error ? error.message : String(error)}`;
      const partial = error instanceof NotebookRunError && error.notebook ? error.notebook : notebook;
      log(`FAILED    ${lesson.slug}  ${seconds().toFixed(1)} s\n${message}`);
      return { lesson, notebook: partial, status: 'failed', seconds: seconds(), error: message };
    }
  };

  // A small pool: each worker takes the next lesson in course order until none is left.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lessons.length) {
      const index = next++;
      runs[index] = await runOne(lessons[index]);
    }
  };
  const concurrency = options.concurrency ?? defaultConcurrency();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`runLessons: concurrency must be an integer ≥ 1, got ${concurrency}`);
  await Promise.all(Array.from({ length: Math.min(concurrency, lessons.length) }, worker));
  return runs;
}
