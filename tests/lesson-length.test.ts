/**
 * docs/authoring.md, "The standard every lesson meets": a learner reaches the first exercise within
 * 20 minutes of reading (prose at 200 words a minute, shown code at 100). The estimate is
 * tools/notebooks/reading-time.ts; this holds every lesson of the course to it.
 */
import { describe, expect, it } from 'vitest';
import { loadLessons, parseLessonSource } from '../tools/notebooks/lesson';
import { FIRST_EXERCISE_MINUTES, readingBeforeFirstExercise } from '../tools/notebooks/reading-time';

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

describe('every lesson', () => {
  it.each(loadLessons().map((lesson) => [lesson.slug, lesson] as const))(
    `%s reaches its first exercise within ${FIRST_EXERCISE_MINUTES} minutes of reading`,
    (slug, lesson) => {
      const { minutes, proseWords, codeWords } = readingBeforeFirstExercise(lesson);
      expect(minutes, `${slug}: ${minutes.toFixed(1)} min before its first exercise (${proseWords} words of prose, ${codeWords} of code) — move an exercise up to the section it practises, or cut repetition`).toBeLessThanOrEqual(FIRST_EXERCISE_MINUTES);
    },
  );
});
