/**
 * `claim`: a lesson's guard on a number its prose states.
 *
 * A sentence such as "with η = 0.5 the network reaches 96 % validation accuracy" comes from a run.
 * When a dependency, a seed or the set-up changes, the run changes and the sentence silently goes
 * stale. A `ts check` cell right after the run states the same fact as code — it runs in the
 * notebook (collapsed) and at every site build, and is not shown on the page — so a changed run
 * fails the lesson build, naming the claim, instead of shipping wrong prose.
 */
import { checkOptions, formatValue, typeError } from '../core/errors';

const FN = 'claim';

/** What the value must satisfy; bounds are inclusive. */
export type ClaimRule =
  | { between: readonly [number, number] }
  | { atLeast: number }
  | { atMost: number }
  | { equals: number | string | boolean };

/** A claim of a lesson that its own run does not bear out. */
export class ClaimError extends Error {
  override name = 'ClaimError';
}

function describeRule(rule: ClaimRule): string {
  if ('between' in rule) return `between ${rule.between[0]} and ${rule.between[1]}`;
  if ('atLeast' in rule) return `at least ${rule.atLeast}`;
  if ('atMost' in rule) return `at most ${rule.atMost}`;
  return `equal to ${formatValue(rule.equals)}`;
}

function checkRule(rule: unknown): ClaimRule {
  const r = checkOptions(FN, rule, ['between', 'atLeast', 'atMost', 'equals'], 'rule', 'rule');
  const keys = Object.keys(r);
  if (keys.length !== 1) throw typeError(FN, 'rule', 'one of { between }, { atLeast }, { atMost }, { equals }', keys);
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if ('between' in r) {
    const b = r.between;
    if (!Array.isArray(b) || b.length !== 2 || !finite(b[0]) || !finite(b[1]) || b[0] > b[1]) {
      throw typeError(FN, 'rule.between', 'two finite numbers [lo, hi] with lo ≤ hi', b);
    }
  } else if ('atLeast' in r || 'atMost' in r) {
    const bound = r.atLeast ?? r.atMost;
    if (!finite(bound)) throw typeError(FN, `rule.${keys[0]}`, 'a finite number', bound);
  } else if (!['number', 'string', 'boolean'].includes(typeof r.equals)) {
    throw typeError(FN, 'rule.equals', 'a number, string or boolean', r.equals);
  }
  return r as ClaimRule;
}

function holds(value: unknown, rule: ClaimRule): boolean {
  if ('equals' in rule) return value === rule.equals;
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if ('between' in rule) return value >= rule.between[0] && value <= rule.between[1];
  if ('atLeast' in rule) return value >= rule.atLeast;
  return value <= rule.atMost;
}

/**
 * Throws a ClaimError unless `value` satisfies `rule`; returns nothing and prints nothing when it
 * does (a check cell stays silent).
 *
 * @param what the claim in the prose's words, e.g. `'validation accuracy at η = 0.5'`.
 * @param value the number (or string/boolean for `equals`) the run produced.
 * @param rule `{ between: [lo, hi] }`, `{ atLeast }`, `{ atMost }` (inclusive) or `{ equals }`.
 * @throws TypeError for a malformed `what` or `rule`; ClaimError when the run contradicts the prose:
 *   `claim: "validation accuracy at η = 0.5" should be between 0.95 and 0.99, got 0.93 — …`.
 * @example
 * claim('best validation accuracy', Math.max(...history.valMetrics.accuracy), { between: [0.95, 0.99] });
 */
export function claim(what: string, value: unknown, rule: ClaimRule): void {
  if (typeof what !== 'string' || what.trim() === '') throw typeError(FN, 'what', 'a non-empty string', what);
  const checked = checkRule(rule);
  if (holds(value, checked)) return;
  throw new ClaimError(
    `${FN}: ${formatValue(what)} should be ${describeRule(checked)}, got ${formatValue(value)} — ` +
      'the run no longer supports what the lesson says: update the prose (and this check) or the set-up',
  );
}
