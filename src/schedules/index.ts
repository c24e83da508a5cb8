/**
 * Learning-rate schedules: pure functions of the step (the 0-based index of the optimizer update),
 * plus the stateful ReduceLROnPlateau. Values equal PyTorch's schedulers stepped once per update.
 */
export { constantLr } from './constant-lr';
export { stepLr } from './step-lr';
export type { StepLrOptions } from './step-lr';
export { multiStepLr } from './multi-step-lr';
export type { MultiStepLrOptions } from './multi-step-lr';
export { exponentialLr } from './exponential-lr';
export type { ExponentialLrOptions } from './exponential-lr';
export { cosineAnnealingLr } from './cosine-annealing-lr';
export type { CosineAnnealingLrOptions } from './cosine-annealing-lr';
export { cosineWarmRestarts } from './cosine-warm-restarts';
export type { CosineWarmRestartsOptions } from './cosine-warm-restarts';
export { linearLr } from './linear-lr';
export type { LinearLrOptions } from './linear-lr';
export { polynomialLr } from './polynomial-lr';
export type { PolynomialLrOptions } from './polynomial-lr';
export { oneCycleLr, oneCycleMomentum } from './one-cycle';
export type { AnnealStrategy, OneCycleLrOptions, OneCycleMomentumOptions } from './one-cycle';
export { sequentialLr } from './sequential-lr';
export { warmupCosine } from './warmup-cosine';
export type { WarmupCosineOptions } from './warmup-cosine';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau';
export type { ReduceLROnPlateauOptions, ReduceLROnPlateauState } from './reduce-lr-on-plateau';
