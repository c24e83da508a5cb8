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
 *   TRAINLAB_GRADE=solution, `./solution`. Every exported function is wrapped so that an error it throws is reported as
 *   the learner's ("gradientDescentStep threw: TODO: …"), not as a bug in the grader.
 * - `exercise` groups the checks of exercise N (the `## Exercise N:` section of lesson.md);
 *   `check` registers one vitest test worth some points, testing one idea, with a time limit.
 * - Failures are `GradeFailure`s with a message a learner can act on; the helpers below build them.
 *   Any other error in a check is reported as a grader bug.
 *
 * `tools/grading/grade-run.ts` runs graders in a child process and reads the progress events that `check`
 * appends to TRAINLAB_GRADE_PROGRESS, so that it can stop a check that loops forever.
 */
import * as tf from '@tensorflow/tfjs';
import { appendFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'vitest';
import { ready } from '../src/index';

export type FailureKind = 'check' | 'leak' | 'timeout' | 'threw' | 'grader-error';

/** A check that failed, with a message for the learner. */
export class GradeFailure extends Error {
  override name = 'GradeFailure';
  constructor(message: string, readonly kind: 'check' | 'leak' | 'timeout' = 'check') {
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

// ---- loading the learner's module ----

/** Which file the graders run against: the learner's `exercise.ts` (default) or `solution.ts`. */
export function gradeMode(): 'exercise' | 'solution' {
  const mode = process.env.TRAINLAB_GRADE ?? 'exercise';
  if (mode !== 'exercise' && mode !== 'solution') throw new Error(`TRAINLAB_GRADE must be "exercise" or "solution", got "${mode}"`);
  return mode;
}

function wrap(name: string, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      throw LearnerError.thrownBy(name, error);
    }
    if (result instanceof Promise) {
      return result.catch((error: unknown) => {
        throw LearnerError.thrownBy(name, error);
      });
    }
    return result;
  };
}

/**
 * Imports the module under grade, next to the grader file `testFileUrl` (pass `import.meta.url`).
 * A module that fails to load gives functions that throw the load error, so every check still runs
 * and says why.
 */
export async function load<T extends object>(testFileUrl: string): Promise<T> {
  await ready();
  const mode = gradeMode();
  const lessonDir = dirname(fileURLToPath(testFileUrl));
  // The learner's exercises live in their workspace (TRAINLAB_GRADE_EXERCISES, e.g. work/lessons).
  const exercises = mode === 'exercise' ? process.env.TRAINLAB_GRADE_EXERCISES : undefined;
  const file = exercises ? join(exercises, basename(lessonDir), 'exercise.ts') : join(lessonDir, `${mode}.ts`);
  let module: Record<string, unknown>;
  // Loading runs the learner's top-level code, so it is timed like a check (id "load" in tools/grading/grade-run.ts).
  emit({ event: 'start', id: 'load' });
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    emit({ event: 'end', id: 'load' });
  } catch (error) {
    emit({ event: 'end', id: 'load' });
    const reason = error instanceof Error ? error.message.trim() : String(error);
    const failure = new LearnerError(`${mode}.ts could not be loaded: ${reason}`, error);
    const broken = (_: object, key: string | symbol) =>
      key === 'then' || typeof key === 'symbol' ? undefined : () => { throw failure; }; // not a thenable
    return new Proxy({}, { get: broken }) as T;
  }
  if (VARIANTS.length > 0) return loadVariants<T>(lessonDir, module);
  return wrapAll(module) as T;
}

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown =>
  typeof value === 'function' && !/^class\b/.test(Function.prototype.toString.call(value));

/** The module's exports, each function wrapped so that what it throws is reported as the learner's. */
function wrapAll(module: Record<string, unknown>): Record<string, unknown> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(module)) wrapped[key] = isFunction(value) ? wrap(key, value) : value;
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

// ---- exercises and checks ----

/** Seconds a check may run; tools/grading/grade.ts sets it, a plain vitest run gets the default. */
export const CHECK_TIMEOUT_S = Number(process.env.TRAINLAB_GRADE_TIMEOUT ?? 10);
const skip = new Set<string>(JSON.parse(process.env.TRAINLAB_GRADE_SKIP ?? '[]') as string[]);
let current: { number: number; title: string; ideas: Set<string> } | undefined;

/** A progress event for tools/grading/grade.ts (written synchronously: the worker may hang right after). */
function emit(event: Record<string, unknown>): void {
  const file = process.env.TRAINLAB_GRADE_PROGRESS;
  if (file) appendFileSync(file, `${JSON.stringify({ ...event, time: Date.now() })}\n`);
}

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

function withTimeout(promise: Promise<unknown>, seconds: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new GradeFailure(`timed out after ${seconds} s — is there an infinite loop?`, 'timeout')),
      seconds * 1000,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
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
        const failure = await runCheck(fn);
        emit({ event: 'end', id, variant: activeVariant, ...(failure === undefined ? { status: 'pass' } : { status: 'fail', ...classify(failure) }) });
      }
    }, (CHECK_TIMEOUT_S + 60) * 1000 * VARIANTS.length);
    return;
  }
  it(idea, async () => {
    emit({ event: 'start', id });
    const failure = await runCheck(fn);
    emit({ event: 'end', id, ...(failure === undefined ? { status: 'pass' } : { status: 'fail', ...classify(failure) }) });
    if (failure !== undefined) throw failure;
  }, (CHECK_TIMEOUT_S + 60) * 1000);
}

/** Runs one check in its own tensor scope and time limit; returns what it threw, if anything. */
async function runCheck(fn: () => unknown): Promise<unknown> {
  tf.engine().startScope();
  try {
    await withTimeout(Promise.resolve().then(fn), CHECK_TIMEOUT_S);
    return undefined;
  } catch (error) {
    return error ?? new Error(String(error));
  } finally {
    tf.engine().endScope();
  }
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

/** Fails with `message; got <actual>` unless the tensor has the expected shape and values (within `tol`). */
export function expectValues(actual: tf.Tensor, expected: number | number[] | number[][], message: string, tol = 1e-5): void {
  const shape = tf.tensor(expected).shape; // disposed with the check's scope
  if (!isDeepStrictEqual(actual.shape, shape)) fail(`${message}; got shape ${fmt(actual.shape)} instead of ${fmt(shape)}`);
  const got = Array.from(actual.dataSync());
  const want = [expected].flat(2);
  if (got.some((x, i) => !(Math.abs(x - want[i]) <= tol * Math.max(1, Math.abs(want[i]))))) {
    fail(`${message}; got ${fmt(actual)}`);
  }
}

/** Fails with `message; got <actual>` unless `actual` deep-equals `expected`. */
export function expectEqual<T>(actual: T, expected: T, message: string): void {
  if (!isDeepStrictEqual(actual, expected)) fail(`${message}; got ${fmt(actual)}`);
}

/** Fails with `message` unless `condition` holds. */
export function expectTrue(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

/** Fails unless `call` throws an instance of `type` (a learner's error is unwrapped first). */
export function expectThrows(call: () => unknown, type: new (...args: never[]) => Error, message: string): void {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    const original = error instanceof LearnerError ? error.cause : error;
    if (original instanceof type) return;
    fail(`${message}; it threw${describeError(original)}`);
  }
  fail(`${message}; it returned ${fmt(result)}`);
}

function countTensors(value: unknown, seen = new Set<number>()): number {
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) seen.add(value.id);
  } else if (Array.isArray(value)) {
    value.forEach((item) => countTensors(item, seen));
  } else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((item) => countTensors(item, seen));
  }
  return seen.size;
}

/** Calls `call`; returns its result and how many tensors it left behind beyond those it returns. */
export function leakOf<R>(call: () => R): { result: R; leaked: number } {
  const before = tf.memory().numTensors;
  const result = call();
  return { result, leaked: tf.memory().numTensors - before - countTensors(result) };
}

/**
 * Calls the learner's function and fails if it leaves tensors behind beyond those it returns:
 * "gradientDescentStep leaked 3 tensors — wrap the math in tf.tidy or dispose intermediates".
 */
export function expectNoLeak<R>(name: string, call: () => R): R {
  const { result, leaked } = leakOf(call);
  if (leaked > 0) {
    const tensors = leaked === 1 ? '1 tensor' : `${leaked} tensors`;
    throw new GradeFailure(`${name} leaked ${tensors} — wrap the math in tf.tidy or dispose intermediates`, 'leak');
  }
  return result;
}
