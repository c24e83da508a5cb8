/**
 * Cross-references between lessons: every "lesson NN" a lesson's prose mentions names a lesson
 * that exists, and every link in a lesson to another lesson (`../NN-slug/lesson.md`, `NN-slug.ipynb`)
 * names one too. The course map groups every lesson into a part.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../tools/notebooks/lesson';
import { COURSE_PARTS, groupByPart } from '../tools/site/index-page';

const lessons = loadLessons();
const numbers = new Set(lessons.map((lesson) => lesson.number));
const slugs = new Set(lessons.map((lesson) => lesson.slug));

describe('cross-references between lessons', () => {
  for (const lesson of lessons) {
    it(`${lesson.slug}: every "lesson NN" and every link to a lesson names an existing lesson`, () => {
      const text = readFileSync(lesson.file, 'utf8');
      const missing: string[] = [];
      for (const m of text.matchAll(/\blessons? (\d{2})\b((?:(?:, | and | or |–)\d{2}\b)*)/gi)) {
        const mentioned = [m[1], ...(m[2].match(/\d{2}/g) ?? [])].map(Number);
        for (const n of mentioned) if (!numbers.has(n)) missing.push(`"${m[0]}": no lesson ${String(n).padStart(2, '0')}`);
      }
      for (const m of text.matchAll(/\]\((?:\.\.?\/)*(?:lessons\/|notebooks\/)?(\d{2}-[a-z0-9-]+)(?:\/lesson\.md|\.ipynb|\.html)/g)) {
        if (!slugs.has(m[1])) missing.push(`link to ${m[1]}: no such lesson`);
      }
      expect(missing).toEqual([]);
    });
  }

  it('the course map puts every lesson of the course in one of its parts', () => {
    const groups = groupByPart(lessons);
    expect(groups.map((g) => g.title)).not.toContain('More lessons');
    expect(groups.flatMap((g) => g.lessons.map((l) => l.slug))).toEqual(lessons.map((l) => l.slug));
    expect(COURSE_PARTS.map((p) => p.title)).toEqual(['Optimizers', 'The learning rate', 'Regularization and normalization', 'Stable and efficient training', 'Debugging', 'Capstone']);
  });
});
