import { checkNonNegative, checkPositive } from '../core/errors';
import type { Schedule } from '../core/types';
import { checkMilestones, checkOptions, checkStep, countReached } from './validate';

/** Options of {@link multiStepLr}. */
export interface MultiStepLrOptions {
  /** η₀, the learning rate at step 0; finite, ≥ 0. */
  initialLr: number;
  /** m₁ < m₂ < …, the steps at which the rate is multiplied by γ; strictly increasing integers ≥ 0. */
  milestones: readonly number[];
  /** γ, the factor applied at every milestone; finite, > 0. Default 0.1. */
  gamma?: number;
}

/**
 * Multi-step decay: multiply the learning rate by γ at each milestone.
 *
 *   η_t = η₀ · γ^|{ i : mᵢ ≤ t }|
 *
 * Equal to torch's `MultiStepLR` stepped once per optimizer update (a milestone at step 0 already
 * applies to step 0, as in torch). Milestones count updates, not epochs.
 *
 * Deviation: torch counts a repeated milestone twice (γ² at once); here milestones must be strictly
 * increasing, because a repeat is almost always a typo. Write the product into γ instead.
 *
 * @param options - {@link MultiStepLrOptions}: `initialLr` (η₀), `milestones` (mᵢ), `gamma` (γ = 0.1).
 * @returns a pure Schedule. Throws a RangeError for a negative or non-integer step.
 * @see torch.optim.lr_scheduler.MultiStepLR — https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.MultiStepLR.html
 * @example
 * ```ts
 * const lr = multiStepLr({ initialLr: 0.1, milestones: [30, 80] });
 * [lr(29), lr(30), lr(80)]; // [0.1, 0.01, 0.001] (up to rounding)
 * ```
 */
export function multiStepLr(options: MultiStepLrOptions): Schedule {
  const fn = 'multiStepLr';
  checkOptions(fn, options, ['initialLr', 'milestones', 'gamma']);
  const { initialLr, gamma = 0.1 } = options;
  checkNonNegative(fn, 'initialLr', initialLr);
  const milestones = checkMilestones(fn, options.milestones, 0);
  checkPositive(fn, 'gamma', gamma);
  return (step: number) => {
    checkStep(fn, step);
    return initialLr * gamma ** countReached(milestones, step);
  };
}
