/**
 * `npm run notebooks:build`: writes `notebooks/NN-slug.ipynb` from each `lessons/NN-slug/lesson.md`.
 * `npm run notebooks:build -- --check`: writes nothing; lists the notebooks that are missing or out
 * of date and exits 1 if there are any.
 *
 * The output is a pure function of the lesson: nbformat 4.5, empty outputs, cell ids hashed from
 * the slug and the cell's index, keys sorted and one-space indent as Jupyter writes them, so that
 * building twice gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LessonError, loadLessons, projectRoot, SLUG, type Lesson, type LessonCell } from './lesson';

export const KERNELSPEC = { display_name: 'TypeScript (trainlab)', language: 'typescript', name: 'trainlab' };
// As tslab's kernel_info reply says (codemirror_mode makes Jupyter highlight TypeScript), minus its version.
export const LANGUAGE_INFO = {
  codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
  file_extension: '.ts',
  mimetype: 'text/typescript',
  name: 'typescript',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Jupyter stores text as a list of lines, each keeping its "\n". */
function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** A stable cell id: the same lesson and position always give the same id (nbformat: [a-zA-Z0-9-_]{1,64}). */
export function cellId(slug: string, index: number): string {
  return createHash('sha256').update(`${slug}:${index}`).digest('hex').slice(0, 12);
}

/** The first cell: title, summary, time, prerequisites and objectives from the front matter. */
export function titleMarkdown(lesson: Lesson, titles: ReadonlyMap<string, string> = new Map()): string {
  const { meta } = lesson;
  const prerequisite = (p: string): string => (SLUG.test(p) ? `[${titles.get(p) ?? p}](${p}.ipynb)` : p);
  const prerequisites = meta.prerequisites.length > 0 ? meta.prerequisites.map(prerequisite).join('; ') : 'none';
  return [
    `<!-- Generated from lessons/${lesson.slug}/lesson.md by \`npm run notebooks:build\`: edit the lesson, not this notebook. -->`,
    `# ${meta.title}`,
    '',
    meta.summary,
    '',
    `**Time:** ${meta.estimatedTime} · **Prerequisites:** ${prerequisites}`,
    '',
    '**You will be able to:**',
    '',
    ...meta.objectives.map((objective) => `- ${objective}`),
  ].join('\n');
}

/**
 * Markdown as Jupyter should see it: a shown-not-run fence (```` ```ts no-run ````) becomes
 * ```` ```typescript ````, because Jupyter takes the whole info string as the code's language (and
 * asks for a highlighting mode named "ts no-run", which does not exist).
 */
export function notebookMarkdown(source: string): string {
  return source.replace(/^( {0,3}(?:`{3,}|~{3,}))[ \t]*(?:ts|typescript)[ \t]+no-run[ \t]*$/gm, '$1typescript');
}

function cellJson(slug: string, index: number, cell: Pick<LessonCell, 'type' | 'source' | 'exercise' | 'check'>): Json {
  const trainlab: { [key: string]: Json } = {};
  if (cell.exercise) trainlab.exercise = cell.exercise;
  const metadata: { [key: string]: Json } = {};
  if (cell.check) {
    // A check cell guards the prose's numbers: collapsed in JupyterLab, tagged for other front ends.
    trainlab.check = true;
    Object.assign(metadata, { jupyter: { source_hidden: true }, tags: ['trainlab-check'] });
  }
  if (Object.keys(trainlab).length > 0) metadata.trainlab = trainlab;
  const source = cell.type === 'markdown' ? notebookMarkdown(cell.source) : cell.source;
  const common = { id: cellId(slug, index), metadata, source: lines(source) };
  return cell.type === 'code'
    ? { cell_type: 'code', execution_count: null, outputs: [], ...common }
    : { cell_type: 'markdown', ...common };
}

/** Recursively sorts object keys, as Python's json.dump(sort_keys=True) in nbformat.write. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** The notebook for a lesson, as the exact text written to disk. */
export function renderNotebook(lesson: Lesson, titles: ReadonlyMap<string, string> = new Map()): string {
  const cells = [{ type: 'markdown' as const, source: titleMarkdown(lesson, titles) }, ...lesson.cells];
  const notebook: Json = {
    cells: cells.map((cell, index) => cellJson(lesson.slug, index, cell)),
    metadata: {
      kernelspec: KERNELSPEC,
      language_info: LANGUAGE_INFO,
      trainlab: {
        slug: lesson.slug,
        number: lesson.number,
        ...lesson.meta,
        exercises: lesson.exercises.map(({ number, title }) => ({ number, title })),
        source: `lessons/${lesson.slug}/lesson.md`,
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(sortKeys(notebook), null, 1)}\n`;
}

export interface NotebookStatus {
  lesson: Lesson;
  /** notebooks/NN-slug.ipynb */
  file: string;
  text: string;
  state: 'current' | 'stale' | 'missing';
}

/** Renders every lesson and compares it with what is on disk. */
export function notebookStatus(root = projectRoot): NotebookStatus[] {
  const lessons = loadLessons(join(root, 'lessons'));
  const titles = new Map(lessons.map((lesson) => [lesson.slug, lesson.meta.title]));
  return lessons.map((lesson) => {
    const file = join(root, 'notebooks', `${lesson.slug}.ipynb`);
    const text = renderNotebook(lesson, titles);
    const state = !existsSync(file) ? 'missing' : readFileSync(file, 'utf8') === text ? 'current' : 'stale';
    return { lesson, file, text, state };
  });
}

function main(args: string[]): number {
  const check = args.includes('--check');
  const rootIndex = args.indexOf('--root');
  const root = rootIndex >= 0 ? args[rootIndex + 1] : projectRoot;
  const statuses = notebookStatus(root);
  const show = (file: string): string => relative(root, file);
  const outdated = statuses.filter((status) => status.state !== 'current');
  if (check) {
    for (const status of outdated) console.error(`${status.state === 'missing' ? 'missing' : 'out of date'}: ${show(status.file)}`);
    if (outdated.length > 0) {
      console.error(`${outdated.length} notebook(s) out of date with their lesson.md — run npm run notebooks:build`);
      return 1;
    }
    console.log(`${statuses.length} notebook(s) up to date`);
    return 0;
  }
  mkdirSync(join(root, 'notebooks'), { recursive: true });
  for (const status of outdated) {
    writeFileSync(status.file, status.text);
    console.log(`wrote ${show(status.file)}`);
  }
  console.log(`${statuses.length} lesson(s): ${outdated.length} notebook(s) written, ${statuses.length - outdated.length} already up to date`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof LessonError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
