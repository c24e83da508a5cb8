/**
 * One lesson's page: its front matter as a header, then the lesson's cells in order — prose from
 * lesson.md, each code cell highlighted with the outputs it produced when the notebook ran — with
 * every exercise section framed and pointing at its grader, and prev/next links.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lesson } from '../notebooks/lesson';
import { joinText, type Notebook } from '../notebooks/nbformat';
import { highlightCode } from './highlight';
import { escapeHtml, jsonForScript } from './html';
import { renderPage } from './layout';
import { newPageEnv, renderInlineMarkdown, renderMarkdown, type PageEnv } from './markdown';
import { renderOutputs, type OutputContext } from './outputs';

export interface LessonPageInput {
  lesson: Lesson;
  /** The lesson's notebook as executed (cell 0 is the generated title cell, then lesson.cells). */
  executed: Notebook;
  /** Every lesson of the course, in order: for prev/next and links to prerequisites. */
  course: readonly Lesson[];
  /** Set when the notebook did not run to the end: the page says so above the content. */
  failure?: string;
}

export interface RenderedPage {
  html: string;
  /** Images the page shows: absolute source file → path inside the site. */
  images: Map<string, string>;
}

export const pageFile = (lesson: Pick<Lesson, 'slug'>): string => `${lesson.slug}.html`;
export const lessonNumber = (lesson: Pick<Lesson, 'number'>): string => String(lesson.number).padStart(2, '0');

/** Pairs each lesson cell with its executed notebook cell, checking they are the same code. */
function executedCells(lesson: Lesson, executed: Notebook, where: string) {
  const cells = executed.cells.slice(1); // cell 0: the title cell build-notebooks generates
  if (cells.length !== lesson.cells.length) {
    throw new Error(`${where}: the executed notebook has ${cells.length} lesson cells, lesson.md has ${lesson.cells.length} (stale cache? delete .cache/site)`);
  }
  return lesson.cells.map((cell, i) => {
    const run = cells[i];
    if (cell.type === 'code' && (run.cell_type !== 'code' || joinText(run.source) !== cell.source)) {
      throw new Error(`${where}:${cell.line}: the executed notebook's cell ${i + 2} is not this code cell (stale cache? delete .cache/site)`);
    }
    return { cell, outputs: run.cell_type === 'code' ? run.outputs : [] };
  });
}

function pager(lesson: Lesson, course: readonly Lesson[]): string {
  const index = course.findIndex((other) => other.slug === lesson.slug);
  const link = (other: Lesson | undefined, rel: 'prev' | 'next'): string => {
    if (!other) return '<span></span>';
    const arrow = rel === 'prev' ? '← ' : '';
    const after = rel === 'next' ? ' →' : '';
    return `<a rel="${rel}" href="${pageFile(other)}">${arrow}${lessonNumber(other)} · ${escapeHtml(other.meta.title)}${after}</a>`;
  };
  return `<nav class="pager" aria-label="Lessons">${link(course[index - 1], 'prev')}${link(course[index + 1], 'next')}</nav>`;
}

function header(lesson: Lesson, course: readonly Lesson[], env: PageEnv): string {
  const { meta } = lesson;
  const inline = (text: string) => renderInlineMarkdown(text, env);
  const prerequisite = (text: string): string => {
    const other = course.find((candidate) => candidate.slug === text);
    return other ? `<a href="${pageFile(other)}">${lessonNumber(other)} · ${escapeHtml(other.meta.title)}</a>` : inline(text);
  };
  const exercises = lesson.exercises.map((e) => `<li><a href="#exercise-${e.number}">Exercise ${e.number}: ${inline(e.title)}</a></li>`);
  const count = lesson.exercises.length;
  return `<header class="lesson-head">
<p class="kicker">Lesson ${lessonNumber(lesson)} · ${escapeHtml(meta.estimatedTime)}${count > 0 ? ` · ${count} exercise${count > 1 ? 's' : ''}` : ''}</p>
<h1>${inline(meta.title)}</h1>
<p class="summary">${inline(meta.summary)}</p>
<div class="facts">
<section><h2>You will be able to</h2><ul>${meta.objectives.map((o) => `<li>${inline(o)}</li>`).join('')}</ul></section>
<section><h2>Before you start</h2><ul>${meta.prerequisites.length > 0 ? meta.prerequisites.map((p) => `<li>${prerequisite(p)}</li>`).join('') : '<li>Nothing: start here.</li>'}</ul>
${exercises.length > 0 ? `<h2>Exercises</h2><ul>${exercises.join('')}</ul>` : ''}</section>
</div>
<p class="run-it">Run it yourself: <code class="command">npm run lab</code>, then open <code>notebooks/${escapeHtml(lesson.slug)}.ipynb</code>.</p>
</header>`;
}

function exerciseFooter(lesson: Lesson): string {
  return `<p class="exercise-how">Write your answer in <code>lessons/${escapeHtml(lesson.slug)}/exercise.ts</code>, then check it: <code class="command">npm run grade -- ${lessonNumber(lesson)}</code></p>`;
}

/**
 * What the page runner needs (tools/site/runner/ui.ts): the shown code cells in order, and the
 * lesson's files a cell or the grader imports — exercise.ts (the stub), exercise.test.ts, helpers;
 * solution.ts only when the grader imports it at run time.
 */
function runnerData(lesson: Lesson, cells: string[]): string {
  const dir = path.dirname(lesson.file);
  const files: Record<string, string> = {};
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (name.endsWith('.ts') && name !== 'solution.ts') files[name] = readFileSync(path.join(dir, name), 'utf8');
  }
  // A grader that grades later exercises against the reference imports it: then the page needs it too
  // (as the repository has it; the editor never shows it).
  if (/^import\s+(?!type\b)[^;]*from\s+'\.\/solution'/m.test(files['exercise.test.ts'] ?? '') && existsSync(path.join(dir, 'solution.ts'))) {
    files['solution.ts'] = readFileSync(path.join(dir, 'solution.ts'), 'utf8');
  }
  return `<script type="application/json" id="runner-data">${jsonForScript({ slug: lesson.slug, cells, files })}</script>`;
}

/** The page and the images it needs copied. Throws on math that does not render or a stale notebook. */
export function renderLessonPage({ lesson, executed, course, failure }: LessonPageInput): RenderedPage {
  const where = `lessons/${lesson.slug}/lesson.md`;
  const env = newPageEnv(where, new Set(course.map((other) => other.slug)), { slug: lesson.slug, dir: path.dirname(lesson.file) });
  const context: OutputContext = { charts: 0 };
  const parts: string[] = [pager(lesson, course), header(lesson, course, env)];
  if (failure) {
    parts.push(`<div class="run-failure" role="alert"><p><strong>This lesson did not run to the end</strong> when the site was built; the outputs stop at the failing cell.</p><pre>${escapeHtml(failure)}</pre></div>`);
  }
  let exercise: number | undefined; // the exercise section currently open
  const runnable: string[] = []; // the shown code cells, for the page runner
  for (const { cell, outputs } of executedCells(lesson, executed, where)) {
    if (cell.exercise !== exercise) {
      if (exercise !== undefined) parts.push(`${exerciseFooter(lesson)}</section>`);
      if (cell.exercise !== undefined) parts.push(`<section class="exercise" aria-label="Exercise ${cell.exercise}">`);
      exercise = cell.exercise;
    }
    if (cell.type === 'markdown') {
      parts.push(renderMarkdown(cell.source, env));
      continue;
    }
    if (cell.check) continue; // it guards the prose; a failing one fails the build, not the page
    const note = exercise !== undefined && outputs.length > 0
      ? '<p class="output-note">Output with <code>exercise.ts</code> as it was when the site was built.</p>'
      : '';
    parts.push(`<div class="cell" data-cell="${runnable.length}">${highlightCode(cell.source, 'typescript')}${note}${renderOutputs(outputs, context)}</div>`);
    runnable.push(cell.source);
  }
  if (exercise !== undefined) parts.push(`${exerciseFooter(lesson)}</section>`);
  parts.push(pager(lesson, course));
  parts.push(runnerData(lesson, runnable));
  const html = renderPage({ title: `${lessonNumber(lesson)} · ${lesson.meta.title}`, body: parts.join('\n'), charts: context.charts > 0, runner: true });
  return { html, images: env.images };
}
