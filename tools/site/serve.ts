/**
 * `npm start`: serves site/ on this machine with sirv — the last build at once, rebuilt in the
 * background (only changed lessons run; the rest come from the cache); the first start builds
 * before it serves (start.ts). Port 4173, or `PORT`; when 4173 is taken the next free port is used
 * (an explicit `PORT` that is taken is an error). Ctrl-C stops it.
 *
 * "Your progress" (every page's header links it): while the learner's grade report (`npm run grade
 * -- --report`, written to work/progress.html) exists, the server answers progress.html with the
 * report in the built progress page's "From npm run grade" section (next to its in-browser results,
 * progress-page.ts), read at request time, so a new grading shows on reload; without a report the
 * built page is served as it is. The report is never copied into site/: the built (publishable)
 * site holds no learner's results, and grading does not touch the lessons' cache.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { projectRoot } from '../notebooks/lesson';
import { abortOnSignals, parseCommandLine } from '../cli';
import { progressContent, progressReportFile } from '../grading/progress-report';
import { WORKSPACE } from '../workspace/workspace';
import { PROGRESS_PAGE, renderPage } from './layout';
import { withGradeReport } from './progress-page';
import { startSite } from './start';

export const DEFAULT_PORT = 4173;

export interface ServeOptions {
  /** 0 picks any free port. Default DEFAULT_PORT. */
  port?: number;
  /** Try the next ports when `port` is taken (default false). */
  nextFreePort?: boolean;
  /** The learner's grade report (npm start: work/progress.html): the "Your progress" page while it exists. */
  progressReport?: string;
}

/**
 * The built progress page (in-browser results) with the report file's content in its "From npm run
 * grade" section (a site built before that page existed: the report alone, framed as a site page),
 * or undefined when there is no readable report.
 */
function progressPage(dir: string, report: string): string | undefined {
  if (!existsSync(report)) return undefined;
  const content = progressContent(readFileSync(report, 'utf8'));
  if (content === undefined) return undefined;
  const built = path.join(dir, PROGRESS_PAGE);
  return existsSync(built) ? withGradeReport(readFileSync(built, 'utf8'), content) : renderPage({ title: 'Your progress', body: content, charts: false, current: PROGRESS_PAGE });
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(html);
}

/**
 * Serves the "Your progress" page with the grade report while `report` exists; returns false for
 * every request it leaves to sirv (every other page, and the built progress page when there is no
 * report).
 */
function serveProgress(dir: string, report: string, request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = (request.url ?? '/').split(/[?#]/)[0];
  if (pathname !== `/${PROGRESS_PAGE}`) return false;
  const html = progressPage(dir, report);
  if (html) sendHtml(response, 200, html);
  else if (existsSync(path.join(dir, PROGRESS_PAGE))) return false; // the built page: in-browser results, and how to get a report
  else sendHtml(response, 404, renderPage({ title: 'Your progress', charts: false, current: PROGRESS_PAGE, body: `<h1>No progress report yet</h1>
<p>Grade your exercises with <code class="command">npm run grade -- --report</code>, then reload this page.</p>` }));
  return true;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1, not "localhost": the printed URL then works whatever localhost resolves to first.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Serves `dir` (a built site) on 127.0.0.1; resolves once listening. */
export async function serveSite(dir: string, options: ServeOptions = {}): Promise<{ server: Server; url: string }> {
  // dev: read files on each request, so a rebuild (`npm run site` elsewhere) shows up on reload.
  const files = sirv(dir, { dev: true, etag: true });
  const root = path.resolve(dir);
  const { progressReport } = options;
  const server = createServer((request, response) => {
    if (progressReport && serveProgress(root, progressReport, request, response)) return;
    files(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Not found: ${request.url ?? ''}\n`);
    });
  });
  const first = options.port ?? DEFAULT_PORT;
  const attempts = options.nextFreePort ? 20 : 1;
  for (let port = first; ; port++) {
    try {
      const bound = await listen(server, port);
      return { server, url: `http://127.0.0.1:${bound}/` };
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || port - first + 1 >= attempts) {
        throw inUse ? new Error(`port ${port} is in use: stop what is using it, or choose another with PORT=…`) : error;
      }
    }
  }
}

function portFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT must be an integer in [0, 65535], got "${value}"`);
  return port;
}

const USAGE = `usage: npm start [-- options]

Serves site/ on http://127.0.0.1:4173 (the next free port when taken; PORT=N picks one): the
last build at once, updated in the background as npm run site does (cached lessons are not run
again); the first start builds the site before serving it. Ctrl-C stops it.
After npm run grade -- --report, "Your progress" shows work/progress.html too.

  -h, --help  show this text`;

async function main(): Promise<void> {
  parseCommandLine('start', USAGE, {});
  const port = portFromEnv(process.env.PORT);
  const outDir = path.join(projectRoot, 'site');
  const signal = abortOnSignals();
  const progressReport = progressReportFile(WORKSPACE);
  const { served: { server, url } } = await startSite({
    outDir,
    // The builder (markdown, KaTeX, vega, the kernel client) loads only now: after the server listens, when a site exists.
    build: async () => (await import('./cli')).runBuild({ outDir, signal }),
    serve: () => serveSite(outDir, { port: port ?? DEFAULT_PORT, nextFreePort: port === undefined, progressReport }),
  });
  console.log(`\nthe course is at ${url}   (Ctrl-C stops the server)`);
  console.log(`your progress: ${url}${PROGRESS_PAGE}${existsSync(progressReport) ? '' : ' (npm run grade -- --report adds your graded exercises)'}`);
  const stop = () => {
    console.log('stopped');
    server.close();
    server.closeAllConnections();
  };
  signal.addEventListener('abort', stop, { once: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
