/**
 * Executed notebooks for the site: each lesson's notebook is generated from its lesson.md (the
 * same text `npm run notebooks:build` writes), then taken from the cache when its key is known,
 * else run on the kernel and cached. A lesson that fails is reported, not cached, and its page
 * still renders with the outputs up to the failing cell.
 */
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
}

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

/** Every lesson's executed notebook, in order, one lesson at a time (a kernel uses a core fully). */
export async function runLessons(lessons: readonly Lesson[], options: RunOptions): Promise<LessonRun[]> {
  const execute = options.execute ?? kernelExecutor(options);
  const log = options.log ?? (() => {});
  const shared = sharedKey(options.sharedInputs);
  const titles = lessonTitles(lessons);
  const runs: LessonRun[] = [];
  for (const lesson of lessons) {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const text = renderNotebook(lesson, titles);
    const key = lessonKey(shared, text, path.dirname(lesson.file));
    const cached = options.force ? undefined : await readCached(options.cacheDir, lesson.slug, key);
    if (cached) {
      runs.push({ lesson, notebook: cached, status: 'cached', seconds: seconds() });
      log(`cached    ${lesson.slug}`);
      continue;
    }
    options.signal?.throwIfAborted();
    const notebook = JSON.parse(text) as Notebook;
    log(`running   ${lesson.slug} …`); // a kernel run takes a while: say what we are waiting for
    try {
      const executed = await execute(notebook, lesson);
      await writeCached(options.cacheDir, lesson.slug, key, executed);
      runs.push({ lesson, notebook: executed, status: 'executed', seconds: seconds() });
      log(`executed  ${lesson.slug}  ${seconds().toFixed(1)} s`);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const message = `lessons/${lesson.slug}: ${error instanceof Error ? error.message : String(error)}`;
      const partial = error instanceof NotebookRunError && error.notebook ? error.notebook : notebook;
      runs.push({ lesson, notebook: partial, status: 'failed', seconds: seconds(), error: message });
      log(`FAILED    ${lesson.slug}  ${seconds().toFixed(1)} s\n${message}`);
    }
  }
  return runs;
}
