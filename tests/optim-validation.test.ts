/**
 * Every validation message of src/optim, one test each: thrown at once, before any tensor exists,
 * with the template `fn: param must be <range>, got <value>` (core/errors.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { addDecayedWeights, addWeightDecay } from '../src/optim/add-decayed-weights';
import { adam } from '../src/optim/adam';
import { adamw } from '../src/optim/adamw';
import { rmsprop } from '../src/optim/rmsprop';
import { scaleByAdam } from '../src/optim/scale-by-adam';
import { scaleByLearningRate } from '../src/optim/scale-by-learning-rate';
import { scaleByRms } from '../src/optim/scale-by-rms';
import { sgd } from '../src/optim/sgd';
import { traceMomentum } from '../src/optim/trace-momentum';
import { chain, type GradientTransformation } from '../src/optim/transform';
import { TransformOptimizer } from '../src/optim/transform-optimizer';

beforeAll(async () => {
  await ready();
});

let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline); // nothing was allocated before the throw
});

type Case = [message: string, kind: typeof TypeError | typeof RangeError, make: () => unknown];
const call = (f: (o: never) => unknown, options: unknown) => () => f(options as never);

const factoryCases: Case[] = [
  // options objects
  ['sgd: options must be an object, got 0.1', TypeError, call(sgd, 0.1)],
  ['adam: options must be an object, got null', TypeError, call(adam, null)],
  ['adamw: unknown option "lr" (valid: learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, fused)', TypeError, call(adamw, { lr: 1e-3 })],
  ['rmsprop: unknown option "weight_decay" (valid: learningRate, alpha, epsilon, momentum, centered, weightDecay, fused)', TypeError, call(rmsprop, { weight_decay: 0.1 })],
  // learning rate
  ['sgd: learningRate must be a number or a Schedule (step => number), got undefined', TypeError, call(sgd, {})],
  ['adam: learningRate must be a number or a Schedule (step => number), got "0.01"', TypeError, call(adam, { learningRate: '0.01' })],
  ['sgd: learningRate must be ≥ 0, got -0.1', RangeError, call(sgd, { learningRate: -0.1 })],
  ['adam: learningRate must be a number, got NaN', TypeError, call(adam, { learningRate: NaN })],
  ['rmsprop: learningRate must be finite, got Infinity', RangeError, call(rmsprop, { learningRate: Infinity })],
  // sgd
  ['sgd: momentum must be in [0, 1), got 1', RangeError, call(sgd, { learningRate: 0.1, momentum: 1 })],
  ['sgd: momentum must be in [0, 1), got -0.9', RangeError, call(sgd, { learningRate: 0.1, momentum: -0.9 })],
  ['sgd: dampening must be in [0, 1], got 1.5', RangeError, call(sgd, { learningRate: 0.1, momentum: 0.9, dampening: 1.5 })],
  ['sgd: nesterov must be a boolean, got "yes"', TypeError, call(sgd, { learningRate: 0.1, momentum: 0.9, nesterov: 'yes' })],
  ['sgd: momentum (0) must be > 0 with nesterov (true)', RangeError, call(sgd, { learningRate: 0.1, nesterov: true })],
  ['sgd: dampening (0.1) must be 0 with nesterov (true)', RangeError, call(sgd, { learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })],
  ['sgd: weightDecay must be ≥ 0, got -0.01', RangeError, call(sgd, { learningRate: 0.1, weightDecay: -0.01 })],
  ['sgd: fused must be a boolean, got 1', TypeError, call(sgd, { learningRate: 0.1, fused: 1 })],
  // adam / adamw
  ['adam: beta1 must be in [0, 1), got 1.2', RangeError, call(adam, { beta1: 1.2 })],
  ['adamw: beta1 must be in [0, 1), got 1.2', RangeError, call(adamw, { beta1: 1.2 })],
  ['adam: beta2 must be in [0, 1), got 1', RangeError, call(adam, { beta2: 1 })],
  ['adamw: beta2 must be a number, got NaN', TypeError, call(adamw, { beta2: NaN })],
  ['adam: epsilon must be ≥ 0, got -1e-8', RangeError, call(adam, { epsilon: -1e-8 })],
  ['adam: weightDecay must be ≥ 0, got -0.1', RangeError, call(adam, { weightDecay: -0.1 })],
  ['adamw: weightDecay must be a number, got "0.01"', TypeError, call(adamw, { weightDecay: '0.01' })],
  ['adamw: amsgrad must be a boolean, got "true"', TypeError, call(adamw, { amsgrad: 'true' })],
  // rmsprop
  ['rmsprop: alpha must be in [0, 1), got 1.5', RangeError, call(rmsprop, { alpha: 1.5 })],
  ['rmsprop: epsilon must be finite, got -Infinity', RangeError, call(rmsprop, { epsilon: -Infinity })],
  ['rmsprop: momentum must be in [0, 1), got 1', RangeError, call(rmsprop, { momentum: 1 })],
  ['rmsprop: centered must be a boolean, got 0', TypeError, call(rmsprop, { centered: 0 })],
  ['rmsprop: weightDecay must be ≥ 0, got -1', RangeError, call(rmsprop, { weightDecay: -1 })],
];

const transformCases: Case[] = [
  ['scaleByAdam: beta1 must be in [0, 1), got -0.1', RangeError, call(scaleByAdam, { beta1: -0.1 })],
  ['scaleByAdam: unknown option "betas" (valid: beta1, beta2, epsilon, amsgrad)', TypeError, call(scaleByAdam, { betas: [0.9, 0.999] })],
  ['scaleByRms: alpha must be in [0, 1), got 1', RangeError, call(scaleByRms, { alpha: 1 })],
  ['traceMomentum: momentum (0) must be > 0 with nesterov (true)', RangeError, call(traceMomentum, { momentum: 0, nesterov: true })],
  ['traceMomentum: dampening (0.5) must be 0 with nesterov (true)', RangeError, call(traceMomentum, { momentum: 0.9, dampening: 0.5, nesterov: true })],
  ['addWeightDecay: weightDecay must be ≥ 0, got -0.5', RangeError, call(addWeightDecay, { weightDecay: -0.5 })],
  ['addDecayedWeights: weightDecay must be a number, got undefined', TypeError, call(addDecayedWeights, {})],
  ['scaleByLearningRate: learningRate must be ≥ 0, got -1', RangeError, call(scaleByLearningRate, -1)],
  ['chain: argument 1 must be a GradientTransformation, got 0.1', TypeError, () => chain(scaleByAdam(), 0.1 as unknown as GradientTransformation)],
  [
    'TransformOptimizer: learningRate must not be null (leave it out to use its default), got null',
    TypeError,
    () => new TransformOptimizer({ name: 'custom', learningRate: null as never, build: (lr) => scaleByLearningRate(lr) }),
  ],
];

describe('options are checked when the optimizer is made', () => {
  it.each(factoryCases)('%s', (message, kind, make) => {
    expect(make).toThrow(kind);
    expect(make).toThrow(message);
    // The whole message, not a prefix of a longer one.
    try {
      make();
    } catch (error) {
      expect((error as Error).message).toBe(message);
    }
  });
});

describe('transformations check their own options', () => {
  it.each(transformCases)('%s', (message, kind, make) => {
    expect(make).toThrow(kind);
    try {
      make();
    } catch (error) {
      expect((error as Error).message).toBe(message);
    }
  });
});

describe('checks at update time', () => {
  let p: tf.Variable;
  let q: tf.Variable;
  beforeEach(() => {
    p = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    q = tf.tidy(() => tf.variable(tf.tensor1d([3])));
    baseline = tf.memory().numTensors;
  });
  afterEach(() => {
    tf.dispose([p, q]);
    baseline = tf.memory().numTensors;
  });
  const step = (o: tf.Optimizer) => tf.tidy(() => o.applyGradients({ [p.name]: tf.ones([2]), [q.name]: tf.ones([1]) }));

  it.each([
    ['adam: learningRate(2) must be ≥ 0, got -0.5', RangeError, (s: number) => (s < 2 ? 0.1 : -0.5)],
    ['adam: learningRate(2) must be a number, got NaN', TypeError, (s: number) => (s < 2 ? 0.1 : NaN)],
    ['adam: learningRate(2) must be finite, got Infinity', RangeError, (s: number) => (s < 2 ? 0.1 : Infinity)],
    ['adam: learningRate(2) must be a number, got undefined', TypeError, (s: number) => (s < 2 ? 0.1 : undefined)],
  ] as const)('a schedule value is checked at its step: %s', (message, kind, schedule) => {
    const optimizer = adam({ learningRate: schedule as (s: number) => number });
    step(optimizer);
    step(optimizer);
    const before = [Array.from(p.dataSync()), Array.from(q.dataSync())];
    const tensors = tf.memory().numTensors;
    expect(() => step(optimizer)).toThrow(kind);
    expect(() => step(optimizer)).toThrow(message);
    // Nothing moved: parameters, state and the step count are as before the failed update.
    expect([Array.from(p.dataSync()), Array.from(q.dataSync())]).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(optimizer.iterations).toBe(2);
    optimizer.dispose();
  });

  it('adam: learningRate must be ≥ 0, got -1 (the setter checks too)', () => {
    const optimizer = adam();
    expect(() => (optimizer.learningRate = -1)).toThrow(new RangeError('adam: learningRate must be ≥ 0, got -1'));
    expect(optimizer.learningRate).toBe(1e-3);
    optimizer.dispose();
  });

  it('sgd.applyGradients: variableGradients must be keyed by variable name, but no variable is named "nope"', () => {
    const optimizer = sgd({ learningRate: 0.1 });
    expect(() => tf.tidy(() => optimizer.applyGradients({ nope: tf.ones([2]) }))).toThrow(
      new RangeError('sgd.applyGradients: variableGradients must be keyed by variable name, but no variable is named "nope"'),
    );
    optimizer.dispose();
  });

  it('rmsprop.applyGradients: the gradient of "<name>" must have its variable\'s shape [2], got shape [3]', () => {
    const optimizer = rmsprop();
    expect(() => tf.tidy(() => optimizer.applyGradients({ [p.name]: tf.ones([3]) }))).toThrow(
      new RangeError(`rmsprop.applyGradients: the gradient of "${p.name}" must have its variable's shape [2], got shape [3]`),
    );
    optimizer.dispose();
  });

  it('adamw.setWeights: weightValues must include the step count "iter"', async () => {
    const optimizer = adamw();
    await expect(optimizer.setWeights([])).rejects.toThrow(
      new TypeError('adamw.setWeights: weightValues must include the step count "iter" (as getWeights returns it), got names []'),
    );
    optimizer.dispose();
  });

  it('adamw.setWeights: each weight name must be "<variable name>/<slot>" with a slot of adamw (m, v)', async () => {
    const optimizer = adamw();
    const iter = tf.scalar(3, 'int32');
    const bad = tf.zeros([2]);
    await expect(optimizer.setWeights([{ name: 'iter', tensor: iter }, { name: `${p.name}/momentum`, tensor: bad }])).rejects.toThrow(
      new RangeError(`adamw.setWeights: each weight name must be "<variable name>/<slot>" with a slot of adamw (m, v), got "${p.name}/momentum"`),
    );
    tf.dispose([iter, bad]);
    optimizer.dispose();
  });

  it('adam.setWeights: "ghost/kernel/m" must name an existing variable (state is matched to variables by name)', async () => {
    const optimizer = adam();
    const iter = tf.scalar(3, 'int32');
    const m = tf.zeros([2]);
    await expect(optimizer.setWeights([{ name: 'iter', tensor: iter }, { name: 'ghost/kernel/m', tensor: m }])).rejects.toThrow(
      new RangeError('adam.setWeights: "ghost/kernel/m" must name an existing variable, but no variable is named "ghost/kernel" (state is matched to variables by name)'),
    );
    tf.dispose([iter, m]);
    optimizer.dispose();
  });

  it('adam.setWeights: "<name>/m" must have its variable\'s shape [2], got shape [3]', async () => {
    const optimizer = adam();
    const iter = tf.scalar(3, 'int32');
    const m = tf.zeros([3]);
    await expect(optimizer.setWeights([{ name: 'iter', tensor: iter }, { name: `${p.name}/m`, tensor: m }])).rejects.toThrow(
      new RangeError(`adam.setWeights: "${p.name}/m" must have its variable's shape [2], got shape [3]`),
    );
    tf.dispose([iter, m]);
    optimizer.dispose();
  });

  it('adam.setWeights: weightValues must include "<name>/v"', async () => {
    const optimizer = adam();
    const iter = tf.scalar(3, 'int32');
    const m = tf.zeros([2]);
    await expect(optimizer.setWeights([{ name: 'iter', tensor: iter }, { name: `${p.name}/m`, tensor: m }])).rejects.toThrow(
      new RangeError(`adam.setWeights: weightValues must include "${p.name}/v" (a variable with state needs every slot adam makes at its first step: m, v)`),
    );
    tf.dispose([iter, m]);
    optimizer.dispose();
  });

  it('sgd.setWeights: "iter" must be an integer ≥ 0, got -1', async () => {
    const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
    const iter = tf.scalar(-1, 'int32');
    await expect(optimizer.setWeights([{ name: 'iter', tensor: iter }])).rejects.toThrow('sgd.setWeights: "iter" must be an integer ≥ 0, got -1');
    iter.dispose();
    optimizer.dispose();
  });
});
