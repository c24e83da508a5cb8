/**
 * Lesson sources: `lessons/NN-slug/lesson.md` → `{ meta, cells, exercises }`.
 *
 * The format (docs/authoring.md has the author's view):
 *   - YAML front matter between `---` lines: title, summary, objectives, prerequisites, estimatedTime.
 *   - A ```ts (or ```typescript) fence at the start of a line is a code cell; the cells run in order.
 *     ```ts no-run, and every other fence (```text, ```math, …), stays inside the markdown.
 *     ```ts check is a code cell that guards the prose's numbers (`claim(…)`): it runs like any
 *     cell, is collapsed in the notebook and left out of the page.
 *   - Everything else is markdown, passed through untouched (KaTeX `$…$` / `$$…$$` included).
 *   - `## Exercise N: Title` opens exercise N; it runs to the next `##` heading. Exercises are
 *     numbered 1, 2, … in order; the grader (exercise.test.ts) uses the same numbers.
 *
 * The notebook builder and the site builder both read lessons through `parseLesson`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../root.cjs';

/** The repository root (tools/root.cjs holds the one definition). */
export const projectRoot = ROOT;

export interface LessonMeta {
  title: string;
  summary: string;
  objectives: string[];
  /** Free text, or lesson slugs ("01-training-loop") that pages link to. */
  prerequisites: string[];
  /** "45 min", "1 h" or "1 h 30 min". */
  estimatedTime: string;
}

export interface LessonCell {
  type: 'markdown' | 'code';
  /** The cell's text, without the fence lines; no leading or trailing blank lines. */
  source: string;
  /** 1-based line in lesson.md where the cell's text starts. */
  line: number;
  /** The exercise whose section holds this cell, if any. */
  exercise?: number;
  /** A ```ts check cell: runs, but is collapsed in the notebook and not shown on the page. */
  check?: true;
}

export interface LessonExercise {
  number: number;
  title: string;
  line: number;
}

export interface ParsedLesson {
  meta: LessonMeta;
  cells: LessonCell[];
  exercises: LessonExercise[];
}

export interface Lesson extends ParsedLesson {
  /** Folder name, e.g. "01-training-loop". */
  slug: string;
  /** The NN of the folder name. */
  number: number;
  /** Absolute path of lesson.md. */
  file: string;
}

/** A lesson that cannot be read. The message starts with the file (and line) at fault. */
export class LessonError extends Error {
  override name = 'LessonError';
}

export const SLUG = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FIELDS = ['title', 'summary', 'objectives', 'prerequisites', 'estimatedTime'] as const;
const TIME = /^(?:\d+ min|\d+ h(?: \d+ min)?)$/;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;
const EXERCISE = /^## Exercise (\d+): (\S.*)$/;
const EXERCISE_LIKE = /^#{1,6}\s*exercise\s*\d/i; // a mistyped exercise heading

function describeValue(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function validateMeta(data: unknown, where: string): LessonMeta {
  const fail = (message: string): never => {
    throw new LessonError(`${where}: front matter ${message}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail(`must be a YAML mapping of ${FIELDS.join(', ')}`);
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) fail(`has an unknown field "${key}" (allowed: ${FIELDS.join(', ')})`);
  }
  const text = (field: string): string => {
    const value = record[field];
    if (typeof value !== 'string' || value.trim() === '') fail(`field "${field}" must be a non-empty string, got ${describeValue(value)}`);
    return (value as string).trim();
  };
  const list = (field: string, minLength: number): string[] => {
    const value = record[field];
    const ok = Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '');
    if (!ok || (value as string[]).length < minLength) {
      const what = minLength > 0 ? 'a non-empty list of strings' : 'a list of strings (use [] for none)';
      fail(`field "${field}" must be ${what}, got ${describeValue(value)}`);
    }
    return (value as string[]).map((item) => item.trim());
  };
  const meta: LessonMeta = {
    title: text('title'),
    summary: text('summary'),
    objectives: list('objectives', 1),
    prerequisites: list('prerequisites', 0),
    estimatedTime: text('estimatedTime'),
  };
  if (!TIME.test(meta.estimatedTime)) {
    fail(`field "estimatedTime" must look like "45 min", "1 h" or "1 h 30 min", got ${describeValue(meta.estimatedTime)}`);
  }
  return meta;
}

/** Splits off the front matter; returns the YAML text and the body with the line where it starts. */
function splitFrontMatter(text: string, where: string): { yaml: string; body: string[]; bodyLine: number } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] !== '---') {
    throw new LessonError(`${where}: must start with YAML front matter between "---" lines (${FIELDS.join(', ')})`);
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new LessonError(`${where}: front matter opened on line 1 is never closed by a "---" line`);
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1), bodyLine: end + 2 };
}

/** Parses lesson text. `where` names the file in error messages. */
export function parseLessonSource(text: string, where = 'lesson.md'): ParsedLesson {
  const { yaml, body, bodyLine } = splitFrontMatter(text, where);
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new LessonError(`${where}: front matter is not valid YAML: ${message}`);
  }
  const meta = validateMeta(data, where);

  const cells: LessonCell[] = [];
  const exercises: LessonExercise[] = [];
  let exercise: number | undefined; // the exercise section we are in
  let markdown: { lines: string[]; line: number } = { lines: [], line: bodyLine };

  const flushMarkdown = (nextLine: number): void => {
    const lines = markdown.lines;
    let start = 0;
    let end = lines.length;
    while (start < end && lines[start].trim() === '') start++;
    while (end > start && lines[end - 1].trim() === '') end--;
    if (end > start) {
      cells.push({ type: 'markdown', source: lines.slice(start, end).join('\n'), line: markdown.line + start, ...(exercise ? { exercise } : {}) });
    }
    markdown = { lines: [], line: nextLine };
  };

  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    const lineNo = bodyLine + i;
    const open = FENCE_OPEN.exec(line);
    if (open) {
      const [, indent, marker, lang, rest] = open;
      const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      let j = i + 1;
      while (j < body.length && !close.test(body[j])) j++;
      if (j === body.length) throw new LessonError(`${where}:${lineNo}: code fence ${marker}${lang} is never closed`);
      const option = rest.trim();
      const isTs = lang === 'ts' || lang === 'typescript';
      const isCell = indent === '' && isTs && (option === '' || option === 'check');
      if (isTs && option !== '' && option !== 'no-run' && option !== 'check') {
        throw new LessonError(`${where}:${lineNo}: unknown option "${option}" after \`\`\`${lang} (the options are no-run and check)`);
      }
      if (isCell) {
        const source = body.slice(i + 1, j).join('\n').replace(/\s+$/, '');
        if (source.trim() === '') throw new LessonError(`${where}:${lineNo}: empty code cell`);
        flushMarkdown(bodyLine + j + 1);
        cells.push({ type: 'code', source, line: lineNo + 1, ...(exercise ? { exercise } : {}), ...(option === 'check' ? { check: true as const } : {}) });
      } else {
        markdown.lines.push(...body.slice(i, j + 1));
      }
      i = j;
      continue;
    }
    if (/^# /.test(line)) {
      throw new LessonError(`${where}:${lineNo}: a "# " heading: the title comes from the front matter; use "## " for sections`);
    }
    if (/^## /.test(line)) {
      flushMarkdown(lineNo);
      exercise = undefined;
      const match = EXERCISE.exec(line.trimEnd());
      if (match) {
        const number = Number(match[1]);
        if (number !== exercises.length + 1) {
          throw new LessonError(`${where}:${lineNo}: exercise ${number} should be numbered ${exercises.length + 1} (exercises count 1, 2, … in order)`);
        }
        exercises.push({ number, title: match[2].trim(), line: lineNo });
        exercise = number;
      }
    }
    if (EXERCISE_LIKE.test(line) && !EXERCISE.test(line.trimEnd())) {
      throw new LessonError(`${where}:${lineNo}: looks like an exercise heading; write it as "## Exercise N: Title", got ${JSON.stringify(line)}`);
    }
    markdown.lines.push(line);
  }
  flushMarkdown(bodyLine + body.length);
  if (!cells.some((cell) => cell.type === 'code')) throw new LessonError(`${where}: has no \`\`\`ts code cell`);
  return { meta, cells, exercises };
}

/** Reads and parses `lessons/NN-slug/lesson.md`. */
export function parseLesson(file: string): Lesson {
  const slug = basename(dirname(file));
  const where = relative(projectRoot, file) || file;
  const match = SLUG.exec(slug);
  if (!match) throw new LessonError(`${where}: the lesson folder must be named NN-slug (e.g. 01-training-loop), got "${slug}"`);
  const parsed = parseLessonSource(readFileSync(file, 'utf8'), where);
  return { slug, number: Number(match[1]), file, ...parsed };
}

/** The lesson folders (`NN-slug` with a lesson.md) under `lessonsDir`, in order. */
export function lessonDirs(lessonsDir = join(projectRoot, 'lessons')): string[] {
  if (!existsSync(lessonsDir)) throw new LessonError(`${lessonsDir}: no such folder (expected a course's lessons/ folder)`);
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && SLUG.test(entry.name) && existsSync(join(lessonsDir, entry.name, 'lesson.md')))
    .map((entry) => join(lessonsDir, entry.name))
    .sort();
}

/** Every lesson, parsed, in order; checks that numbers are unique and slug prerequisites exist. */
export function loadLessons(lessonsDir = join(projectRoot, 'lessons')): Lesson[] {
  const lessons = lessonDirs(lessonsDir).map((dir) => parseLesson(join(dir, 'lesson.md')));
  const slugs = new Set(lessons.map((lesson) => lesson.slug));
  const seen = new Map<number, string>();
  for (const lesson of lessons) {
    const other = seen.get(lesson.number);
    if (other) throw new LessonError(`lessons/${lesson.slug}: number ${lesson.number} is also used by lessons/${other}`);
    seen.set(lesson.number, lesson.slug);
    for (const prerequisite of lesson.meta.prerequisites) {
      if (SLUG.test(prerequisite) && !slugs.has(prerequisite)) {
        throw new LessonError(`lessons/${lesson.slug}/lesson.md: front matter field "prerequisites" names lesson "${prerequisite}", which does not exist`);
      }
    }
  }
  return lessons;
}

/** Each lesson's title by slug (notebooks and pages link prerequisites by title). */
export function lessonTitles(lessons: readonly Lesson[]): Map<string, string> {
  return new Map(lessons.map((lesson) => [lesson.slug, lesson.meta.title]));
}
