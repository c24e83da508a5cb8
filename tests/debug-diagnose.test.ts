import { describe, expect, it } from 'vitest';
import { diagnose, DIAGNOSIS_THRESHOLDS, REMEDIES, REMEDY_ORDER, softmaxFloor, VERDICTS, LESSON_SLUGS } from '../src/index';

/** A smooth decay from a to b over n epochs. */
const decay = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => b + (a - b) * Math.exp(-i / 3));

describe('diagnose: each rule on a hand-made curve', () => {
  it('healthy: both curves fall far and together', () => {
    const d = diagnose({ trainLoss: decay(2.3, 0.05, 15), valLoss: decay(2.2, 0.08, 15), numClasses: 10 });
    expect(d.verdict).toBe('healthy');
    expect(d.remedies).toEqual([]);
    expect(d.evidence[0]).toBe('training loss went from 2.3 at the start (ln C = 2.3 for 10 classes) to 0.0712 after 15 epochs (−97 %); validation loss ended at 0.0999');
  });

  it('diverging: a NaN loss, named with its step', () => {
    const d = diagnose({ trainLoss: [2.3, 40, NaN], stepLoss: [2.3, 5, 80, 1e4, NaN, NaN], numClasses: 10 });
    expect(d.verdict).toBe('diverging');
    expect(d.evidence[1]).toBe('the training loss became NaN at step 4 (counting steps from 0, epochs from 1); the largest finite loss was 1.00e+4, 4340× the start');
    expect(d.actions.map((a) => a.id)).toEqual(REMEDY_ORDER.diverging);
  });

  it('diverging: the loss grows to 3× its start without becoming NaN', () => {
    expect(diagnose({ trainLoss: [1, 1.5, 2.5, 3.2] }).verdict).toBe('diverging');
    expect(diagnose({ trainLoss: [1, 1.5, 2.5, 2.9] }).verdict).not.toBe('diverging');
  });

  it('diverging: a blow-up (≥ 10× the start) that never comes back below chance', () => {
    const d = diagnose({ trainLoss: [300, 2.4, 2.31], stepLoss: [2.3, 2000, 2.5, 2.4, 2.31, 2.3], numClasses: 10 });
    expect(d.verdict).toBe('diverging');
    expect(d.evidence[1]).toMatch(/blew up to 2000 \(869× its start, rule: ≥ 10×\) and never recovered/);
  });

  it('not-decreasing: flat at chance, and the remedy order points at gradients', () => {
    const d = diagnose({ trainLoss: [2.31, 2.303, 2.302, 2.302], valLoss: [2.303, 2.302, 2.302, 2.302], numClasses: 10 });
    expect(d.verdict).toBe('not-decreasing');
    expect(d.actions[0].id).toBe('check-gradients');
  });

  it('not-decreasing: training falls below chance while validation stays above it → the data pipeline first', () => {
    const d = diagnose({ trainLoss: [2.5, 2.4, 2.3, 2.2, 2.1], valLoss: [2.45, 2.44, 2.45, 2.46, 2.44], numClasses: 10 });
    expect(d.verdict).toBe('not-decreasing');
    expect(d.actions[0].id).toBe('check-data-pipeline');
  });

  it('not-decreasing: a plateau at the softmax-on-probabilities floor → the loss first', () => {
    const floor = softmaxFloor(10);
    expect(floor).toBeCloseTo(Math.log(1 + 9 / Math.E), 12);
    const d = diagnose({ trainLoss: [2.2, 1.9, 1.6, 1.5, 1.49], valLoss: [2.1, 1.8, 1.6, 1.5, 1.5], numClasses: 10 });
    expect(d.verdict).toBe('not-decreasing');
    expect(d.actions[0].id).toBe('check-loss-function');
    expect(d.evidence[1]).toContain('1.46');
  });

  it('not-decreasing without numClasses: the loss fell less than 10 % from its own start', () => {
    expect(diagnose({ trainLoss: [7.1, 7.0, 6.9, 6.8] }).verdict).toBe('not-decreasing');
  });

  it('overfitting: validation turns up while training keeps falling', () => {
    const train = decay(2.3, 0.001, 30);
    const val = train.map((t, i) => 0.6 + 0.02 * Math.max(0, i - 8) + t * 0.5);
    const d = diagnose({ trainLoss: train, valLoss: val, numClasses: 10 });
    expect(d.verdict).toBe('overfitting');
    expect(d.evidence[1]).toMatch(/^validation loss rose \d+ % from its minimum .* at epoch \d+ to .* while training loss fell \d+ %/);
    expect(d.actions.map((a) => a.id)).toEqual(['more-data', 'dropout', 'weight-decay', 'augmentation', 'early-stopping', 'simpler-model']);
  });

  it('overfitting: a flat validation loss far above a training loss near 0', () => {
    const d = diagnose({ trainLoss: decay(2.3, 0.0002, 40), valLoss: decay(2.3, 0.5, 40).map((v) => Math.max(v, 0.5)), numClasses: 10 });
    expect(d.verdict).toBe('overfitting');
    expect(d.evidence[1]).toMatch(/^at the end the validation loss \(0\.5\) is/);
  });

  it('unstable: the training loss climbs back up, repeatedly', () => {
    const d = diagnose({ trainLoss: [1.2, 0.4, 0.2, 0.5, 0.15, 0.45, 0.12], valLoss: [1, 0.4, 0.25, 0.5, 0.2, 0.5, 0.2], numClasses: 10 });
    expect(d.verdict).toBe('unstable');
    expect(d.actions[0].id).toBe('lower-learning-rate');
  });

  it('unstable after a huge first loss: standardize first', () => {
    const d = diagnose({ trainLoss: [9, 0.6, 0.3, 1.1, 0.2], stepLoss: [19, 12, 5, 1, 0.6, 0.5, 0.3, 0.3, 1.2, 0.9, 0.2, 0.2], numClasses: 10 });
    expect(d.verdict).toBe('unstable');
    expect(d.actions[0].id).toBe('standardize-inputs');
  });

  it('underfitting: learned, then stalled high; "more epochs" first when still falling', () => {
    const stalled = diagnose({ trainLoss: [2.1, 1.6, 1.3, 1.2, 1.15, 1.14, 1.14, 1.13], valLoss: [2, 1.5, 1.3, 1.2, 1.2, 1.2, 1.19, 1.19], numClasses: 10 });
    expect(stalled.verdict).toBe('underfitting');
    expect(stalled.actions[0].id).toBe('larger-model');
    const short = diagnose({ trainLoss: [2.0, 1.3], valLoss: [1.6, 1.1], numClasses: 10 });
    expect(short.verdict).toBe('underfitting');
    expect(short.actions[0].id).toBe('more-epochs');
  });

  it('underfitting: a plateau at ≥ 10 % of ln C', () => {
    const plateau = [1.2, 0.33, 0.33, 0.32, 0.31, 0.3, 0.3, 0.3, 0.3, 0.31];
    expect(diagnose({ trainLoss: plateau, valLoss: plateau.map((v) => v + 0.03), numClasses: 10 }).verdict).toBe('underfitting');
    const low = plateau.map((v) => v / 3);
    expect(diagnose({ trainLoss: low, valLoss: low.map((v) => v + 0.01), numClasses: 10 }).verdict).toBe('healthy');
  });
});

describe('diagnose: inputs', () => {
  it('reads a tf.History from model.fit', () => {
    const fit = { epoch: [0, 1, 2], history: { loss: [2.3, 2.2, 2.4e3], val_loss: [2.2, 2.3, 5e3], acc: [0.1, 0.1, 0.1] }, params: {} };
    expect(diagnose(fit).verdict).toBe('diverging');
  });

  it("reads train()'s History, extra fields and all", () => {
    const history = {
      stepLoss: [2.3, 2, 1.5, 1, 0.6, 0.4], learningRate: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], trainLoss: [1.9, 0.8, 0.3], valLoss: [1.5, 0.6, 0.2],
      trainMetrics: {}, valMetrics: {}, epochs: 3, steps: 6, stepsPerEpoch: 2, stoppedEarly: false, stopReason: null,
    };
    expect(diagnose({ ...history, numClasses: 10 }).verdict).toBe('healthy');
  });

  it('puts every threshold in DIAGNOSIS_THRESHOLDS and every remedy in a lesson of the course', () => {
    expect(DIAGNOSIS_THRESHOLDS.flat).toBe(0.9);
    expect(Object.keys(REMEDY_ORDER).sort()).toEqual([...VERDICTS].sort());
    for (const remedy of Object.values(REMEDIES)) expect(LESSON_SLUGS).toContain(remedy.lesson);
    const d = diagnose({ trainLoss: [2.3, 2.3, 2.3], numClasses: 10 });
    expect(d.remedies[0]).toBe(`${d.actions[0].text} (lesson ${d.actions[0].lesson})`);
  });

  it.each([
    [null, "diagnose: input must be a History from train() ({ trainLoss, valLoss?, stepLoss? }), a tf.History from model.fit ({ history: { loss, val_loss? } }) or { trainLoss, valLoss?, stepLoss?, numClasses? }, got null", TypeError],
    [{ trainLoss: [] }, 'diagnose: trainLoss must be non-empty (at least one epoch), got []', RangeError],
    [{ trainLoss: [1, '2'] }, 'diagnose: trainLoss[1] must be a number, got "2"', TypeError],
    [{ trainLoss: [1, -2] }, 'diagnose: trainLoss[1] must be ≥ 0 (a loss; NaN and ±Infinity are accepted), got -2', RangeError],
    [{ trainLoss: [1, 2], valLoss: [1] }, 'diagnose: valLoss.length (1) must be equal to trainLoss.length (2)', RangeError],
    [{ trainLoss: [1, 2], stepLoss: [1] }, 'diagnose: stepLoss.length (1) must be ≥ trainLoss.length (an epoch has at least one step) (2)', RangeError],
    [{ trainLoss: [1], numClasses: 1 }, 'diagnose: numClasses must be an integer ≥ 2, got 1', RangeError],
    [{ trainLoss: [1], numClasses: 2.5 }, 'diagnose: numClasses must be an integer, got 2.5', RangeError],
    [{ loss: [1, 2] }, 'diagnose: unknown field "loss" — did you mean "trainLoss"? (input must be a History from train() ({ trainLoss, valLoss?, stepLoss? }), a tf.History from model.fit ({ history: { loss, val_loss? } }) or { trainLoss, valLoss?, stepLoss?, numClasses? })', TypeError],
    [{ trainLoss: [1, 2], val_loss: [1, 2] }, 'diagnose: unknown field "val_loss" — did you mean "valLoss"?', TypeError],
    [{ history: { acc: [1] } }, 'diagnose: history.loss must be an array of numbers (model.fit records it every epoch), got undefined', TypeError],
    [{ history: { loss: [1, 2], val_loss: [1] } }, 'diagnose: history.val_loss.length (1) must be equal to history.loss.length (2)', RangeError],
  ])('rejects %j', (input, message, type) => {
    expect(() => diagnose(input as never)).toThrow(type);
    expect(() => diagnose(input as never)).toThrow(message);
  });

  it('accepts NaN and ±Infinity (evidence, not errors)', () => {
    expect(diagnose({ trainLoss: [1, Infinity] }).verdict).toBe('diverging');
    expect(diagnose({ trainLoss: [1, 0.5], valLoss: [1, NaN] }).measures.nonFinite).toEqual({ curve: 'validation', index: 1, value: NaN });
  });
});
