/** The printed end of `npm run grade`: the course summary (points per lesson) and the total. */
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../tools/grading/grade';
import type { GradeReport, LessonReport } from '../tools/grading/grade-run';

const lesson = (slug: string, points: number, maxPoints: number, error?: string): LessonReport =>
  ({ slug, title: slug, points, maxPoints, exercises: [], seconds: 1, ...(error ? { error } : {}) });

function report(lessons: LessonReport[]): GradeReport {
  const points = lessons.reduce((a, l) => a + l.points, 0);
  const maxPoints = lessons.reduce((a, l) => a + l.maxPoints, 0);
  return { mode: 'exercise', lessons, points, maxPoints, fullMarks: points === maxPoints && !lessons.some((l) => l.error), seconds: 1 };
}

describe('grade summary', () => {
  it('prints one line per lesson with its points, then the total', () => {
    const text = formatSummary(report([lesson('01-alpha', 10, 10), lesson('02-beta', 3, 12), lesson('03-gamma', 0, 0, 'could not load')]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Course summary (points per lesson)');
    expect(lines[1]).toMatch(/^ {2}01-alpha {2}█{10} {2}10\/10 ✓$/);
    expect(lines[2]).toMatch(/^ {2}02-beta {3}█{3}·{7} {3}3\/12 {2}$/);
    expect(lines[3]).toBe('  03-gamma  not graded');
    expect(text).toContain('Total (your exercises): 13/22 points');
  });

  it('leaves the summary out when one lesson was graded', () => {
    expect(formatSummary(report([lesson('01-alpha', 2, 4)]))).not.toContain('Course summary');
  });
});
