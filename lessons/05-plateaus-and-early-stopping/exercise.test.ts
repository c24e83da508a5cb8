/**
 * Grader for lesson 05. Run it with `npm run grade -- 05` (your exercise.ts) or
 * `npm run grade -- 05 --solution` (the reference). Each check tests one idea.
 *
 * Exercise 3 drives the learner's trainWithEarlyStopping with the reference stopper
 * (solution.ts's createEarlyStopper), so a bug in Exercise 2 is graded there only.
 */
import * as tf from '@tensorflow/tfjs';
import { earlyStopping, Random, ReduceLROnPlateau, type TrainContext } from '../../src/index';
import { check, exercise, expectNoLeak, expectThrows, expectTrue, fail, fmt, LearnerError, load } from '../grading';
import * as Solution from './solution';

const { plateauStep, createEarlyStopper, trainWithEarlyStopping } = await load<typeof Solution>(import.meta.url);

type PlateauState = Solution.PlateauState;
type PlateauOptions = Solution.PlateauOptions;
type EarlyStopper = Solution.EarlyStopper;
type EarlyStopDecision = Solution.EarlyStopDecision;

/** `{ lr: 0.1, best: Infinity, numBadEpochs: 0 }`, or another starting rate. */
const fresh = (lr = 0.1): PlateauState => ({ lr, best: Infinity, numBadEpochs: 0 });

/** "{ patience: 2, factor: 0.5 }" as the learner would write it. */
const describeOptions = (options: object | undefined): string =>
  options === undefined ? 'no options' : `{ ${Object.entries(options).map(([key, value]) => `${key}: ${String(value)}`).join(', ')} }`;

/** The learner's state, checked to be `{ lr, best, numBadEpochs }` with numbers in it. */
function checkedState(value: unknown, call: string): PlateauState {
  if (typeof value !== 'object' || value === null) fail(`${call} should return a state { lr, best, numBadEpochs }; got ${fmt(value)} — return a new object with the three fields`);
  for (const key of ['lr', 'best', 'numBadEpochs'] as const) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field !== 'number' || Number.isNaN(field)) {
      fail(`${call} should return a state { lr, best, numBadEpochs } of numbers; its ${key} is ${fmt(field)} — copy every field of the old state into the new one`);
    }
  }
  return value as PlateauState;
}

/** The states after each of `losses`, starting from a fresh state at rate `lr`. */
function replay(losses: number[], options?: PlateauOptions, lr = 0.1): PlateauState[] {
  let state = fresh(lr);
  return losses.map((x, i) => {
    const call = `plateauStep at epoch ${i + 1} (val loss ${x}, ${describeOptions(options)})`;
    state = checkedState(options === undefined ? plateauStep(state, x) : plateauStep(state, x, options), call);
    return state;
  });
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Fails unless the rate after each epoch is `expected[i]`, naming the first epoch that differs. */
function expectRates(states: PlateauState[], expected: number[], story: (epoch: number, want: number, got: number) => string): void {
  expected.forEach((want, i) => {
    if (!near(states[i].lr, want)) fail(story(i + 1, want, states[i].lr));
  });
}

/** A seeded, noisy, slowly falling validation-loss curve with plateaus: like a real run. */
function noisyCurve(n: number, seed: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, t) => 0.3 + 1 / (1 + 0.15 * t) + 0.06 * (random.next() - 0.5));
}

exercise(1, 'plateauStep', () => {
  check('keeps the rate while the loss keeps improving', 1, () => {
    const states = replay([1, 0.9, 0.8, 0.7], { patience: 0 });
    expectRates(states, [0.1, 0.1, 0.1, 0.1], (epoch, _, got) =>
      `with the loss falling every epoch (1, 0.9, 0.8, 0.7) the rate should stay 0.1, even with patience 0; after epoch ${epoch} it was ${fmt(got)} — check the improvement test x < best·(1 − τ): an improving epoch resets the count and never cuts`);
    const last = states[3];
    expectTrue(near(last.best, 0.7) && last.numBadEpochs === 0,
      `after the losses 1, 0.9, 0.8, 0.7 the state should be { best: 0.7, numBadEpochs: 0 }; got { best: ${fmt(last.best)}, numBadEpochs: ${fmt(last.numBadEpochs)} } — on an improvement set best = x and numBadEpochs = 0`);
  });

  check('keeps the best loss and counts the bad epochs after it', 1, () => {
    const [, , last] = replay([1, 1.1, 1.2], { patience: 10 });
    expectTrue(near(last.best, 1),
      `after the losses 1, 1.1, 1.2 the best should still be 1 (a worse loss never replaces the best); got best = ${fmt(last.best)} — change best only when x < best·(1 − τ)`);
    expectTrue(last.numBadEpochs === 2,
      `after the losses 1, 1.1, 1.2 there were 2 epochs without improvement, so numBadEpochs should be 2; got ${fmt(last.numBadEpochs)} — add 1 to numBadEpochs on each epoch that does not improve`);
    expectTrue(near(last.lr, 0.1), `with patience 10, two bad epochs should leave the rate at 0.1; got ${fmt(last.lr)} — cut only when numBadEpochs > patience`);
  });

  check('cuts the rate by the factor at the (P + 1)-th bad epoch in a row', 2, () => {
    const states = replay([1, 1, 1, 1], { patience: 2 });
    if (!near(states[2].lr, 0.1)) {
      fail(`after 2 epochs without improvement with patience 2, the rate should still be 0.1 — the rule cuts only when the count exceeds the patience (k > P); got ${fmt(states[2].lr)}`);
    }
    if (!near(states[3].lr, 0.01)) {
      fail(`after 3 epochs without improvement with patience 2, the rate should drop from 0.1 to 0.1·0.1 = 0.01; got ${fmt(states[3].lr)} — when numBadEpochs > patience, multiply lr by factor`);
    }
  });

  check('starts counting again after a cut', 1, () => {
    const states = replay([1, 1, 1, 1, 1, 1, 1], { patience: 1 });
    expectTrue(states[2].numBadEpochs === 0,
      `a cut should reset the count: with patience 1, after the cut at epoch 3 numBadEpochs should be 0; got ${fmt(states[2].numBadEpochs)} — set numBadEpochs = 0 when you cut`);
    expectRates(states, [0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 1e-4], (epoch, want, got) =>
      `on a flat loss with patience 1, the rate should be cut every 2 epochs (after epochs 3, 5 and 7: 0.01, 0.001, 0.0001); after epoch ${epoch} it should be ${fmt(want)}, got ${fmt(got)} — after a cut, count from 0 again (numBadEpochs = 0)`);
  });

  check('an improvement resets the count', 1, () => {
    const states = replay([1, 1.1, 1.1, 0.9, 1, 1], { patience: 2 });
    expectRates(states, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], (epoch, _, got) =>
      `with patience 2 and the losses 1, 1.1, 1.1, 0.9, 1, 1 the rate should never drop: the new best 0.9 at epoch 4 resets the count, and only 2 bad epochs follow it; after epoch ${epoch} the rate was ${fmt(got)} — an improvement sets numBadEpochs = 0: count bad epochs in a row, not in total`);
    const last = states[5];
    expectTrue(near(last.best, 0.9) && last.numBadEpochs === 2,
      `after the losses 1, 1.1, 1.1, 0.9, 1, 1 the state should be { best: 0.9, numBadEpochs: 2 }; got { best: ${fmt(last.best)}, numBadEpochs: ${fmt(last.numBadEpochs)} } — an improvement sets best = x and numBadEpochs = 0`);
  });

  check('a loss must beat best·(1 − τ) to count as an improvement', 2, () => {
    // With best = 2 and τ = 0.1 the bar is 2·(1 − 0.1) = 1.8 (an absolute threshold would give 1.9).
    const [, small] = replay([2, 1.85], { threshold: 0.1 });
    if (near(small.best, 1.85)) {
      fail('with threshold 0.1 and best 2, the loss 1.85 is not below 2·(1 − 0.1) = 1.8, so it should count as a bad epoch; your rule took it as the new best — compare with best·(1 − threshold), a fraction of the best (not best − threshold)');
    }
    expectTrue(near(small.best, 2) && small.numBadEpochs === 1,
      `with threshold 0.1, after the losses 2, 1.85 the state should be { best: 2, numBadEpochs: 1 }; got { best: ${fmt(small.best)}, numBadEpochs: ${fmt(small.numBadEpochs)} } — improved means x < best·(1 − threshold)`);
    const [, large] = replay([2, 1.75], { threshold: 0.1 });
    expectTrue(near(large.best, 1.75) && large.numBadEpochs === 0,
      `with threshold 0.1 and best 2, the loss 1.75 is below 2·(1 − 0.1) = 1.8: it is an improvement, so the state should be { best: 1.75, numBadEpochs: 0 }; got { best: ${fmt(large.best)}, numBadEpochs: ${fmt(large.numBadEpochs)} } — improved means x < best·(1 − threshold), a fraction of the best`);
    const [, tie] = replay([1, 1], { threshold: 0 });
    expectTrue(tie.numBadEpochs === 1,
      `with threshold 0, the same loss twice (1, then 1) is not an improvement (it must be strictly lower): numBadEpochs should be 1; got ${fmt(tie.numBadEpochs)} — compare with <, not ≤`);
  });

  check('uses the factor from the options', 1, () => {
    const states = replay([1, 1, 1], { patience: 0, factor: 0.5 });
    expectRates(states, [0.1, 0.05, 0.025], (epoch, want, got) =>
      `with factor 0.5 and patience 0, each bad epoch should halve the rate (0.1 → 0.05 → 0.025); after epoch ${epoch} it should be ${fmt(want)}, got ${fmt(got)} — use factor from the options (default 0.1 only when it is missing)`);
  });

  check("uses PyTorch's defaults when options are left out (factor 0.1, patience 10, threshold 1e-4)", 1, () => {
    const states = replay([1, ...Array<number>(11).fill(1)]);
    expectTrue(near(states[10].lr, 0.1),
      `with the default patience 10, 10 bad epochs should leave the rate at 0.1; got ${fmt(states[10].lr)} — check the default patience = 10`);
    expectTrue(near(states[11].lr, 0.01),
      `with the defaults, the 11th bad epoch in a row should cut the rate from 0.1 to 0.01 (factor 0.1, patience 10); got ${fmt(states[11].lr)} — check the defaults factor = 0.1 and patience = 10`);
    const [, almost] = replay([1, 0.99995]);
    expectTrue(near(almost.best, 1),
      `with the default threshold 1e-4, the loss 0.99995 is not below 1·(1 − 1e-4) = 0.9999, so the best should stay 1; got ${fmt(almost.best)} — check the default threshold = 1e-4`);
  });

  check('returns a new state and leaves the old one as it was', 1, () => {
    const before = { lr: 0.1, best: 1, numBadEpochs: 0 };
    const next = checkedState(plateauStep(before, 2, { patience: 0 }), 'plateauStep({ lr: 0.1, best: 1, numBadEpochs: 0 }, 2, { patience: 0 })');
    expectTrue(next !== before, 'plateauStep should return a new state object; it returned the one it was given — return { lr, best, numBadEpochs }, a new object');
    expectTrue(before.lr === 0.1 && before.best === 1 && before.numBadEpochs === 0,
      `plateauStep changed the state it was given: it should still be { lr: 0.1, best: 1, numBadEpochs: 0 }; got { lr: ${fmt(before.lr)}, best: ${fmt(before.best)}, numBadEpochs: ${fmt(before.numBadEpochs)} } — copy the fields into local variables (let { lr, best, numBadEpochs } = state) and return a new object`);
  });

  check("matches the library's ReduceLROnPlateau on a noisy 80-epoch curve", 1, () => {
    const losses = noisyCurve(80, 5);
    const options = { factor: 0.3, patience: 3, threshold: 1e-3 };
    const reference = new ReduceLROnPlateau({ initialLr: 0.1, ...options });
    const states = replay(losses, options);
    losses.forEach((x, i) => {
      const want = reference.step(x);
      if (!near(states[i].lr, want)) {
        fail(`on a noisy curve with ${describeOptions(options)}, after epoch ${i + 1} (val loss ${fmt(x)}) the rate should be ${fmt(want)} as with the library's ReduceLROnPlateau; got ${fmt(states[i].lr)} — the checks above say which part of the rule differs`);
      }
    });
  });

  check('rejects a factor outside [0, 1) with a RangeError', 1, () => {
    for (const factor of [1, 10, -0.5]) {
      expectThrows(() => plateauStep(fresh(), 1, { factor }), RangeError,
        `plateauStep(…, { factor: ${factor} }) should throw a RangeError: the factor multiplies the rate (0.1 cuts it tenfold), so it must be in [0, 1) — check factor at the top, before anything else`);
    }
  });
});

/** The learner's stopper, checked to have an `update` method. */
function checkedStopper(value: unknown, call: string): EarlyStopper {
  const update = (value as { update?: unknown } | null)?.update;
  if (typeof update !== 'function') fail(`${call} should return an object with an update(valLoss) method; got ${fmt(value)} — return { update(valLoss) { … } }`);
  return value as EarlyStopper;
}

/** Calls `stopper.update(x)` (reporting an error it throws as the learner's) and checks the decision. */
function decide(stopper: EarlyStopper, x: number, epoch: number): EarlyStopDecision {
  let decision: unknown;
  try {
    decision = stopper.update(x);
  } catch (error) {
    throw LearnerError.thrownBy('update', error);
  }
  const { isBest, stop } = (decision ?? {}) as Partial<EarlyStopDecision>;
  if (typeof isBest !== 'boolean' || typeof stop !== 'boolean') {
    fail(`update(${fmt(x)}) at epoch ${epoch} should return { isBest, stop } (two booleans); got ${JSON.stringify(decision) ?? fmt(decision)} — return { isBest, stop } from update`);
  }
  return { isBest, stop };
}

/** A new stopper's decisions for `losses`, one per epoch. */
function decisions(options: Solution.EarlyStopperOptions, losses: number[]): EarlyStopDecision[] {
  const stopper = checkedStopper(createEarlyStopper(options), `createEarlyStopper(${describeOptions(options)})`);
  return losses.map((x, i) => decide(stopper, x, i + 1));
}

/** The 1-based epoch of the first `stop`, or null. */
const stopEpoch = (ds: EarlyStopDecision[]): number | null => {
  const i = ds.findIndex((d) => d.stop);
  return i < 0 ? null : i + 1;
};

const saysWhen = (epoch: number | null) => (epoch === null ? 'never said stop' : `said stop after epoch ${epoch}`);

exercise(2, 'createEarlyStopper', () => {
  check('the first epoch is always the best so far', 1, () => {
    for (const patience of [0, 3]) {
      const [first] = decisions({ patience }, [5]);
      expectTrue(first.isBest && !first.stop,
        `with patience ${patience}, the first update(5) should return { isBest: true, stop: false } (there is nothing to compare with yet); got ${JSON.stringify(first)} — start best at Infinity, so that any first loss is below it`);
    }
  });

  check('marks each new lowest loss as the best', 1, () => {
    const losses = [1, 0.8, 0.9, 0.7, 0.75];
    const got = decisions({ patience: 10 }, losses).map((d) => d.isBest);
    expectTrue(JSON.stringify(got) === JSON.stringify([true, true, false, true, false]),
      `for the losses ${fmt(losses)}, isBest should be [true, true, false, true, false]; got ${fmt(got)} — isBest is x < best − minDelta, and best changes only when isBest`);
  });

  check('stops at the P-th epoch in a row without improvement', 2, () => {
    const losses = [1, 0.9, 0.95, 0.96, 0.97, 0.98];
    const got = stopEpoch(decisions({ patience: 3 }, losses));
    if (got !== null && got < 5) {
      fail(`with patience 3 and the losses ${fmt(losses)}, the best is 0.9 at epoch 2 and epochs 3, 4 and 5 are bad: the stopper should say stop after epoch 5 (the 3rd bad epoch), not before; it ${saysWhen(got)} — stop = not isBest and wait ≥ patience, with wait counting only bad epochs`);
    }
    expectTrue(got === 5,
      `with patience 3 and the losses ${fmt(losses)}, the stopper should say stop after epoch 5, the 3rd epoch in a row without improvement; it ${saysWhen(got)} — stop = not isBest and wait ≥ patience (≥, not >)`);
  });

  check('an improvement resets the wait', 1, () => {
    const losses = [1, 1.1, 0.9, 1, 1];
    const got = stopEpoch(decisions({ patience: 2 }, losses));
    if (got === 4) {
      fail(`with patience 2 and the losses ${fmt(losses)}, the new best 0.9 at epoch 3 should reset the wait, so the stop comes after epoch 5; it said stop after epoch 4 — count bad epochs in a row, not in total`);
    }
    expectTrue(got === 5, `with patience 2 and the losses ${fmt(losses)}, the stopper should say stop after epoch 5; it ${saysWhen(got)} — an improvement sets wait = 0; stop when wait ≥ patience`);
  });

  check('patience 0 stops at the first epoch without improvement', 1, () => {
    const losses = [1, 0.9, 0.95];
    const got = stopEpoch(decisions({ patience: 0 }, losses));
    expectTrue(got === 3,
      `with patience 0 and the losses ${fmt(losses)}, the stopper should say stop after epoch 3, the first that does not improve (and not while the loss improves); it ${saysWhen(got)} — stop = not isBest and wait ≥ patience`);
  });

  check('an equal loss is not an improvement', 1, () => {
    const [, second] = decisions({ patience: 5 }, [1, 1]);
    expectTrue(!second.isBest, 'after update(1), a second update(1) should return isBest: false; it returned isBest: true — a loss must be strictly lower than the best to improve on it: compare with <');
  });

  check('minDelta: an improvement must beat the best by more than minDelta', 2, () => {
    const [, small] = decisions({ patience: 5, minDelta: 0.05 }, [1, 0.97]);
    expectTrue(!small.isBest,
      'with minDelta 0.05 and best 1, the loss 0.97 is not below 1 − 0.05 = 0.95, so update(0.97) should return isBest: false; it returned true — isBest is x < best − minDelta');
    const [, large] = decisions({ patience: 5, minDelta: 0.05 }, [1, 0.94]);
    expectTrue(large.isBest, 'with minDelta 0.05 and best 1, the loss 0.94 is below 1 − 0.05 = 0.95, so update(0.94) should return isBest: true; it returned false — isBest is x < best − minDelta (use minDelta from the options)');
    const steps = decisions({ patience: 5, minDelta: 0.05 }, [1, 0.97, 0.96, 0.94]);
    expectTrue(steps[3].isBest,
      'with minDelta 0.05 and the losses 1, 0.97, 0.96, 0.94, the last one should be the new best (0.94 < 1 − 0.05): the losses 0.97 and 0.96 did not count as improvements, so the best is still 1 — did you update the best on an epoch that was not an improvement?');
  });

  check('each stopper keeps its own count', 1, () => {
    const a = checkedStopper(createEarlyStopper({ patience: 2 }), 'createEarlyStopper({ patience: 2 })');
    const b = checkedStopper(createEarlyStopper({ patience: 2 }), 'createEarlyStopper({ patience: 2 })');
    decide(a, 1, 1);
    decide(a, 2, 2);
    const first = decide(b, 5, 1);
    expectTrue(first.isBest,
      'two stoppers should not share their state: after a.update(1), a.update(2), a new stopper b should take b.update(5) as its best (its first epoch); got isBest: false — keep best and wait inside createEarlyStopper, not at the top of the file');
    const third = decide(a, 3, 3);
    expectTrue(third.stop, 'a.update(1), a.update(2), a.update(3) with patience 2 should say stop at the third call, whatever another stopper saw in between; it did not — keep best and wait inside createEarlyStopper, one pair per stopper');
  });

  check("agrees with the library's earlyStopping on a noisy 80-epoch curve", 1, () => {
    const losses = noisyCurve(80, 9).map((x, t) => x + 0.004 * Math.max(0, t - 30)); // turns up after epoch 30
    const options = { patience: 4, minDelta: 0.002 };
    // The library's callback, driven by hand: a context whose stop() is all it needs here.
    let stoppedAt: number | null = null;
    const context = { stop: () => undefined } as unknown as TrainContext;
    const reference = earlyStopping(options);
    reference.onTrainBegin?.({}, context);
    const ds = decisions(options, losses);
    for (let epoch = 0; epoch < losses.length && stoppedAt === null; epoch++) {
      reference.onEpochEnd?.(epoch, { val_loss: losses[epoch] }, context);
      const want = reference.bestEpoch === epoch;
      if (ds[epoch].isBest !== want) {
        fail(`on a noisy curve with ${describeOptions(options)}, at epoch ${epoch + 1} (val loss ${fmt(losses[epoch])}) isBest should be ${want}, as for the library's earlyStopping; got ${ds[epoch].isBest} — the checks above say which part of the rule differs`);
      }
      if (reference.stoppedEpoch !== null) stoppedAt = epoch + 1;
    }
    const got = stopEpoch(ds);
    expectTrue(got === stoppedAt,
      `on a noisy curve with ${describeOptions(options)}, your stopper should stop where the library's earlyStopping does, after epoch ${stoppedAt}; it ${saysWhen(got)} — the checks above say which part of the rule differs`);
  });

  check('rejects a patience that is not an integer ≥ 0 with a RangeError', 1, () => {
    for (const patience of [-1, 2.5]) {
      expectThrows(() => createEarlyStopper({ patience }), RangeError,
        `createEarlyStopper({ patience: ${patience} }) should throw a RangeError: patience counts epochs, a whole number ≥ 0 — check patience at the top, before making the stopper`);
    }
  });
});

/**
 * A scripted run for Exercise 3: two weights (a vector and a 1×1 matrix) that epoch e sets to
 * [e, −e] and [[10·e]], and the validation loss `losses[e − 1]`. `calls` counts the epochs trained.
 */
function scriptedRun(losses: number[]): { run: Solution.EarlyStoppingRun; calls: () => number; weightsOf: () => number[] } {
  const weights: tf.Variable[] = [tf.variable(tf.tensor1d([0, 0])), tf.variable(tf.tensor2d([[0]]))];
  let epoch = 0;
  const run = {
    weights,
    trainEpoch(): number {
      epoch += 1;
      if (epoch > losses.length) fail(`trainWithEarlyStopping trained epoch ${epoch}, past the end of this ${losses.length}-epoch run — check that the loop stops at maxEpochs and when the stopper says stop`);
      tf.tidy(() => {
        weights[0].assign(tf.tensor1d([epoch, -epoch]));
        weights[1].assign(tf.tensor2d([[10 * epoch]]));
      });
      return losses[epoch - 1];
    },
  };
  return { run, calls: () => epoch, weightsOf: () => [...weights[0].dataSync(), ...weights[1].dataSync()] };
}

/** Which epoch set these weights ([e, −e, 10·e]), or null. */
const epochOf = ([a, b, c]: number[]): number | null => (Number.isInteger(a) && b === -a && c === 10 * a ? a : null);

/** Runs the learner's trainWithEarlyStopping with the reference stopper; checks its result's shape. */
function stopRun(losses: number[], patience: number, maxEpochs: number) {
  const scripted = scriptedRun(losses);
  const call = `trainWithEarlyStopping(a run with the losses ${fmt(losses, 12)}, a stopper with patience ${patience}, maxEpochs ${maxEpochs})`;
  const out = trainWithEarlyStopping(scripted.run, Solution.createEarlyStopper({ patience }), maxEpochs) as unknown;
  const { epochs, bestEpoch } = (out ?? {}) as Partial<Solution.EarlyStoppingResult>;
  if (typeof epochs !== 'number' || typeof bestEpoch !== 'number') fail(`${call} should return { epochs, bestEpoch } (two numbers); got ${fmt(out)} — return the epochs trained and the epoch whose weights you restored`);
  return { call, epochs, bestEpoch, calls: scripted.calls(), weights: scripted.weightsOf(), dispose: () => tf.dispose(scripted.run.weights) };
}

/** Fails unless the weights are those of epoch `want`, naming the epoch they came from. */
function expectWeightsOf(weights: number[], want: number, call: string, story: string): void {
  const got = epochOf(weights);
  if (got === want) return;
  const came = got === null ? `[${weights.join(', ')}], the weights of no epoch` : `the weights of epoch ${got}`;
  fail(`after ${call}, the model should hold the weights of epoch ${want} (${story}): [${want}, ${-want}] and [[${10 * want}]]; it holds ${came} — ${got !== null && got > want
    ? 'keep a copy of the weights when isBest is true (w.clone(): w itself goes on changing) and write it back with w.assign(copy) when the run ends'
    : 'check which epoch you copy the weights at (isBest), and that you write them back into the variables the run gave you'}`);
}

exercise(3, 'trainWithEarlyStopping', () => {
  check('trains until the stopper says stop', 1, () => {
    // patience 2: best 0.8 at epoch 2, epochs 3 and 4 are bad → stop after epoch 4.
    const r = stopRun([1, 0.8, 0.9, 0.95, 0.97, 0.99], 2, 100);
    r.dispose();
    expectTrue(r.calls === 4, `${r.call} should train 4 epochs (the stopper says stop after epoch 4, the 2nd bad one); it trained ${r.calls} — call run.trainEpoch() once per epoch and leave the loop when the decision says stop`);
    expectTrue(r.epochs === 4, `${r.call} should return epochs: 4 (the epochs trained); got ${fmt(r.epochs)} — count each call to run.trainEpoch()`);
  });

  check('puts back the weights of the best epoch when it stops', 2, () => {
    const r = stopRun([1, 0.8, 0.9, 0.95, 0.97, 0.99], 2, 100);
    r.dispose();
    expectWeightsOf(r.weights, 2, r.call, 'the best, loss 0.8');
    expectTrue(r.bestEpoch === 2, `${r.call} should return bestEpoch: 2, the epoch whose weights it restored; got ${fmt(r.bestEpoch)} — remember the epoch at which isBest was last true`);
  });

  check('a later best replaces the earlier copy', 1, () => {
    // patience 2: bests at epochs 1, 2 and 4; epochs 5 and 6 are bad → stop after 6, restore epoch 4.
    const r = stopRun([1, 0.8, 0.9, 0.7, 0.75, 0.76, 0.77], 2, 100);
    r.dispose();
    expectWeightsOf(r.weights, 4, r.call, 'the last best, loss 0.7');
    expectTrue(r.bestEpoch === 4, `${r.call} should return bestEpoch: 4; got ${fmt(r.bestEpoch)} — replace the saved copy each time isBest is true`);
  });

  check('restores the best weights also when maxEpochs ends the run', 1, () => {
    // patience 10 never stops within 5 epochs; the best is epoch 2.
    const r = stopRun([1, 0.5, 0.6, 0.7, 0.8, 0.9], 10, 5);
    r.dispose();
    expectTrue(r.calls === 5 && r.epochs === 5, `${r.call} should train exactly 5 epochs and return epochs: 5; it trained ${r.calls} and returned ${fmt(r.epochs)} — stop the loop after maxEpochs`);
    expectWeightsOf(r.weights, 2, r.call, 'the best, loss 0.5, even though the stopper never said stop');
  });

  check('a run that improves to the end keeps its last weights', 1, () => {
    const r = stopRun([1, 0.9, 0.8], 1, 3);
    r.dispose();
    expectTrue(r.calls === 3, `${r.call} should train 3 epochs; it trained ${r.calls} — the loop runs while epoch ≤ maxEpochs and the stopper has not said stop`);
    expectWeightsOf(r.weights, 3, r.call, 'the last epoch is the best');
    expectTrue(r.bestEpoch === 3, `${r.call} should return bestEpoch: 3; got ${fmt(r.bestEpoch)} — remember the epoch at which isBest was last true`);
  });

  check('leaks no tensors: the copies are freed', 1, () => {
    const scripted = scriptedRun([1, 0.8, 0.9, 0.7, 0.75, 0.76]);
    try {
      expectNoLeak('trainWithEarlyStopping', () => trainWithEarlyStopping(scripted.run, Solution.createEarlyStopper({ patience: 2 }), 100));
    } finally {
      tf.dispose(scripted.run.weights);
    }
  });

  check('rejects a maxEpochs that is not an integer ≥ 1 with a RangeError', 1, () => {
    for (const maxEpochs of [0, -1, 2.5]) {
      const scripted = scriptedRun([1]);
      try {
        expectThrows(() => trainWithEarlyStopping(scripted.run, Solution.createEarlyStopper({ patience: 1 }), maxEpochs), RangeError,
          `trainWithEarlyStopping(…, maxEpochs: ${maxEpochs}) should throw a RangeError: maxEpochs counts epochs, a whole number ≥ 1 — check it before the loop`);
      } finally {
        tf.dispose(scripted.run.weights);
      }
    }
  });
});
