/**
 * The capstone's recipe as data: a `Recipe` says how to build and train a small MLP, and
 * `runRecipe` builds it, trains it with trainlab's `train()` and measures it. The lesson, its
 * ablations and the exercise's grader all train through this one function, so a configuration
 * means the same thing everywhere.
 */
import * as tf from '@tensorflow/tfjs';
import {
  adam, adamw, batchNormLayer, dropoutLayer, earlyStopping, heNormal, layerNormLayer, sgd,
  train, warmupCosine, type History, type TrainingPrecision,
} from '../../src/index';

/** Every choice of the recipe. */
export interface Recipe {
  /** Widths of the hidden layers, e.g. [128]: 64 → 128 → 10. */
  hidden: number[];
  /** 'adamw' (decoupled weight decay λ), 'adam' (no decay) or 'sgd' (momentum μ = 0.9, no decay). */
  optimizer: 'adamw' | 'adam' | 'sgd';
  /** η: the peak learning rate of the schedule (or the constant rate). */
  learningRate: number;
  /** λ of AdamW's decoupled decay (ignored by the other optimizers). */
  weightDecay: number;
  /** 'warmup-cosine': linear warmup over `warmupEpochs`, then cosine to 0 at the last step; 'constant': η throughout. */
  schedule: 'warmup-cosine' | 'constant';
  /** Epochs of linear warmup (for 'warmup-cosine'); may be fractional. */
  warmupEpochs: number;
  /** Normalization after each hidden dense layer, before its ReLU. */
  norm: 'batch' | 'layer' | 'none';
  /** p: dropout's rate after each hidden ReLU (0: none). */
  dropout: number;
  /** Clip each update's gradients to this global norm; null: no clipping. */
  clipGradNorm: number | null;
  /** Early stopping on the validation loss with this patience, restoring the best epoch's weights; null: none (keep the last weights). */
  patience: number | null;
  /** Passes over the training data (at most, with early stopping). */
  epochs: number;
  /** B: rows per micro-batch. */
  batchSize: number;
  /** k: micro-batches per update (1: none). */
  accumulationSteps: number;
  /** 'float32', or emulated mixed precision 'bfloat16' / 'float16'. */
  precision: TrainingPrecision;
}

/** The data a recipe trains on: training and validation tensors (the caller owns them), and maybe a test split. */
export interface RecipeData {
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  xVal: tf.Tensor2D;
  yVal: tf.Tensor2D;
  xTest?: tf.Tensor2D | null;
  yTest?: tf.Tensor2D | null;
}

/** What one run gives back: plain numbers, no tensors. */
export interface RecipeResult {
  history: History;
  /** Accuracy and loss on the validation split, of the weights the run ends with (the best epoch's with early stopping). */
  valAccuracy: number;
  valLoss: number;
  /** The same on the test split, when the data has one; else null. */
  testAccuracy: number | null;
  testLoss: number | null;
  /** Epochs run, and the epoch whose weights were kept (the last one without early stopping). */
  epochsRun: number;
  keptEpoch: number;
  /** Wall-clock seconds of the training. */
  seconds: number;
}

/** The digits recipe of the lesson: every ingredient on. */
export const FULL_RECIPE: Recipe = {
  hidden: [64],
  optimizer: 'adamw',
  learningRate: 3e-3,
  weightDecay: 0.05,
  schedule: 'warmup-cosine',
  warmupEpochs: 1,
  norm: 'batch',
  dropout: 0.2,
  clipGradNorm: 5,
  patience: 3,
  epochs: 8,
  batchSize: 64,
  accumulationSteps: 1,
  precision: 'float32',
};

/** Builds the recipe's MLP (inputs → hidden blocks → C logits), seeded. */
export function buildModel(recipe: Recipe, inputs: number, classes: number, seed: number): tf.Sequential {
  const layers: tf.layers.Layer[] = [];
  recipe.hidden.forEach((units, i) => {
    layers.push(tf.layers.dense({
      ...(i === 0 ? { inputShape: [inputs] } : {}), units, useBias: recipe.norm !== 'batch',
      kernelInitializer: heNormal({ seed: seed * 100 + i }),
    }));
    if (recipe.norm === 'batch') layers.push(batchNormLayer());
    if (recipe.norm === 'layer') layers.push(layerNormLayer());
    layers.push(tf.layers.activation({ activation: 'relu' }));
    if (recipe.dropout > 0) layers.push(dropoutLayer({ rate: recipe.dropout, seed: seed * 100 + i }));
  });
  layers.push(tf.layers.dense({ units: classes, kernelInitializer: heNormal({ seed: seed * 100 + 99 }) }));
  return tf.sequential({ layers });
}

function makeOptimizer(recipe: Recipe): tf.Optimizer {
  const learningRate = recipe.learningRate;
  if (recipe.optimizer === 'adamw') return adamw({ learningRate, weightDecay: recipe.weightDecay });
  if (recipe.optimizer === 'adam') return adam({ learningRate });
  return sgd({ learningRate, momentum: 0.9 });
}

/** Accuracy and mean softmax cross-entropy of `model` on (x, y). */
export function evaluate(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): { accuracy: number; loss: number } {
  const [accuracy, loss] = tf.tidy(() => {
    const logits = model.predict(x) as tf.Tensor2D;
    const right = tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)).cast('float32').mean();
    return [right, tf.losses.softmaxCrossEntropy(y, logits)];
  });
  const values = [accuracy.dataSync()[0], loss.dataSync()[0]];
  accuracy.dispose();
  loss.dispose();
  return { accuracy: values[0], loss: values[1] };
}

/** Builds, trains and evaluates `recipe` on `data` with `seed` (weights, dropout masks and batch order); frees its model and optimizer. */
export async function runRecipe(recipe: Recipe, data: RecipeData, seed = 0): Promise<RecipeResult> {
  const model = buildModel(recipe, data.xTrain.shape[1], data.yTrain.shape[1], seed);
  const optimizer = makeOptimizer(recipe);
  const rows = data.xTrain.shape[0];
  const updatesPerEpoch = Math.ceil(Math.ceil(rows / recipe.batchSize) / recipe.accumulationSteps);
  const totalSteps = updatesPerEpoch * recipe.epochs;
  const learningRate = recipe.schedule === 'warmup-cosine'
    ? warmupCosine({ peakLr: recipe.learningRate, warmupSteps: Math.min(totalSteps, Math.round(recipe.warmupEpochs * updatesPerEpoch)), decaySteps: totalSteps })
    : recipe.learningRate;
  const stopper = recipe.patience === null ? null : earlyStopping({ monitor: 'val_loss', patience: recipe.patience, restoreBestWeights: true });
  const started = Date.now();
  try {
    const history = await train(model, { x: data.xTrain, y: data.yTrain }, {
      optimizer, loss: 'softmaxCrossEntropy', epochs: recipe.epochs, batchSize: recipe.batchSize,
      validationData: { x: data.xVal, y: data.yVal }, metrics: ['accuracy'], learningRate, seed,
      callbacks: stopper ? [stopper] : [], progress: 'none', nonFiniteLoss: 'stop',
      accumulationSteps: recipe.accumulationSteps, precision: recipe.precision,
      ...(recipe.clipGradNorm === null ? {} : { clipGradNorm: recipe.clipGradNorm }),
    });
    const seconds = (Date.now() - started) / 1000;
    const val = evaluate(model, data.xVal, data.yVal);
    const test = data.xTest && data.yTest ? evaluate(model, data.xTest, data.yTest) : null;
    return {
      history, valAccuracy: val.accuracy, valLoss: val.loss,
      testAccuracy: test ? test.accuracy : null, testLoss: test ? test.loss : null,
      epochsRun: history.epochs, keptEpoch: stopper?.restoredEpoch ?? history.epochs - 1, seconds,
    };
  } finally {
    stopper?.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

/** The ingredients a symptom can call for (exercise 2's answers). */
export const INGREDIENTS = [
  'lower-learning-rate', 'range-test', 'warmup', 'clipping', 'batch-norm', 'layer-norm', 'dropout',
  'weight-decay', 'early-stopping', 'accumulation', 'loss-scaling', 'more-epochs',
] as const;
export type Ingredient = (typeof INGREDIENTS)[number];

/** Exercise 2's questions: a symptom each, by id. */
export const SYMPTOMS = {
  'nan-at-peak': 'The loss falls during the warmup, then turns NaN a few steps after η reaches its peak.',
  'best-epoch-lost': 'Training loss keeps falling; validation loss is lowest at epoch 6 of 30, and the model you keep (the last epoch\'s) is clearly worse than epoch 6\'s.',
  'tiny-batch-norm': 'Only B = 4 rows fit in memory per step; the batch-normalized network\'s validation accuracy lags far behind its training accuracy, and it moves with the batch composition.',
  'float16-zeros': 'Training in float16, most small gradients come out as exactly zero and the loss stops falling; in float32 the same run learns.',
  'rare-spikes': 'The loss mostly falls, but every few hundred steps one batch\'s gradient norm is 50× the median and the loss jumps back up.',
  'untuned-rate': 'A new model and data set: you copied η = 1e-3 from another project, and the loss falls very slowly in every run.',
} as const;
export type SymptomId = keyof typeof SYMPTOMS;
