/**
 * The home page: what the course is, how to study it, and the course map — every lesson with its
 * number, title, summary, objectives and time, grouped by the part of the course it belongs to.
 */
import type { Lesson } from '../notebooks/lesson';
import { escapeHtml } from './html';
import { renderPage, SITE_NAME } from './layout';
import { lessonNumber, pageFile } from './lesson-page';
import { newPageEnv, renderInlineMarkdown } from './markdown';

function lessonCard(lesson: Lesson, inline: (text: string) => string): string {
  const { meta } = lesson;
  const count = lesson.exercises.length;
  return `<li class="lesson-card">
<h3><a href="${pageFile(lesson)}"><span class="lesson-number">${lessonNumber(lesson)}</span> ${inline(meta.title)}</a></h3>
<p class="meta">${escapeHtml(meta.estimatedTime)}${count > 0 ? ` · ${count} exercise${count > 1 ? 's' : ''}` : ''}</p>
<p>${inline(meta.summary)}</p>
<ul class="objectives">${meta.objectives.map((objective) => `<li>${inline(objective)}</li>`).join('')}</ul>
</li>`;
}

/** The parts of the course, in order: a title and the lesson numbers it holds. */
export const COURSE_PARTS: readonly { title: string; lessons: readonly number[] }[] = [
  { title: 'Optimizers', lessons: [1, 2, 3] },
  { title: 'The learning rate', lessons: [4, 5] },
  { title: 'Regularization and normalization', lessons: [6, 7, 8, 9] },
  { title: 'Stable and efficient training', lessons: [10, 11, 12, 13] },
  { title: 'Debugging', lessons: [14] },
  { title: 'Capstone', lessons: [15] },
];

/** The lessons grouped by COURSE_PARTS (empty parts left out); lessons in no part come last, as "More lessons". */
export function groupByPart(course: readonly Lesson[]): { title: string; lessons: Lesson[] }[] {
  const groups = COURSE_PARTS.map((part) => ({ title: part.title, lessons: course.filter((lesson) => part.lessons.includes(lesson.number)) }));
  const placed = new Set(COURSE_PARTS.flatMap((part) => part.lessons));
  groups.push({ title: 'More lessons', lessons: course.filter((lesson) => !placed.has(lesson.number)) });
  return groups.filter((group) => group.lessons.length > 0);
}

export function renderIndexPage(course: readonly Lesson[]): string {
  const env = newPageEnv('the course map (lesson front matter)', new Set(course.map((lesson) => lesson.slug)));
  const inline = (text: string) => renderInlineMarkdown(text, env);
  const map = course.length > 0
    ? groupByPart(course).map((part) => `<h3 class="course-part">${escapeHtml(part.title)}</h3>
<ol class="course-map">${part.lessons.map((lesson) => lessonCard(lesson, inline)).join('\n')}</ol>`).join('\n')
    : '<p>No lessons yet.</p>';
  const body = `<header class="course-head">
<h1>${SITE_NAME}</h1>
<p class="summary">Learn to train deep networks well — in TypeScript, on TensorFlow.js. Each lesson explains one idea,
runs real training, plots what happened, and ends with exercises you implement and grade yourself.</p>
</header>
<section class="how-to">
<h2>How to study</h2>
<ol>
<li>Read a lesson here: every page shows its code with the outputs it produced.</li>
<li>Run it yourself in JupyterLab: <code class="command">npm run lab</code>, then open the lesson's notebook in <code>notebooks/</code>.</li>
<li>Solve its exercises in <code>lessons/NN-slug/exercise.ts</code> and check them with <code class="command">npm run grade -- NN</code>.</li>
</ol>
</section>
<section>
<h2>Course map</h2>
<p>The ten takeaways on one page: <a href="cheatsheet.html">the cheat sheet</a>. Terms: <a href="glossary.html">the glossary</a>; symbols: <a href="notation.html">the notation table</a>.</p>
${map}
</section>`;
  return renderPage({ title: SITE_NAME, body, charts: false, current: 'course' });
}
