/**
 * Reading `data/digits.csv.gz`: parse it once per process and path (finding and reading the file
 * is the platform adapter's job: src/platform/digits-source.ts in Node, the page's fetched copy in
 * the browser).
 *
 * Each of the 1,797 lines holds 64 pixel values (an 8×8 image, row by row, integers 0..16) and then
 * the label 0..9; no header. Internal: lessons call `loadDigits`.
 */
import { readDigitsText, resolveDigitsPath } from '../platform/digits-source';

export { digitsCandidates } from '../platform/digits-source';

export const DIGITS_FEATURES = 64;
export const DIGITS_CLASSES = 10;
const PIXEL_MAX = 16;

/** The parsed file: pixels row-major `[rows × 64]`, one label per row. Shared: never mutate. */
export interface DigitsRaw {
  path: string;
  pixels: Uint8Array;
  labels: Uint8Array;
}

const cache = new Map<string, DigitsRaw>();

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
 * for the life of the process. Synchronous (the browser's copy is fetched before cells run).
 */
export function readDigits(path?: string): DigitsRaw {
  const resolved = resolveDigitsPath(path);
  let raw = cache.get(resolved);
  if (!raw) {
    raw = parse(readDigitsText(resolved), resolved);
    cache.set(resolved, raw);
  }
  return raw;
}
