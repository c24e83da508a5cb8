/**
 * One test per validation message (docs/style.md: `fn: param must be …, got …`; two-field rules name
 * both). Each message is quoted in full, hints included, so a change of wording shows up here.
 */
import { describe, expect, it } from 'vitest';
import {
  constantLr,
  cosineAnnealingLr,
  cosineWarmRestarts,
  exponentialLr,
  linearLr,
  multiStepLr,
  oneCycleLr,
  oneCycleMomentum,
  polynomialLr,
  ReduceLROnPlateau,
  sequentialLr,
  stepLr,
  warmupCosine,
} from '../src/schedules/index';

type ErrorClass = typeof RangeError | typeof TypeError;

/** Runs `f`, expects it to throw exactly `message` as an instance of `kind`. */
function throws(f: () => unknown, kind: ErrorClass, message: string): void {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${kind.name}: ${message}`).toBeInstanceOf(kind);
  expect((caught as Error).message).toBe(message);
}

// Untyped entry, as a notebook (non-strict tslab) or plain JS caller would pass options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (f: (o: any) => unknown, o: unknown) => () => f(o);

describe('every schedule', () => {
  it('rejects options that are not an object', () => {
    throws(untyped(stepLr, undefined), TypeError, 'stepLr: options must be an object, got undefined');
  });

  it('rejects an unknown option, listing the valid ones (torch spellings included)', () => {
    throws(
      untyped(stepLr, { initialLr: 0.1, step_size: 30 }),
      TypeError,
      'stepLr: unknown option "step_size" (valid: initialLr, stepSize, gamma)',
    );
  });

  it('rejects a missing required number', () => {
    throws(untyped(exponentialLr, { initialLr: 0.1 }), TypeError, 'exponentialLr: gamma must be a number, got undefined');
  });

  it('rejects an infinite learning rate', () => {
    throws(() => stepLr({ initialLr: Infinity, stepSize: 1 }), RangeError, 'stepLr: initialLr must be finite, got Infinity');
  });
});

describe('constantLr', () => {
  it('value ≥ 0', () => throws(() => constantLr(-0.1), RangeError, 'constantLr: value must be ≥ 0, got -0.1'));
});

describe('stepLr', () => {
  it('initialLr ≥ 0', () => throws(() => stepLr({ initialLr: -1, stepSize: 1 }), RangeError, 'stepLr: initialLr must be ≥ 0, got -1'));
  it('stepSize an integer ≥ 1', () => {
    throws(() => stepLr({ initialLr: 0.1, stepSize: 0 }), RangeError, 'stepLr: stepSize must be an integer ≥ 1, got 0');
    throws(() => stepLr({ initialLr: 0.1, stepSize: 2.5 }), RangeError, 'stepLr: stepSize must be an integer, got 2.5');
  });
  it('gamma > 0', () => throws(() => stepLr({ initialLr: 0.1, stepSize: 1, gamma: 0 }), RangeError, 'stepLr: gamma must be > 0, got 0'));
});

describe('multiStepLr', () => {
  it('milestones strictly increasing integers ≥ 0', () => {
    throws(
      () => multiStepLr({ initialLr: 0.1, milestones: [30, 30] }),
      RangeError,
      'multiStepLr: milestones must be strictly increasing integers ≥ 0, got [30, 30]',
    );
    throws(
      untyped(multiStepLr, { initialLr: 0.1, milestones: 30 }),
      RangeError,
      'multiStepLr: milestones must be strictly increasing integers ≥ 0, got 30',
    );
  });
  it('gamma > 0', () =>
    throws(() => multiStepLr({ initialLr: 0.1, milestones: [], gamma: -0.1 }), RangeError, 'multiStepLr: gamma must be > 0, got -0.1'));
});

describe('exponentialLr', () => {
  it('gamma > 0', () => throws(() => exponentialLr({ initialLr: 0.1, gamma: 0 }), RangeError, 'exponentialLr: gamma must be > 0, got 0'));
});

describe('cosineAnnealingLr', () => {
  it('tMax > 0', () => throws(() => cosineAnnealingLr({ initialLr: 0.1, tMax: 0 }), RangeError, 'cosineAnnealingLr: tMax must be > 0, got 0'));
  it('etaMin ≤ initialLr', () =>
    throws(
      () => cosineAnnealingLr({ initialLr: 0.1, tMax: 10, etaMin: 0.2 }),
      RangeError,
      'cosineAnnealingLr: etaMin (0.2) must be ≤ initialLr (0.1)',
    ));
  it('etaMin ≥ 0', () =>
    throws(() => cosineAnnealingLr({ initialLr: 0.1, tMax: 10, etaMin: -1 }), RangeError, 'cosineAnnealingLr: etaMin must be ≥ 0, got -1'));
});

describe('cosineWarmRestarts', () => {
  it('t0 an integer ≥ 1', () =>
    throws(() => cosineWarmRestarts({ initialLr: 0.1, t0: 0 }), RangeError, 'cosineWarmRestarts: t0 must be an integer ≥ 1, got 0'));
  it('tMult an integer (as torch)', () =>
    throws(() => cosineWarmRestarts({ initialLr: 0.1, t0: 10, tMult: 1.5 }), RangeError, 'cosineWarmRestarts: tMult must be an integer, got 1.5'));
  it('etaMin ≤ initialLr', () =>
    throws(
      () => cosineWarmRestarts({ initialLr: 0.1, t0: 10, etaMin: 1 }),
      RangeError,
      'cosineWarmRestarts: etaMin (1) must be ≤ initialLr (0.1)',
    ));
});

describe('linearLr', () => {
  it('startFactor in (0, 1]', () => {
    throws(() => linearLr({ initialLr: 0.1, startFactor: 0 }), RangeError, 'linearLr: startFactor must be in (0, 1], got 0');
    throws(() => linearLr({ initialLr: 0.1, startFactor: 2 }), RangeError, 'linearLr: startFactor must be in (0, 1], got 2');
  });
  it('endFactor in [0, 1]', () =>
    throws(() => linearLr({ initialLr: 0.1, endFactor: 1.5 }), RangeError, 'linearLr: endFactor must be in [0, 1], got 1.5'));
  it('totalIters an integer ≥ 1', () =>
    throws(() => linearLr({ initialLr: 0.1, totalIters: 0 }), RangeError, 'linearLr: totalIters must be an integer ≥ 1, got 0'));
});

describe('polynomialLr', () => {
  it('totalIters an integer ≥ 1', () =>
    throws(() => polynomialLr({ initialLr: 0.1, totalIters: -5 }), RangeError, 'polynomialLr: totalIters must be an integer ≥ 1, got -5'));
  it('power ≥ 0', () => throws(() => polynomialLr({ initialLr: 0.1, power: -1 }), RangeError, 'polynomialLr: power must be ≥ 0, got -1'));
});

describe('oneCycleLr / oneCycleMomentum', () => {
  it('totalSteps an integer ≥ 1', () =>
    throws(() => oneCycleLr({ maxLr: 0.1, totalSteps: 0 }), RangeError, 'oneCycleLr: totalSteps must be an integer ≥ 1, got 0'));
  it('pctStart in [0, 1]', () =>
    throws(() => oneCycleLr({ maxLr: 0.1, totalSteps: 100, pctStart: 1.2 }), RangeError, 'oneCycleLr: pctStart must be in [0, 1], got 1.2'));
  it('pctStart · totalSteps ≠ 1 (a zero-length first phase)', () =>
    throws(
      () => oneCycleLr({ maxLr: 0.1, totalSteps: 100, pctStart: 0.01 }),
      RangeError,
      'oneCycleLr: pctStart · totalSteps must be ≠ 1, got 0.01 · 100; the first phase would last zero steps (torch divides by zero there)',
    ));
  it('pctStart ≤ 0.5 with threePhase', () =>
    throws(
      () => oneCycleMomentum({ totalSteps: 100, pctStart: 0.6, threePhase: true }),
      RangeError,
      'oneCycleMomentum: pctStart must be ≤ 0.5 with threePhase, got 0.6; the rise and the symmetric fall would take more than the whole cycle',
    ));
  it("annealStrategy 'cos' or 'linear'", () =>
    throws(
      untyped(oneCycleLr, { maxLr: 0.1, totalSteps: 100, annealStrategy: 'cosine' }),
      RangeError,
      'oneCycleLr: annealStrategy must be one of "cos", "linear", got "cosine"',
    ));
  it('threePhase a boolean', () =>
    throws(
      untyped(oneCycleLr, { maxLr: 0.1, totalSteps: 100, threePhase: 'yes' }),
      TypeError,
      'oneCycleLr: threePhase must be a boolean, got "yes"',
    ));
  it('divFactor and finalDivFactor > 0', () => {
    throws(() => oneCycleLr({ maxLr: 0.1, totalSteps: 100, divFactor: 0 }), RangeError, 'oneCycleLr: divFactor must be > 0, got 0');
    throws(
      () => oneCycleLr({ maxLr: 0.1, totalSteps: 100, finalDivFactor: -1 }),
      RangeError,
      'oneCycleLr: finalDivFactor must be > 0, got -1',
    );
  });
  it('a step past the cycle throws, with the steps-vs-epochs hint', () => {
    throws(
      () => oneCycleLr({ maxLr: 0.1, totalSteps: 100 })(100),
      RangeError,
      'oneCycleLr: step (100) must be < totalSteps (100); the cycle is over; totalSteps counts optimizer updates (epochs × batches per epoch)',
    );
    throws(
      () => oneCycleMomentum({ totalSteps: 10 })(10),
      RangeError,
      'oneCycleMomentum: step (10) must be < totalSteps (10); the cycle is over; totalSteps counts optimizer updates (epochs × batches per epoch)',
    );
  });
  it('momenta in [0, 1)', () =>
    throws(() => oneCycleMomentum({ totalSteps: 100, maxMomentum: 1 }), RangeError, 'oneCycleMomentum: maxMomentum must be in [0, 1), got 1'));
  it('baseMomentum ≤ maxMomentum', () =>
    throws(
      () => oneCycleMomentum({ totalSteps: 100, baseMomentum: 0.95, maxMomentum: 0.85 }),
      RangeError,
      'oneCycleMomentum: baseMomentum (0.95) must be ≤ maxMomentum (0.85)',
    ));
});

describe('sequentialLr', () => {
  const a = constantLr(1);
  it('schedules a non-empty array of functions', () => {
    throws(() => sequentialLr([], []), TypeError, 'sequentialLr: schedules must be a non-empty array of schedules (functions), got []');
    throws(
      untyped((o) => sequentialLr(o, [1]), [a, 0.1]),
      TypeError,
      'sequentialLr: schedules must be a non-empty array of schedules (functions), got [a function, 0.1]',
    );
  });
  it('one milestone fewer than schedules', () =>
    throws(() => sequentialLr([a, a], [1, 2]), RangeError, 'sequentialLr: milestones.length (2) must be = schedules.length − 1 (1)'));
  it('milestones strictly increasing integers ≥ 1', () => {
    throws(() => sequentialLr([a, a, a], [5, 5]), RangeError, 'sequentialLr: milestones must be strictly increasing integers ≥ 1, got [5, 5]');
    throws(() => sequentialLr([a, a], [0]), RangeError, 'sequentialLr: milestones must be strictly increasing integers ≥ 1, got [0]');
  });
});

describe('warmupCosine', () => {
  it('warmupSteps ≤ decaySteps, with the hint that decaySteps counts the warmup', () =>
    throws(
      () => warmupCosine({ peakLr: 1e-3, warmupSteps: 2000, decaySteps: 1000 }),
      RangeError,
      'warmupCosine: warmupSteps (2000) must be ≤ decaySteps (1000); decaySteps is the total length of the schedule and counts the warmup (optax semantics)',
    ));
  it('warmupSteps an integer ≥ 0', () =>
    throws(() => warmupCosine({ peakLr: 1e-3, warmupSteps: -1, decaySteps: 10 }), RangeError, 'warmupCosine: warmupSteps must be an integer ≥ 0, got -1'));
  it('decaySteps an integer', () =>
    throws(() => warmupCosine({ peakLr: 1e-3, warmupSteps: 1, decaySteps: 10.5 }), RangeError, 'warmupCosine: decaySteps must be an integer, got 10.5'));
  it('peakLr required', () =>
    throws(untyped(warmupCosine, { warmupSteps: 1, decaySteps: 10 }), TypeError, 'warmupCosine: peakLr must be a number, got undefined'));
  it('endLr ≥ 0', () =>
    throws(() => warmupCosine({ peakLr: 1e-3, warmupSteps: 1, decaySteps: 10, endLr: -1e-5 }), RangeError, 'warmupCosine: endLr must be ≥ 0, got -0.00001'));
});

describe('ReduceLROnPlateau', () => {
  const make = (o: object) => () => new ReduceLROnPlateau({ initialLr: 0.1, ...o });
  it('factor in [0, 1)', () => throws(make({ factor: 1 }), RangeError, 'ReduceLROnPlateau: factor must be in [0, 1), got 1'));
  it("mode 'min' or 'max'", () =>
    throws(make({ mode: 'minimum' }), RangeError, 'ReduceLROnPlateau: mode must be one of "min", "max", got "minimum"'));
  it("thresholdMode 'rel' or 'abs'", () =>
    throws(make({ thresholdMode: 'relative' }), RangeError, 'ReduceLROnPlateau: thresholdMode must be one of "rel", "abs", got "relative"'));
  it("threshold in [0, 1) in 'rel' mode", () =>
    throws(make({ threshold: 1 }), RangeError, 'ReduceLROnPlateau: threshold must be in [0, 1), got 1'));
  it("threshold ≥ 0 in 'abs' mode", () =>
    throws(make({ threshold: -0.1, thresholdMode: 'abs' }), RangeError, 'ReduceLROnPlateau: threshold must be ≥ 0, got -0.1'));
  it('patience an integer ≥ 0', () =>
    throws(make({ patience: 2.5 }), RangeError, 'ReduceLROnPlateau: patience must be an integer, got 2.5'));
  it('cooldown an integer ≥ 0', () =>
    throws(make({ cooldown: -1 }), RangeError, 'ReduceLROnPlateau: cooldown must be an integer ≥ 0, got -1'));
  it('minLr ≤ initialLr', () => throws(make({ minLr: 1 }), RangeError, 'ReduceLROnPlateau: minLr (1) must be ≤ initialLr (0.1)'));
  it('eps ≥ 0', () => throws(make({ eps: -1e-8 }), RangeError, 'ReduceLROnPlateau: eps must be ≥ 0, got -1e-8'));
  it('unknown option (torch spelling)', () =>
    throws(
      make({ min_lr: 1e-5 }),
      TypeError,
      'ReduceLROnPlateau: unknown option "min_lr" (valid: initialLr, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps)',
    ));
  it('step: a non-finite metric, with the epoch', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1 });
    plateau.step(1);
    throws(
      () => plateau.step(NaN),
      RangeError,
      'ReduceLROnPlateau.step: metric must be finite, got NaN (epoch 2); the monitored value diverged — lower the learning rate or check the data',
    );
  });
  it('step: a metric that is not a number', () =>
    throws(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      () => new ReduceLROnPlateau({ initialLr: 0.1 }).step('0.5' as any),
      TypeError,
      'ReduceLROnPlateau.step: metric must be a number, got "0.5"',
    ));
  it('loadState: bad fields', () => {
    const plateau = new ReduceLROnPlateau({ initialLr: 0.1, minLr: 0.001 });
    const good = plateau.state();
    throws(() => plateau.loadState({ ...good, numBadEpochs: -1 }), RangeError, 'ReduceLROnPlateau.loadState: numBadEpochs must be an integer ≥ 0, got -1');
    throws(() => plateau.loadState({ ...good, lr: 1e-4 }), RangeError, 'ReduceLROnPlateau.loadState: lr (0.0001) must be ≥ minLr (0.001)');
    throws(() => plateau.loadState({ ...good, best: NaN }), RangeError, 'ReduceLROnPlateau.loadState: best must be a finite number or null, got NaN');
    throws(
      untyped((s) => plateau.loadState(s), { ...good, num_bad_epochs: 0 }),
      TypeError,
      'ReduceLROnPlateau.loadState: unknown field "num_bad_epochs" (valid: lr, best, numBadEpochs, cooldownCounter, lastEpoch)',
    );
  });
});
