/**
 * Vitest configuration for the exercise graders (lessons/NN-slug/exercise.test.ts). `npm test`
 * does not run them (its config includes tests/ only): tools/grading/grade.ts runs them, one lesson per
 * child process, and sets TRAINLAB_GRADE_FILE to the one grader to run.
 */
import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';

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

export default defineConfig({
  // Required at run time: vite bundles this config, and its bundle cannot require a CommonJS file.
  root: (createRequire(import.meta.url)('../root.cjs') as { ROOT: string }).ROOT,
  test: {
    include: [process.env.TRAINLAB_GRADE_FILE ?? 'lessons/*/exercise.test.ts'],
    pool: 'forks',
    // Each check has its own limit (lessons/grading.ts); these only catch a stuck grader.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
