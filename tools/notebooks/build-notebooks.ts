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
import { LessonError, lessonTitles, loadLessons, projectRoot, SLUG, type Lesson, type LessonCell } from './lesson';
import { parseCommandLine, requireExisting } from '../cli';
import { serializeNotebook, type Cell, type Notebook } from './nbformat';

export const KERNELSPEC = { display_name: 'TypeScript (trainlab)', language: 'typescript', name: 'trainlab' };
// As tslab's kernel_info reply says (codemirror_mode makes Jupyter highlight TypeScript), minus its version.
export const LANGUAGE_INFO = {
  codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
  file_extension: '.ts',
  mimetype: 'text/typescript',
  name: 'typescript',
};

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

function notebookCell(slug: string, index: number, cell: Pick<LessonCell, 'type' | 'source' | 'exercise' | 'check'>): Cell {
  const trainlab: Record<string, unknown> = {};
  if (cell.exercise) trainlab.exercise = cell.exercise;
  const metadata: Record<string, unknown> = {};
  if (cell.check) {
    // A check cell guards the prose's numbers: collapsed in JupyterLab, tagged for other front ends.
    trainlab.check = true;
    Object.assign(metadata, { jupyter: { source_hidden: true }, tags: ['trainlab-check'] });
  }
  if (Object.keys(trainlab).length > 0) metadata.trainlab = trainlab;
  const source = cell.type === 'markdown' ? notebookMarkdown(cell.source) : cell.source;
  const common = { id: cellId(slug, index), metadata, source };
  return cell.type === 'code'
    ? { cell_type: 'code', execution_count: null, outputs: [], ...common }
    : { cell_type: 'markdown', ...common };
}

/** The notebook for a lesson, as the exact text written to disk (by nbformat.ts's one serializer). */
export function renderNotebook(lesson: Lesson, titles: ReadonlyMap<string, string> = new Map()): string {
  const cells = [{ type: 'markdown' as const, source: titleMarkdown(lesson, titles) }, ...lesson.cells];
  const notebook: Notebook = {
    cells: cells.map((cell, index) => notebookCell(lesson.slug, index, cell)),
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
  return serializeNotebook(notebook);
}

export interface NotebookStatus {
  lesson: Lesson;
  /** notebooks/NN-slug.ipynb */
  file: string;
  text: string;
  state: 'current' | 'stale' | 'missing';
}

/** Renders every lesson (default: those under `root`/lessons) and compares it with `root`/notebooks/ on disk. */
export function notebookStatus(root = projectRoot, lessons: readonly Lesson[] = loadLessons(join(root, 'lessons'))): NotebookStatus[] {
  const titles = lessonTitles(lessons);
  return lessons.map((lesson) => {
    const file = join(root, 'notebooks', `${lesson.slug}.ipynb`);
    const text = renderNotebook(lesson, titles);
    const state = !existsSync(file) ? 'missing' : readFileSync(file, 'utf8') === text ? 'current' : 'stale';
    return { lesson, file, text, state };
  });
}

const USAGE = `usage: npm run notebooks:build [-- options]

Writes notebooks/NN-slug.ipynb from each lessons/NN-slug/lesson.md (only those that changed).

  --check      write nothing; list the notebooks that are missing or out of date, exit 1 if any
  --root DIR   the repository whose lessons/ and notebooks/ to use (default: this one; tests)
  -h, --help   show this text`;

function main(): number {
  const { values } = parseCommandLine('notebooks:build', USAGE, { check: { type: 'boolean', default: false }, root: { type: 'string' } });
  const { check } = values;
  const root = values.root ?? projectRoot;
  requireExisting('notebooks:build', [root, join(root, 'lessons')], 'folder');
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
    process.exitCode = main();
  } catch (error) {
    if (!(error instanceof LessonError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
