/**
 * patches/tslab+1.0.22.patch (applied by `npm ci` through patch-package) fixes two tslab bugs a
 * learner would hit at once; the real kernel must show both fixed:
 * - a folder import (`./src`, `./src/data`) loads the folder's index.ts;
 * - `{ optimizer }` naming a variable from an earlier cell works (stock tslab: "not defined");
 * - a renamed key (`const { loss: l } = run`, `{ loss: … }`) whose type comes from an earlier cell
 *   stays a key (stock tslab rewrites it to `exports.loss` and the cell fails to compile).
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { withoutLoadingLines } from '../tools/kernel/loading-line.cjs';
import { joinText, type CodeCell } from '../tools/notebooks/nbformat';
import { executeNotebook } from '../tools/notebooks/notebook-runner';

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
