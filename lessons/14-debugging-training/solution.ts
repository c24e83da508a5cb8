/**
 * Reference solutions for lesson 14, "Debugging training". Same signatures as exercise.ts; the
 * grader runs against this file with `npm run grade -- --solution`.
 */
import type { GymConfig, GymRunName, RemedyId, Verdict } from '../../src/index';

/** What you say is wrong with a run: the symptom its curves show, and the first thing to try. */
export interface Answer {
  /** One of 'healthy', 'not-decreasing', 'diverging', 'unstable', 'overfitting', 'underfitting'. */
  symptom: Verdict;
  /** The id of the remedy to try first for this run's cause (see `REMEDIES` / the lesson's table). */
  firstRemedy: RemedyId;
}

/** Each run's symptom (from its curves) and the remedy for its cause (from its configuration). */
const ANSWERS: Record<GymRunName, Answer> = {
  A: { symptom: 'diverging', firstRemedy: 'lower-learning-rate' }, //      SGD with η = 5: the loss reaches Infinity
  B: { symptom: 'not-decreasing', firstRemedy: 'tune-learning-rate' }, //  η = 1e-4 for plain SGD: the loss crawls
  C: { symptom: 'not-decreasing', firstRemedy: 'check-data-pipeline' }, // shuffled labels: train < ln C < validation
  D: { symptom: 'not-decreasing', firstRemedy: 'check-loss-function' }, // softmax + softmaxCrossEntropy: stuck at the floor
  E: { symptom: 'diverging', firstRemedy: 'standardize-inputs' }, //       raw pixels 0–16: a first loss of 10× ln C, then a blow-up
  F: { symptom: 'not-decreasing', firstRemedy: 'check-gradients' }, //     biases of −20: every ReLU dead, loss exactly ln C
  G: { symptom: 'overfitting', firstRemedy: 'more-data' }, //              60 images, 2×256 units: validation turns up
  H: { symptom: 'underfitting', firstRemedy: 'less-regularization' }, //   dropout 0.95 and weight decay: the loss stays high
  I: { symptom: 'diverging', firstRemedy: 'clip-gradients' }, //           4 hidden layers, μ = 0.9, no clipping: NaN at step 29
  J: { symptom: 'unstable', firstRemedy: 'lower-learning-rate' }, //       Adam at η = 0.03: the loss climbs back up
};

/** Exercise 1. */
export function nameTheProblem(run: GymRunName): Answer {
  return { ...ANSWERS[run] };
}

/** Exercise 2. The pixels on a standard scale: the same SGD now trains. */
export function fixRunE(): Partial<GymConfig> {
  return { standardize: true };
}

/** Exercise 3. Clip the global gradient norm: one bad batch can no longer throw the weights away. */
export function fixRunI(): Partial<GymConfig> {
  return { clipGradNorm: 1 };
}
