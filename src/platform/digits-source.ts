/**
 * The text of the digits data file — the Node adapter: finds `data/digits.csv.gz`, reads and
 * gunzips it (the parsing is in src/data/digits-file.ts). The browser build swaps in
 * `digits-source.browser.ts`, which serves the text the page fetched.
 *
 * Finding the file: src/ runs both as CommonJS (tslab) and as ESM (vitest, tsx) and may not use
 * `import.meta`, so the default path is tried, in order, relative to this module's folder when
 * `__dirname` exists (`<root>/src/platform` → `<root>/data/digits.csv.gz`), then under the working
 * directory and each of its parents. The error lists every path tried.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as zlib from 'node:zlib';

const RELATIVE_PATH = nodePath.join('data', 'digits.csv.gz');

/** `dir` and each of its parents, nearest first. */
function ancestors(dir: string): string[] {
  const dirs = [dir];
  while (nodePath.dirname(dirs[dirs.length - 1]) !== dirs[dirs.length - 1]) dirs.push(nodePath.dirname(dirs[dirs.length - 1]));
  return dirs;
}

/**
 * Where the default file may be, in the order they are tried: beside this module (CommonJS, as in
 * the notebook kernel), then up from the working directory, then up from the running script
 * (`process.argv[1]`) — ES modules cannot see their own path without `import.meta`, which the
 * kernel's compiler does not allow, so a script run from another folder is found through its path.
 */
export function digitsCandidates(): string[] {
  const roots: string[] = [];
  if (typeof __dirname !== 'undefined') roots.push(nodePath.resolve(__dirname, '..', '..'));
  roots.push(...ancestors(process.cwd()));
  if (process.argv[1]) roots.push(...ancestors(nodePath.dirname(nodePath.resolve(process.argv[1]))));
  return [...new Set(roots.map((root) => nodePath.join(root, RELATIVE_PATH)))];
}

/** The file to read: `path` resolved, or the first default candidate that exists; throws listing what was tried. */
export function resolveDigitsPath(path: string | undefined): string {
  const tried = path === undefined ? digitsCandidates() : [nodePath.resolve(path)];
  const found = tried.find((p) => fs.existsSync(p));
  if (found) return found;
  const hint = path === undefined ? ' (pass { path } to loadDigits to point at the file)' : '';
  throw new Error(`loadDigits: data file not found; tried ${tried.join(', ')}${hint}`);
}

/** The gunzipped text of the resolved file. Synchronous: the file is 57 KB gzipped. */
export function readDigitsText(resolved: string): string {
  return zlib.gunzipSync(fs.readFileSync(resolved)).toString('utf8');
}
