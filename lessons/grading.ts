/**
 * Helpers for the exercise graders (`lessons/NN-slug/exercise.test.ts`). A grader reads:
 *
 *   const { gradientDescentStep } = await load<typeof Solution>(import.meta.url);
 *   exercise(1, 'gradientDescentStep', () => {
 *     check('moves w against the gradient', 1, () => { … fail('after 1 step, w should be …') … });
 *   });
 *
 * - `load` imports `./exercise` next to the grader, or the learner's copy in their workspace when
 *   TRAINLAB_GRADE_EXERCISES names its lessons folder (`work/lessons/NN-slug/exercise.ts`), or, with
 *   TRAINLAB_GRADE=solution, `./solution`. Every exported function is wrapped (`callLearner`): an
 *   error it throws is reported as the learner's ("gradientDescentStep threw: TODO: …"), not as a bug
 *   in the grader; the functions and methods it returns are wrapped the same way; a call that returns
 *   or disposes one of its input tensors is noted, so that the check's failure says so; and while
 *   it runs, the running record names it, so that a loop that never ends is blamed on it.
 * - `exercise` groups the checks of exercise N (the `## Exercise N:` section of lesson.md);
 *   `check` registers one vitest test worth some points, testing one idea, with a time limit. An
 *   error thrown later by a timer or promise the check started fails that check.
 * - Failures are `GradeFailure`s with a message a learner can act on; the helpers below build them.
 *   Any other error in a check is reported as a grader bug.
 *
 * `tools/grading/grade-run.ts` runs graders in a child process and reads the signed progress events
 * that `check` writes (tools/grading/protocol.ts), so that it can stop a check that loops forever and
 * not call the looping function again.
 */
import * as tf from '@tensorflow/tfjs';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'vitest';
import { ready } from '../src/index';
import {
  ENV, LOAD_ID, RUNNING_BYTES, describeFunction, encodeRunning, hangMessage, hungBeforeMessage, signLine,
  type Broken, type FailureKind, type ProgressEvent,
} from '../tools/grading/protocol';

export type { FailureKind } from '../tools/grading/protocol';

/** A check that failed, with a message for the learner. */
export class GradeFailure extends Error {
  override name = 'GradeFailure';
  constructor(message: string, readonly kind: 'check' | 'leak' | 'timeout' | 'crash' = 'check') {
    super(message);
  }
}

/** An error from the learner's code (wrapped by `load`); `cause` is the original. */
export class LearnerError extends Error {
  override name = 'LearnerError';
  constructor(message: string, override readonly cause: unknown) {
    super(message);
  }

  /** "gradientDescentStep threw: TODO: … (exercise.ts line 18)" */
  static thrownBy(fn: string, cause: unknown): LearnerError {
    return new LearnerError(`${fn} threw${describeError(cause)}${whereInExercise(cause)}`, cause);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return ` ${fmt(error)}`;
  return error.name === 'Error' ? `: ${error.message}` : ` ${error.name}: ${error.message}`;
}

function whereInExercise(error: unknown): string {
  const at = error instanceof Error ? /[/\\](exercise\.ts):(\d+)/.exec(error.stack ?? '') : null;
  return at ? ` (${at[1]} line ${at[2]})` : '';
}

export function fail(message: string): never {
  throw new GradeFailure(message);
}

// ---- the channel to tools/grading/grade-run.ts (read before any learner code loads) ----

/** The signing key: read from its file, which is then deleted, so the learner's code cannot sign. */
const key = ((): string | undefined => {
  const file = process.env[ENV.keyFile];
  delete process.env[ENV.keyFile];
  if (!file || !existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  return text;
})();
const progressFd = process.env[ENV.progress] ? openSync(process.env[ENV.progress]!, 'a') : undefined;
const runningFd = process.env[ENV.running] ? openSync(process.env[ENV.running]!, 'r+') : undefined;
process.once('exit', () => [progressFd, runningFd].forEach((fd) => fd !== undefined && closeSync(fd)));

/** A progress event for tools/grading/grade-run.ts (written synchronously: the worker may hang right after). */
function emit(event: Omit<ProgressEvent, 'time'>): void {
  if (progressFd === undefined) return;
  // Unsigned without a key: a test that runs a grader itself (the grade command accepts signed lines only).
  writeSync(progressFd, key ? signLine(key, { ...event, time: Date.now() }) : `${JSON.stringify({ ...event, time: Date.now() })}\n`);
}

// ---- calling the learner's functions ----

/** Which file the graders run against: the learner's `exercise.ts` (default) or `solution.ts`. */
export function gradeMode(): 'exercise' | 'solution' {
  const mode = process.env[ENV.mode] ?? 'exercise';
  if (mode !== 'exercise' && mode !== 'solution') throw new Error(`TRAINLAB_GRADE must be "exercise" or "solution", got "${mode}"`);
  return mode;
}

/** Seconds a check may run; tools/grading/grade.ts sets it, a plain vitest run gets the default. */
export const CHECK_TIMEOUT_S = Number(process.env[ENV.timeout] ?? 10);
const skip = new Set<string>(JSON.parse(process.env[ENV.skip] ?? '[]') as string[]);
/** Learner functions that hung or stopped the process in this run or an earlier one: not called again. */
const broken = new Map<string, Broken>(Object.entries(JSON.parse(process.env[ENV.broken] ?? '{}') as Record<string, Broken>));

/** A learner call that returned or disposed one of its input tensors. */
interface InputNote {
  label: string;
  returned: string[];
  disposed: string[];
}

/** The check that is running (or ran last): what its learner calls did. */
interface CheckState {
  id: string;
  idea: string;
  running: boolean;
  notes: InputNote[];
  /** Promises returned by learner functions in this check, until they settle (label, when called). */
  pending: Map<Promise<void>, { label: string; started: number }>;
  /** A learner promise this check gave up waiting for: its function is not called again. */
  hung?: Broken;
  /** Fails the running check with an error from a timer or promise it started. */
  reject: (error: unknown) => void;
}

let active: CheckState | undefined;
let lastCheck: CheckState | undefined;
/** The learner functions on the call stack, innermost last. */
const stack: string[] = [];

const runningRecords = new Map<string, Buffer>(); // encoded once per (function, check): a call costs one write
const idle = encodeRunning(undefined);

function writeRunning(): void {
  if (runningFd === undefined) return;
  const label = stack.at(-1);
  let record = idle;
  if (label !== undefined) {
    const check = active?.idea ?? '';
    const key = `${label}\n${check}`;
    record = runningRecords.get(key) ?? runningRecords.set(key, encodeRunning({ label, check })).get(key)!;
  }
  writeSync(runningFd, record, 0, RUNNING_BYTES, 0);
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** The tensors in a value (arrays and plain objects, a few levels deep), each with where it sits. */
function tensorsIn(value: unknown, path = '', found = new Map<tf.Tensor, string>(), depth = 0): Map<tf.Tensor, string> {
  if (value instanceof tf.Tensor) {
    if (!found.has(value)) found.set(value, path);
  } else if (depth < 4 && found.size < 10_000) {
    if (Array.isArray(value)) value.forEach((item, i) => tensorsIn(item, `${path}[${i}]`, found, depth + 1));
    else if (isPlainObject(value)) Object.entries(value).forEach(([k, item]) => tensorsIn(item, path ? `${path}.${k}` : k, found, depth + 1));
  }
  return found;
}

const argumentName = (path: string): string => {
  const at = /^\[(\d+)\](.*)$/.exec(path);
  return at ? `argument ${Number(at[1]) + 1}${at[2] ? ` (${at[2].replace(/^\./, '')})` : ''}` : path;
};

/** Notes a call that returned one of its inputs or disposed one that was alive. */
function noteInputs(label: string, inputs: Map<tf.Tensor, string>, alive: Set<tf.Tensor>, result: unknown): void {
  if (!active || inputs.size === 0) return;
  const disposed = [...alive].filter((t) => t.isDisposed).map((t) => argumentName(inputs.get(t)!));
  const returned = [...tensorsIn(result).keys()].filter((t) => inputs.has(t)).map((t) => argumentName(inputs.get(t)!));
  if (disposed.length > 0 || returned.length > 0) active.notes.push({ label, returned, disposed });
}

const proxies = new WeakMap<object, object>();
/** The check that got each promise a learner function returned: a rejection nothing handled fails it. */
const promiseOwners = new WeakMap<Promise<unknown>, CheckState>();

/** A learner function's result, with the functions it holds wrapped too (schedules, stoppers, accumulators). */
function wrapResult(label: string, value: unknown): unknown {
  if (typeof value === 'function' && !isClass(value)) return callLearner(`${label}()`, value as (...args: unknown[]) => unknown);
  if (!isPlainObject(value) || !Object.values(value).some((item) => typeof item === 'function')) return value;
  const cached = proxies.get(value);
  if (cached) return cached;
  const methods = new Map<string | symbol, unknown>();
  const proxy = new Proxy(value, {
    get(target, property, receiver) {
      const item = Reflect.get(target, property, receiver) as unknown;
      if (typeof item !== 'function' || typeof property !== 'string' || isClass(item)) return item;
      if (!methods.has(property)) methods.set(property, callLearner(`${label}().${property}`, item as (...args: unknown[]) => unknown, target));
      return methods.get(property);
    },
  });
  proxies.set(value, proxy);
  return proxy;
}

const isClass = (fn: unknown): boolean => typeof fn === 'function' && /^class\b/.test(Function.prototype.toString.call(fn));

const learnerError = (label: string, error: unknown): unknown =>
  error instanceof GradeFailure || error instanceof LearnerError ? error : LearnerError.thrownBy(label.endsWith('()') ? describeFunction(label) : label, error);

/**
 * The one way a grader calls the learner's code: `fn`, labelled `label` in messages and in the
 * running record. A function that already hung or stopped the process fails at once.
 */
export function callLearner(label: string, fn: (...args: unknown[]) => unknown, self?: unknown): (...args: unknown[]) => unknown {
  return function learnerCall(this: unknown, ...args: unknown[]): unknown {
    const known = broken.get(label);
    if (known) {
      throw new GradeFailure(known.message, known.kind);
    }
    const inputs = tensorsIn(args);
    const alive = new Set([...inputs.keys()].filter((t) => !t.isDisposed));
    let result: unknown;
    stack.push(label);
    writeRunning();
    try {
      result = fn.apply(self ?? this, args);
    } catch (error) {
      throw learnerError(label, error);
    } finally {
      stack.pop();
      writeRunning();
    }
    noteInputs(label, inputs, alive, result);
    if (!isThenable(result)) return wrapResult(label, result);
    const owner = active;
    const original = Promise.resolve(result);
    const settled = original.then(
      (value) => wrapResult(label, value),
      (error: unknown) => { throw learnerError(label, error); },
    );
    if (owner) {
      promiseOwners.set(settled, owner);
      // Watches the learner's promise, not the one the grader gets: if the grader drops that one
      // and it rejects, the rejection stays unhandled and fails the check (see watchTensorsAndTimers).
      const done = original.then(() => {}, () => {});
      owner.pending.set(done, { label, started: Date.now() });
      void done.then(() => owner.pending.delete(done));
    }
    return settled;
  };
}

/**
 * Imports the module under grade, next to the grader file `testFileUrl` (pass `import.meta.url`).
 * A module that fails to load gives functions that throw the load error, so every check still runs
 * and says why.
 */
export async function load<T extends object>(testFileUrl: string): Promise<T> {
  await ready();
  watchTensorsAndTimers();
  const mode = gradeMode();
  const lessonDir = dirname(fileURLToPath(testFileUrl));
  // The learner's exercises live in their workspace (TRAINLAB_GRADE_EXERCISES, e.g. work/lessons).
  const exercises = mode === 'exercise' ? process.env[ENV.exercises] : undefined;
  const file = exercises ? join(exercises, basename(lessonDir), 'exercise.ts') : join(lessonDir, `${mode}.ts`);
  let module: Record<string, unknown>;
  // Loading runs the learner's top-level code, so it is timed like a check (LOAD_ID in tools/grading/grade-run.ts).
  emit({ event: 'start', id: LOAD_ID });
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    emit({ event: 'end', id: LOAD_ID });
  } catch (error) {
    emit({ event: 'end', id: LOAD_ID });
    return brokenModule(`${mode}.ts`, error) as T;
  }
  if (VARIANTS.length > 0) return loadVariants<T>(lessonDir, module);
  return wrapAll(module) as T;
}

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function' && !isClass(value);

/** A module whose every function throws why `file` could not be loaded (so every check still runs and says why). */
export function brokenModule(file: string, error: unknown): object {
  const reason = error instanceof Error ? error.message.trim() : String(error);
  const failure = new LearnerError(`${file} could not be loaded: ${reason}`, error);
  const broken = (_: object, key: string | symbol) =>
    key === 'then' || typeof key === 'symbol' ? undefined : () => { throw failure; }; // not a thenable
  return new Proxy({}, { get: broken });
}

/** The module's exports, each function called through `callLearner` (the page runner's `load` uses it too). */
export function wrapAll(module: Record<string, unknown>): Record<string, unknown> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(module)) wrapped[key] = isFunction(value) ? callLearner(key, value) : value;
  return wrapped;
}

// ---- planted-bug runs (tests/grader-independence.test.ts) ----
// TRAINLAB_GRADE_VARIANTS names several exercises folders (JSON array). `load` then imports each
// folder's exercise.ts and returns functions that call the active folder's; `check` runs its test
// once per folder and reports each outcome with `variant: index` in its end event. One process
// grades many versions of a lesson this way, instead of paying the library's import for each.

const VARIANTS = JSON.parse(process.env.TRAINLAB_GRADE_VARIANTS ?? '[]') as string[];
let activeVariant = 0;

async function loadVariants<T>(lessonDir: string, first: Record<string, unknown>): Promise<T> {
  const modules: Record<string, unknown>[] = [];
  for (const folder of VARIANTS) {
    const file = join(folder, basename(lessonDir), 'exercise.ts');
    modules.push(wrapAll((await import(pathToFileURL(file).href)) as Record<string, unknown>));
  }
  const dispatch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(first)) {
    dispatch[key] = isFunction(value) ? (...args: unknown[]) => (modules[activeVariant][key] as (...a: unknown[]) => unknown)(...args) : value;
  }
  return dispatch as T;
}

// ---- tensors created during a call; errors from timers ----

/** Sets of tensors being collected: every tensor the engine tracks is added to each. */
const collectors = new Set<Set<tf.Tensor>>();
let watching = false;

/**
 * Hooks the engine's tensor tracking (for leak counts by tensor id) and the timer functions (so
 * that an error a timer callback throws fails the check that started the timer). Once per process.
 */
function watchTensorsAndTimers(): void {
  if (watching) return;
  watching = true;
  const engine = tf.engine() as unknown as { trackTensor: (tensor: tf.Tensor, backend: unknown) => void };
  const track = engine.trackTensor;
  engine.trackTensor = function trackTensor(this: unknown, tensor: tf.Tensor, backend: unknown) {
    for (const collector of collectors) collector.add(tensor);
    return track.call(this, tensor, backend);
  };
  const guard = (via: string, callback: unknown): unknown => {
    const owner = active;
    if (!owner || typeof callback !== 'function') return callback;
    const label = stack.at(-1);
    return function guarded(this: unknown, ...args: unknown[]): unknown {
      try {
        return (callback as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        asyncFailure(owner, `${label ? describeFunction(label) : 'this check'} started a ${via} whose callback threw`, error);
        return undefined;
      }
    };
  };
  const patch = <K extends 'setTimeout' | 'setInterval' | 'setImmediate' | 'queueMicrotask'>(name: K): void => {
    const original = globalThis[name] as (...args: unknown[]) => unknown;
    const patched = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      return original.call(this, guard(name, callback), ...rest);
    };
    Object.defineProperties(patched, Object.getOwnPropertyDescriptors(original)); // e.g. util.promisify.custom
    globalThis[name] = patched as (typeof globalThis)[K];
  };
  (['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'] as const).forEach(patch);
  const nextTick = process.nextTick;
  process.nextTick = function (this: unknown, callback: unknown, ...rest: unknown[]) {
    return nextTick.call(this, guard('process.nextTick', callback) as () => void, ...rest);
  } as typeof process.nextTick;
  // The wasm backend (emscripten) rethrows uncaught errors, which kills the process: remove it, and
  // with our listeners there, vitest leaves uncaught errors to us (it only reports them when alone).
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.on('uncaughtException', (error) => asyncFailure(active ?? lastCheck, 'an error was thrown outside any call (e.g. from an event handler)', error));
  process.on('unhandledRejection', (error, promise) => {
    const owner = promiseOwners.get(promise) ?? active ?? lastCheck;
    if (error instanceof LearnerError) asyncFailure(owner, '', error, `${error.message}, in a promise nothing awaited`);
    else asyncFailure(owner, 'a promise was rejected and nothing handled it', error);
  });
}

/** Fails `owner` (the running check, or one that ended: a late failure) with an asynchronous error. */
function asyncFailure(owner: CheckState | undefined, what: string, error: unknown, message = `${what}${describeError(error)}${whereInExercise(error)}`): void {
  const failure = new LearnerError(message, error);
  if (!owner) return; // before the first check: loading fails on its own
  if (owner.running) owner.reject(failure);
  else emit({ event: 'late', id: owner.id, status: 'fail', kind: 'threw', message: `after this check ended, ${failure.message}` });
}

// ---- exercises and checks ----

let current: { number: number; title: string; ideas: Set<string> } | undefined;

/** Groups the checks of exercise `number` (its `## Exercise N:` section in lesson.md). */
export function exercise(number: number, title: string, body: () => void): void {
  describe(`Exercise ${number}: ${title}`, () => {
    current = { number, title, ideas: new Set() };
    try {
      body();
    } finally {
      current = undefined;
    }
  });
}

export function classify(error: unknown): { kind: FailureKind; message: string } {
  if (error instanceof GradeFailure) return { kind: error.kind, message: error.message };
  if (error instanceof LearnerError) return { kind: 'threw', message: error.message };
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'grader-error', message: `the grader itself failed (not your fault — please report it): ${text}` };
}

/** A grader error caused by a tensor the learner returned as its own or disposed: the learner's failure. */
function explainDisposed(error: unknown, state: CheckState): unknown {
  if (error instanceof GradeFailure || error instanceof LearnerError || !/disposed/i.test(String((error as Error)?.message))) return error;
  const note = state.notes.find((n) => n.disposed.length > 0) ?? state.notes.find((n) => n.returned.length > 0);
  if (!note) return error;
  const fn = note.label.endsWith('()') ? describeFunction(note.label) : note.label;
  if (note.disposed.length > 0) {
    return new GradeFailure(`${fn} disposed its input ${note.disposed.join(', ')}, which the caller still uses — leave the caller's tensors alive (they are the caller's to free)`);
  }
  return new GradeFailure(`${fn} returned its input ${note.returned.join(', ')} itself, so when the caller freed its inputs the result went with it — return a new tensor`);
}

const ownTimer = { set: setTimeout, clear: clearTimeout };

/** Runs a check body: until it settles and the learner promises it started settle, or time runs out. */
async function runCheck(fn: () => unknown, state: CheckState): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = ownTimer.set(() => {
      const pending = [...state.pending.values()].sort((a, b) => b.started - a.started)[0];
      if (!pending) return reject(new GradeFailure(`timed out after ${CHECK_TIMEOUT_S} s — is there an infinite loop?`, 'timeout'));
      state.hung = { label: pending.label, kind: 'timeout', message: hungBeforeMessage(pending.label, CHECK_TIMEOUT_S, state.idea) };
      broken.set(pending.label, state.hung);
      reject(new GradeFailure(hangMessage(pending.label, CHECK_TIMEOUT_S, true), 'timeout'));
    }, CHECK_TIMEOUT_S * 1000);
  });
  const late = new Promise<never>((_, reject) => (state.reject = reject));
  try {
    await Promise.race([Promise.resolve().then(fn), limit, late]);
    // A promise the learner's code returned that the check dropped must still settle in time.
    while (state.pending.size > 0) await Promise.race([...state.pending.keys(), limit, late]);
  } finally {
    ownTimer.clear(timer);
  }
}

/**
 * Registers one check of the current exercise: `fn` tests one idea and throws a `GradeFailure`
 * (via the helpers below) when it does not hold. Tensors the check creates are freed after it.
 */
export function check(idea: string, points: number, fn: () => unknown): void {
  const ex = current;
  if (!ex) throw new Error(`check("${idea}") must be called inside exercise(…)`);
  if (ex.ideas.has(idea)) throw new Error(`exercise ${ex.number} has two checks named "${idea}"`);
  ex.ideas.add(idea);
  const id = `${ex.number}:${idea}`;
  emit({ event: 'declare', id, exercise: ex.number, exerciseTitle: ex.title, check: idea, points });
  if (skip.has(id)) {
    it.skip(idea, () => {});
    return;
  }
  if (VARIANTS.length > 0) {
    it(idea, async () => {
      for (activeVariant = 0; activeVariant < VARIANTS.length; activeVariant++) {
        const { failure } = await runOne(id, idea, fn);
        emit({ event: 'end', id, variant: activeVariant, ...(failure === undefined ? { status: 'pass' } : { status: 'fail', ...classify(failure) }) });
      }
    }, (CHECK_TIMEOUT_S + 60) * 1000 * VARIANTS.length);
    return;
  }
  it(idea, async () => {
    emit({ event: 'start', id });
    const { failure, hung } = await runOne(id, idea, fn);
    emit({ event: 'end', id, ...(failure === undefined ? { status: 'pass' } : { status: 'fail', ...classify(failure) }), ...(hung ? { broken: hung } : {}) });
    if (failure !== undefined) throw failure;
  }, (CHECK_TIMEOUT_S + 60) * 1000);
}

/** Runs one check in its own tensor scope and time limit; returns what it threw, if anything, and a function found to hang. */
async function runOne(id: string, idea: string, fn: () => unknown): Promise<{ failure: unknown; hung?: Broken }> {
  const state: CheckState = { id, idea, running: true, notes: [], pending: new Map(), reject: () => {} };
  active = lastCheck = state;
  tf.engine().startScope();
  let failure: unknown;
  try {
    await runCheck(fn, state);
  } catch (error) {
    failure = explainDisposed(error ?? new Error(String(error)), state);
  } finally {
    state.running = false;
    active = undefined;
    tf.engine().endScope();
  }
  return { failure, hung: state.hung };
}

// ---- messages ----

/** A value as a learner would write it: numbers to 4 significant digits, arrays in brackets, cut at ~200 characters. */
export function fmt(value: unknown, maxItems = 8): string {
  const text = fmtValue(value, maxItems);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function fmtValue(value: unknown, maxItems: number): string {
  if (value instanceof tf.Tensor) {
    return value.isDisposed ? 'a disposed tensor' : fmtValue(value.arraySync(), maxItems);
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (Array.isArray(value)) {
    const items = value.slice(0, maxItems).map((item) => fmtValue(item, maxItems));
    if (value.length > maxItems) items.push(`… (${value.length} items)`);
    return `[${items.join(', ')}]`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).slice(0, maxItems).map(([key, item]) => `${key}: ${fmtValue(item, maxItems)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** `value`, checked to be a live tf.Tensor. */
export function expectTensor(value: unknown, what: string): tf.Tensor {
  if (!(value instanceof tf.Tensor)) fail(`${what} should be a tf.Tensor; got ${fmt(value)}`);
  if (value.isDisposed) fail(`${what} is a tensor that was already disposed — return a tensor the caller can use`);
  return value;
}

/**
 * `message` ("what was expected — what to check first") with what came in between:
 * "w should be [0.95, 2.1] — check the sign; got [1.05, 1.9]" reads "w should be [0.95, 2.1]; got [1.05, 1.9] —
 * check the sign". Without a hint in `message` (after its last " — "), `fallback` gives one.
 */
function withGot(message: string, came: string, fallback: string): string {
  const at = message.lastIndexOf(' — ');
  const [want, hint] = at < 0 ? [message, fallback] : [message.slice(0, at), message.slice(at + 3)];
  return want.includes('; got ') ? `${want} — ${hint}` : `${want}; ${came} — ${hint}`; // what came may be in the message already
}

const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/**
 * The first thing to check when `got` should have been `want` (same length): a NaN, zeros, the
 * opposite sign, a constant factor or offset, or else the first entry that differs.
 */
export function diagnose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-4): string {
  const g = Array.from(got);
  const w = Array.from(want);
  if (g.some((x) => Number.isNaN(x))) return 'it holds NaN: look for 0/0, √ of a negative number or log of 0';
  if (g.some((x) => !Number.isFinite(x))) return 'it holds ±Infinity: look for a division by 0 or a step that grows without bound';
  const big = w.findIndex((x) => Math.abs(x) > 1e-6);
  if (big >= 0) {
    if (g.every((x) => Math.abs(x) <= 1e-7)) return 'it is all zeros: check that the result of the computation is what you return, and that no factor is 0';
    if (g.every((x, i) => close(x, -w[i], tol))) return 'every value has the opposite sign: check the sign (a − where a + belongs, or the other way round)';
    const c = g[big] / w[big];
    if (g.every((x, i) => close(x, c * w[i], tol))) return `every value is ${fmt(c)}× the expected one: check a scale factor`;
  }
  const offset = g[0] - w[0];
  if (g.length > 1 && Math.abs(offset) > 1e-6 && g.every((x, i) => close(x - w[i], offset, tol))) return `every value is off by ${fmt(offset)}: check a term added or left out`;
  const i = g.findIndex((x, k) => !close(x, w[k], tol));
  if (i < 0) return 'compare your formula with the exercise\'s, term by term';
  return g.length === 1
    ? 'compare your formula with the exercise\'s, term by term'
    : `entry ${i} is the first that differs (expected ${fmt(w[i])}, got ${fmt(g[i])}): work that entry out by hand`;
}

/** Fails with `message; got <actual> — <what to check>` unless the tensor has the expected shape and values (within `tol`). */
export function expectValues(actual: tf.Tensor, expected: number | number[] | number[][], message: string, tol = 1e-5): void {
  const shape = tf.tensor(expected).shape; // disposed with the check's scope
  if (!isDeepStrictEqual(actual.shape, shape)) {
    fail(withGot(message, `got shape ${fmt(actual.shape)} instead of ${fmt(shape)}`, 'check which axes you reduce (keepDims) and what broadcasts'));
  }
  const got = Array.from(actual.dataSync());
  const want = [expected].flat(2);
  if (got.some((x, i) => !(Math.abs(x - want[i]) <= tol * Math.max(1, Math.abs(want[i]))))) {
    fail(withGot(message, `got ${fmt(actual)}`, diagnose(got, want, Math.max(tol, 1e-4))));
  }
}

/** Fails with `message; got <actual> — <what to check>` unless `actual` deep-equals `expected`. */
export function expectEqual<T>(actual: T, expected: T, message: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  let hint = 'compare it with the rule in the exercise, case by case';
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const i = expected.findIndex((item, k) => !isDeepStrictEqual(actual[k], item));
    const at = i < 0 ? actual.length : i;
    hint = at < expected.length
      ? `item ${at} is the first that differs (expected ${fmt(expected[at])}, got ${fmt(actual[at])}): work that item out by hand`
      : `it has ${actual.length} items instead of ${expected.length}: check where the loop stops`;
  }
  fail(withGot(message, `got ${fmt(actual)}`, hint));
}

/** Fails with `message` unless `condition` holds. */
export function expectTrue(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

const THROW_HINT = 'check the argument at the top of the function, before any work, and throw new RangeError(…) naming it';

/** Fails unless `call` throws an instance of `type` (a learner's error is unwrapped first). */
export function expectThrows(call: () => unknown, type: new (...args: never[]) => Error, message: string): void {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (error instanceof GradeFailure) throw error; // e.g. a function that hung in an earlier check
    const original = error instanceof LearnerError ? error.cause : error;
    if (original instanceof type) return;
    fail(withGot(message, `it threw${describeError(original)}`, THROW_HINT));
  }
  fail(withGot(message, `it returned ${fmt(result)}`, THROW_HINT));
}

/**
 * Calls the learner's function and fails if it leaves tensors behind: tensors created during the
 * call (by tensor id) that are neither returned nor disposed — "gradientDescentStep leaked 3 tensors
 * — wrap the math in tf.tidy or dispose intermediates". Disposing one of the caller's tensors does
 * not cancel a leak; it fails too. A promise is awaited before counting.
 */
export function expectNoLeak<R>(name: string, call: () => R): R {
  const notesBefore = active?.notes.length ?? 0;
  const judge = (leaked: number): void => {
    const misuse = active?.notes.slice(notesBefore).find((note) => note.disposed.length > 0);
    const disposedInput = misuse ? `${misuse.label} disposed its input ${misuse.disposed.join(', ')}, which belongs to the caller — leave the caller's tensors alive` : '';
    if (leaked > 0) {
      const tensors = leaked === 1 ? '1 tensor' : `${leaked} tensors`;
      throw new GradeFailure(`${name} leaked ${tensors} — wrap the math in tf.tidy or dispose intermediates${disposedInput ? `; also, ${disposedInput}` : ''}`, 'leak');
    }
    if (disposedInput) throw new GradeFailure(disposedInput, 'check');
  };
  const { result, leaked, settled } = collectLeaks(call);
  if (!settled) return leaked.then((n) => { judge(n); return result; }) as unknown as R;
  judge(leaked);
  return result;
}

/**
 * Calls `call`; returns its result and how many tensors it left behind: those created during the
 * call (by tensor id) that are neither returned nor disposed. A promise is not awaited (see
 * `expectNoLeak`, which does).
 */
export function leakOf<R>(call: () => R): { result: R; leaked: number } {
  const { result, leaked, settled } = collectLeaks(call, false);
  return { result, leaked: settled ? leaked : 0 };
}

type Collected<R> = { result: R; leaked: number; settled: true } | { result: R; leaked: Promise<number>; settled: false };

function collectLeaks<R>(call: () => R, awaitPromise = true): Collected<R> {
  const created = new Set<tf.Tensor>();
  const firstId = (tf.engine() as unknown as { nextTensorId(): number }).nextTensorId();
  collectors.add(created);
  let result: R;
  try {
    result = call();
  } catch (error) {
    collectors.delete(created);
    throw error;
  }
  const count = (value: unknown): number => {
    collectors.delete(created);
    const kept = tensorsIn(value);
    return [...created].filter((t) => t.id > firstId && !t.isDisposed && !kept.has(t)).length;
  };
  if (awaitPromise && isThenable(result)) {
    const leaked = Promise.resolve(result).then(count, (error: unknown) => { collectors.delete(created); throw error; });
    return { result: leaked.then(() => result) as unknown as R, leaked, settled: false };
  }
  return { result, leaked: count(result), settled: true };
}
