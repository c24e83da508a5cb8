/**
 * docs/authoring.md, "The standard every lesson meets": a learner reaches the first exercise within
 * 20 minutes of reading (prose at 200 words a minute, shown code at 100). The estimate is
 * tools/notebooks/reading-time.ts; this holds every lesson of the course to it, and every line of
 * code a lesson shows to the width of the site's code box (no sideways scrolling).
 */
import { describe, expect, it } from 'vitest';
import { loadLessons, parseLessonSource } from '../tools/notebooks/lesson';
import { CODE_BOX_CHARACTERS, FIRST_EXERCISE_MINUTES, linesTooWide, readingBeforeFirstExercise } from '../tools/notebooks/reading-time';

const FRONT = `---
title: T
summary: S
objectives: [o]
prerequisites: []
estimatedTime: 30 min
---
`;

describe('readingBeforeFirstExercise', () => {
  it('counts prose and shown code up to the first exercise, not check cells, display math or comments', () => {
    const lesson = parseLessonSource(`${FRONT}
one two three four
$$ a + b = c + d + e $$
<!-- not read -->

\`\`\`ts
const x = 1;
\`\`\`

\`\`\`ts check
claim('hidden', 1, 'not read');
\`\`\`

\`\`\`ts no-run
shown but not run
\`\`\`

## Exercise 1: later

words after the exercise are not counted
`);
    const time = readingBeforeFirstExercise(lesson);
    expect(time).toMatchObject({ proseWords: 4, codeWords: 4 + 4 });
    expect(time.minutes).toBeCloseTo(4 / 200 + 8 / 100, 10);
  });
});

describe('linesTooWide', () => {
  it('finds shown code lines wider than the code box, in code cells and fenced prose, not in check cells', () => {
    const long = `const x = ${'1 + '.repeat(30)}1;`;
    const lesson = parseLessonSource(`${FRONT}
\`\`\`ts
${long}
const short = 1;
\`\`\`

\`\`\`ts check
${long}
\`\`\`

\`\`\`ts no-run
${long.replace('x', 'y')}
\`\`\`
`);
    expect(long.length).toBeGreaterThan(CODE_BOX_CHARACTERS);
    expect(linesTooWide(lesson)).toEqual([long, long.replace('x', 'y')]);
  });
});

describe('every lesson', () => {
  const lessons = loadLessons().map((lesson) => [lesson.slug, lesson] as const);

  it.each(lessons)(
    `%s reaches its first exercise within ${FIRST_EXERCISE_MINUTES} minutes of reading`,
    (slug, lesson) => {
      const { minutes, proseWords, codeWords } = readingBeforeFirstExercise(lesson);
      expect(minutes, `${slug}: ${minutes.toFixed(1)} min before its first exercise (${proseWords} words of prose, ${codeWords} of code) — move an exercise up to the section it practises, or cut repetition`).toBeLessThanOrEqual(FIRST_EXERCISE_MINUTES);
    },
  );

  it.each(lessons)(
    `%s shows no line of code wider than the page's code box (${CODE_BOX_CHARACTERS} characters)`,
    (slug, lesson) => {
      expect(linesTooWide(lesson), `${slug}: wrap these lines`).toEqual([]);
    },
  );
});
