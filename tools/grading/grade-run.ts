/**
 * Runs the exercise graders for tools/grade.ts (`npm run grade`); the report types live here too.
 *
 * How it survives learner code: each lesson's grader runs in its own vitest child process, the
 * leader of its own process group. Every check appends start/end events to a progress file
 * (lessons/grading.ts). A check that throws or leaks fails with its message; an async check that
 * hangs is stopped by its own timer; a check that loops synchronously blocks its worker, so the
 * process group is killed once the check has run too long, that check is recorded as timed out,
 * and the lesson runs again, skipping the checks already decided. Loading exercise.ts (its
 * top-level code) is timed the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { FailureKind } from '../../lessons/grading';
import { lessonDirs, parseLesson, projectRoot } from '../notebooks/lesson';

export interface CheckReport {
  name: string;
  points: number;
  maxPoints: number;
  status: 'pass' | 'fail';
  /** Why it failed; `not-run` when the grader stopped before reaching it. */
  kind?: FailureKind | 'not-run';
  message?: string;
}
export interface ExerciseReport { number: number; title: string; points: number; maxPoints: number; checks: CheckReport[] }
export interface LessonReport {
  slug: string;
  title: string;
  points: number;
  maxPoints: number;
  exercises: ExerciseReport[];
  /** Set when the grader could not run at all (its points are then unknown). */
  error?: string;
  seconds: number;
}
export interface GradeReport {
  mode: 'exercise' | 'solution';
  lessons: LessonReport[];
  points: number;
  maxPoints: number;
  /** Every lesson graded and every check passed. */
  fullMarks: boolean;
  seconds: number;
}
export interface GradeOptions {
  mode?: 'exercise' | 'solution';
  /** Lesson selectors ("01", "01-training-loop", "training-loop"); all lessons when empty. */
  select?: string[];
  lessonsDir?: string;
  /**
   * In 'exercise' mode, the folder holding the learner's `NN-slug/exercise.ts` files (a workspace's
   * `lessons/`, tools/workspace.ts). Default: the course's own exercise.ts stubs next to each grader.
   */
  exercisesDir?: string;
  /** Seconds one check may run. Default 10. */
  timeoutS?: number;
  /** Seconds the grader may take to load before its first check. Default 60. */
  startupTimeoutS?: number;
}

interface ProgressEvent {
  event: 'declare' | 'start' | 'end';
  id: string;
  time: number;
  exercise?: number;
  exerciseTitle?: string;
  check?: string;
  points?: number;
  status?: 'pass' | 'fail';
  kind?: FailureKind;
  message?: string;
}

interface Run {
  events: ProgressEvent[];
  outcome: 'exited' | 'check-timeout' | 'startup-timeout' | 'stalled';
  running?: string;
  output: string;
}

const GRACE_S = 2; // after a check's own timer, before the process is killed
const LOAD = 'load'; // the progress id of loading exercise.ts (lessons/grading.ts `load`)
const VITEST = join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs');
const CONFIG = join(projectRoot, 'tools', 'grading', 'vitest.grade.config.ts');
export const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach(killGroup)); // no grader outlives this process

export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL'); // the vitest process and its workers
  } catch {
    // already gone
  }
}

function readEvents(file: string): ProgressEvent[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean).map((line) => JSON.parse(line) as ProgressEvent);
}

/** Runs one grader file in a vitest child process, stopping it when a check or the startup overruns. */
function runVitest(testFile: string, env: Record<string, string>, timeoutS: number, startupTimeoutS: number): Promise<Run> {
  const progress = env.TRAINLAB_GRADE_PROGRESS;
  rmSync(progress, { force: true });
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG], {
    cwd: projectRoot,
    env: {
      ...childEnv,
      ...env,
      TRAINLAB_GRADE_FILE: relative(projectRoot, testFile),
      TRAINLAB_GRADE_PARENT: String(process.pid),
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const started = Date.now();
  return new Promise((resolve) => {
    let outcome: Run['outcome'] = 'exited';
    let running: string | undefined;
    const timer = setInterval(() => {
      const events = readEvents(progress);
      const starts = events.filter((e) => e.event === 'start');
      const ended = new Set(events.filter((e) => e.event === 'end').map((e) => e.id));
      const open = starts.find((e) => !ended.has(e.id));
      const last = events.at(-1);
      if (open && Date.now() - open.time > (timeoutS + GRACE_S) * 1000) [outcome, running] = ['check-timeout', open.id];
      else if (!open && starts.length === 0 && Date.now() - started > startupTimeoutS * 1000) outcome = 'startup-timeout';
      else if (!open && starts.length > 0 && last && Date.now() - last.time > (timeoutS + 30) * 1000) outcome = 'stalled';
      else return;
      clearInterval(timer);
      killGroup(child);
    }, 100);
    child.on('close', () => {
      clearInterval(timer);
      children.delete(child);
      resolve({ events: readEvents(progress), outcome, running, output });
    });
  });
}

/** The first lines of vitest's output that explain an error, for a lesson that could not be graded. */
function errorExcerpt(output: string): string {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const at = lines.findIndex((line) => /Error|error:|FAIL/.test(line));
  return (at >= 0 ? lines.slice(at, at + 6) : lines.slice(-6)).filter(Boolean).join('\n');
}

/** Why a lesson could not be graded at all, if it could not. */
function lessonError(run: Run, declared: number, mode: string, timeoutS: number, startupTimeoutS: number): string | undefined {
  if (run.outcome === 'check-timeout' && run.running === LOAD) {
    return `loading ${mode}.ts took more than ${timeoutS} s — is there an infinite loop at its top level (outside any function)?`;
  }
  if (run.outcome === 'startup-timeout') return `the grader did not start within ${startupTimeoutS} s`;
  if (run.outcome === 'stalled') return 'the grader stopped responding between checks';
  if (declared === 0) return `the grader could not run:\n${errorExcerpt(run.output)}`;
  return undefined;
}

/** Grades one lesson folder. */
export async function gradeLesson(dir: string, options: GradeOptions = {}): Promise<LessonReport> {
  const { mode = 'exercise', timeoutS = 10, startupTimeoutS = 60 } = options;
  const slug = basename(dir);
  const t0 = Date.now();
  let title = slug;
  try {
    title = parseLesson(join(dir, 'lesson.md')).meta.title;
  } catch {
    // a broken lesson.md is the notebook build's business; grade anyway
  }
  const declared = new Map<string, ProgressEvent>();
  const results = new Map<string, Omit<CheckReport, 'name' | 'maxPoints'>>();
  const work = mkdtempSync(join(tmpdir(), `trainlab-grade-${process.pid}-`)); // npm run grade removes those of killed runs (tools/crash-safe.ts)
  const progress = join(work, 'progress.jsonl');
  let run: Run;
  for (;;) {
    const env = {
      TRAINLAB_GRADE: mode,
      TRAINLAB_GRADE_PROGRESS: progress,
      TRAINLAB_GRADE_TIMEOUT: String(timeoutS),
      TRAINLAB_GRADE_SKIP: JSON.stringify([...results.keys()]), // checks decided in an earlier run
      ...(options.exercisesDir && mode === 'exercise' ? { TRAINLAB_GRADE_EXERCISES: options.exercisesDir } : {}),
    };
    run = await runVitest(join(dir, 'exercise.test.ts'), env, timeoutS, startupTimeoutS);
    for (const event of run.events) {
      if (event.event === 'declare') declared.set(event.id, event);
      if (event.event === 'end' && event.id !== LOAD) {
        const { status = 'fail', kind, message } = event;
        results.set(event.id, { status, kind, message, points: status === 'pass' ? (declared.get(event.id)?.points ?? 0) : 0 });
      }
    }
    if (run.outcome !== 'check-timeout' || run.running === LOAD) break;
    // A check looped: it fails alone, and the checks it kept from running get their turn.
    results.set(run.running!, { status: 'fail', kind: 'timeout', message: `timed out after ${timeoutS} s — is there an infinite loop?`, points: 0 });
    if ([...declared.keys()].every((id) => results.has(id))) break;
  }
  const error = lessonError(run, declared.size, mode, timeoutS, startupTimeoutS);
  for (const id of declared.keys()) {
    if (!results.has(id)) {
      results.set(id, { status: 'fail', kind: 'not-run', message: `did not run: ${errorExcerpt(run.output).split('\n')[0]}`, points: 0 });
    }
  }
  rmSync(work, { recursive: true, force: true });

  const exercises = new Map<number, ExerciseReport>();
  for (const [id, declaration] of declared) {
    const number = declaration.exercise ?? 0;
    const exercise = exercises.get(number) ?? { number, title: declaration.exerciseTitle ?? '', points: 0, maxPoints: 0, checks: [] };
    exercises.set(number, exercise);
    const result = results.get(id)!;
    const maxPoints = declaration.points ?? 0;
    exercise.checks.push({ name: declaration.check ?? id, maxPoints, ...result });
    exercise.points += result.points;
    exercise.maxPoints += maxPoints;
  }
  const list = [...exercises.values()].sort((a, b) => a.number - b.number);
  const sum = (key: 'points' | 'maxPoints'): number => list.reduce((total, exercise) => total + exercise[key], 0);
  return { slug, title, points: sum('points'), maxPoints: sum('maxPoints'), exercises: list, ...(error ? { error } : {}), seconds: (Date.now() - t0) / 1000 };
}

/** Picks the lesson folders that have a grader, filtered by selectors; throws on an unknown selector. */
export function selectLessons(select: string[] = [], lessonsDir?: string): string[] {
  const dirs = lessonDirs(lessonsDir).filter((dir) => existsSync(join(dir, 'exercise.test.ts')));
  if (select.length === 0) return dirs;
  return select.map((selector) => {
    const key = /^\d$/.test(selector) ? `0${selector}` : selector;
    const dir = dirs.find((d) => {
      const slug = basename(d);
      return slug === key || slug.startsWith(`${key}-`) || slug.slice(3) === key;
    });
    if (!dir) throw new Error(`no lesson "${selector}"; lessons with exercises: ${dirs.map((d) => basename(d)).join(', ') || 'none'}`);
    return dir;
  });
}

/** Grades the selected lessons, a few at a time; the report lists them in lesson order. */
export async function grade(options: GradeOptions = {}, onLesson?: (report: LessonReport) => void): Promise<GradeReport> {
  const t0 = Date.now();
  const dirs = selectLessons(options.select, options.lessonsDir);
  const width = Math.max(1, Math.min(2, availableParallelism()));
  const lessons: LessonReport[] = [];
  let printed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < dirs.length) {
      const index = next++;
      lessons[index] = await gradeLesson(dirs[index], options);
      for (; lessons[printed]; printed++) onLesson?.(lessons[printed]); // report in lesson order
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  const points = lessons.reduce((total, lesson) => total + lesson.points, 0);
  const maxPoints = lessons.reduce((total, lesson) => total + lesson.maxPoints, 0);
  const fullMarks = lessons.every((lesson) => !lesson.error) && points === maxPoints;
  return { mode: options.mode ?? 'exercise', lessons, points, maxPoints, fullMarks, seconds: (Date.now() - t0) / 1000 };
}
