/**
 * The page runner's pieces that need no browser (tools/site/runner): compiling cells into one
 * shared scope and modules into CommonJS, the value formatting of console output, and the grading
 * stand-ins (vitest's describe/it, Node's isDeepStrictEqual) — run here in Node.
 */
import { isDeepStrictEqual as nodeDeepEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CELL_IMPORT, compileCell, compileModule } from '../tools/site/runner/compile';
import { formatLog, inspect } from '../tools/site/runner/inspect';
import * as shims from '../tools/site/runner/shims';

type AsyncFn = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFn;

/** Runs cells as the worker does: declared names become globals (removed afterwards). */
async function runCells(sources: string[], modules: Record<string, unknown> = {}): Promise<unknown[]> {
  const declared = new Set<string>();
  const scope = globalThis as Record<string, unknown>;
  try {
    const results: unknown[] = [];
    for (const source of sources) {
      const { code, names } = compileCell(source);
      for (const name of names) {
        if (!(name in scope)) scope[name] = undefined;
        declared.add(name);
      }
      results.push(await new AsyncFunction(CELL_IMPORT, code)(async (spec: string) => modules[spec]));
    }
    return results;
  } finally {
    for (const name of declared) delete scope[name];
  }
}

describe('compileCell', () => {
  it('shares top-level declarations between cells, and a const cell runs again', async () => {
    const results = await runCells([
      'const n: number = 2;\nlet list: number[] = [];\nfunction double(x: number): number { return 2 * x; }\nclass Box { constructor(readonly v: number) {} }',
      'const { a, b: [c] } = { a: 1, b: [3] };\nlist.push(double(n) + a + c);\nlist.length',
      'const n: number = 2;\nnew Box(n).v + list[0]', // re-running a const cell
    ]);
    expect(results).toEqual([undefined, 1, 10]);
  });

  it('keeps imports that the cell itself does not use (later cells do), and awaits at the top level', async () => {
    const lib = { ready: async () => 'wasm', unused: () => 'used later' };
    const results = await runCells([
      "import * as lib from './src/index';\nimport { ready, unused as later, type Info } from './src/index';\nconst backend = await ready();",
      'later() + " on " + backend + " " + typeof lib.ready',
    ], { './src/index': lib });
    expect(results[1]).toBe('used later on wasm function');
  });

  it('returns the value of a last bare expression only', async () => {
    expect(await runCells(['1 + 1', 'const x = 3;', 'if (true) { 4 }'])).toEqual([2, undefined, undefined]);
  });

  it('strips types without checking them, and names the line of a syntax error', () => {
    expect(compileCell('const x: string = 1 as unknown as string;').code).not.toContain('string');
    expect(() => compileCell('const = 1;')).toThrow(/1:/);
  });
});

describe('compileModule', () => {
  it('compiles to CommonJS with the URL for import.meta.url and top-level await', async () => {
    const code = compileModule("import { base } from './helper';\nimport type * as S from './solution';\nexport const url: string = import.meta.url;\nexport function plus(x: number): number { return x + base; }\nawait Promise.resolve();", 'file:///lessons/01/exercise.ts');
    const module = { exports: {} as Record<string, unknown> };
    const required: string[] = [];
    await new AsyncFunction('require', 'exports', 'module', code)((spec: string) => (required.push(spec), { base: 10 }), module.exports, module);
    expect(required).toEqual(['./helper']); // the type-only import is gone
    expect(module.exports.url).toBe('file:///lessons/01/exercise.ts');
    expect((module.exports.plus as (x: number) => number)(1)).toBe(11);
  });
});

describe('inspect and formatLog (console output as the kernel prints it)', () => {
  it('formats values as util.inspect does for the usual ones', () => {
    expect(formatLog(['loss', 0.25, [1, 2], { a: 'x', b: [true, null] }])).toBe("loss 0.25 [ 1, 2 ] { a: 'x', b: [ true, null ] }");
    expect(inspect([])).toBe('[]');
    expect(inspect({})).toBe('{}');
    expect(inspect(new Float32Array([1, 2]))).toBe('Float32Array(2) [ 1, 2 ]');
    expect(inspect(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(inspect(Array.from({ length: 102 }, () => 0))).toMatch(/\.\.\. 2 more items \]$/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(inspect(cyclic)).toBe('{ self: [Circular] }');
    expect(inspect(function named() {})).toBe('[Function: named]');
  });
});

describe('grading stand-ins', () => {
  it('isDeepStrictEqual agrees with Node on the values graders compare', () => {
    const cases: [unknown, unknown][] = [
      [[1, 2, [3]], [1, 2, [3]]], [[1, 2], [1, 2, 3]], [NaN, NaN], [0, -0], [{ a: 1 }, { a: 1, b: undefined }],
      [new Float32Array([1]), new Float32Array([1])], [new Float32Array([1]), new Float64Array([1])], [[1], { 0: 1 }],
      [new Set([1, 2]), new Set([2, 1])], [new Map([[1, 'a']]), new Map([[1, 'b']])], ['1', 1], [{ x: [1, { y: 2 }] }, { x: [1, { y: 2 }] }],
    ];
    for (const [a, b] of cases) expect(shims.isDeepStrictEqual(a, b), `${inspect(a)} vs ${inspect(b)}`).toBe(nodeDeepEqual(a, b));
  });

  it('describe/it record the checks, runRecorded runs them in order and reports failures', async () => {
    const order: string[] = [];
    shims.describe('Exercise 1', () => {
      shims.it('passes', () => void order.push('a'));
      shims.it('fails', async () => {
        order.push('b');
        throw new Error('no');
      });
      shims.it.skip('skipped');
    });
    const results = await shims.runRecorded();
    expect(order).toEqual(['a', 'b']);
    expect(results.map((r) => [r.name, r.skipped, r.error instanceof Error ? r.error.message : undefined])).toEqual([
      ['Exercise 1 > passes', false, undefined], ['Exercise 1 > fails', false, 'no'], ['Exercise 1 > skipped', true, undefined],
    ]);
    expect(await shims.runRecorded()).toEqual([]);
  });

  it('keeps grading progress lines in memory', () => {
    shims.appendFileSync('progress', `${JSON.stringify({ event: 'declare', id: '1:a' })}\n`);
    expect(shims.takeProgressEvents()).toEqual([{ event: 'declare', id: '1:a' }]);
    expect(shims.takeProgressEvents()).toEqual([]);
  });
});
