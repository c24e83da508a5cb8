/**
 * Runs the exercise graders for tools/grade.ts (`npm run grade`); the report types live here too.
 *
 * How it survives learner code: each lesson's grader runs in its own vitest child process, the
 * leader of its own process group. Every check writes signed start/end events to a progress file
 * (lessons/grading.ts; tools/grading/protocol.ts), and every learner call overwrites a running
 * record with the function's name. A check that throws or leaks fails with its message; an async
 * check that hangs is stopped by its own timer; a check that loops synchronously blocks its worker,
 * so the process group is killed once the check has run too long, that check is recorded as timed
 * out in the function the running record names, and the lesson runs again, skipping the checks
 * already decided — and a later call to that function fails at once instead of looping again. A
 * process that dies during a check (process.kill, a native crash) fails that check the same way.
 * Loading exercise.ts (its top-level code) is timed like a check.
 *
 * Integrity: only lines signed with the run's key count (the key never reaches the learner's code);
 * the grader files are checksummed before each lesson and compared with the course's committed
 * version; an exercise that imports the reference solution gets no points
 * (tools/grading/vitest.grade.config.ts refuses to load it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { lessonDirs, parseLesson, projectRoot } from '../notebooks/lesson';
import { graderFiles, integrityNotes } from './integrity';
import {
  ENV, LOAD_ID, RUNNING_BYTES, crashMessage, crashedBeforeMessage, decodeRunning, hangMessage, hungBeforeMessage, readSigned,
  type Broken, type FailureKind, type ProgressEvent, type Running,
} from './protocol';

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
  /** Set when the grader could not run at all (its points are then unknown), or the lesson gets no points (e.g. it imports solution.ts). */
  error?: string;
  /** How many grader processes it took: one, plus one per check that looped or crashed. */
  runs?: number;
  /** What a teacher should know about how the lesson was graded: a grader file that differs from the course's, forged progress lines. */
  integrity?: string[];
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

interface Run {
  events: ProgressEvent[];
  /** Progress lines whose signature did not hold (written by something other than the grader). */
  forged: number;
  outcome: 'exited' | 'check-timeout' | 'startup-timeout' | 'stalled';
  /** The check that was open when the run ended (killed, or the process died in it). */
  open?: string;
  /** The learner function the running record named when the run ended. */
  running?: Running;
  output: string;
}

const GRACE_S = 2; // after a check's own timer, before the process is killed
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

/** The files of one grading run: the progress file, the running record, the key (given once). */
interface Channel {
  work: string;
  progress: string;
  running: string;
  keyFile: string;
  key: string;
}

function readEvents(channel: Channel): { events: ProgressEvent[]; forged: number } {
  if (!existsSync(channel.progress)) return { events: [], forged: 0 };
  return readSigned(channel.key, readFileSync(channel.progress, 'utf8'));
}

function readRunning(channel: Channel): Running | undefined {
  try {
    return decodeRunning(readFileSync(channel.running).subarray(0, RUNNING_BYTES));
  } catch {
    return undefined;
  }
}

/** Runs one grader file in a vitest child process, stopping it when a check or the startup overruns. */
function runVitest(testFile: string, channel: Channel, env: Record<string, string>, timeoutS: number, startupTimeoutS: number): Promise<Run> {
  rmSync(channel.progress, { force: true });
  writeFileSync(channel.running, Buffer.alloc(RUNNING_BYTES, 0x20));
  writeFileSync(channel.keyFile, channel.key, { mode: 0o600 });
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && !key.startsWith('TRAINLAB_GRADE')));
  const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG], {
    cwd: projectRoot,
    env: {
      ...childEnv,
      ...env,
      [ENV.progress]: channel.progress,
      [ENV.running]: channel.running,
      [ENV.keyFile]: channel.keyFile,
      [ENV.file]: relative(projectRoot, testFile),
      [ENV.parent]: String(process.pid),
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
  const openCheck = (events: ProgressEvent[]): ProgressEvent | undefined => {
    const ended = new Set(events.filter((e) => e.event === 'end').map((e) => e.id));
    return events.find((e) => e.event === 'start' && !ended.has(e.id));
  };
  return new Promise((resolve) => {
    let outcome: Run['outcome'] = 'exited';
    let running: Running | undefined;
    const timer = setInterval(() => {
      const { events } = readEvents(channel);
      const open = openCheck(events);
      const last = events.at(-1);
      const startedAny = events.some((e) => e.event === 'start');
      if (open && Date.now() - open.time > (timeoutS + GRACE_S) * 1000) outcome = 'check-timeout';
      else if (!open && !startedAny && Date.now() - started > startupTimeoutS * 1000) outcome = 'startup-timeout';
      else if (!open && startedAny && last && Date.now() - last.time > (timeoutS + 30) * 1000) outcome = 'stalled';
      else return;
      running = readRunning(channel); // before the kill: the looping function is still on record
      clearInterval(timer);
      killGroup(child);
    }, 100);
    child.on('close', () => {
      clearInterval(timer);
      children.delete(child);
      const { events, forged } = readEvents(channel);
      const open = openCheck(events)?.id;
      resolve({ events, forged, outcome, open, running: running ?? (open ? readRunning(channel) : undefined), output });
    });
  });
}

/** The first lines of vitest's output that explain an error, for a lesson that could not be graded. */
function errorExcerpt(output: string): string {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const at = lines.findIndex((line) => /Error|error:|FAIL/.test(line));
  return (at >= 0 ? lines.slice(at, at + 6) : lines.slice(-6)).filter(Boolean).join('\n');
}

/** What vitest said about a worker that died (the cause of a crash), in one line. */
function crashCause(output: string): string {
  const line = output.split('\n').map((l) => l.trim()).find((l) => /exited unexpectedly|signal|SIGKILL|SIGTERM|SIGABRT|abort|out of memory|heap limit|terminated|Channel closed/i.test(l));
  return line ? line.replace(/^(Caused by:\s*)?(Error:\s*)?/, '').slice(0, 200) : 'the process ended without a word';
}

/** Why a lesson could not be graded at all, if it could not. */
function lessonError(run: Run, declared: number, mode: string, timeoutS: number, startupTimeoutS: number): string | undefined {
  if (run.outcome === 'check-timeout' && run.open === LOAD_ID) {
    return `loading ${mode}.ts took more than ${timeoutS} s — is there an infinite loop at its top level (outside any function)?`;
  }
  if (run.outcome === 'exited' && run.open === LOAD_ID) return `loading ${mode}.ts stopped the grader's process: ${crashCause(run.output)}`;
  if (run.outcome === 'startup-timeout') return `the grader did not start within ${startupTimeoutS} s`;
  if (run.outcome === 'stalled') return 'the grader stopped responding between checks';
  if (declared === 0) return `the grader could not run:\n${errorExcerpt(run.output)}`;
  return undefined;
}

type Result = Omit<CheckReport, 'name' | 'maxPoints'>;

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
  const results = new Map<string, Result>();
  const broken: Record<string, Broken> = {}; // learner functions not to call again: they hung or crashed
  const work = mkdtempSync(join(tmpdir(), `trainlab-grade-${process.pid}-`)); // npm run grade removes those of killed runs (tools/crash-safe.ts)
  const channel: Channel = {
    work,
    progress: join(work, 'progress.jsonl'),
    running: join(work, 'running'),
    keyFile: join(work, 'key'),
    key: randomBytes(32).toString('base64'),
  };
  const solutionImported = join(work, 'solution-imported');
  const files = graderFiles(dir);
  const integrity = integrityNotes(files);
  let forged = 0;
  let runs = 0;
  let run: Run;
  let imported: string | undefined;
  let changed: string[] = [];
  try {
    for (;;) {
      const env = {
        [ENV.mode]: mode,
        [ENV.timeout]: String(timeoutS),
        [ENV.skip]: JSON.stringify([...results.keys()]), // checks decided in an earlier run
        [ENV.broken]: JSON.stringify(broken),
        [ENV.solutionImported]: solutionImported,
        ...(options.exercisesDir && mode === 'exercise' ? { [ENV.exercises]: options.exercisesDir } : {}),
      };
      const decidedBefore = results.size;
      run = await runVitest(join(dir, 'exercise.test.ts'), channel, env, timeoutS, startupTimeoutS);
      runs++;
      forged += run.forged;
      for (const event of run.events) {
        if (event.event === 'declare') declared.set(event.id, event);
        if (event.event === 'end' && event.id !== LOAD_ID) {
          const { status = 'fail', kind, message } = event;
          results.set(event.id, { status, kind, message, points: status === 'pass' ? (declared.get(event.id)?.points ?? 0) : 0 });
          if (event.broken) broken[event.broken.label] = event.broken;
        }
      }
      for (const event of run.events) {
        // Something the check started failed after it ended (a timer's error): the check fails.
        if (event.event === 'late' && results.get(event.id)?.status === 'pass') {
          results.set(event.id, { status: 'fail', kind: event.kind ?? 'threw', message: event.message, points: 0 });
        }
      }
      const open = run.open && run.open !== LOAD_ID ? run.open : undefined;
      if (!open || (run.outcome !== 'check-timeout' && run.outcome !== 'exited')) break;
      // A check looped, or the process died in it: it fails alone, its function is not called
      // again, and the checks it kept from running get their turn.
      const label = run.running?.label;
      const checkName = declared.get(open)?.check ?? open;
      if (run.outcome === 'check-timeout') {
        const message = label ? hangMessage(label, timeoutS) : `timed out after ${timeoutS} s — is there an infinite loop?`;
        results.set(open, { status: 'fail', kind: 'timeout', message, points: 0 });
        if (label) broken[label] = { label, kind: 'timeout', message: hungBeforeMessage(label, timeoutS, checkName) };
      } else {
        results.set(open, { status: 'fail', kind: 'crash', message: crashMessage(label, crashCause(run.output)), points: 0 });
        if (label) broken[label] = { label, kind: 'crash', message: crashedBeforeMessage(label, checkName) };
      }
      if ([...declared.keys()].every((id) => results.has(id)) || results.size === decidedBefore) break;
    }
  } finally {
    changed = integrityNotes(files, 'changed');
    imported = existsSync(solutionImported) ? readFileSync(solutionImported, 'utf8').trim() : undefined;
    rmSync(work, { recursive: true, force: true });
  }
  if (forged > 0) integrity.push(`${forged} line(s) of the progress file were not written by the grader and were ignored — did the code under grade write to it?`);
  let error = lessonError(run, declared.size, mode, timeoutS, startupTimeoutS);
  for (const id of declared.keys()) {
    if (!results.has(id)) {
      results.set(id, { status: 'fail', kind: 'not-run', message: `did not run: ${errorExcerpt(run.output).split('\n')[0]}`, points: 0 });
    }
  }
  if (changed.length > 0) {
    error = changed.join('\n');
    for (const result of results.values()) Object.assign(result, { points: 0, status: 'fail' });
  }
  if (imported) {
    error = `exercise.ts imports the reference solution (${imported}): no points for this lesson — write your own code`;
    for (const result of results.values()) Object.assign(result, { points: 0, status: 'fail' });
  }

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
  return {
    slug, title, points: sum('points'), maxPoints: sum('maxPoints'), exercises: list,
    ...(error ? { error } : {}), runs, ...(integrity.length > 0 ? { integrity } : {}), seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * Picks the lesson folders that have a grader, filtered by selectors (each lesson once, in lesson
 * order); throws on an unknown selector (and lessonDirs on a missing lessons folder).
 */
export function selectLessons(select: string[] = [], lessonsDir?: string): string[] {
  const dirs = lessonDirs(lessonsDir).filter((dir) => existsSync(join(dir, 'exercise.test.ts')));
  if (select.length === 0) return dirs;
  const picked = new Set(select.map((selector) => {
    const key = /^\d$/.test(selector) ? `0${selector}` : selector;
    const dir = dirs.find((d) => {
      const slug = basename(d);
      return slug === key || slug.startsWith(`${key}-`) || slug.slice(3) === key;
    });
    if (!dir) throw new Error(`no lesson "${selector}"; lessons with exercises: ${dirs.map((d) => basename(d)).join(', ') || 'none'}`);
    return dir;
  }));
  return dirs.filter((dir) => picked.has(dir));
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
  const fullMarks = lessons.length > 0 && lessons.every((lesson) => !lesson.error) && points === maxPoints;
  return { mode: options.mode ?? 'exercise', lessons, points, maxPoints, fullMarks, seconds: (Date.now() - t0) / 1000 };
}
