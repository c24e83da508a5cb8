/**
 * The protocol between `npm run grade` (tools/grading/grade-run.ts, the parent) and the graders it
 * runs in a vitest child process (lessons/grading.ts, next to the learner's code): the environment
 * names, the progress events, how they are signed, the "which learner function is running" record,
 * and the messages both sides build from them.
 *
 * The child appends one signed line per event to the progress file. The key is handed over in a
 * file that lessons/grading.ts reads and deletes before any learner code is loaded, so a line the
 * learner's code forges (or a changed verdict) fails its signature and is ignored, and reported.
 * The running record is a fixed-size block overwritten in place at every entry to and exit from a
 * learner function, so when the parent has to kill a check that loops, it knows which function
 * was looping.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The environment variables the parent sets for the child. */
export const ENV = {
  /** 'exercise' or 'solution': which module the graders load. */
  mode: 'TRAINLAB_GRADE',
  /** The learner's lessons folder (a workspace's `lessons/`), in exercise mode. */
  exercises: 'TRAINLAB_GRADE_EXERCISES',
  /** The grader file vitest runs (relative to the project root). */
  file: 'TRAINLAB_GRADE_FILE',
  /** The grade process's pid: the child takes its process group down when it is gone. */
  parent: 'TRAINLAB_GRADE_PARENT',
  /** The progress file (signed JSON lines). */
  progress: 'TRAINLAB_GRADE_PROGRESS',
  /** A file holding the signing key; the child deletes it on reading. */
  keyFile: 'TRAINLAB_GRADE_KEY_FILE',
  /** The running record (which learner function is running). */
  running: 'TRAINLAB_GRADE_RUNNING',
  /** Seconds a check may run. */
  timeout: 'TRAINLAB_GRADE_TIMEOUT',
  /** JSON array of the check ids decided in an earlier run of the lesson. */
  skip: 'TRAINLAB_GRADE_SKIP',
  /** JSON object: learner function label → why it must not be called again (see `Broken`). */
  broken: 'TRAINLAB_GRADE_BROKEN',
  /** A file the grader's vitest process writes when the learner's code imports a solution.ts. */
  solutionImported: 'TRAINLAB_GRADE_SOLUTION_IMPORTED',
} as const;

/** The progress id of loading the module under grade (its top-level code runs then). */
export const LOAD_ID = 'load';

export type FailureKind = 'check' | 'leak' | 'timeout' | 'crash' | 'threw' | 'grader-error';

export interface ProgressEvent {
  /**
   * declare: a check exists; start/end: a check ran; late: something a check started (a timer, a
   * promise) failed after the check ended — the check fails with it.
   */
  event: 'declare' | 'start' | 'end' | 'late';
  id: string;
  time: number;
  exercise?: number;
  exerciseTitle?: string;
  check?: string;
  points?: number;
  status?: 'pass' | 'fail';
  kind?: FailureKind;
  message?: string;
  /** Planted-bug runs (TRAINLAB_GRADE_VARIANTS, tests/grader-independence.test.ts): which copy was graded. */
  variant?: number;
  /** A learner function found to hang in this check: later checks calling it fail at once. */
  broken?: Broken;
}

/** A learner function that hung or stopped the process, and the message later calls fail with. */
export interface Broken {
  label: string;
  kind: 'timeout' | 'crash';
  message: string;
}

// ---- signed progress lines ----

const sign = (key: string, text: string): string => createHmac('sha256', key).update(text).digest('base64');

/** One progress line: `signature<TAB>json`. */
export function signLine(key: string, event: ProgressEvent): string {
  const text = JSON.stringify(event);
  return `${sign(key, text)}\t${text}\n`;
}

/** The events of a progress file's text whose signatures hold, and how many lines did not. */
export function readSigned(key: string, text: string): { events: ProgressEvent[]; forged: number } {
  const events: ProgressEvent[] = [];
  let forged = 0;
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [signature, json] = [Buffer.from(line.slice(0, tab)), line.slice(tab + 1)];
    const want = Buffer.from(sign(key, json));
    if (tab < 0 || signature.length !== want.length || !timingSafeEqual(signature, want)) {
      forged++;
      continue;
    }
    events.push(JSON.parse(json) as ProgressEvent);
  }
  return { events, forged };
}

// ---- the running record ----

/** Bytes of the running record; the label and check id are cut to fit. */
export const RUNNING_BYTES = 512;

export interface Running {
  /** The innermost learner function running (`adamStep`, `stepDecay()`, `createEarlyStopper().update`). */
  label: string;
  /** The check it runs in. */
  check: string;
}

export function encodeRunning(running: Running | undefined): Buffer {
  const buffer = Buffer.alloc(RUNNING_BYTES, 0x20);
  if (running) {
    const text = JSON.stringify({ label: running.label.slice(0, 120), check: running.check.slice(0, 300) });
    buffer.write(text, 0, 'utf8');
  }
  return buffer;
}

export function decodeRunning(buffer: Buffer): Running | undefined {
  const text = buffer.toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Running;
  } catch {
    return undefined;
  }
}

// ---- messages ----

/** How a learner function is named in a message: `adamStep`, the function returned by `stepDecay`. */
export function describeFunction(label: string): string {
  const returned = /^(.*)\(\)$/.exec(label);
  if (returned) return `the function returned by \`${returned[1]}\``;
  return `\`${label.replace('().', '(…).')}\``;
}

/** "`adamStep` did not return within 10 s — look for a loop that never ends" */
export function hangMessage(label: string, seconds: number, async = false): string {
  return async
    ? `${describeFunction(label)} returned a promise that did not settle within ${seconds} s — look for an await that never resolves or a loop that never ends`
    : `${describeFunction(label)} did not return within ${seconds} s — look for a loop that never ends`;
}

/** The message of a later check that calls a function which already hung. */
export function hungBeforeMessage(label: string, seconds: number, check: string): string {
  return `not run: ${describeFunction(label)} did not return within ${seconds} s in the check "${check}" (see there) — look for a loop that never ends`;
}

/** The message of a check during which the process running the graders died. */
export function crashMessage(label: string | undefined, cause: string): string {
  const who = label ? `while ${describeFunction(label)} was running` : 'during this check';
  return `the grader's process stopped ${who}: ${cause} — look for process.exit, process.kill or a native crash (e.g. out of memory) in your code`;
}

/** The message of a later check that calls a function which stopped the process. */
export function crashedBeforeMessage(label: string, check: string): string {
  return `not run: ${describeFunction(label)} stopped the grader's process in the check "${check}" (see there), so it was not called again`;
}
