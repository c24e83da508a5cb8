/**
 * Vitest configuration for the exercise graders (lessons/NN-slug/exercise.test.ts). `npm test`
 * does not run them (its config includes tests/ only): tools/grading/grade.ts runs them, one lesson per
 * child process, and sets TRAINLAB_GRADE_FILE to the one grader to run.
 */
import { defineConfig, type Plugin } from 'vitest/config';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';

// tools/grading/grade.ts starts this vitest as the leader of its own process group. If grade.ts dies, take
// the group down (a worker stuck in a learner's infinite loop would otherwise spin on forever).
const parent = Number(process.env.TRAINLAB_GRADE_PARENT);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      try {
        process.kill(-process.pid, 'SIGKILL');
      } catch {
        process.exit(1); // not a group leader after all
      }
    }
  }, 1000).unref();
}

// Required at run time: vite bundles this config, and its bundle cannot require a CommonJS file.
const root = (createRequire(import.meta.url)('../root.cjs') as { ROOT: string }).ROOT;

/**
 * When a learner's exercise is graded, a lesson's reference solution cannot be loaded: its module
 * throws instead, so an `export * from '…/solution'` gets no points, and the grade command is told
 * (it reports the lesson as given no points). This runs in the vitest process, not next to the
 * learner's code. The graders import solution.ts for its types only, which leave no import behind.
 */
function refuseSolutions(): Plugin {
  return {
    name: 'trainlab-refuse-solutions',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0];
      if (process.env.TRAINLAB_GRADE === 'solution' || !/[/\\]lessons[/\\][^/\\]+[/\\]solution\.[cm]?[jt]s$/.test(file)) return null;
      const name = relative(root, file);
      const marker = process.env.TRAINLAB_GRADE_SOLUTION_IMPORTED;
      if (marker) writeFileSync(marker, name);
      return `throw new Error(${JSON.stringify(`the reference solution ${name} was imported: graded work must not use it`)});`;
    },
  };
}

export default defineConfig({
  root,
  plugins: [refuseSolutions()],
  test: {
    include: [process.env.TRAINLAB_GRADE_FILE ?? 'lessons/*/exercise.test.ts'],
    pool: 'forks',
    // Each check has its own limit (lessons/grading.ts); these only catch a stuck grader.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
