/**
 * The "Checked in this browser" section of the progress page, from the runner's stored results
 * (progress-store.ts): per lesson, points / max with a link to the lesson page, then each
 * exercise's checks with their status and message. Pure HTML text (every stored string escaped),
 * so a unit test renders it from an object; progress.ts puts it in the page.
 */
import { escapeHtml } from '../html';
import { byExercise, checkedAt, score, STATUS_MARK, type StoredResult } from './progress-store';

/** A lesson of the course, as the progress page lists it (`#progress-lessons`). */
export interface CourseLesson {
  slug: string;
  /** "01" */
  number: string;
  title: string;
}

/** "01 · Your first training loop", or the slug of a lesson the course does not list. */
function lessonName(slug: string, lesson: CourseLesson | undefined): string {
  return lesson ? `${lesson.number} · ${lesson.title}` : slug;
}

function lessonHtml(result: StoredResult, lesson: CourseLesson | undefined): string {
  const name = lessonName(result.slug, lesson);
  const full = result.total > 0 && result.points === result.total;
  const parts = [`<section class="browser-lesson" data-slug="${escapeHtml(result.slug)}" data-points="${result.points}" data-total="${result.total}">`,
    `<h3><a href="${escapeHtml(result.slug)}.html#exercise-editor">${escapeHtml(name)}</a> <span class="browser-score">${result.points}/${result.total} points${full ? ' — full marks ✓' : ''}</span></h3>`,
    `<p class="browser-when">Checked ${escapeHtml(checkedAt(result.at))}</p>`];
  for (const [number, checks] of byExercise(result.checks)) {
    const { points, total } = score(checks);
    parts.push(`<h4>Exercise ${number}: ${escapeHtml(checks[0].exerciseTitle)} — ${points}/${total}</h4>`, '<ul class="grade-checks">');
    for (const check of checks) {
      const status = check.status in STATUS_MARK ? check.status : 'fail';
      const message = check.message ? `<div class="grade-message">${escapeHtml(check.message)}</div>` : '';
      parts.push(`<li class="grade-check ${status}"><span class="grade-mark">${STATUS_MARK[status]}</span> ${escapeHtml(check.check)} (${check.points} pt${check.points === 1 ? '' : 's'})${message}</li>`);
    }
    parts.push('</ul>');
  }
  if (result.checks.length === 0) parts.push('<p class="browser-when">(Checked by an earlier version of the page: the checks were not kept. Check again to see them.)</p>');
  parts.push('</section>');
  return parts.join('\n');
}

/** The section's content: a summary table and each lesson's checks, or a plain "nothing yet". */
export function renderBrowserProgress(results: readonly StoredResult[], lessons: readonly CourseLesson[]): string {
  if (results.length === 0) {
    return '<p class="browser-empty">No in-browser results yet. On a lesson page, press <em>Run in this page</em>, write your answer in the exercise editor and press <em>Check my answer</em>: the result is kept in this browser and listed here.</p>';
  }
  const bySlug = new Map(lessons.map((lesson) => [lesson.slug, lesson]));
  const ordered = [...results].sort((a, b) => a.slug.localeCompare(b.slug));
  const points = ordered.reduce((sum, r) => sum + r.points, 0);
  const total = ordered.reduce((sum, r) => sum + r.total, 0);
  const rows = ordered.map((r) => {
    const lesson = bySlug.get(r.slug);
    return `<tr><td><a href="${escapeHtml(r.slug)}.html">${escapeHtml(lessonName(r.slug, lesson))}</a></td><td class="points">${r.points}/${r.total}</td></tr>`;
  });
  return [
    `<p class="browser-total">${ordered.length} of ${lessons.length || ordered.length} lessons checked in this browser: ${points}/${total} points.</p>`,
    `<table class="browser-summary"><thead><tr><th>Lesson</th><th class="points">Points</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ...ordered.map((r) => lessonHtml(r, bySlug.get(r.slug))),
  ].join('\n');
}
