/**
 * One library for Node and the browser (docs: DESIGN "Standards"): lesson pages will bundle `src/`
 * for the browser, so Node-only code lives in small adapters that the browser build swaps.
 * New Node-only code goes under `src/platform/` (one small file per adapter); the few files listed
 * in LEGACY still mix Node-only calls into library code and are to move there (the browser issue).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', 'src');
const ADAPTER_DIR = 'platform/';
const LEGACY = new Set([
  'backend.ts', //            process.env (TRAINLAB_BACKEND)
  'data/digits-file.ts', //   node:fs, node:path, node:zlib, process.cwd/argv
  'notebook/live-chart.ts', // node:crypto randomBytes (display ids)
  'notebook/writer.ts', //    tslab's require (only inside the kernel)
  'train/progress.ts', //     cli-progress, process.stderr, setImmediate
]);

/** Node-only imports and globals, each with a pattern over code (comments stripped). */
const NODE_ONLY: [string, RegExp][] = [
  ['a node: module', /from\s+['"]node:|import\(\s*['"]node:|require\(\s*['"]node:/],
  ['a Node built-in module', /from\s+['"](fs|path|zlib|crypto|os|child_process|events|readline|url|util)(\/[^'"]*)?['"]/],
  ['a terminal library', /from\s+['"]cli-progress['"]/],
  ['require()', /\brequire\s*\(/],
  ['process', /\bprocess\s*\./],
  ['setImmediate', /\bsetImmediate\s*\(/],
  ['Buffer', /\bBuffer\s*\./],
  ['__dirname / import.meta', /__dirname|__filename|import\.meta/],
];

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.split(path.sep).join('/'))
  .sort();

describe('src/ runs in the browser too', () => {
  it('finds the library files', () => {
    expect(files).toContain('index.ts');
  });

  it.each(files.filter((file) => !file.startsWith(ADAPTER_DIR) && !LEGACY.has(file)))('%s uses nothing Node-only', (file) => {
    const code = stripComments(readFileSync(path.join(SRC, file), 'utf8'));
    const found = NODE_ONLY.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
    expect(found, `${file} uses ${found.join(', ')}: put Node-only code in a small adapter under src/${ADAPTER_DIR}`).toEqual([]);
  });

  it('lists only legacy files that still exist and still need the exemption', () => {
    for (const file of LEGACY) {
      expect(files, `${file} is listed in LEGACY but does not exist: remove it from the list`).toContain(file);
      const code = stripComments(readFileSync(path.join(SRC, file), 'utf8'));
      expect(NODE_ONLY.some(([, pattern]) => pattern.test(code)), `${file} no longer uses Node-only code: remove it from LEGACY`).toBe(true);
    }
  });
});
