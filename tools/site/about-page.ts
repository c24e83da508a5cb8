/**
 * The about page: what the site is, how it was made, and the attributions the licences ask for —
 * above all the digits data set (CC BY 4.0 requires credit, a licence link and a note of changes).
 */
import { vendorPackages } from './assets';
import { escapeHtml } from './html';
import { renderPage } from './layout';

export function renderAboutPage(): string {
  const packages = vendorPackages()
    .map((pkg) => `<li>${escapeHtml(pkg.name)} ${escapeHtml(pkg.version)} (${escapeHtml(pkg.license)})</li>`)
    .join('');
  const body = `<header class="course-head"><h1>About</h1></header>
<p>trainlab is a course and a TypeScript library for training deep networks well on TensorFlow.js.
These pages are its lessons, executed: each code cell ran on the course's tslab kernel when the site
was built, and its output is shown below it. The same lessons open as Jupyter notebooks
(<code>npm run lab</code>). The code is under the MIT licence.</p>

<h2 id="data">The digits data</h2>
<p>Lessons that train on handwritten digits use the <strong>Optical Recognition of Handwritten Digits</strong>
data set by <strong>E. Alpaydin and C. Kaynak</strong> (Boğaziçi University, 1998), from the
<a href="https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits">UCI Machine Learning Repository</a>,
licensed under <a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0 (CC BY 4.0)</a>.
Reference: E. Alpaydin, C. Kaynak (1998), “Cascading Classifiers”, <i>Kybernetika</i>.</p>
<p>Changes: trainlab ships the 1,797-image test split as redistributed with scikit-learn, as a gzipped
CSV (64 pixel values 0–16 and the label per row). The library splits, subsets and standardises it at
load time; see <code>data/README.md</code>.</p>

<h2>How these pages are made</h2>
<p><code>npm run site</code> executes each lesson's notebook (re-using the outputs of lessons whose
sources did not change), then renders the pages with markdown-it. Math is typeset with KaTeX when the
site is built, code is coloured by highlight.js, and charts are drawn by vega-embed in your browser,
with the same chart as a picture for readers without JavaScript. Every file a page loads comes from
this site: no CDN, no web fonts from elsewhere, no analytics.</p>
<p>Served with the site (licences in <a href="assets/vendor/LICENSES.txt">assets/vendor/LICENSES.txt</a>):</p>
<ul>${packages}</ul>`;
  return renderPage({ title: 'About', body, charts: false, current: 'about' });
}
