/**
 * Validation helpers: one message template for every bad argument in trainlab.
 *
 *   `adamw: beta1 must be in [0, 1), got 1.2`
 *   `warmupCosine: warmupSteps (2000) must be ≤ decaySteps (1000)`
 *
 * Every check throws at once (before a tensor exists) and never clamps. Tests and lessons quote
 * these messages, so they are built here and nowhere else.
 */

/** Arrays longer than this are shown by their first elements and their length. */
const MAX_SHOWN = 8;

/**
 * Formats a value the way messages show it: numbers as JS prints them, strings quoted, short
 * arrays element by element, tensors by shape, other objects and functions by kind.
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_SHOWN).map(formatValue).join(', ');
    return value.length > MAX_SHOWN ? `[${shown}, … (${value.length} elements)]` : `[${shown}]`;
  }
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    const shape = (value as { shape?: unknown }).shape;
    if (Array.isArray(shape) && typeof (value as { dtype?: unknown }).dtype === 'string') return `a tensor of shape [${shape.join(', ')}]`;
    return 'an object';
  }
  return String(value);
}

/** `fn: param must be <requirement>, got <value>` as a RangeError. */
export function rangeError(fn: string, param: string, requirement: string, value: unknown): RangeError {
  return new RangeError(`${fn}: ${param} must be ${requirement}, got ${formatValue(value)}`);
}

/** `fn: param must be <type>, got <value>` as a TypeError. */
export function typeError(fn: string, param: string, type: string, value: unknown): TypeError {
  return new TypeError(`${fn}: ${param} must be ${type}, got ${formatValue(value)}`);
}

/** Throws a TypeError unless `value` is a finite number. */
export function checkFinite(fn: string, param: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw typeError(fn, param, 'a number', value);
  if (!Number.isFinite(value)) throw rangeError(fn, param, 'finite', value);
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(fn: string, param: string, value: unknown): number {
  const x = checkFinite(fn, param, value);
  if (x <= 0) throw rangeError(fn, param, '> 0', x);
  return x;
}

/** Throws unless `value` is a finite number ≥ 0. */
export function checkNonNegative(fn: string, param: string, value: unknown): number {
  const x = checkFinite(fn, param, value);
  if (x < 0) throw rangeError(fn, param, '≥ 0', x);
  return x;
}

/** Throws unless `value` is an integer ≥ `min` (default 0). */
export function checkInteger(fn: string, param: string, value: unknown, min = 0): number {
  const x = checkFinite(fn, param, value);
  if (!Number.isInteger(x)) throw rangeError(fn, param, 'an integer', x);
  if (x < min) throw rangeError(fn, param, `an integer ≥ ${min}`, x);
  return x;
}

/**
 * Throws unless `lo ≤ value < hi` (or `≤ hi` when `closedHigh`). The message writes the interval
 * as math does: `[0, 1)`.
 */
export function checkInRange(
  fn: string,
  param: string,
  value: unknown,
  lo: number,
  hi: number,
  closedHigh = false,
): number {
  const x = checkFinite(fn, param, value);
  if (x < lo || (closedHigh ? x > hi : x >= hi)) {
    throw rangeError(fn, param, `in [${lo}, ${hi}${closedHigh ? ']' : ')'}`, x);
  }
  return x;
}

/** Throws unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(fn: string, param: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw rangeError(fn, param, `one of ${allowed.map(formatValue).join(', ')}`, value);
  }
  return value as T;
}

/** Throws `fn: a (x) must be <relation> b (y)` for a rule between two fields. */
export function pairError(fn: string, a: string, aValue: unknown, relation: string, b: string, bValue: unknown): RangeError {
  return new RangeError(`${fn}: ${a} (${formatValue(aValue)}) must be ${relation} ${b} (${formatValue(bValue)})`);
}

/** Throws a TypeError unless `value` is `true` or `false`. */
export function checkBoolean(fn: string, param: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw typeError(fn, param, 'a boolean', value);
  return value;
}

/**
 * Throws a TypeError unless `options` is a plain object whose keys are all in `allowed`
 * (`param` names the argument, `noun` its keys: options/option, state/field). Catches torch-style
 * names (`lr`, `step_size`, `weight_decay`) and typos that would otherwise fall back to a default.
 *
 * `null` is a value, not "use the default": a key set to `null` is rejected (leave the key out for
 * the default) unless it is listed in `nullable`, where null means something documented.
 */
export function checkOptions<T = Record<string, unknown>>(
  fn: string,
  options: unknown,
  allowed: readonly string[],
  param = 'options',
  noun = 'option',
  nullable: readonly string[] = [],
): T {
  checkObject(fn, param, options, 'an object');
  for (const key of Object.keys(options as object)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: unknown ${noun} ${formatValue(key)} (valid: ${allowed.join(', ')})`);
    }
    if ((options as Record<string, unknown>)[key] === null && !nullable.includes(key)) {
      throw new TypeError(`${fn}: ${key} must not be null (leave it out to use its default), got null`);
    }
  }
  return options as T;
}

/** Throws a TypeError unless `value` is a plain object (not null, not an array); `what` says which. */
export function checkObject(fn: string, param: string, value: unknown, what = 'an object'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw typeError(fn, param, what, value);
  return value as Record<string, unknown>;
}

/** Throws a TypeError unless `value` is a function; `what` describes it, e.g. `a function (x, y) => number`. */
export function checkFunction<F = (...args: never[]) => unknown>(fn: string, param: string, value: unknown, what = 'a function'): F {
  if (typeof value !== 'function') throw typeError(fn, param, what, value);
  return value as F;
}

/** Throws a TypeError unless `value` is a string (non-empty unless `allowEmpty`). */
export function checkString(fn: string, param: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    throw typeError(fn, param, allowEmpty ? 'a string' : 'a non-empty string', value);
  }
  return value;
}

/** Throws unless `value` is an array of finite numbers (non-empty unless `allowEmpty`); names the bad element. */
export function checkFiniteArray(fn: string, param: string, value: unknown, allowEmpty = false): number[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw typeError(fn, param, allowEmpty ? 'an array of finite numbers' : 'a non-empty array of finite numbers', value);
  }
  value.forEach((x: unknown, i) => checkFinite(fn, `${param}[${i}]`, x));
  return value as number[];
}
