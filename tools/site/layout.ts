/**
 * The frame around every page: head (local stylesheets, a Content-Security-Policy), the site
 * header, the footer, and the chart scripts on pages that have charts.
 */
import { ASSET_PATHS } from './assets';
import { RUNNER_PATHS } from './runner/build-runner';
import { escapeHtml } from './html';

export const SITE_NAME = 'trainlab';

/**
 * The browser enforces "no external resource": every fetch must come from this site ('self'), or
 * be an inline data: image. Scripts only from files (none inline), and no eval: vega-embed runs
 * chart expressions through its interpreter (`ast: true` in embed.js). The page runner's Web Worker
 * is a file from the site too (script-src 'self' covers it); the worker compiles cells and wasm
 * under its own policy (a worker's comes from its response, not the page's). Inline styles stay allowed
 * because KaTeX's HTML and vega's SVG position glyphs with `style` attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface PageFrame {
  /** The page's own title; the site name is added. */
  title: string;
  /** The HTML inside <main>. */
  body: string;
  /** Whether to load vega-embed (pages with a Vega-Lite chart). */
  charts: boolean;
  /** Whether to load the page runner's button (lesson pages: "Run in this page"). */
  runner?: boolean;
  /** Which header link is the current page: 'course', 'about', or a page's file (`glossary.html`, `progress.html`). */
  current?: string;
}

function headerLink(href: string, label: string, current: boolean): string {
  return `<a href="${href}"${current ? ' aria-current="page"' : ''}>${label}</a>`;
}

/**
 * The "Your progress" page (progress-page.ts): every build writes it with no learner's results (its
 * script reads the in-browser ones); only a local server adds the grade report to it (serve.ts).
 */
export const PROGRESS_PAGE = 'progress.html';

/**
 * The search box (tools/site/search-index.ts builds what it searches). It stays hidden until
 * assets/search.js runs, which loads the index and the library on first use: a reader without
 * JavaScript sees no box that does nothing.
 */
const SEARCH_BOX = `<div class="site-search" role="search" hidden>
<label class="visually-hidden" for="site-search-input">Search the course</label>
<input id="site-search-input" type="search" placeholder="Search" autocomplete="off" spellcheck="false" aria-describedby="site-search-status" data-index="${ASSET_PATHS.searchIndex}" data-library="${ASSET_PATHS.searchLibrary}">
<div class="search-panel" hidden><p id="site-search-status" class="search-status" aria-live="polite"></p><ol class="search-results"></ol></div>
</div>`;

/** A complete HTML document. */
export function renderPage({ title, body, charts, current, runner }: PageFrame): string {
  const scripts = [...(charts ? ASSET_PATHS.chartScripts : []), ASSET_PATHS.searchScript].map((src) => `<script src="${src}" defer></script>`);
  if (runner) scripts.push(`<script type="module" src="${RUNNER_PATHS.pageScript}"></script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<link rel="icon" href="data:,">
<title>${escapeHtml(title === SITE_NAME ? title : `${title} — ${SITE_NAME}`)}</title>
<link rel="stylesheet" href="${ASSET_PATHS.katexCss}">
<link rel="stylesheet" href="${ASSET_PATHS.highlightCss}">
<link rel="stylesheet" href="${ASSET_PATHS.siteCss}">
</head>
<body>
<header class="site-header"><div class="wrap">
<a class="site-name" href="index.html">${SITE_NAME}</a>
<nav>${headerLink('index.html', 'Course', current === 'course')}${headerLink('cheatsheet.html', 'Cheat sheet', current === 'cheatsheet.html')}${headerLink('glossary.html', 'Glossary', current === 'glossary.html')}${headerLink('about.html', 'About', current === 'about')}${headerLink(PROGRESS_PAGE, 'Your progress', current === PROGRESS_PAGE)}</nav>
${SEARCH_BOX}
</div></header>
<main class="wrap">
${body}
</main>
<footer class="site-footer"><div class="wrap">
<p>${SITE_NAME}: code MIT; the digits data CC BY 4.0 (E. Alpaydin, C. Kaynak, UCI) — see <a href="about.html">About</a>.</p>
</div></footer>
${scripts.join('\n')}
</body>
</html>
`;
}
