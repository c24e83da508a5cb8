/**
 * How long a learner reads before a lesson's first exercise — the standard in docs/authoring.md
 * ("First exercise within 20 minutes of reading"): prose at 200 words a minute, shown code at 100.
 * Display math (`$$…$$`), HTML comments and ```ts check cells (left out of the page) do not count;
 * a ```ts no-run block inside the prose counts as code.
 *
 * `npx tsx tools/notebooks/reading-time.ts` prints every lesson's estimate; tests/lesson-length.test.ts
 * holds every lesson to the limit, and every line of shown code to the code box's width.
 */
import { pathToFileURL } from 'node:url';
import { loadLessons, type LessonCell, type ParsedLesson } from './lesson';

export const PROSE_WORDS_PER_MINUTE = 200;
export const CODE_WORDS_PER_MINUTE = 100;
/** The longest a learner should read before the first exercise, in minutes. */
export const FIRST_EXERCISE_MINUTES = 20;
/**
 * The characters a line of the site's code box shows without scrolling sideways (662 px of
 * 0.8125rem monospace at 7.83 px a character, in headless Chromium; tests/course-site.test.ts
 * checks the rendered pages).
 */
export const CODE_BOX_CHARACTERS = 84;

const FENCED = /^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\1[ \t]*$/gm;
const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** What a cell shows a reader: its code (a code cell, or the fenced blocks in prose) and the prose around it. */
function shown(cell: LessonCell): { code: string[]; prose: string } {
  if (cell.type === 'code') return { code: [cell.source], prose: '' };
  const code: string[] = [];
  const prose = cell.source.replace(FENCED, (_, _fence: string, body: string) => {
    code.push(body);
    return ' ';
  });
  return { code, prose };
}

/** The lines of the lesson's shown code (code cells and fenced blocks in its prose; not check cells) longer than CODE_BOX_CHARACTERS. */
export function linesTooWide(lesson: ParsedLesson): string[] {
  return lesson.cells
    .filter((cell) => !cell.check)
    .flatMap((cell) => shown(cell).code)
    .flatMap((code) => code.split('\n'))
    .filter((line) => line.length > CODE_BOX_CHARACTERS);
}

export interface ReadingTime {
  /** Words of prose and of shown code before the first exercise. */
  proseWords: number;
  codeWords: number;
  /** proseWords / 200 + codeWords / 100. */
  minutes: number;
}

/** The reading before the lesson's first `## Exercise` heading (the whole lesson when it has none). */
export function readingBeforeFirstExercise(lesson: ParsedLesson): ReadingTime {
  let proseWords = 0;
  let codeWords = 0;
  for (const cell of lesson.cells) {
    if (cell.exercise !== undefined) break;
    if (cell.check) continue;
    const { code, prose } = shown(cell);
    for (const body of code) codeWords += words(body);
    proseWords += words(prose.replace(/\$\$[\s\S]*?\$\$/g, ' ').replace(/<!--[\s\S]*?-->/g, ' '));
  }
  return { proseWords, codeWords, minutes: proseWords / PROSE_WORDS_PER_MINUTE + codeWords / CODE_WORDS_PER_MINUTE };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const lesson of loadLessons()) {
    const { minutes, proseWords, codeWords } = readingBeforeFirstExercise(lesson);
    const verdict = minutes <= FIRST_EXERCISE_MINUTES ? 'ok' : `over ${FIRST_EXERCISE_MINUTES} min`;
    console.log(`${lesson.slug.padEnd(38)} ${minutes.toFixed(1).padStart(5)} min  (prose ${proseWords} words, code ${codeWords})  ${verdict}`);
  }
}
