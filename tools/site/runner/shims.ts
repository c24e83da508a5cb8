/**
 * Stand-ins for the few Node and vitest calls `lessons/grading.ts` and the graders make, so the same
 * grading code runs in the page's Web Worker (the worker bundle maps `vitest`, `node:fs`,
 * `node:util`, `node:path` and `node:url` here; nothing else uses them).
 *
 * - `describe`/`it` record the checks instead of registering vitest tests; `runRecorded` runs them.
 * - `appendFileSync` keeps grading's progress events (declare/start/end) in memory.
 * - `isDeepStrictEqual` compares as Node's does for the values graders compare (primitives with
 *   Object.is, arrays, typed arrays, plain objects, Map, Set).
 */

interface Recorded {
  name: string;
  fn?: () => unknown;
}

let recorded: Recorded[] = [];
const suites: string[] = [];

export function describe(name: string, body: () => void): void {
  suites.push(name);
  try {
    body();
  } finally {
    suites.pop();
  }
}

export function it(name: string, fn: () => unknown): void {
  recorded.push({ name: [...suites, name].join(' > '), fn });
}
it.skip = (name: string): void => {
  recorded.push({ name: [...suites, name].join(' > ') });
};

/** Runs the recorded checks one after another (skipped ones not at all) and forgets them. */
export async function runRecorded(): Promise<{ name: string; error?: unknown; skipped: boolean }[]> {
  const tests = recorded;
  recorded = [];
  const results: { name: string; error?: unknown; skipped: boolean }[] = [];
  for (const test of tests) {
    if (!test.fn) {
      results.push({ name: test.name, skipped: true });
      continue;
    }
    try {
      await test.fn();
      results.push({ name: test.name, skipped: false });
    } catch (error) {
      results.push({ name: test.name, error, skipped: false });
    }
  }
  return results;
}

/** Forgets recorded checks (before a new grader runs). */
export function resetRecorded(): void {
  recorded = [];
}

const lines: string[] = [];

/** Grading's progress file: the lines are kept here. */
export function appendFileSync(_file: string, text: string): void {
  lines.push(text);
}

// Grading opens its progress file once and writes each event with writeSync: the lines are kept here.
const PROGRESS_FD = 3;
export const openSync = (): number => PROGRESS_FD;
export const closeSync = (): void => {};
export function writeSync(fd: number, text: unknown): number {
  if (fd === PROGRESS_FD && typeof text === 'string') lines.push(text);
  return typeof text === 'string' ? text.length : 0;
}
/** No file exists in the page (grading's signing key is one: unsigned lines, as in a plain vitest run). */
export const existsSync = (): boolean => false;
export const rmSync = (): void => {};
export function readFileSync(file: string): never {
  throw new Error(`ENOENT: no file in the page: ${file}`);
}

// node:crypto, for the grading protocol's signatures (never used in the page: there is no key).
export function createHmac(): never {
  throw new Error('createHmac: not available in the page');
}
export function timingSafeEqual(): never {
  throw new Error('timingSafeEqual: not available in the page');
}

/** The progress events written since the last call, parsed. */
export function takeProgressEvents(): Record<string, unknown>[] {
  const text = lines.splice(0).join('');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!isDeepStrictEqual(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !isDeepStrictEqual(value, b.get(key))) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const value of a) if (!b.has(value)) return false;
    return true;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && isDeepStrictEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

// node:path and node:url, only as far as grading.ts's `load` uses them (the page's `load` replaces it).
export const basename = (p: string): string => p.replace(/\/+$/, '').split('/').pop() ?? '';
export const dirname = (p: string): string => p.replace(/\/+$/, '').split('/').slice(0, -1).join('/') || '/';
export const join = (...parts: string[]): string => parts.join('/').replace(/\/+/g, '/');
export const fileURLToPath = (url: string | URL): string => new URL(String(url)).pathname;
export const pathToFileURL = (p: string): URL => new URL(`file://${p}`);
