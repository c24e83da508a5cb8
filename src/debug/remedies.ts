/**
 * What to try for each symptom of a failing run, in the course's order (the syllabus of lesson 14),
 * each linked to the lesson that teaches it. `diagnose` returns these, most likely first.
 */
import { typeError } from '../core/errors';

/** The six verdicts `diagnose` can reach. */
export const VERDICTS = ['healthy', 'not-decreasing', 'diverging', 'unstable', 'overfitting', 'underfitting'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Every lesson slug of the course, in order. */
export const LESSON_SLUGS = [
  '01-training-loop', '02-sgd-momentum', '03-adaptive-optimizers', '04-learning-rate-schedules',
  '05-plateaus-and-early-stopping', '06-dropout', '07-batch-normalization', '08-layer-normalization',
  '09-weight-decay', '10-initialization-and-gradient-flow', '11-gradient-clipping', '12-gradient-accumulation',
  '13-mixed-precision', '14-debugging-training', '15-capstone',
] as const;
export type LessonSlug = (typeof LESSON_SLUGS)[number];

/** One thing to try: a stable id (for graders and links), a sentence, and the lesson that teaches it. */
export interface Remedy {
  id: RemedyId;
  text: string;
  lesson: LessonSlug;
}

const REMEDY_TABLE = {
  'tune-learning-rate': ['Try other learning rates (too low crawls, too high bounces): a range test with lrFinder shows where the loss falls', '04-learning-rate-schedules'],
  'check-data-pipeline': ['Check the data pipeline: inputs and labels still match after loading, shuffling and splitting (look at a few examples and their labels)', '14-debugging-training'],
  'check-loss-function': ['Match the loss to the last layer: softmaxCrossEntropy takes logits (no softmax layer), categoricalCrossentropy takes probabilities', '14-debugging-training'],
  'check-gradients': ['Check the gradient norms layer by layer for vanishing or exploding gradients, and use an initialization matched to the activation (He for ReLU)', '10-initialization-and-gradient-flow'],
  'lower-learning-rate': ['Lower the learning rate (or warm it up) — the first thing to try when the loss jumps or blows up', '04-learning-rate-schedules'],
  'clip-gradients': ['Clip the gradients by their global norm, so one bad batch cannot throw the weights far', '11-gradient-clipping'],
  'better-initialization': ['Use a better initialization (Glorot/He, scaled to the layer) so activations and gradients start at a sane size', '10-initialization-and-gradient-flow'],
  'batch-normalization': ['Add batch normalization between layers: it keeps activations in range and tolerates higher learning rates', '07-batch-normalization'],
  'standardize-inputs': ['Standardize the inputs (zero mean, unit variance per feature, statistics from the training split)', '14-debugging-training'],
  'more-data': ['Get more training data (more rows of the same distribution)', '14-debugging-training'],
  'dropout': ['Add dropout (rates 0.1–0.5) to the hidden layers', '06-dropout'],
  'weight-decay': ['Add weight decay (AdamW, or an L2 penalty with SGD)', '09-weight-decay'],
  'augmentation': ['Augment the data (e.g. small random shifts of images) so the model sees new variants of its rows', '06-dropout'],
  'early-stopping': ['Stop early: keep the weights of the epoch with the best validation loss', '05-plateaus-and-early-stopping'],
  'simpler-model': ['Use a simpler model (fewer units or layers)', '14-debugging-training'],
  'larger-model': ['Use a larger model (more units or layers)', '14-debugging-training'],
  'more-epochs': ['Train for more epochs (or with a higher learning rate): the loss was still falling', '01-training-loop'],
  'less-regularization': ['Use less regularization (lower dropout rate, less weight decay)', '09-weight-decay'],
  'better-features': ['Give the model better features (standardized inputs, more informative ones)', '14-debugging-training'],
} as const satisfies Record<string, readonly [string, LessonSlug]>;

export type RemedyId = keyof typeof REMEDY_TABLE;

/** Every remedy by id. */
export const REMEDIES: Readonly<Record<RemedyId, Remedy>> = Object.fromEntries(
  Object.entries(REMEDY_TABLE).map(([id, [text, lesson]]) => [id, { id, text, lesson }]),
) as Record<RemedyId, Remedy>;

/**
 * Each symptom's remedies in the syllabus's order (lesson 14):
 *   - not decreasing: the learning rate (too high or too low); a data-pipeline bug; the wrong loss;
 *     vanishing/exploding gradients;
 *   - diverging and unstable: a lower learning rate; gradient clipping; better initialization; batch norm;
 *   - overfitting: more data; dropout, weight decay; augmentation; early stopping; a simpler model;
 *   - underfitting: a larger model; more epochs; less regularization; better features;
 *   - healthy: nothing to fix.
 * `diagnose` moves one remedy to the front when the evidence points at it (see there).
 */
export const REMEDY_ORDER: Readonly<Record<Verdict, readonly RemedyId[]>> = {
  'healthy': [],
  'not-decreasing': ['tune-learning-rate', 'check-data-pipeline', 'check-loss-function', 'check-gradients'],
  'diverging': ['lower-learning-rate', 'clip-gradients', 'better-initialization', 'batch-normalization'],
  'unstable': ['lower-learning-rate', 'clip-gradients', 'better-initialization', 'batch-normalization'],
  'overfitting': ['more-data', 'dropout', 'weight-decay', 'augmentation', 'early-stopping', 'simpler-model'],
  'underfitting': ['larger-model', 'more-epochs', 'less-regularization', 'better-features'],
};

/** A remedy as one sentence naming its lesson: `Lower the learning rate … (lesson 04-learning-rate-schedules)`. */
export function remedySentence(remedy: Remedy): string {
  const r = remedy as Partial<Remedy> | null;
  if (typeof r !== 'object' || r === null || typeof r.text !== 'string' || typeof r.lesson !== 'string') {
    throw typeError('remedySentence', 'remedy', 'a Remedy { id, text, lesson } (see REMEDIES)', remedy);
  }
  return `${remedy.text} (lesson ${remedy.lesson})`;
}
