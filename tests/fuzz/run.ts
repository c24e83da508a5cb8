/**
 * Runs one fuzz case and says how the library took it: rejected clearly, rejected unclearly,
 * accepted silently, or crashed (a non-Error thrown, or no answer within the time limit); and
 * whether tensors were left behind (counted by `tf.memory().numTensors` around the call).
 */
import * as tf from '@tensorflow/tfjs';
import { formatValue } from '../../src/core/errors';
import type { BadCase, Entry } from './spec';

export type Outcome = 'clear' | 'unclear' | 'accepted' | 'crashed';

export interface Result {
  outcome: Outcome;
  leaked: number;
  detail: string;
}

const TIME_LIMIT_MS = 30_000;

/** Frees whatever a successful call returned: tensors, objects with `dispose()`, arrays of those. */
export function releaseValue(value: unknown): void {
  if (value instanceof tf.Tensor) value.dispose();
  else if (Array.isArray(value)) value.forEach(releaseValue);
  else if (value !== null && typeof value === 'object' && typeof (value as { dispose?: unknown }).dispose === 'function') {
    (value as { dispose(): void }).dispose();
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}

/** Calls the entry; resolves with what it returned, or rejects with what it threw (sync or async). */
async function invoke(entry: Entry, args: unknown[]): Promise<unknown> {
  const result = (entry.call as (...a: unknown[]) => unknown)(...args);
  if (!isThenable(result)) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class Timeout {}

/** Why a message is not clear, or null when it names the function, the parameter, the value and a requirement. */
export function unclearBecause(error: unknown, c: BadCase): string | null {
  if (!(error instanceof RangeError || error instanceof TypeError)) return `a ${(error as Error).constructor?.name ?? typeof error}, not a RangeError/TypeError`;
  const message = error.message;
  if (!message.startsWith(`${c.entry.fn}:`)) return `does not start with "${c.entry.fn}:"`;
  for (const word of c.mentions) if (!message.includes(word)) return `does not name ${JSON.stringify(word)}`;
  if ('value' in c && !showsValue(message, c.value)) return `does not show the value ${formatValue(c.value)}`;
  if (!/must|valid|expected|unknown/.test(message)) return 'states no requirement';
  return null;
}

function showsValue(message: string, value: unknown): boolean {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') return message.includes('got');
    return message.includes(formatValue(value)) || message.includes(String(value));
  }
  return message.includes('got');
}

/** Tries one bad case. */
export async function tryBad(c: BadCase): Promise<Result> {
  const before = tf.memory().numTensors;
  let outcome: Outcome;
  let detail = '';
  try {
    const args = c.args();
    const value = await invoke(c.entry, args);
    (c.entry.release ?? releaseValue)(value);
    outcome = 'accepted';
  } catch (error) {
    if (error instanceof Timeout) [outcome, detail] = ['crashed', `no answer within ${TIME_LIMIT_MS} ms`];
    else if (!(error instanceof Error)) [outcome, detail] = ['crashed', `threw a non-Error: ${String(error)}`];
    else {
      const why = unclearBecause(error, c);
      [outcome, detail] = why === null ? ['clear', error.message] : ['unclear', `${why}: ${error.constructor.name}: ${error.message}`];
    }
  }
  return { outcome, leaked: tf.memory().numTensors - before, detail };
}

/** Runs a control (good arguments): it must return, and leave no tensor once its result is released. */
export async function tryGood(entry: Entry, args: () => unknown[]): Promise<Result> {
  const before = tf.memory().numTensors;
  try {
    const value = await invoke(entry, args());
    (entry.release ?? releaseValue)(value);
    return { outcome: 'accepted', leaked: tf.memory().numTensors - before, detail: '' };
  } catch (error) {
    return { outcome: 'unclear', leaked: tf.memory().numTensors - before, detail: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}
