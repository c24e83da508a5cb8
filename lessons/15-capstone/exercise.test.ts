/**
 * Grader for lesson 15. Run it with `npm run grade -- 15` (your exercise.ts) or
 * `npm run grade -- 15 --solution` (the reference). Each check tests one idea.
 */
import { loadDigits } from '../../src/index';
import { check, exercise, fail, fmt, load } from '../grading';
import { INGREDIENTS, runRecipe, SYMPTOMS, type Ingredient, type Recipe, type RecipeResult, type SymptomId } from './recipe';
import type * as Solution from './solution';

const { fewLabelsRecipe, remedyFor } = await load<typeof Solution>(import.meta.url);

const TARGET = 0.9;
const MAX_EPOCHS = 12;
const MAX_SECONDS = 8;
const FIELDS: (keyof Recipe)[] = [
  'hidden', 'optimizer', 'learningRate', 'weightDecay', 'schedule', 'warmupEpochs', 'norm', 'dropout',
  'clipGradNorm', 'patience', 'epochs', 'batchSize', 'accumulationSteps', 'precision',
];

/** The learner's recipe, checked field by field before anything trains. */
function recipe(): Recipe {
  const r = fewLabelsRecipe() as unknown;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) fail(`fewLabelsRecipe() should return a Recipe object (start from { ...FULL_RECIPE }); got ${fmt(r)} — return { ...FULL_RECIPE, …your changes }`);
  const missing = FIELDS.filter((f) => !(f in (r as object)));
  if (missing.length > 0) fail(`fewLabelsRecipe() should set every field of Recipe; missing: ${missing.join(', ')} — start from { ...FULL_RECIPE, … }`);
  const { hidden, epochs, batchSize, accumulationSteps } = r as Recipe;
  if (!Array.isArray(hidden) || hidden.length === 0 || hidden.some((u) => !Number.isInteger(u) || u < 1 || u > 512)) fail(`hidden should be 1 or more widths, integers in 1..512; got ${fmt(hidden)} — e.g. hidden: [256]`);
  if (!Number.isInteger(epochs) || epochs < 1) fail(`epochs should be an integer ≥ 1; got ${fmt(epochs)} — a whole number of epochs`);
  if (!Number.isInteger(batchSize) || batchSize < 1) fail(`batchSize should be an integer ≥ 1; got ${fmt(batchSize)} — a whole number of images per batch`);
  if (!Number.isInteger(accumulationSteps) || accumulationSteps < 1) fail(`accumulationSteps should be an integer ≥ 1; got ${fmt(accumulationSteps)} — 1 means no accumulation`);
  return r as Recipe;
}

let trained: { key: string; result: Promise<RecipeResult> } | null = null;
/** Trains the learner's recipe once (both run checks read the same run; a different recipe trains again). */
function run(): Promise<RecipeResult> {
  const r = recipe();
  if (r.epochs > MAX_EPOCHS) fail(`the recipe asks for ${r.epochs} epochs; it may use at most ${MAX_EPOCHS} — fewer epochs, or a higher η to get there sooner`);
  const key = JSON.stringify(r);
  if (trained?.key !== key) {
    const data = loadDigits({ seed: 0, testFraction: 0.2, trainSize: 200 });
    const result = runRecipe(r, data, 0).finally(() => data.dispose());
    trained = { key, result };
    result.catch(() => { if (trained?.result === result) trained = null; });
  }
  return trained.result.catch((error: unknown) => fail(`training your recipe failed: ${(error as Error).message} — check the fields of your recipe against the Recipe type in recipe.ts`));
}

exercise(1, 'a recipe for 200 labels', () => {
  check(`trains for at most ${MAX_EPOCHS} epochs`, 1, () => {
    const r = recipe();
    if (r.epochs > MAX_EPOCHS) fail(`the recipe asks for ${r.epochs} epochs; it may use at most ${MAX_EPOCHS} — a higher η, smaller batches or a schedule that finishes gets there sooner`);
  });
  check(`reaches ≥ ${100 * TARGET} % validation accuracy`, 2, async () => {
    const { valAccuracy, valLoss, keptEpoch } = await run();
    if (!(valAccuracy >= TARGET)) {
      fail(`your recipe reaches ${(100 * valAccuracy).toFixed(1)} % validation accuracy (loss ${valLoss.toFixed(3)}, weights of epoch ${keptEpoch + 1}); it should reach ≥ ${100 * TARGET} % — is η from the range test, and does the network have enough updates?`);
    }
  });
  check(`trains in at most ${MAX_SECONDS} s`, 1, async () => {
    const { seconds } = await run();
    if (!(seconds <= MAX_SECONDS)) fail(`your recipe trained for ${seconds.toFixed(1)} s; it should take at most ${MAX_SECONDS} s — a smaller network, fewer epochs or float32 instead of emulated 16-bit`);
  });
});

/** The accepted answer for each symptom, and a hint that does not give it away. */
const KEY: Record<SymptomId, { accept: Ingredient[]; hint: string }> = {
  'nan-at-peak': { accept: ['lower-learning-rate'], hint: 'the trouble starts exactly when η is largest' },
  'best-epoch-lost': { accept: ['early-stopping'], hint: 'the good weights existed at epoch 6: how do you keep them?' },
  'tiny-batch-norm': { accept: ['layer-norm'], hint: 'what does a normalization over 4 rows estimate, and which one does not depend on the batch at all?' },
  'float16-zeros': { accept: ['loss-scaling'], hint: 'the gradients are too small for float16, not wrong' },
  'rare-spikes': { accept: ['clipping'], hint: 'the rate is fine most of the time; one batch at a time goes wrong' },
  'untuned-rate': { accept: ['range-test'], hint: 'the rate was never measured for this model' },
};

exercise(2, 'symptom → remedy', () => {
  for (const symptom of Object.keys(SYMPTOMS) as SymptomId[]) {
    check(symptom, 1, () => {
      const answer = remedyFor(symptom) as unknown;
      if (!(INGREDIENTS as readonly unknown[]).includes(answer)) fail(`remedyFor('${symptom}') should be one of ${INGREDIENTS.join(', ')}; got ${fmt(answer)} — spell it as in INGREDIENTS`);
      if (!KEY[symptom].accept.includes(answer as Ingredient)) fail(`remedyFor('${symptom}') should be the first thing to try; got '${String(answer)}' — ${KEY[symptom].hint}`);
    });
  }
});
