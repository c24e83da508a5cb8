/**
 * patches/tslab+1.0.22.patch (applied by `npm ci` through patch-package) fixes tslab bugs a
 * learner would hit at once, and makes every cell cheaper to compile; the real kernel must show it:
 * - a folder import (`./src`, `./src/data`) loads the folder's index.ts;
 * - `{ optimizer }` naming a variable from an earlier cell works (stock tslab: "not defined");
 * - a renamed key (`const { loss: l } = run`, `{ loss: … }`) whose type comes from an earlier cell
 *   stays a key (stock tslab rewrites it to `exports.loss` and the cell fails to compile);
 * - a cell is compiled as one program, not two, with no TypeScript "builder" recomputing every
 *   file's references (bench/notebook-import.ts: a later library import 0.14 → 0.05 s). What the
 *   builder gave tslab must still hold: a cell's names reach later cells, the .ts files it imports
 *   (directly or through each other) are compiled and loaded, an edited one is compiled again, and
 *   type errors in the cell or in those files are reported;
 * - an imported file deleted and written again does not break the kernel (stock tslab allowed one
 *   pending TypeScript watch timer and failed every later cell with "Unexpected pending rebuildTimer").
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelClient } from '../tools/kernel/kernel-client';
import { withoutLoadingLines } from '../tools/kernel/loading-line.cjs';
import { joinText, type CodeCell } from '../tools/notebooks/nbformat';
import { executeNotebook } from '../tools/notebooks/notebook-runner';
import { ROOT } from '../tools/root.cjs';
import { runCell } from './helpers/kernel-cell';

it('the kernel resolves folder imports, shorthand properties and renamed keys across cells', async () => {
  const file = path.resolve(import.meta.dirname, 'fixtures', 'notebooks', 'tslab-patches.ipynb');
  const executed = await executeNotebook(file, { cellTimeoutMs: 120_000 });
  const stdout = (id: string) =>
    withoutLoadingLines((executed.cells.find((c) => c.id === id) as CodeCell).outputs
      .map((o) => (o.output_type === 'stream' ? joinText(o.text) : ''))
      .join(''));
  expect(stdout('folder-import')).toBe('function function\n');
  expect(stdout('shorthand')).toBe('0.1\n');
  expect(stdout('renamed-keys-use')).toBe('3\n0.5 0.5\n');
}, 180_000);

describe('one program per cell', () => {
  // The kernel compiles files under its working folder (the repository root), so the modules a
  // cell imports are written there, in the ignored .cache/.
  const dir = path.join(ROOT, '.cache', `tslab-patch-test-${process.pid}`);
  const rel = `./${path.relative(ROOT, dir)}`;
  let kernel: KernelClient;
  beforeAll(async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'inner.ts'), 'export const double = (x: number): number => x * 2;\n');
    fs.writeFileSync(path.join(dir, 'outer.ts'), "import { double } from './inner';\nexport const quadruple = (x: number): number => double(double(x));\n");
    fs.writeFileSync(path.join(dir, 'broken.ts'), "export const n: number = 'not a number';\n");
    kernel = await KernelClient.start(path.join(ROOT, 'jupyter', 'kernels', 'trainlab'), 120_000);
  }, 150_000);
  afterAll(async () => {
    await kernel?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a cell; returns its status and everything it printed but the kernel's loading line. */
  async function run(code: string): Promise<{ status: string; text: string }> {
    const { status, text } = await runCell(kernel, code);
    return { status, text: withoutLoadingLines(text) };
  }

  it("gives later cells every kind of name a cell declares", async () => {
    expect(await run('const { a, b: [c] } = { a: 1, b: [2] };\nlet [z] = [3];\nfunction f() { return a + c; }\nclass K { v = f() + z; }\nenum E { X = 5 }\ntype Pair = [number, number];\ninterface Named { name: string }')).toEqual({ status: 'ok', text: '' });
    expect(await run("const pair: Pair = [a, c];\nconst named: Named = { name: 'n' };\nconsole.log(a, c, z, f(), new K().v, E.X, pair.join('+'), named.name);")).toEqual({ status: 'ok', text: '1 2 3 3 6 5 1+2 n\n' });
  });

  it('compiles and loads the .ts files a cell imports, through each other, and again once edited', async () => {
    expect(await run(`import { quadruple } from '${rel}/outer';\nconsole.log(quadruple(5));`)).toEqual({ status: 'ok', text: '20\n' });
    // As a learner edits an exercise file the notebook imports (stock tslab does not reload a file
    // whose own import changed, only the edited file itself).
    fs.writeFileSync(path.join(dir, 'outer.ts'), "import { double } from './inner';\nexport const quadruple = (x: number): number => double(double(x)) + 1;\n");
    // The kernel hears of the edit through a polling file watcher: wait until it has.
    let printed = '';
    for (let tries = 0; tries < 40 && printed !== '21\n'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      printed = (await run(`import { quadruple as q${tries} } from '${rel}/outer';\nconsole.log(q${tries}(5));`)).text;
    }
    expect(printed, 'outer.ts edited to 4x + 1').toBe('21\n');
  }, 60_000);

  it('keeps working when an imported file is deleted and written again (as editors and git do)', async () => {
    fs.writeFileSync(path.join(dir, 'saved.ts'), 'export const version = 1;\n');
    expect(await run(`import { version } from '${rel}/saved';\nconsole.log(version);`)).toEqual({ status: 'ok', text: '1\n' });
    fs.rmSync(path.join(dir, 'saved.ts'));
    await new Promise((resolve) => setTimeout(resolve, 600)); // the kernel's watchers hear of it
    expect(await run('const between = 1;\nconsole.log(between);')).toEqual({ status: 'ok', text: '1\n' });
    fs.writeFileSync(path.join(dir, 'saved.ts'), 'export const version = 2;\n');
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Stock tslab: "Unexpected pending rebuildTimer" in one of these cells (which one depends on
    // when the folder's watcher fires) and in every later one.
    expect(await run('const after = 1;\nconsole.log(after);')).toEqual({ status: 'ok', text: '1\n' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await run(`import { version as again } from '${rel}/saved';\nconsole.log(again);`)).toEqual({ status: 'ok', text: '2\n' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await run('const last = 1;\nconsole.log(last);')).toEqual({ status: 'ok', text: '1\n' });
  });

  it('reports type errors in the cell and in the files it imports', async () => {
    const inCell = await run("const wrong: number = 'text';");
    expect(inCell.status).toBe('error');
    expect(inCell.text).toContain("Type 'string' is not assignable to type 'number'");
    await new Promise((resolve) => setTimeout(resolve, 400)); // tslab aborts what comes within 200 ms of an error
    const inImport = await run(`import { n } from '${rel}/broken';\nconsole.log(n);`);
    expect(inImport.status).toBe('error');
    expect(inImport.text).toContain('broken.ts');
    expect(inImport.text).toContain("Type 'string' is not assignable to type 'number'");
  });
});
