/**
 * Reading `data/digits.csv.gz`: find the file, gunzip and parse it once per process and path.
 *
 * Each of the 1,797 lines holds 64 pixel values (an 8×8 image, row by row, integers 0..16) and then
 * the label 0..9; no header. Internal: lessons call `loadDigits`.
 *
 * Finding the file: src/ runs both as CommonJS (tslab) and as ESM (vitest, tsx) and may not use
 * `import.meta`, so the default path is tried, in order, relative to this module's folder when
 * `__dirname` exists (`<root>/src/data` → `<root>/data/digits.csv.gz`), then under the working
 * directory and each of its parents. The error lists every path tried.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as zlib from 'node:zlib';

export const DIGITS_FEATURES = 64;
export const DIGITS_CLASSES = 10;
const PIXEL_MAX = 16;
const RELATIVE_PATH = nodePath.join('data', 'digits.csv.gz');

/** The parsed file: pixels row-major `[rows × 64]`, one label per row. Shared: never mutate. */
export interface DigitsRaw {
  path: string;
  pixels: Uint8Array;
  labels: Uint8Array;
}

const cache = new Map<string, DigitsRaw>();

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

function resolveDigitsPath(path: string | undefined): string {
  const tried = path === undefined ? digitsCandidates() : [nodePath.resolve(path)];
  const found = tried.find((p) => fs.existsSync(p));
  if (found) return found;
  const hint = path === undefined ? ' (pass { path } to loadDigits to point at the file)' : '';
  throw new Error(`loadDigits: data file not found; tried ${tried.join(', ')}${hint}`);
}

function parse(text: string, path: string): DigitsRaw {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const pixels = new Uint8Array(lines.length * DIGITS_FEATURES);
  const labels = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const fields = line.split(',');
    const bad = (what: string) => new Error(`loadDigits: ${path} line ${i + 1}: ${what}`);
    if (fields.length !== DIGITS_FEATURES + 1) throw bad(`expected ${DIGITS_FEATURES + 1} fields, got ${fields.length}`);
    for (let j = 0; j <= DIGITS_FEATURES; j++) {
      const v = fields[j].trim() === '' ? NaN : Number(fields[j]);
      const max = j < DIGITS_FEATURES ? PIXEL_MAX : DIGITS_CLASSES - 1;
      if (!Number.isInteger(v) || v < 0 || v > max) {
        throw bad(`field ${j + 1} must be an integer in [0, ${max}], got ${JSON.stringify(fields[j])}`);
      }
      if (j < DIGITS_FEATURES) pixels[i * DIGITS_FEATURES + j] = v;
      else labels[i] = v;
    }
  });
  return { path, pixels, labels };
}

/**
 * The parsed digits file at `path` (default: found as described above), cached per resolved path
 * for the life of the process. Synchronous: the file is 57 KB gzipped.
 */
export function readDigits(path?: string): DigitsRaw {
  const resolved = resolveDigitsPath(path);
  let raw = cache.get(resolved);
  if (!raw) {
    raw = parse(zlib.gunzipSync(fs.readFileSync(resolved)).toString('utf8'), resolved);
    cache.set(resolved, raw);
  }
  return raw;
}
