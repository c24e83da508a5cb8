/**
 * Your exercises for lesson 15, "Capstone: the recipe" (lessons/15-capstone/lesson.md).
 *
 * Replace each `throw` with your answer, then check your work:
 *
 *   npm run grade -- 15
 *
 * Exercise 1 asks for a training configuration (a `Recipe`, see lessons/15-capstone/recipe.ts); the
 * grader trains it with `runRecipe` and measures it. Exercise 2 asks which ingredient a symptom
 * calls for.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import type { Ingredient, Recipe, SymptomId } from './recipe';

/**
 * Exercise 1. A recipe that, trained on `loadDigits({ seed: 0, testFraction: 0.2, trainSize: 200 })`
 * (200 training images) with seed 0, reaches ≥ 90 % validation accuracy in at most 12 epochs and
 * at most 8 s of training.
 */
export function fewLabelsRecipe(): Recipe {
  throw new Error('TODO: implement fewLabelsRecipe — see "Exercise 1" in lessons/15-capstone/lesson.md');
}

/** Exercise 2. The ingredient (one of `INGREDIENTS`) to reach for first when you see symptom `symptom` (see `SYMPTOMS`). */
export function remedyFor(symptom: SymptomId): Ingredient {
  throw new Error('TODO: implement remedyFor — see "Exercise 2" in lessons/15-capstone/lesson.md');
}
