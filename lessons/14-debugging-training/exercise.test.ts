/**
 * Grader for lesson 14. Run it with `npm run grade -- 14` (your exercise.ts) or
 * `npm run grade -- 14 --solution` (the reference). Each check tests one idea.
 */
import { GYM_RUNS, gymChanges, gymConfig, REMEDIES, runGym, VERDICTS, type GymConfig, type GymRunName, type RemedyId, type Verdict } from '../../src/index';
import { check, exercise, fail, fmt, load } from '../grading';
import type * as Solution from './solution';

const { nameTheProblem, fixRunE, fixRunI } = await load<typeof Solution>(import.meta.url);

/** The key: each run's symptom, the remedies accepted as its first, and a hint that does not give the answer away. */
const KEY: Record<GymRunName, { symptom: Verdict; remedies: RemedyId[]; symptomHint: string; remedyHint: string }> = {
  A: { symptom: 'diverging', remedies: ['lower-learning-rate'], symptomHint: 'look at how large its loss gets', remedyHint: 'its optimizer takes huge steps' },
  B: { symptom: 'not-decreasing', remedies: ['tune-learning-rate'], symptomHint: 'compare its last loss with its first', remedyHint: 'look at η for plain SGD' },
  C: { symptom: 'not-decreasing', remedies: ['check-data-pipeline'], symptomHint: 'compare both losses with ln 10 = 2.30, a guess', remedyHint: 'the model and optimizer are the sound base; what else did the set-up change?' },
  D: { symptom: 'not-decreasing', remedies: ['check-loss-function'], symptomHint: 'the loss stops far above 0: compare it with the floor ln(1 + 9/e) = 1.46', remedyHint: 'look at the last layer and the loss together' },
  E: { symptom: 'diverging', remedies: ['standardize-inputs', 'better-features'], symptomHint: 'look at how large its loss gets in the first epoch, and where it ends', remedyHint: 'look at the first losses: what makes the logits huge before any update?' },
  F: { symptom: 'not-decreasing', remedies: ['check-gradients', 'better-initialization'], symptomHint: 'the loss does not move at all', remedyHint: 'no weight gets a gradient: why?' },
  G: { symptom: 'overfitting', remedies: ['more-data', 'augmentation'], symptomHint: 'compare the validation curve with the training curve', remedyHint: 'how many training images does it have?' },
  H: { symptom: 'underfitting', remedies: ['less-regularization'], symptomHint: 'the loss falls, but where does it stay?', remedyHint: 'the network is the base one: what holds it back?' },
  I: { symptom: 'diverging', remedies: ['clip-gradients', 'lower-learning-rate'], symptomHint: 'look at the end of its loss curve', remedyHint: 'a deep net with momentum and no cap on the gradient norm' },
  J: { symptom: 'unstable', remedies: ['lower-learning-rate'], symptomHint: 'the loss gets low, then what?', remedyHint: 'Adam with η = 0.03, 30× its usual rate' },
};

function answerOf(run: GymRunName): { symptom: unknown; firstRemedy: unknown } {
  const answer = nameTheProblem(run) as unknown;
  if (typeof answer !== 'object' || answer === null) fail(`nameTheProblem('${run}') should return { symptom, firstRemedy }; got ${fmt(answer)} — return an object with both fields for every run`);
  return answer as { symptom: unknown; firstRemedy: unknown };
}

exercise(1, 'name the symptom and the first remedy', () => {
  for (const run of GYM_RUNS) {
    check(`run ${run}`, 1, () => {
      const { symptom, firstRemedy } = answerOf(run);
      const key = KEY[run];
      if (!(VERDICTS as readonly unknown[]).includes(symptom)) fail(`run ${run}: symptom should be one of ${VERDICTS.join(', ')}; got ${fmt(symptom)} — spell it as in VERDICTS`);
      if (!(firstRemedy as string in REMEDIES)) fail(`run ${run}: firstRemedy should be a remedy id such as 'lower-learning-rate' (see REMEDIES); got ${fmt(firstRemedy)} — use one of the ids of REMEDIES`);
      if (symptom !== key.symptom) fail(`run ${run}: symptom should be the one its curves show; got '${symptom}' — ${key.symptomHint}`);
      if (!key.remedies.includes(firstRemedy as RemedyId)) {
        fail(`run ${run}: firstRemedy should treat this run's cause; got '${firstRemedy}', a remedy for ${key.symptom} but not for this cause — ${key.remedyHint}`);
      }
    });
  }
});

/** The learner's repair, checked to be a valid set of changes to `run`. */
function repair(run: GymRunName, make: () => Partial<GymConfig>, name: string): Partial<GymConfig> {
  const fix = make() as unknown;
  if (typeof fix !== 'object' || fix === null || Array.isArray(fix)) fail(`${name}() should return the fields you change, e.g. { learningRate: 0.1 }; got ${fmt(fix)} — return an object with only the fields you change`);
  try {
    gymConfig(run, fix as Partial<GymConfig>);
  } catch (error) {
    fail(`${name}() returned a repair the gym rejects: ${(error as Error).message} — check the field names and ranges of GymConfig`);
  }
  return fix as Partial<GymConfig>;
}

function keeps(run: GymRunName, make: () => Partial<GymConfig>, name: string, fields: (keyof GymConfig)[]): void {
  const fix = repair(run, make, name);
  const original = gymConfig(run);
  for (const field of fields) {
    if (field in fix && JSON.stringify(fix[field]) !== JSON.stringify(original[field])) {
      fail(`${name}() changes ${field} (${fmt(original[field])} → ${fmt(fix[field])}); the exercise asks you to keep it — leave ${field} out of the repair and find the real cause`);
    }
  }
}

/** Gym runs already trained, by run and repair: the same repair trains once per grading process. */
const trained = new Map<string, ReturnType<typeof runGym>>();

async function reaches(run: GymRunName, make: () => Partial<GymConfig>, name: string, target: number): Promise<void> {
  const fix = repair(run, make, name);
  const key = JSON.stringify([run, fix]);
  if (!trained.has(key)) trained.set(key, runGym(run, fix));
  const result = await trained.get(key)!;
  if (!(result.valAccuracy >= target)) {
    fail(`run ${run} with your repair ${fmt(fix)} reaches ${(100 * result.valAccuracy).toFixed(1)} % validation accuracy; it should reach ≥ ${100 * target} % (set-up: ${fmt(gymChanges(run))}) — look at the run's first losses and its configuration: what makes it fail before any tuning matters?`);
  }
}

exercise(2, 'repair run E', () => {
  check('keeps the optimizer of run E', 1, () => keeps('E', fixRunE, 'fixRunE', ['optimizer', 'learningRate', 'momentum']));
  check('run E with the repair reaches ≥ 90 % validation accuracy', 2, () => reaches('E', fixRunE, 'fixRunE', 0.9));
});

exercise(3, 'repair run I', () => {
  check('keeps the network and the optimizer of run I', 1, () => keeps('I', fixRunI, 'fixRunI', ['hidden', 'optimizer', 'learningRate', 'momentum', 'epochs']));
  check('run I with the repair reaches ≥ 90 % validation accuracy', 2, () => reaches('I', fixRunI, 'fixRunI', 0.9));
});
