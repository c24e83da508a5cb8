/**
 * The notebook kernel loads the library from a compiled build (tools/kernel/library.cjs): the build
 * follows the sources, and inside the real kernel a cell still gets type errors against the
 * library's types and a library error points at the `.ts` file it came from.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KernelClient } from '../tools/kernel/kernel-client';
import { loadingLine } from '../tools/kernel/loading-line.cjs';
import { runCell } from './helpers/kernel-cell';

const require = createRequire(import.meta.url);
const library = require('../tools/kernel/library.cjs') as {
  ROOT: string;
  ensureBuilt(options?: { src?: string; cache?: string }): { dir: string; built: boolean; errors: string[] };
};
const scratch = mkdtempSync(path.join(tmpdir(), 'trainlab-lib-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the library build', () => {
  const src = path.join(scratch, 'src');
  const cache = path.join(scratch, 'cache');
  cpSync(path.join(import.meta.dirname, 'fixtures', 'library'), src, { recursive: true });

  it('compiles to CommonJS, declarations and source maps once, and again only when a source changes', () => {
    const first = library.ensureBuilt({ src, cache });
    expect(first).toMatchObject({ built: true, errors: [] });
    for (const file of ['index.js', 'index.d.ts', 'index.js.map', 'math/double.js', 'math/double.d.ts', 'package.json']) {
      expect(existsSync(path.join(first.dir, file)), file).toBe(true);
    }
    const loaded = require(path.join(first.dir, 'index.js')) as { double(x: number): number };
    expect(loaded.double(21)).toBe(42);
    expect(library.ensureBuilt({ src, cache })).toEqual({ dir: first.dir, built: false, errors: [] });

    writeFileSync(path.join(src, 'math', 'double.ts'), 'export const double = (x: number): number => x + x;\n');
    const second = library.ensureBuilt({ src, cache });
    expect(second.built).toBe(true);
    expect(second.dir).not.toBe(first.dir);
    expect(readdirSync(cache).sort()).toEqual([path.basename(first.dir), path.basename(second.dir)].sort());
  });

  it('reports compile errors with file and line, and still writes the output', () => {
    writeFileSync(path.join(src, 'broken.ts'), 'export const x: number = "one";\n');
    const { errors, dir } = library.ensureBuilt({ src, cache });
    expect(errors.join('\n')).toMatch(/broken\.ts:1:\d+ - Type 'string' is not assignable to type 'number'/);
    expect(existsSync(path.join(dir, 'broken.js'))).toBe(true);
  });
});

describe("the kernel's loading line", () => {
  it('names what a cell loads: TensorFlow.js (with the backend), the library, both, or nothing', () => {
    expect(loadingLine("import * as tf from '@tensorflow/tfjs';", 'wasm')).toBe('trainlab: loading TensorFlow.js (wasm)…');
    expect(loadingLine("import { sgd } from '../../src/index';", 'wasm')).toBe('trainlab: loading the library…');
    expect(loadingLine("import { sgd } from './src';\nimport * as tf from \"@tensorflow/tfjs\";", 'tensorflow')).toBe('trainlab: loading TensorFlow.js (tensorflow) and the library…');
    expect(loadingLine("import { f } from './lessons/01-training-loop/exercise';\nconsole.log('src');", 'wasm')).toBeUndefined();
  });
});

describe("the kernel's declarations", () => {
  it("leave vega-lite's and vega's types out (a chart spec is a plain object type there)", () => {
    const { dir } = library.ensureBuilt();
    const declarations = (function walk(at: string): string[] {
      return readdirSync(at, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(path.join(at, entry.name)) : entry.name.endsWith('.d.ts') ? [path.join(at, entry.name)] : []);
    })(dir);
    expect(declarations.length).toBeGreaterThan(50);
    for (const file of declarations) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from '(?:vega|vega-lite)'|import\("(?:vega|vega-lite)"\)/);
    expect(readFileSync(path.join(dir, 'notebook', 'show.d.ts'), 'utf8')).toMatch(/^type TopLevelSpec = \{ \[key: string\]: unknown \};$/m);
  }, 120_000);
});

describe('the kernel serves the build for ./src', () => {
  it('type-checks cells against the library and maps library errors to the .ts sources', async () => {
    const kernel = await KernelClient.start(path.join(library.ROOT, 'jupyter', 'kernels', 'trainlab'), 120_000);
    const run = (code: string) => runCell(kernel, code);
    try {
      const first = await run("import { sgd, train, regression1d, ready, lineChart, show } from './src/index';\nimport * as tf from '@tensorflow/tfjs';\nawait ready();");
      expect(first).toMatchObject({ status: 'ok' });
      expect(first.text, 'the first cell says what it loads').toMatch(/^trainlab: loading TensorFlow\.js \((?:wasm|tensorflow|cpu)\) and the library…\n/);
      // Node's types load (console, process); a chart spec from the library is a plain object; said once.
      const later = await run("const spec = lineChart({ series: [{ name: 'a', values: [1, 0] }] });\nconsole.log(typeof spec.$schema, typeof process.env);\ntypeof show;");
      expect(later).toEqual({ status: 'ok', text: 'string object\nfunction\n' });
      const typeError = await run("sgd({ learningRate: 'fast' });");
      expect(typeError.status).toBe('error');
      expect(typeError.text).toMatch(/Type 'string' is not assignable to type 'number \| Schedule'/);
      await new Promise((resolve) => setTimeout(resolve, 500)); // tslab aborts requests for ~200 ms after an error
      const thrown = await run([
        'const { x, y } = regression1d({ n: 8, fn: (v) => v, seed: 0 });',
        'x.dispose();',
        'const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
        "await train(m, { x, y }, { optimizer: sgd({ learningRate: 0.1 }), loss: 'meanSquaredError', epochs: 1 });",
      ].join('\n'));
      expect(thrown.status).toBe('error');
      expect(thrown.text).toContain('TypeError: train: data.x must be a live tensor, got a disposed one');
      expect(thrown.text).toMatch(new RegExp(`at checkData \\(${library.ROOT}/src/train/options\\.ts:\\d+:\\d+\\)`));
      expect(thrown.text).not.toMatch(/\.js:\d+|node:internal|node_modules[\\/]tslab/);
    } finally {
      await kernel.shutdown();
    }
  }, 180_000);
});
