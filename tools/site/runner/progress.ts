/**
 * The progress page's script (assets/runner/progress.js): fills "Checked in this browser" from the
 * runner's results in this browser's localStorage. The built page holds no learner's results: they
 * are read here, in the reader's browser, and nowhere else.
 */
import { readStoredResults } from './progress-store';
import { renderBrowserProgress, type CourseLesson } from './progress-view';

const target = document.getElementById('browser-progress');
if (target) {
  const lessons = JSON.parse(document.getElementById('progress-lessons')?.textContent ?? '[]') as CourseLesson[];
  let html: string;
  try {
    html = renderBrowserProgress(readStoredResults(localStorage), lessons);
  } catch (error) {
    html = `<p class="browser-empty">This browser does not let the page read its stored results (${String(error).replace(/[<>&]/g, '')}).</p>`;
  }
  target.innerHTML = html;
  target.setAttribute('data-ready', 'true');
}
