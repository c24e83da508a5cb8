/**
 * The graders' checks are independent: a bug planted in one exercise function fails checks of that
 * function's exercise only. For every exercise function of every lesson, a copy of solution.ts with
 * one planted bug (the table below: a dropped bias correction, a swapped sign, an off-by-one…) is
 * graded, and every check of every other exercise must still pass, while at least one check of the
 * bugged function's exercise fails, with a message that says what was expected, what came and the
 * first thing to check.
 *
 * All the bugged copies of one lesson are graded in one grader process (TRAINLAB_GRADE_VARIANTS,
 * lessons/grading.ts): the process pays the library's import once, and each check runs once per copy.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonDirs, projectRoot } from '../tools/notebooks/lesson';

interface PlantedBug {
  /** The lesson's number, "03". */
  lesson: string;
  /** The exercise function the bug is planted in, and the number of its exercise. */
  fn: string;
  exercise: number;
  bug: string;
  /** [text in solution.ts (exactly once), its replacement]. */
  edits: [string, string][];
}

const BUGS: PlantedBug[] = [
  { lesson: '01', fn: 'gradientDescentStep', exercise: 1, bug: 'steps up the gradient', edits: [['params.sub(grad.mul(learningRate))', 'params.add(grad.mul(learningRate))']] },
  { lesson: '01', fn: 'miniBatches', exercise: 2, bug: 'batches one index too long', edits: [['order.slice(start, start + batchSize)', 'order.slice(start, start + batchSize + 1)']] },
  { lesson: '02', fn: 'momentumStep', exercise: 1, bug: 'ignores dampening', edits: [['buffer.mul(mu).add(grad.mul(1 - tau))', 'buffer.mul(mu).add(grad)']] },
  { lesson: '02', fn: 'nesterovStep', exercise: 2, bug: 'plain momentum, no look-ahead', edits: [['params.sub(grad.add(b.mul(mu)).mul(eta))', 'params.sub(b.mul(eta))']] },
  { lesson: '03', fn: 'adamStep', exercise: 1, bug: 'no bias correction', edits: [['m.div(1 - beta1 ** t)', 'm'], ['v.div(1 - beta2 ** t)', 'v']] },
  { lesson: '03', fn: 'adamwStep', exercise: 2, bug: 'decay not scaled by η', edits: [['params.mul(1 - learningRate * weightDecay)', 'params.mul(1 - weightDecay)']] },
  { lesson: '04', fn: 'warmupCosineDecay', exercise: 1, bug: 'cosine with the wrong sign', edits: [['(1 + Math.cos(Math.PI * progress))', '(1 - Math.cos(Math.PI * progress))']] },
  { lesson: '04', fn: 'stepDecay', exercise: 2, bug: 'ceil instead of floor (off by one)', edits: [['Math.floor(t / stepSize)', 'Math.ceil(t / stepSize)']] },
  { lesson: '05', fn: 'plateauStep', exercise: 1, bug: 'cuts at the P-th bad epoch (off by one)', edits: [['numBadEpochs > patience', 'numBadEpochs >= patience']] },
  { lesson: '05', fn: 'createEarlyStopper', exercise: 2, bug: 'stops one epoch late (off by one)', edits: [['wait >= patience', 'wait > patience']] },
  { lesson: '05', fn: 'trainWithEarlyStopping', exercise: 3, bug: 'keeps the last weights, not the best', edits: [['if (bestEpoch > 0) run.weights.forEach((w, i) => w.assign(best[i]));', '']] },
  { lesson: '06', fn: 'invertedDropout', exercise: 1, bug: 'no 1/(1 − p) rescaling', edits: [['tf.div(tf.mul(x, mask), 1 - rate)', 'tf.mul(x, mask)']] },
  { lesson: '07', fn: 'batchNormTrain', exercise: 1, bug: 'biased variance in the running average', edits: [['tf.mul(variance, n / (n - 1))', 'variance']] },
  { lesson: '07', fn: 'batchNormEval', exercise: 2, bug: 'batch statistics at evaluation', edits: [['tf.sub(x, stats.runningMean)', 'tf.sub(x, tf.mean(x, 0))']] },
  { lesson: '08', fn: 'layerNormForward', exercise: 1, bug: 'normalizes over the batch axis', edits: [['const axis = x.rank - 1;', 'const axis = 0;']] },
  { lesson: '09', fn: 'l2PenaltyGradient', exercise: 1, bug: 'penalty without the ½', edits: [['lambda / 2', 'lambda']] },
  { lesson: '09', fn: 'decoupledDecayStep', exercise: 2, bug: 'decay not scaled by η', edits: [['tf.mul(w, 1 - eta * lambda)', 'tf.mul(w, 1 - lambda)']] },
  { lesson: '10', fn: 'initStd', exercise: 1, bug: "He's factor 2 dropped", edits: [['Math.sqrt(2 / fanIn)', 'Math.sqrt(1 / fanIn)']] },
  { lesson: '10', fn: 'layerGradNorms', exercise: 2, bug: 'L1 norm instead of L2', edits: [['tf.norm(grads[v.name])', 'tf.sum(tf.abs(grads[v.name]))']] },
  { lesson: '10', fn: 'maxRelativeError', exercise: 3, bug: 'forward instead of central difference', edits: [['(at(i, h) - at(i, -h)) / (2 * h)', '(at(i, h) - at(i, 0)) / h']] },
  { lesson: '11', fn: 'clipByNorm', exercise: 1, bug: 'rescales even below the threshold', edits: [['Math.min(maxNorm / (totalNorm + 1e-6), 1)', 'maxNorm / (totalNorm + 1e-6)']] },
  { lesson: '11', fn: 'clipByValue', exercise: 2, bug: 'no lower bound', edits: [['tf.minimum(tf.maximum(g, -clipValue), clipValue)', 'tf.minimum(g, clipValue)']] },
  { lesson: '12', fn: 'averageGradients', exercise: 1, bug: 'sum instead of mean', edits: [['tf.div(tf.addN(maps.map((m) => m[name])), maps.length)', 'tf.addN(maps.map((m) => m[name]))']] },
  { lesson: '12', fn: 'createAccumulator', exercise: 2, bug: 'applies the sum, not the mean', edits: [['tf.div(sums[name], steps)', 'tf.clone(sums[name])']] },
  { lesson: '13', fn: 'float16Bits', exercise: 1, bug: 'overflow threshold off by one', edits: [['if (e >= 31) return sign | 0x7c00;', 'if (e > 31) return sign | 0x7c00;']] },
  { lesson: '13', fn: 'updateLossScale', exercise: 2, bug: 'an overflow keeps the growth count', edits: [['backoffFactor), growthTracker: 0 }', 'backoffFactor), growthTracker: state.growthTracker }']] },
  { lesson: '14', fn: 'nameTheProblem', exercise: 1, bug: "run A's symptom misnamed", edits: [["A: { symptom: 'diverging'", "A: { symptom: 'unstable'"]] },
  { lesson: '14', fn: 'fixRunE', exercise: 2, bug: 'leaves the pixels raw', edits: [['return { standardize: true };', 'return { standardize: false };']] },
  { lesson: '14', fn: 'fixRunI', exercise: 3, bug: 'a clip that never clips', edits: [['return { clipGradNorm: 1 };', 'return { clipGradNorm: 1e9 };']] },
  { lesson: '15', fn: 'fewLabelsRecipe', exercise: 1, bug: 'almost every unit dropped', edits: [['dropout: 0.3', 'dropout: 0.97']] },
  { lesson: '15', fn: 'remedyFor', exercise: 2, bug: 'rare spikes met with a lower rate', edits: [["'rare-spikes': 'clipping'", "'rare-spikes': 'lower-learning-rate'"]] },
];

/** The exercise functions of a lesson: the functions its exercise.ts exports. */
function exportedFunctions(dir: string): string[] {
  return [...readFileSync(join(dir, 'exercise.ts'), 'utf8').matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]);
}

interface Outcome { exercise: number; check: string; status: 'pass' | 'fail'; message?: string }

/** Grades one lesson's bugged copies (`folders`) in one grader process; outcomes per copy. */
function gradeVariants(dir: string, folders: string[], work: string): Promise<Outcome[][]> {
  const progress = join(work, `${basename(dir)}.jsonl`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', join(projectRoot, 'tools', 'grading', 'vitest.grade.config.ts')], {
    cwd: projectRoot,
    env: {
      ...env,
      TRAINLAB_GRADE: 'exercise',
      TRAINLAB_GRADE_FILE: relative(projectRoot, join(dir, 'exercise.test.ts')),
      TRAINLAB_GRADE_VARIANTS: JSON.stringify(folders),
      TRAINLAB_GRADE_PROGRESS: progress,
      TRAINLAB_GRADE_TIMEOUT: '20',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      const events = existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) : [];
      const declared = new Map(events.filter((e) => e.event === 'declare').map((e) => [e.id as string, e]));
      const outcomes = folders.map(() => [] as Outcome[]);
      for (const e of events.filter((e) => e.event === 'end' && typeof e.variant === 'number')) {
        const d = declared.get(e.id as string)!;
        outcomes[e.variant as number].push({ exercise: d.exercise as number, check: d.check as string, status: e.status as 'pass' | 'fail', message: e.message as string | undefined });
      }
      if (declared.size === 0 || outcomes.some((o) => o.length !== declared.size)) {
        reject(new Error(`${basename(dir)}: the grader did not run every check for every copy:\n${output.slice(-2000)}`));
      } else resolve(outcomes);
    });
  });
}

describe('a bug planted in one exercise function fails only that function\'s checks', () => {
  const lessons = lessonDirs();
  mkdirSync(join(projectRoot, '.cache'), { recursive: true });
  const work = mkdtempSync(join(projectRoot, '.cache', 'planted-bugs-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const results = new Map<PlantedBug, Outcome[]>();
  const seconds = new Map<string, number>();

  it('the table plants a bug in every exercise function of every lesson, each edit matching solution.ts once', () => {
    for (const dir of lessons) {
      const lesson = basename(dir).slice(0, 2);
      const solution = readFileSync(join(dir, 'solution.ts'), 'utf8');
      expect(BUGS.filter((b) => b.lesson === lesson).map((b) => b.fn).sort(), basename(dir)).toEqual(expect.arrayContaining(exportedFunctions(dir).sort()));
      for (const bug of BUGS.filter((b) => b.lesson === lesson)) {
        for (const [find] of bug.edits) expect(solution.split(find).length - 1, `${bug.fn}: "${find}"`).toBe(1);
      }
    }
  });

  beforeAll(async () => {
    symlinkSync(relative(work, join(projectRoot, 'src')), join(work, 'src'), 'junction');
    const jobs = lessons.map((dir) => {
      const bugs = BUGS.filter((b) => b.lesson === basename(dir).slice(0, 2));
      const folders = bugs.map((bug, i) => {
        const folder = join(work, `lessons-${i}`);
        const target = join(folder, basename(dir));
        mkdirSync(target, { recursive: true });
        // The modules the exercise imports (lesson 15's recipe.ts), then the bugged solution as exercise.ts.
        for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'exercise.ts' && n !== 'solution.ts')) copyFileSync(join(dir, name), join(target, name));
        let text = readFileSync(join(dir, 'solution.ts'), 'utf8');
        for (const [find, replace] of bug.edits) text = text.replace(find, replace);
        writeFileSync(join(target, 'exercise.ts'), text);
        return folder;
      });
      return { dir, bugs, folders };
    });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const { dir, bugs, folders } = jobs[next++];
        if (bugs.length === 0) continue;
        const t0 = Date.now();
        const outcomes = await gradeVariants(dir, folders, work);
        seconds.set(basename(dir), (Date.now() - t0) / 1000);
        bugs.forEach((bug, i) => results.set(bug, outcomes[i]));
      }
    };
    await Promise.all([worker(), worker()]);
    // TRAINLAB_PLANTED_BUGS_REPORT=file.json keeps every outcome (how many checks each bug failed, and their messages).
    if (process.env.TRAINLAB_PLANTED_BUGS_REPORT) writeFileSync(process.env.TRAINLAB_PLANTED_BUGS_REPORT, JSON.stringify({ seconds: Object.fromEntries(seconds), bugs: [...results].map(([b, o]) => ({ ...b, outcomes: o })) }, null, 1));
  }, 300_000);

  for (const bug of BUGS) {
    it(`${bug.lesson} ${bug.fn}: ${bug.bug}`, () => {
      const outcomes = results.get(bug)!;
      const elsewhere = outcomes.filter((o) => o.exercise !== bug.exercise && o.status === 'fail');
      expect(elsewhere.map((o) => `exercise ${o.exercise}: ${o.check} — ${o.message}`), 'checks of other exercises that failed').toEqual([]);
      const caught = outcomes.filter((o) => o.exercise === bug.exercise && o.status === 'fail');
      expect(caught.length, `no check of exercise ${bug.exercise} caught the bug`).toBeGreaterThan(0);
      // Each message says what was expected, what came, and (after " — ") the first thing to check.
      for (const { check, message = '' } of caught) {
        expect(message, `${check}: what was expected`).toMatch(/\b(should|expected)\b/);
        expect(message, `${check}: what came`).toMatch(/\b(got|yours|returned|threw|differ|was|were|went|holds|trained|said|reaches|is not|did not)\b/);
        expect(message, `${check}: what to check first`).toMatch(/ — \S/);
      }
    });
  }
});
