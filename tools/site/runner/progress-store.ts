/**
 * The runner's record of a lesson's last "Check my answer" in this browser (localStorage), shared
 * by the lesson page (ui.ts writes it) and the progress view (progress.ts reads it). One entry per
 * lesson, under `trainlab:<slug>:exercise.ts:result`, as JSON. Pure: no DOM, so tests run it in Node.
 */
import type { CheckResult } from './protocol';

/** A lesson's last in-browser grading run, as stored. */
export interface StoredResult {
  slug: string;
  points: number;
  total: number;
  /** When it was checked (ISO 8601). */
  at: string;
  checks: CheckResult[];
}

const PREFIX = 'trainlab:';
const SUFFIX = ':exercise.ts:result';

/** The localStorage key of a lesson's last result. */
export function resultKey(slug: string): string {
  return `${PREFIX}${slug}${SUFFIX}`;
}

/** The mark each check status is shown with (the runner's results and the progress page). */
export const STATUS_MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

/** The points `checks` earned (those that passed) out of all their points. */
export function score(checks: readonly CheckResult[]): { points: number; total: number } {
  const total = checks.reduce((sum, check) => sum + check.points, 0);
  const points = checks.filter((check) => check.status === 'pass').reduce((sum, check) => sum + check.points, 0);
  return { points, total };
}

/** `checks` grouped by exercise number, in the order they came. */
export function byExercise(checks: readonly CheckResult[]): Map<number, CheckResult[]> {
  const groups = new Map<number, CheckResult[]>();
  for (const check of checks) groups.set(check.exercise, [...(groups.get(check.exercise) ?? []), check]);
  return groups;
}

/** A stored `at` as this browser writes dates; as stored when it is not a date (an older runner's text). */
export function checkedAt(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString();
}

/** The record of one grading run. */
export function storedResult(slug: string, checks: CheckResult[], at: Date): StoredResult {
  return { slug, ...score(checks), at: at.toISOString(), checks };
}

/**
 * A stored entry read back; undefined when it is not a result this runner wrote (an older runner
 * stored a sentence, "3/5 points on …": that gives points and total with no checks).
 */
export function parseStoredResult(slug: string, text: string | null): StoredResult | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StoredResult>;
    if (typeof value.points === 'number' && typeof value.total === 'number' && Array.isArray(value.checks)) {
      return { slug, points: value.points, total: value.total, at: typeof value.at === 'string' ? value.at : '', checks: value.checks };
    }
  } catch {
    // Not JSON: the older sentence, below.
  }
  const old = /^(\d+)\/(\d+) points on (.*)$/.exec(text);
  return old ? { slug, points: Number(old[1]), total: Number(old[2]), at: old[3], checks: [] } : undefined;
}

/** Every lesson's stored result in `storage` (the page's localStorage), by slug. */
export function readStoredResults(storage: Pick<Storage, 'length' | 'key' | 'getItem'>): StoredResult[] {
  const results: StoredResult[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX) || !key.endsWith(SUFFIX)) continue;
    const slug = key.slice(PREFIX.length, -SUFFIX.length);
    const result = parseStoredResult(slug, storage.getItem(key));
    if (result) results.push(result);
  }
  return results.sort((a, b) => a.slug.localeCompare(b.slug));
}
