/**
 * The learner's workspace (tools/workspace/workspace.ts): seeded from the course without touching it, reset
 * with a backup, and run by the kernel from the workspace, so a notebook's exercise cell loads the
 * learner's exercise.ts, not the course's stub. (graders.test.ts grades a solved workspace.)
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadingLine } from '../tools/kernel/loading-line.cjs';
import { KernelClient } from '../tools/kernel/kernel-client';
import { lessonDirs, projectRoot } from '../tools/notebooks/lesson';
import { resetWorkspace, seedWorkspace } from '../tools/workspace/workspace';
import { runCell } from './helpers/kernel-cell';

const slugs = lessonDirs().map((dir) => path.basename(dir));
mkdirSync(path.join(projectRoot, '.cache'), { recursive: true });
// Inside the repository, as work/ is: the exercises import from node_modules.
const workspace = mkdtempSync(path.join(projectRoot, '.cache', 'test-workspace-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
const [first] = slugs;
const exercise = path.join(workspace, 'lessons', first, 'exercise.ts');

describe('the workspace', () => {
  it('is seeded with every lesson notebook and exercise, a link to the library, and only what is missing', () => {
    const { copied } = seedWorkspace(workspace);
    for (const slug of slugs) {
      expect(copied).toContain(path.join('notebooks', `${slug}.ipynb`));
      expect(copied).toContain(path.join('lessons', slug, 'exercise.ts'));
      expect(readFileSync(path.join(workspace, 'notebooks', `${slug}.ipynb`), 'utf8')).toBe(readFileSync(path.join(projectRoot, 'notebooks', `${slug}.ipynb`), 'utf8'));
    }
    expect(lstatSync(path.join(workspace, 'src')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(workspace, 'src', 'index.ts'))).toBe(true);
    writeFileSync(exercise, '// my work\n');
    expect(seedWorkspace(workspace).copied).toEqual([]);
    expect(readFileSync(exercise, 'utf8'), 'seeding never overwrites').toBe('// my work\n');
  });

  it('resets one lesson to the course version, keeping the learner version in .backup/', () => {
    const { backup, slugs: reset } = resetWorkspace([first], workspace);
    expect(reset).toEqual([first]);
    expect(readFileSync(exercise, 'utf8')).toBe(readFileSync(path.join(projectRoot, 'lessons', first, 'exercise.ts'), 'utf8'));
    expect(readFileSync(path.join(workspace, backup!, 'lessons', first, 'exercise.ts'), 'utf8')).toBe('// my work\n');
    expect(readdirSync(path.join(workspace, backup!, 'notebooks'))).toEqual([`${first}.ipynb`]);
  });
});

describe('a notebook in the workspace', () => {
  it("runs from the workspace: the exercise cell loads the learner's exercise.ts", async () => {
    writeFileSync(exercise, `${readFileSync(exercise, 'utf8')}\nexport const whose = 'the workspace';\n`);
    const kernel = await KernelClient.start(path.join(projectRoot, 'jupyter', 'kernels', 'trainlab'), 120_000, { cwd: path.join(workspace, 'notebooks') });
    try {
      const code = `import { whose } from './lessons/${first}/exercise';\nimport { Random } from './src/index';\nconsole.log(whose, new Random(0).permutation(3).length);`;
      expect(await runCell(kernel, code)).toEqual({ status: 'ok', text: `${loadingLine(code)}\nthe workspace 3\n` });
    } finally {
      await kernel.shutdown();
    }
  }, 120_000);
});
