/**
 * The exercise graders, proven both ways: every grader passes against its lesson's solution.ts and
 * fails, check by check and with a learner-facing message, against the course's exercise.ts stubs.
 * A learner's workspace filled with the solutions gets full marks while the course's stubs and
 * notebooks stay untouched (so this suite and the notebook sync check keep passing for a learner
 * who has solved everything). And the grade command finishes whatever the learner's code does
 * (throw, leak, hang, loop forever).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebookStatus } from '../tools/notebooks/build-notebooks';
import { grade, type CheckReport, type GradeReport } from '../tools/grading/grade-run';
import { lessonDirs, parseLesson, projectRoot } from '../tools/notebooks/lesson';
import { seedWorkspace } from '../tools/workspace/workspace';
import { writeGradeFixture } from './fixtures/grade-fixture';

/** Runs `npm run grade` (as tsx tools/grading/grade.ts) with --json; returns the exit code and the report. */
function gradeCli(...args: string[]): Promise<{ code: number | null; report: GradeReport; stderr: string }> {
  const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const child = spawn(process.execPath, [tsx, join(projectRoot, 'tools', 'grading', 'grade.ts'), '--json', ...args], { cwd: projectRoot, env });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, report: JSON.parse(stdout) as GradeReport, stderr });
      } catch {
        reject(new Error(`grade ${args.join(' ')} printed no JSON report (exit ${code}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

const checks = (report: GradeReport): (CheckReport & { where: string })[] =>
  report.lessons.flatMap((lesson) =>
    lesson.exercises.flatMap((exercise) =>
      exercise.checks.map((check) => ({ ...check, where: `${lesson.slug} exercise ${exercise.number}: ${check.name}` })),
    ),
  );

describe('graders, proven both ways', () => {
  const slugs = lessonDirs().map((dir) => basename(dir));
  let solution: Awaited<ReturnType<typeof gradeCli>>;
  let stubs: Awaited<ReturnType<typeof gradeCli>>;
  let solved: Awaited<ReturnType<typeof gradeCli>>;
  // A learner's workspace, inside the repository as work/ is (its exercises import node_modules).
  mkdirSync(join(projectRoot, '.cache'), { recursive: true });
  const workspace = mkdtempSync(join(projectRoot, '.cache', 'test-workspace-'));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  beforeAll(async () => {
    seedWorkspace(workspace);
    for (const slug of slugs) copyFileSync(join(projectRoot, 'lessons', slug, 'solution.ts'), join(workspace, 'lessons', slug, 'exercise.ts'));
    [solution, stubs, solved] = await Promise.all([gradeCli('--solution'), gradeCli('--stubs'), gradeCli('--workspace', workspace, '--report')]);
  }, 360_000);

  it('every lesson has lesson.md, exercise.ts, solution.ts and exercise.test.ts, and is graded', () => {
    for (const dir of lessonDirs()) {
      for (const file of ['lesson.md', 'exercise.ts', 'solution.ts', 'exercise.test.ts']) {
        expect(existsSync(join(dir, file)), `${basename(dir)}/${file}`).toBe(true);
      }
    }
    expect(solution.report.lessons.map((lesson) => lesson.slug)).toEqual(slugs);
    expect(stubs.report.lessons.map((lesson) => lesson.slug)).toEqual(slugs);
  });

  it('graders check exactly the exercises that lesson.md presents (## Exercise N)', () => {
    for (const lesson of solution.report.lessons) {
      const presented = parseLesson(join(projectRoot, 'lessons', lesson.slug, 'lesson.md')).exercises.map((e) => e.number);
      expect(lesson.exercises.map((e) => e.number), lesson.slug).toEqual(presented);
      for (const exercise of lesson.exercises) expect(exercise.maxPoints, `${lesson.slug} exercise ${exercise.number}`).toBeGreaterThan(0);
    }
  });

  it('every grader passes against solution.ts: full marks, exit code 0', () => {
    const failed = checks(solution.report).filter((check) => check.status !== 'pass');
    expect(failed.map((check) => `${check.where} — ${check.message}`)).toEqual([]);
    expect(solution.report.lessons.filter((lesson) => lesson.error)).toEqual([]);
    expect(solution.report.fullMarks).toBe(true);
    expect(solution.code).toBe(0);
  });

  it('every check fails against the untouched exercise.ts stubs, with a learner-facing message', () => {
    expect(stubs.report.lessons.filter((lesson) => lesson.error)).toEqual([]);
    const all = checks(stubs.report);
    expect(all.length).toBeGreaterThan(0);
    const passing = all.filter((check) => check.status === 'pass').map((check) => check.where);
    expect(passing, 'these checks pass on the stubs (or exercise.ts was edited — then use npm run grade)').toEqual([]);
    // A stub fails because it throws its TODO or gives a wrong answer — never because the grader broke.
    for (const check of all) {
      expect(['threw', 'check', 'leak'], `${check.where}: ${check.kind} — ${check.message}`).toContain(check.kind);
      expect(check.message, check.where).toMatch(/\S/);
    }
    expect(stubs.report.points).toBe(0);
    expect(stubs.code).toBe(1);
  });

  it('a workspace solved with the solutions gets full marks; the course stubs and notebooks stay as they were', () => {
    expect(solved.report.lessons.map((lesson) => lesson.slug)).toEqual(slugs);
    expect(checks(solved.report).filter((check) => check.status !== 'pass').map((check) => `${check.where} — ${check.message}`)).toEqual([]);
    expect([solved.report.fullMarks, solved.code]).toEqual([true, 0]);
    // The same run as the stubs test above: solving in a workspace left every stub failing.
    expect(stubs.report.points).toBe(0);
    expect(notebookStatus().filter((status) => status.state !== 'current').map((status) => status.lesson.slug)).toEqual([]);
  });

  it('--report writes the workspace\'s progress page: every lesson at full marks (stdout stays the JSON alone)', () => {
    const html = readFileSync(join(workspace, 'progress.html'), 'utf8');
    for (const slug of slugs) expect(html).toContain(`<section class="lesson" id="${slug}">`);
    expect(html).toContain(`<strong>${solved.report.points}/${solved.report.maxPoints} points</strong> in ${slugs.length} lessons`);
    expect(html).toContain('Full marks: every check passed.');
    expect(solved.stderr).toContain('progress.html');
  });
});

describe('the grade command survives misbehaving learner code', () => {
  it('throws, leaks, hangs, loops forever, does not parse, loops while loading: each fails on its own, with its message', async () => {
    const lessonsDir = writeGradeFixture();
    const t0 = Date.now();
    const report = await grade({ lessonsDir, timeoutS: 2 });
    const seconds = (Date.now() - t0) / 1000;
    const [misbehaving, unparsable, loopsOnLoad] = report.lessons;

    const byName = Object.fromEntries(misbehaving.exercises[0].checks.map((check) => [check.name, check]));
    expect(byName['passes']).toMatchObject({ status: 'pass', points: 1 });
    expect(byName['throws']).toMatchObject({ status: 'fail', kind: 'threw', message: 'throws threw: TODO: implement throws (exercise.ts line 7)' });
    expect(byName['leaks']).toMatchObject({ kind: 'leak', message: 'leaks leaked 2 tensors — wrap the math in tf.tidy or dispose intermediates' });
    expect(byName['loops forever']).toMatchObject({ kind: 'timeout', message: '`loops` did not return within 2 s — look for a loop that never ends' });
    expect(byName['hangs']).toMatchObject({ kind: 'timeout', message: '`hangs` returned a promise that did not settle within 2 s — look for an await that never resolves or a loop that never ends' });
    expect(byName['runs after the loop']).toMatchObject({ status: 'pass', points: 2 });
    expect(byName['has a bug in the grader'].kind).toBe('grader-error');
    expect(byName['returns a wrong value']).toMatchObject({ kind: 'check', message: 'passes() should return 2; got 1' });
    expect([misbehaving.points, misbehaving.maxPoints]).toEqual([3, 9]);

    for (const check of unparsable.exercises[0].checks.filter((c) => c.name !== 'has a bug in the grader')) {
      expect(check).toMatchObject({ status: 'fail', kind: 'threw' });
      expect(check.message).toMatch(/^exercise\.ts could not be loaded: .*exercise\.ts:1:\d+/s);
    }
    expect(loopsOnLoad.error).toBe('loading exercise.ts took more than 2 s — is there an infinite loop at its top level (outside any function)?');
    expect(report.fullMarks).toBe(false);
    expect(seconds).toBeLessThan(60);
    rmSync(dirname(lessonsDir), { recursive: true, force: true });
  }, 120_000);
});
