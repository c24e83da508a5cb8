/**
 * A small language for describing the parameters of a public function, and the bad inputs that
 * follow from a description — the engine of tests/api-fuzz.test.ts.
 *
 * An entry says how to call one export (`call`), what its parameters accept (`params`, each with
 * a spec and a good value), and optionally extra bad cases a spec cannot express (pair rules,
 * shapes). From the specs come, per parameter: type garbage (null, NaN, strings, objects…),
 * out-of-range numbers drawn by fast-check, non-integers, and for options objects: non-objects,
 * misspelled keys, and every field's own bad values.
 */
import * as fc from 'fast-check';
import { formatValue } from '../../src/core/errors';

export type Spec =
  | { kind: 'number'; min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean; int?: boolean; nullable?: boolean; nonFinite?: boolean; infinity?: boolean }
  | { kind: 'boolean' }
  | { kind: 'string'; nonEmpty?: boolean }
  | { kind: 'oneOf'; values: readonly unknown[] }
  | { kind: 'function' }
  | { kind: 'object'; nullable?: boolean }
  | { kind: 'array' }
  | { kind: 'tensor' }
  /** A number ≥ 0 or a Schedule (step ⇒ number). */
  | { kind: 'rate' }
  | { kind: 'options'; fields: Record<string, Spec> }
  /** Anything goes (a value the function only passes on, e.g. `claim`'s value): no bad cases. */
  | { kind: 'any' };

export const num = (range: Omit<Extract<Spec, { kind: 'number' }>, 'kind'> = {}): Spec => ({ kind: 'number', ...range });
export const int = (min = 0, max?: number): Spec => ({ kind: 'number', int: true, min, max });
export const positive: Spec = { kind: 'number', min: 0, minOpen: true };
export const nonNegative: Spec = { kind: 'number', min: 0 };
export const finite: Spec = { kind: 'number' };
/** Any number, NaN and ±Infinity included (rounding functions take them): only type garbage is bad. */
/** A p-norm's order: > 0, Infinity included. */
export const normOrder: Spec = { kind: 'number', min: 0, minOpen: true, infinity: true };
export const anyNumber: Spec = { kind: 'number', nonFinite: true };
export const unit = (closedHigh = false): Spec => ({ kind: 'number', min: 0, max: 1, maxOpen: !closedHigh });
export const bool: Spec = { kind: 'boolean' };
export const str: Spec = { kind: 'string' };
export const nonEmptyStr: Spec = { kind: 'string', nonEmpty: true };
export const oneOf = (...values: unknown[]): Spec => ({ kind: 'oneOf', values });
export const func: Spec = { kind: 'function' };
export const obj: Spec = { kind: 'object' };
export const arr: Spec = { kind: 'array' };
export const tensor: Spec = { kind: 'tensor' };
export const rate: Spec = { kind: 'rate' };
export const any: Spec = { kind: 'any' };
export const options = (fields: Record<string, Spec>): Spec => ({ kind: 'options', fields });

export interface Param {
  name: string;
  spec: Spec;
  /** A good value, made fresh for every call (optimizers are stateful). */
  good: () => unknown;
  /** May be left out (then `undefined` is a control, not a bad case). */
  optional?: boolean;
}

/** A bad input beyond what the specs generate: the arguments, and what the message must name. */
export interface ExtraBad {
  what: string;
  args: () => unknown[];
  /** Words the message must contain (a parameter name, a value). */
  mentions: string[];
}

export interface Entry {
  /** The name messages start with: `adam`, `Random.int`. */
  fn: string;
  params: Param[];
  call: (...args: never[]) => unknown;
  /** Frees what a successful call returned (tensors, optimizers). Default: `releaseValue`. */
  release?: (result: unknown) => void;
  extraBad?: ExtraBad[];
  /** More good argument lists (controls), besides the one made of each parameter's good value. */
  controls?: (() => unknown[])[];
}

/** One bad input and what a clear message about it must contain. */
export interface BadCase {
  entry: Entry;
  what: string;
  args: () => unknown[];
  mentions: string[];
  /** The value itself: a clear message shows it (primitives by value, others as "got …"). */
  value?: unknown;
}

const TYPE_GARBAGE: Record<Spec['kind'], unknown[]> = {
  number: [null, NaN, '1', true, {}, [1]],
  boolean: [null, 0, 1, 'true', {}],
  string: [null, 5, {}, []],
  oneOf: [null, 'bogus', 0, {}],
  function: [null, 5, 'f', {}],
  object: [null, 5, 'x'],
  array: [null, 5, 'x', {}],
  tensor: [null, 5, [1, 2], {}],
  rate: [null, NaN, -1, Infinity, '0.1', {}],
  options: [null, 5, 'options', [], true],
  any: [],
};

let seed = 17;

/** Out-of-range and non-integer numbers for a number spec, drawn by fast-check (seeded). */
function badNumbers(s: Extract<Spec, { kind: 'number' }>): number[] {
  const out: number[] = s.infinity ? [-Infinity] : [Infinity, -Infinity]; // infinity: +Infinity is a good value
  const sample = (arb: fc.Arbitrary<number>) => fc.sample(arb, { seed: seed++, numRuns: 2 });
  if (s.min !== undefined) {
    out.push(s.minOpen ? s.min : s.min - 1);
    out.push(...sample(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: s.min, maxExcluded: !s.minOpen })));
  }
  if (s.max !== undefined) {
    out.push(s.maxOpen ? s.max : s.max + 1);
    out.push(...sample(fc.double({ noNaN: true, noDefaultInfinity: true, min: s.max, minExcluded: !s.maxOpen, max: Math.max(1e6, 2 * s.max + 1) })));
  }
  if (s.int) {
    const lo = s.min ?? 0;
    out.push(lo + 0.5);
    out.push(...sample(fc.double({ noNaN: true, min: lo, max: (s.max ?? lo + 1000) - 0.01 }).filter((x) => !Number.isInteger(x))));
  }
  return [...new Set(out.filter((x) => !Object.is(x, -0)))]; // −0 is 0, a good value (filtered before the Set turns it into 0)
}

/** Misspellings of a key that are not themselves valid keys: a dropped last letter, a doubled one, a torch-style name. */
function typos(key: string, valid: readonly string[]): string[] {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const candidates = [key.slice(0, -1), `${key}${key.slice(-1)}`, snake, key.toLowerCase()];
  return [...new Set(candidates)].filter((k) => k.length > 0 && !valid.includes(k));
}

/** Bad values of one spec, each with what the message must mention beyond the parameter's name. */
function badValues(spec: Spec): { value: unknown; label: string }[] {
  const nullable = (spec.kind === 'number' || spec.kind === 'object') && spec.nullable === true; // null means something documented
  const nonFinite = spec.kind === 'number' && spec.nonFinite === true; // NaN and ±Infinity are good values
  const garbage = TYPE_GARBAGE[spec.kind].filter((v) => !(nullable && v === null) && !(nonFinite && Number.isNaN(v))).map((value) => ({ value, label: formatValue(value) }));
  switch (spec.kind) {
    case 'number':
      return [...garbage, ...badNumbers(spec).filter((x) => !(spec.nonFinite && !Number.isFinite(x))).map((value) => ({ value, label: String(value) }))];
    case 'string':
      return spec.nonEmpty ? [...garbage, { value: '', label: '""' }] : garbage;
    default:
      return garbage;
  }
}

/** Every bad case of an entry: each parameter's (and each options field's) bad values, typos, extras. */
export function badCases(entry: Entry): BadCase[] {
  const cases: BadCase[] = [];
  const goodArgs = () => entry.params.map((p) => p.good());
  entry.params.forEach((param, i) => {
    const withArg = (value: unknown) => () => {
      const args = goodArgs();
      args[i] = value;
      return args;
    };
    for (const { value, label } of badValues(param.spec)) {
      cases.push({ entry, what: `${param.name} = ${label}`, args: withArg(value), mentions: [param.name], value });
    }
    if (!param.optional && param.spec.kind !== 'any') {
      cases.push({ entry, what: `${param.name} missing`, args: withArg(undefined), mentions: [param.name], value: undefined });
    }
    if (param.spec.kind !== 'options') return;
    const fields = param.spec.fields;
    const keys = Object.keys(fields);
    const withField = (key: string, value: unknown) => () => {
      const args = goodArgs();
      args[i] = { ...(args[i] as object), [key]: value };
      return args;
    };
    for (const key of keys) {
      for (const typo of typos(key, keys)) {
        cases.push({ entry, what: `${param.name}.${typo} (misspelled ${key})`, args: withField(typo, 1), mentions: [typo] });
      }
      for (const { value, label } of badValues(fields[key])) {
        cases.push({ entry, what: `${param.name}.${key} = ${label}`, args: withField(key, value), mentions: [key], value });
      }
    }
  });
  for (const extra of entry.extraBad ?? []) cases.push({ entry, what: extra.what, args: extra.args, mentions: extra.mentions });
  return cases;
}

/** The good argument lists of an entry: all good values, optional ones left out, and the entry's own. */
export function controls(entry: Entry): { what: string; args: () => unknown[] }[] {
  const all = () => entry.params.map((p) => p.good());
  const out = [{ what: 'good values', args: all }];
  const optional = entry.params.map((p, i) => (p.optional ? i : -1)).filter((i) => i >= 0);
  if (optional.length > 0) {
    out.push({ what: 'optional arguments left out', args: () => all().slice(0, optional[0]) });
  }
  (entry.controls ?? []).forEach((args, k) => out.push({ what: `control ${k + 1}`, args }));
  return out;
}
