/**
 * The grade command against learner code that tries it hardest (issues 15 and 17): a function that
 * loops forever costs one timeout and is not called again; a process that dies, a timer that throws
 * after its check, a promise nobody awaits, a leak hidden by disposing an input, a returned input, a
 * forged progress line, a handed-in reference solution and a rewritten grader are each caught and
 * reported on the check (or lesson) they concern, and grading goes on.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, selectLessons, type CheckReport, type GradeReport, type LessonReport } from '../tools/grading/grade-run';
import { projectRoot } from '../tools/notebooks/lesson';
import { seedWorkspace } from '../tools/workspace/workspace';
import { writeHardeningFixture } from './fixtures/grade-fixture';

const byName = (lesson: LessonReport): Record<string, CheckReport> =>
  Object.fromEntries(lesson.exercises.flatMap((exercise) => exercise.checks).map((check) => [check.name, check]));

describe('the grade command against hostile learner code', () => {
  let hard: GradeReport;
  let looping: GradeReport;
  const lessonsDir = writeHardeningFixture();
  mkdirSync(join(projectRoot, '.cache'), { recursive: true });
  const workspace = mkdtempSync(join(projectRoot, '.cache', 'test-loop-workspace-'));
  afterAll(() => {
    rmSync(dirname(lessonsDir), { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  beforeAll(async () => {
    // Lesson 03's solution, with an infinite loop planted in adamStep (adamwStep keeps its own copy).
    seedWorkspace(workspace);
    const solution = readFileSync(join(projectRoot, 'lessons', '03-adaptive-optimizers', 'solution.ts'), 'utf8');
    const planted = solution
      .replace('export function adamStep(', 'function adamStepCore(')
      .replace('return adamStep(decayed', 'return adamStepCore(decayed')
      .concat(`
export function adamStep(params: tf.Tensor, grad: tf.Tensor, state: AdamState, options: AdamStepOptions = {}): AdamStepResult {
  let i = 0;
  while (i >= 0) i = (i + 1) % 7; // planted: never ends
  return adamStepCore(params, grad, state, options);
}
`);
    expect(planted).toContain('function adamStepCore(');
    writeFileSync(join(workspace, 'lessons', '03-adaptive-optimizers', 'exercise.ts'), planted);
    [hard, looping] = await Promise.all([
      grade({ lessonsDir, timeoutS: 2 }),
      grade({ select: ['03'], exercisesDir: join(workspace, 'lessons'), timeoutS: 5 }), // real checks: room for a loaded machine
    ]);
  }, 240_000);

  it('an infinite loop in adamStep is stopped once, named, and only adamStep\'s checks fail', () => {
    const [lesson] = looping.lessons;
    const [adamStep, adamwStep] = lesson.exercises;
    expect(adamwStep.points).toBe(adamwStep.maxPoints);
    expect(adamStep.points).toBe(0);
    const [first, ...rest] = adamStep.checks;
    expect(first).toMatchObject({ kind: 'timeout', message: '`adamStep` did not return within 5 s — look for a loop that never ends' });
    for (const check of rest) {
      expect(check).toMatchObject({ kind: 'timeout', message: `not run: \`adamStep\` did not return within 5 s in the check "${first.name}" (see there) — look for a loop that never ends` });
    }
    // One timeout: the grader process was stopped once and started again once (before: once per check, 11 runs).
    expect(lesson.runs).toBe(2);
  });

  it('a process that dies fails the check it died in, names the function, and the rest still run', () => {
    const checks = byName(hard.lessons[0]);
    expect(checks['the process is killed']).toMatchObject({
      status: 'fail', kind: 'crash',
      message: "the grader's process stopped while `kills` was running: Worker exited unexpectedly — look for process.exit, process.kill or a native crash (e.g. out of memory) in your code",
    });
    expect(checks['runs after the crash']).toMatchObject({ status: 'pass', points: 1 });
  });

  it('errors from a timer or a promise nobody awaited fail the check that started them', () => {
    const checks = byName(hard.lessons[0]);
    expect(checks['a timer throws after the check']).toMatchObject({
      status: 'fail', kind: 'threw', message: 'after this check ended, `timer` started a setTimeout whose callback threw: late boom (exercise.ts line 9)',
    });
    expect(checks['a timer throws during the check']).toMatchObject({
      status: 'fail', kind: 'threw', message: '`timer` started a setTimeout whose callback threw: late boom (exercise.ts line 9)',
    });
    expect(checks['a dropped promise rejects']).toMatchObject({
      status: 'fail', kind: 'threw', message: 'after this check ended, rejects threw: async boom (exercise.ts line 14), in a promise nothing awaited',
    });
    expect(checks['a dropped promise never settles']).toMatchObject({
      status: 'fail', kind: 'timeout', message: '`hangs` returned a promise that did not settle within 2 s — look for an await that never resolves or a loop that never ends',
    });
  });

  it('a function returned by the learner that loops costs one timeout too', () => {
    const checks = byName(hard.lessons[0]);
    expect(checks['the schedule loops']).toMatchObject({ kind: 'timeout', message: 'the function returned by `schedule` did not return within 2 s — look for a loop that never ends' });
    for (const name of ['the schedule is called again', 'the schedule, a third time']) {
      expect(checks[name]).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/^not run: the function returned by `schedule` did not return within 2 s in the check "the schedule loops"/) });
    }
  });

  it('leaks are counted by tensor id: disposing an input or patching tf.memory does not hide one; a returned input is named', () => {
    const checks = byName(hard.lessons[0]);
    expect(checks['disposes an input and leaks']).toMatchObject({
      kind: 'leak',
      message: 'disposesAndLeaks leaked 1 tensor — wrap the math in tf.tidy or dispose intermediates; also, disposesAndLeaks disposed its input argument 1, which belongs to the caller — leave the caller\'s tensors alive',
    });
    expect(checks['hides a leak by patching tf.memory']).toMatchObject({ kind: 'leak', message: 'patchesMemory leaked 1 tensor — wrap the math in tf.tidy or dispose intermediates' });
    expect(checks['returns its input']).toMatchObject({
      kind: 'check', message: 'returnsInput returned its input argument 1 itself, so when the caller freed its inputs the result went with it — return a new tensor',
    });
  });

  it('forged progress lines are ignored and reported', () => {
    const [lesson] = hard.lessons;
    expect(byName(lesson)['forges a pass and dies']).toMatchObject({ status: 'fail', kind: 'crash' });
    expect(lesson.integrity).toContain('2 line(s) of the progress file were not written by the grader and were ignored — did the code under grade write to it?');
    expect(lesson.points).toBe(1);
  });

  it('an exercise that imports solution.ts gets no points, and the lesson says why', () => {
    const lesson = hard.lessons[1];
    expect(lesson.error).toMatch(/^exercise\.ts imports the reference solution \(.*02-imports-solution\/solution\.ts\): no points for this lesson/);
    expect(lesson.points).toBe(0);
  });

  it('a grader rewritten while it grades is not trusted', () => {
    const lesson = hard.lessons[2];
    expect(lesson.error).toMatch(/03-rewrites-grader\/exercise\.test\.ts changed while this lesson was graded/);
    expect(lesson.points).toBe(0);
  });
});

describe('choosing what to grade', () => {
  // A missing --lessons-dir: tests/cli.test.ts.
  it('a lesson named twice is graded once, in lesson order', () => {
    expect(selectLessons(['03', '03-adaptive-optimizers', '01']).map((dir) => dir.split(/[/\\]/).at(-1))).toEqual(['01-training-loop', '03-adaptive-optimizers']);
  });
});
