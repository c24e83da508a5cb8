/**
 * Vitest configuration for the exercise graders (lessons/NN-slug/exercise.test.ts). `npm test`
 * does not run them (its config includes tests/ only): tools/grading/grade.ts runs them, one lesson per
 * child process, and sets TRAINLAB_GRADE_FILE to the one grader to run.
 */
import { defineConfig, type Plugin } from 'vitest/config';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { ENV } from './protocol';

// tools/grading/grade.ts starts this vitest as the leader of its own process group. If grade.ts dies, take
// the group down (a worker stuck in a learner's infinite loop would otherwise spin on forever).
const parent = Number(process.env[ENV.parent]);
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
 * When a learner's exercise is graded, a lesson's reference solution cannot be imported by anything
 * but a grader (exercise.test.ts, which may use it as the reference for an earlier piece): the
 * learner's module (or a module it imports) gets one that throws instead, so an
 * `export * from '…/solution'` gets no points, and the grade command is told (it reports the lesson
 * as given no points). This runs in the vitest process, not next to the learner's code.
 */
function refuseSolutions(): Plugin {
  const SOLUTION = /[/\\]lessons[/\\][^/\\]+[/\\]solution\.[cm]?[jt]s$/;
  const REFUSED = '\0trainlab-refused-solution:';
  return {
    name: 'trainlab-refuse-solutions',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (process.env[ENV.mode] === 'solution' || !importer || !/solution/.test(source)) return null;
      if (/[/\\]exercise\.test\.ts$/.test(importer.split('?')[0])) return null; // the grader's own reference
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !SOLUTION.test(resolved.id.split('?')[0])) return null;
      return `${REFUSED}${resolved.id.split('?')[0]}`;
    },
    load(id) {
      if (!id.startsWith(REFUSED)) return null;
      const name = relative(root, id.slice(REFUSED.length));
      const marker = process.env[ENV.solutionImported];
      if (marker) writeFileSync(marker, name);
      return `throw new Error(${JSON.stringify(`the reference solution ${name} was imported: graded work must not use it`)});`;
    },
  };
}

export default defineConfig({
  root,
  plugins: [refuseSolutions()],
  test: {
    include: [process.env[ENV.file] ?? 'lessons/*/exercise.test.ts'],
    pool: 'forks',
    // Each check has its own limit (lessons/grading.ts); these only catch a stuck grader.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
