/**
 * The fuzz table: for every export of src/index.ts, how to call it and what its parameters accept
 * (see spec.ts). tests/api-fuzz.test.ts generates the bad inputs from these entries and fails when
 * an export has no entry, so a new export joins here when it is added:
 *
 *   myFunction: [{ fn: 'myFunction', params: [{ name: 'options', spec: options({ rate: positive }),
 *     good: () => ({ rate: 1 }), optional: true }], call: (o) => myFunction(o) }],
 *
 * Tensors a good value needs come from `F` (made once in `makeFixtures`, before any leak count).
 */
import * as tf from '@tensorflow/tfjs';
import * as api from '../../src/index';
import {
  any, anyNumber, arr, normOrder, bool, finite, func, int, nonEmptyStr, nonNegative, num, obj, oneOf, options, positive, rate, str, tensor, unit,
  type Entry, type Spec,
} from './spec';

/** Tensors and a model shared by the entries; made once, before the leak counts start. */
export const F = {} as {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  x3: tf.Tensor2D;
  y3: tf.Tensor2D;
  v: tf.Variable;
  g: tf.Tensor;
  gWrong: tf.Tensor;
  iter: tf.Tensor;
  disposed: tf.Tensor;
  img: tf.Tensor2D;
  x16: tf.Tensor2D;
  y16: tf.Tensor2D;
  zeros2: tf.Tensor1D;
  model: tf.LayersModel;
  flow: api.GradientFlowStats;
};

/** The name of the fixture variable (known before the fixtures exist). */
const V = 'fuzz/v';

export function makeFixtures(): void {
  F.x = tf.tensor2d([[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2], [0, 2], [2, 0]]);
  F.y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2).toFloat() as tf.Tensor2D;
  F.x3 = tf.zeros([8, 3]);
  F.y3 = tf.zeros([3, 2]);
  F.v = tf.variable(tf.zeros([2]), true, V);
  F.g = tf.ones([2]);
  F.gWrong = tf.ones([3]);
  F.iter = tf.scalar(0, 'int32');
  F.img = tf.randomUniform([2, 64], 0, 1, 'float32', 1) as tf.Tensor2D;
  F.zeros2 = tf.zeros([2]);
  F.x16 = tf.concat([F.x, F.x]);
  F.y16 = tf.concat([F.y, F.y]);
  F.disposed = tf.zeros([2]);
  F.disposed.dispose();
  F.model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  tf.dispose(F.model.predict(F.x.slice(0, 1))); // builds it, as training would
  F.flow = api.gradientFlow(F.model, { x: F.x, y: F.y }, { loss: 'softmaxCrossEntropy' });
}

/** Things that hold state and must be freed after a control. */
const freeOptimizer = (o: unknown) => (o as tf.Optimizer).dispose();

const chart = {
  title: str, xTitle: str, yTitle: str, logY: bool, width: positive, height: positive, points: bool, integerX: bool,
};
const sgdFields = { learningRate: rate, momentum: unit(), dampening: unit(true), nesterov: bool, weightDecay: nonNegative, fused: bool };
const adamFields = { learningRate: rate, beta1: unit(), beta2: unit(), epsilon: nonNegative, weightDecay: nonNegative, amsgrad: bool, fused: bool };
const rmspropFields = { learningRate: rate, alpha: unit(), epsilon: nonNegative, momentum: unit(), centered: bool, weightDecay: nonNegative, fused: bool };
const plateauFields = {
  initialLr: nonNegative, mode: oneOf('min', 'max'), factor: unit(), patience: int(0), threshold: nonNegative,
  thresholdMode: oneOf('rel', 'abs'), cooldown: int(0), minLr: nonNegative, eps: nonNegative,
};
const trainFields: Record<string, Spec> = {
  optimizer: obj, loss: oneOf('softmaxCrossEntropy', 'meanSquaredError'), epochs: int(1), batchSize: int(1), validationData: obj,
  metrics: arr, learningRate: rate, callbacks: arr, seed: int(0), shuffle: bool, progress: oneOf('none', 'auto'), nonFiniteLoss: oneOf('throw', 'stop'),
  checkpoint: options({ dir: nonEmptyStr, everyEpochs: int(1) }), resume: nonEmptyStr,
};
const lrFinderFields: Record<string, Spec> = {
  optimizer: obj, loss: oneOf('softmaxCrossEntropy'), minLr: positive, maxLr: positive, numSteps: int(2), batchSize: int(1),
  beta: unit(), divergenceFactor: positive, stopOnDivergence: bool, rule: oneOf('valley', 'steepest'), seed: int(0), shuffle: bool, progress: oneOf('none'),
};

const data = () => ({ x: F.x, y: F.y });
const model = () => F.model;
const quietTrain = () => ({ optimizer: api.sgd({ learningRate: 0 }), loss: 'softmaxCrossEntropy', epochs: 1, batchSize: 4, progress: 'none' });

/** An options-only entry: `fn(options)`, with `good` options (optional when `optional`). */
function single(fn: string, call: (o: never) => unknown, fields: Record<string, Spec>, good: () => object, optional = false, release?: Entry['release'], name = 'options'): Entry {
  return { fn, params: [{ name, spec: options(fields), good, optional }], call, release };
}

/** A schedule factory and the schedule it returns (called with a bad step). */
function schedule(fn: string, make: (o: never) => api.Schedule, fields: Record<string, Spec>, good: () => object): Entry[] {
  return [
    single(fn, make, fields, good),
    { fn, params: [{ name: 'step', spec: int(0), good: () => 3 }], call: (step: number) => make(good() as never)(step) },
  ];
}

const step = (s: number) => s;

const GYM_FIELDS: Record<string, Spec> = {
  trainSize: int(10, 1438), standardize: bool, shuffleLabels: bool, hidden: arr, activation: oneOf('relu', 'tanh'),
  initStd: { kind: 'number', min: 0, minOpen: true, nullable: true }, hiddenBias: finite, dropout: unit(), softmaxOutput: bool,
  loss: oneOf('softmaxCrossEntropy'), optimizer: oneOf('sgd', 'adam'), learningRate: positive, momentum: unit(), weightDecay: nonNegative,
  clipGradNorm: { kind: 'number', min: 0, minOpen: true, nullable: true }, epochs: int(1, 100), batchSize: int(1), // a batch larger than the data is one batch, as in train()
};

export const FUZZ_TABLE: Record<string, Entry[]> = {
  // ── backend ──
  ready: [{ fn: 'ready', params: [], call: () => api.ready() }],
  selectBackend: [single('selectBackend', (o) => api.selectBackend(o), { env: obj, loaders: obj }, () => ({ env: { TRAINLAB_BACKEND: tf.getBackend() } }), true)],
  Random: [
    { fn: 'Random', params: [{ name: 'seed', spec: int(0), good: () => 1 }], call: (s: number) => new api.Random(s) },
    { fn: 'Random.int', params: [{ name: 'n', spec: int(1), good: () => 5 }], call: (n: number) => new api.Random(0).int(n) },
    { fn: 'Random.permutation', params: [{ name: 'n', spec: int(0, 2 ** 32 - 1), good: () => 5 }], call: (n: number) => new api.Random(0).permutation(n) },
  ],

  // ── plots ──
  lineChart: [single('lineChart', (o) => api.lineChart(o), { ...chart, series: arr, logX: bool }, () => ({ series: [{ name: 'a', values: [1, 2] }] }))],
  lossCurves: [{
    fn: 'lossCurves',
    params: [
      { name: 'history', spec: obj, good: () => ({ trainLoss: [1, 0.5] }) },
      { name: 'options', spec: options({ ...chart, x: oneOf('epoch', 'step'), start: finite }), good: () => ({}), optional: true },
    ],
    call: (h: never, o: never) => api.lossCurves(h, o),
  }],
  schedulePlot: [{
    fn: 'schedulePlot',
    params: [
      { name: 'schedules', spec: func, good: () => api.constantLr(0.1) },
      { name: 'options', spec: options({ ...chart, steps: int(1), maxPoints: int(2) }), good: () => ({ steps: 10 }) },
    ],
    call: (s: never, o: never) => api.schedulePlot(s, o),
  }],
  learningRatePlot: [{
    fn: 'learningRatePlot',
    params: [
      { name: 'history', spec: obj, good: () => ({ learningRate: [0.1, 0.05] }) },
      { name: 'options', spec: options({ ...chart, maxPoints: int(2) }), good: () => ({}), optional: true },
    ],
    call: (h: never, o: never) => api.learningRatePlot(h, o),
  }],
  lrFinderPlot: [{
    fn: 'lrFinderPlot',
    params: [
      { name: 'result', spec: obj, good: () => ({ learningRates: [1e-3, 1e-2, 1e-1], losses: [1, 0.5, 2], smoothedLosses: [1, 0.7, 1.2] }) },
      { name: 'options', spec: options({ title: str, xTitle: str, yTitle: str, logY: bool, width: positive, height: positive, points: bool, raw: bool }), good: () => ({}), optional: true },
    ],
    call: (r: never, o: never) => api.lrFinderPlot(r, o),
  }],
  optimizerPathsPlot: [single(
    'optimizerPathsPlot',
    (o) => api.optimizerPathsPlot(o),
    { title: str, xTitle: str, yTitle: str, width: positive, height: positive, loss: func, xRange: arr, yRange: arr, paths: arr, levels: arr, levelCount: int(1), logLevels: bool, resolution: int(2), minimum: obj, points: bool },
    () => ({ loss: (x: number, y: number) => x * x + y * y, xRange: [-1, 1], yRange: [-1, 1], paths: [{ name: 'a', points: [{ x: 0.5, y: 0.5 }, { x: 0, y: 0 }] }], resolution: 10 }),
  )],
  toSVG: [{
    fn: 'toSVG',
    params: [{ name: 'spec', spec: obj, good: () => api.lineChart({ series: [{ name: 'a', values: [1, 2] }] }) }],
    call: (s: never) => api.toSVG(s),
    extraBad: [{ what: 'spec with an unknown mark', args: () => [{ mark: 'nonsense', data: { values: [] } }], mentions: ['spec'] }],
  }],
  displayBundle: [{
    fn: 'displayBundle',
    params: [{ name: 'spec', spec: obj, good: () => api.lineChart({ series: [{ name: 'a', values: [1, 2] }] }) }],
    call: (s: never) => api.displayBundle(s),
    extraBad: [{ what: 'spec with an unknown mark', args: () => [{ mark: 'nonsense', data: { values: [] } }], mentions: ['spec'] }],
  }],
  describeSpec: [{ fn: 'describeSpec', params: [{ name: 'spec', spec: obj, good: () => api.lineChart({ series: [{ name: 'a', values: [1, 2] }] }) }], call: (s: never) => api.describeSpec(s) }],
  show: [{
    fn: 'show',
    params: [
      { name: 'spec', spec: obj, good: () => api.lineChart({ series: [{ name: 'a', values: [1, 2] }] }) },
      { name: 'options', spec: options({ writer: func }), good: () => ({ writer: () => {} }), optional: true },
    ],
    call: (s: never, o: never) => api.show(s, o),
    extraBad: [{ what: 'spec with an unknown mark', args: () => [{ mark: 'nonsense', data: { values: [] } }, { writer: () => {} }], mentions: ['spec'] }],
  }],
  liveChart: [single('liveChart', (o) => api.liveChart(o), { intervalMs: nonNegative, writer: func, bundle: func }, () => ({ writer: () => {} }), true, (c) => void (c as api.LiveChart).close())],
  inNotebook: [{ fn: 'inNotebook', params: [], call: () => api.inNotebook() }],
  kernelWriter: [{ fn: 'kernelWriter', params: [], call: () => api.kernelWriter() }],
  claim: [{
    fn: 'claim',
    params: [
      { name: 'what', spec: nonEmptyStr, good: () => 'accuracy' },
      { name: 'value', spec: any, good: () => 0.9 },
      { name: 'rule', spec: options({ atLeast: finite }), good: () => ({ atLeast: 0.5 }) },
    ],
    call: (w: never, v: never, r: never) => api.claim(w, v, r),
  }],

  // ── schedules ──
  constantLr: [
    { fn: 'constantLr', params: [{ name: 'value', spec: nonNegative, good: () => 0.1 }], call: (v: number) => api.constantLr(v) },
    { fn: 'constantLr', params: [{ name: 'step', spec: int(0), good: () => 3 }], call: (s: number) => api.constantLr(0.1)(s) },
  ],
  stepLr: schedule('stepLr', (o) => api.stepLr(o), { initialLr: nonNegative, stepSize: int(1), gamma: positive }, () => ({ initialLr: 0.1, stepSize: 2 })),
  multiStepLr: schedule('multiStepLr', (o) => api.multiStepLr(o), { initialLr: nonNegative, milestones: arr, gamma: positive }, () => ({ initialLr: 0.1, milestones: [2, 4] })),
  exponentialLr: schedule('exponentialLr', (o) => api.exponentialLr(o), { initialLr: nonNegative, gamma: positive }, () => ({ initialLr: 0.1, gamma: 0.9 })),
  cosineAnnealingLr: schedule('cosineAnnealingLr', (o) => api.cosineAnnealingLr(o), { initialLr: nonNegative, tMax: positive, etaMin: nonNegative }, () => ({ initialLr: 0.1, tMax: 10 })),
  cosineWarmRestarts: schedule('cosineWarmRestarts', (o) => api.cosineWarmRestarts(o), { initialLr: nonNegative, t0: int(1), tMult: int(1), etaMin: nonNegative }, () => ({ initialLr: 0.1, t0: 5 })),
  linearLr: schedule('linearLr', (o) => api.linearLr(o), { initialLr: nonNegative, startFactor: num({ min: 0, minOpen: true, max: 1 }), endFactor: unit(true), totalIters: int(1) }, () => ({ initialLr: 0.1 })),
  polynomialLr: schedule('polynomialLr', (o) => api.polynomialLr(o), { initialLr: nonNegative, totalIters: int(1), power: nonNegative }, () => ({ initialLr: 0.1 })),
  oneCycleLr: schedule('oneCycleLr', (o) => api.oneCycleLr(o), {
    maxLr: nonNegative, totalSteps: int(1), pctStart: unit(true), annealStrategy: oneOf('cos', 'linear'), divFactor: positive, finalDivFactor: positive, threePhase: bool,
  }, () => ({ maxLr: 0.1, totalSteps: 20 })),
  oneCycleMomentum: schedule('oneCycleMomentum', (o) => api.oneCycleMomentum(o), {
    totalSteps: int(1), pctStart: unit(true), annealStrategy: oneOf('cos', 'linear'), baseMomentum: unit(), maxMomentum: unit(), threePhase: bool,
  }, () => ({ totalSteps: 20 })),
  warmupCosine: schedule('warmupCosine', (o) => api.warmupCosine(o), { initLr: nonNegative, peakLr: nonNegative, warmupSteps: int(0), decaySteps: int(0), endLr: nonNegative }, () => ({ peakLr: 0.1, warmupSteps: 2, decaySteps: 10 })),
  sequentialLr: [
    {
      fn: 'sequentialLr',
      params: [
        { name: 'schedules', spec: arr, good: () => [api.constantLr(0.1), api.constantLr(0.01)] },
        { name: 'milestones', spec: arr, good: () => [5] },
      ],
      call: (s: never, m: never) => api.sequentialLr(s, m),
      extraBad: [{ what: 'one milestone too many', args: () => [[api.constantLr(0.1)], [5]], mentions: ['milestones'] }],
    },
    { fn: 'sequentialLr', params: [{ name: 'step', spec: int(0), good: () => 3 }], call: (s: number) => api.sequentialLr([api.constantLr(0.1)], [])(s) },
  ],
  ReduceLROnPlateau: [
    single('ReduceLROnPlateau', (o) => new api.ReduceLROnPlateau(o), plateauFields, () => ({ initialLr: 0.1 })),
    { fn: 'ReduceLROnPlateau.step', params: [{ name: 'metric', spec: finite, good: () => 1 }], call: (m: number) => new api.ReduceLROnPlateau({ initialLr: 0.1 }).step(m) },
    single(
      'ReduceLROnPlateau.loadState',
      (s) => new api.ReduceLROnPlateau({ initialLr: 0.1 }).loadState(s),
      { lr: nonNegative, best: num({ nullable: true }), numBadEpochs: int(0), cooldownCounter: int(0), lastEpoch: int(0) },
      () => ({ lr: 0.1, best: 1, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 3 }),
      false, undefined, 'state',
    ),
  ],

  // ── data ──
  loadDigits: [single('loadDigits', (o) => api.loadDigits(o), {
    validationFraction: unit(), testFraction: unit(), seed: int(0), stratify: bool, standardize: bool, trainSize: int(1), path: nonEmptyStr,
  }, () => ({ trainSize: 50 }), true)],
  twoSpirals: [single('twoSpirals', (o) => api.twoSpirals(o), { n: int(1), noise: nonNegative, turns: positive, seed: int(0) }, () => ({ n: 10 }), true)],
  moons: [single('moons', (o) => api.moons(o), { n: int(1), noise: nonNegative, seed: int(0) }, () => ({ n: 10 }), true)],
  blobs: [single('blobs', (o) => api.blobs(o), { n: int(1), centers: int(1), std: nonNegative, dim: int(1), seed: int(0) }, () => ({ n: 10 }), true)],
  regression1d: [single('regression1d', (o) => api.regression1d(o), { n: int(1), noise: nonNegative, fn: func, xRange: arr, seed: int(0) }, () => ({ n: 10 }), true)],
  defaultRegressionFn: [{ fn: 'defaultRegressionFn', params: [{ name: 'x', spec: finite, good: () => 0.5 }], call: (x: number) => api.defaultRegressionFn(x) }],
  trainValSplit: [{
    fn: 'trainValSplit',
    params: [
      { name: 'labels', spec: arr, good: () => [0, 1, 0, 1, 0, 1] },
      { name: 'options', spec: options({ validationFraction: unit(), seed: int(0), stratify: bool }), good: () => ({ validationFraction: 0.5 }), optional: true },
    ],
    call: (l: never, o: never) => api.trainValSplit(l, o),
  }],
  fitStandardizer: [{ fn: 'fitStandardizer', params: [{ name: 'x', spec: tensor, good: () => F.x }], call: (x: never) => api.fitStandardizer(x),
    extraBad: [{ what: 'a disposed tensor', args: () => [F.disposed], mentions: ['x'] }] }],
  standardize: [{
    fn: 'standardize',
    params: [
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'stats', spec: obj, good: () => ({ mean: [0, 0], std: [1, 1] }) },
    ],
    call: (x: never, s: never) => api.standardize(x, s),
    extraBad: [
      { what: 'a NaN mean', args: () => [F.x, { mean: [NaN, 0], std: [1, 1] }], mentions: ['mean[0]', 'NaN'] },
      { what: 'an infinite mean', args: () => [F.x, { mean: [0, Infinity], std: [1, 1] }], mentions: ['mean[1]', 'Infinity'] },
      { what: 'mean not an array', args: () => [F.x, { mean: 3, std: [1, 1] }], mentions: ['mean'] },
      { what: 'a zero std', args: () => [F.x, { mean: [0, 0], std: [0, 1] }], mentions: ['std[0]'] },
      { what: 'too few features', args: () => [F.x3, { mean: [0, 0], std: [1, 1] }], mentions: ['x.shape[1]'] },
      { what: 'an unknown stats field', args: () => [F.x, { mean: [0, 0], std: [1, 1], sd: [1, 1] }], mentions: ['sd'] },
    ],
  }],
  batches: [{
    fn: 'batches',
    params: [
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'y', spec: tensor, good: () => F.y },
      { name: 'options', spec: options({ batchSize: int(1), shuffle: bool, seed: int(0), epoch: int(0), dropLast: bool }), good: () => ({ batchSize: 4 }) },
    ],
    call: (x: never, y: never, o: never) => api.batches(x, y, o),
    extraBad: [{ what: 'rows differ', args: () => [F.x, F.y3, { batchSize: 2 }], mentions: ['shape[0]'] }],
  }],
  batchCount: [{
    fn: 'batchCount',
    params: [
      { name: 'n', spec: int(0), good: () => 10 },
      { name: 'options', spec: options({ batchSize: int(1), dropLast: bool }), good: () => ({ batchSize: 3 }) },
    ],
    call: (n: number, o: never) => api.batchCount(n, o),
  }],

  // ── training ──
  train: [{
    fn: 'train',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'data', spec: obj, good: data },
      { name: 'options', spec: options(trainFields), good: quietTrain },
    ],
    call: (m: never, d: never, o: never) => api.train(m, d, o),
    extraBad: [
      { what: 'data.x is disposed', args: () => [F.model, { x: F.disposed, y: F.y }, quietTrain()], mentions: ['data.x'] },
      { what: 'x does not fit the model', args: () => [F.model, { x: F.x3, y: F.y }, quietTrain()], mentions: ['data.x'] },
    ],
  }],
  fitCallback: [{ fn: 'fitCallback', params: [{ name: 'callback', spec: obj, good: () => ({ onEpochEnd: () => {} }) }], call: (c: never) => api.fitCallback(c) }],
  setLearningRate: [{
    fn: 'setLearningRate',
    params: [
      { name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) },
      { name: 'lr', spec: nonNegative, good: () => 0.05 },
    ],
    call: (o: tf.Optimizer, lr: number) => { try { api.setLearningRate(o, lr); } finally { o?.dispose?.(); } },
  }],
  getLearningRate: [{ fn: 'getLearningRate', params: [{ name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) }],
    call: (o: tf.Optimizer) => { try { return api.getLearningRate(o); } finally { o?.dispose?.(); } } }],
  canSetLearningRate: [{ fn: 'canSetLearningRate', params: [{ name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) }],
    call: (o: tf.Optimizer) => { try { return api.canSetLearningRate(o); } finally { o?.dispose?.(); } } }],
  scheduleCallback: [{ fn: 'scheduleCallback', params: [{ name: 'schedule', spec: func, good: () => step }], call: (s: never) => api.scheduleCallback(s) }],
  reduceLrOnPlateau: [single('reduceLrOnPlateau', (o) => api.reduceLrOnPlateau(o), { monitor: nonEmptyStr, ...plateauFields }, () => ({ patience: 2 }), true)],
  earlyStopping: [single('earlyStopping', (o) => api.earlyStopping(o), {
    monitor: nonEmptyStr, mode: oneOf('auto', 'min', 'max'), patience: int(0), minDelta: nonNegative, baseline: finite, restoreBestWeights: bool,
  }, () => ({ patience: 2 }), true)],
  lrFinder: [{
    fn: 'lrFinder',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'data', spec: obj, good: data },
      { name: 'options', spec: options(lrFinderFields), good: () => ({ optimizer: api.sgd({ learningRate: 0 }), loss: 'softmaxCrossEntropy', numSteps: 3, batchSize: 4 }) },
    ],
    call: (m: never, d: never, o: never) => api.lrFinder(m, d, o),
    extraBad: [{ what: 'minLr above maxLr', args: () => [F.model, data(), { optimizer: api.sgd({ learningRate: 0 }), loss: 'softmaxCrossEntropy', minLr: 1, maxLr: 0.1 }], mentions: ['minLr', 'maxLr'] }],
  }],
  sweepRates: [{
    fn: 'sweepRates',
    params: [
      { name: 'minLr', spec: positive, good: () => 1e-4 },
      { name: 'maxLr', spec: positive, good: () => 1 },
      { name: 'numSteps', spec: int(2), good: () => 5 },
    ],
    call: (a: number, b: number, n: number) => api.sweepRates(a, b, n),
    extraBad: [{ what: 'minLr above maxLr', args: () => [1, 0.1, 5], mentions: ['minLr', 'maxLr'] }],
  }],
  suggestLearningRate: [{
    fn: 'suggestLearningRate',
    params: [
      { name: 'learningRates', spec: arr, good: () => Array.from({ length: 30 }, (_, i) => 1e-4 * 1.5 ** i) },
      { name: 'smoothedLosses', spec: arr, good: () => Array.from({ length: 30 }, (_, i) => 2 - Math.sin(i / 10)) },
      { name: 'rule', spec: oneOf('valley', 'steepest', 'minimum/10'), good: () => 'valley', optional: true },
    ],
    call: (l: never, s: never, r: never) => api.suggestLearningRate(l, s, r),
    extraBad: [{ what: 'lengths differ', args: () => [[1e-3, 1e-2, 1e-1], [1, 2]], mentions: ['smoothedLosses'] }],
  }],

  // ── optimizers and transformations ──
  sgd: [single('sgd', (o) => api.sgd(o), sgdFields, () => ({ learningRate: 0.1 }), false, freeOptimizer)],
  SGD: [single('sgd', (o) => new api.SGD(o), sgdFields, () => ({ learningRate: 0.1 }), false, freeOptimizer)],
  adam: [single('adam', (o) => api.adam(o), adamFields, () => ({}), true, freeOptimizer)],
  Adam: [single('adam', (o) => new api.Adam(o), adamFields, () => ({}), true, freeOptimizer)],
  adamw: [single('adamw', (o) => api.adamw(o), adamFields, () => ({}), true, freeOptimizer)],
  AdamW: [single('adamw', (o) => new api.AdamW(o), adamFields, () => ({}), true, freeOptimizer)],
  rmsprop: [single('rmsprop', (o) => api.rmsprop(o), rmspropFields, () => ({}), true, freeOptimizer)],
  RMSprop: [single('rmsprop', (o) => new api.RMSprop(o), rmspropFields, () => ({}), true, freeOptimizer)],
  TransformOptimizer: [
    single('TransformOptimizer', (c) => new api.TransformOptimizer(c), { name: nonEmptyStr, learningRate: rate, build: func, fused: bool },
      () => ({ name: 'custom', learningRate: 0.1, build: (lr: api.Schedule) => api.scaleByLearningRate(lr) }), false, freeOptimizer, 'config'),
    {
      fn: 'sgd.applyGradients',
      params: [{ name: 'variableGradients', spec: obj, good: () => ({ [F.v.name]: F.g }) }],
      call: (g: never) => withOptimizer(api.sgd({ learningRate: 0 }), (o) => o.applyGradients(g)),
      extraBad: [
        { what: 'an unknown variable', args: () => [{ 'no/such/variable': F.g }], mentions: ['no/such/variable'] },
        { what: 'a gradient of the wrong shape', args: () => [{ [F.v.name]: F.gWrong }], mentions: [V, '[3]', '[2]'] },
        { what: 'a gradient that is not a tensor', args: () => [{ [F.v.name]: [1, 1] }], mentions: [V] },
        { what: 'a pair list with a bad entry', args: () => [[{ name: F.v.name, tensor: 5 }]], mentions: [V] },
      ],
    },
    {
      fn: 'adam.setWeights',
      params: [{ name: 'weightValues', spec: arr, good: () => [{ name: 'iter', tensor: F.iter }] }],
      call: (w: never) => withOptimizer(api.adam(), (o) => o.setWeights(w)),
      extraBad: [
        { what: 'no iter', args: () => [[]], mentions: ['iter'] },
        { what: 'an unknown variable', args: () => [[{ name: 'iter', tensor: F.iter }, { name: 'no/such/m', tensor: F.g }]], mentions: ['no/such'] },
        { what: 'a state of the wrong shape', args: () => [[{ name: 'iter', tensor: F.iter }, { name: `${F.v.name}/m`, tensor: F.gWrong }, { name: `${F.v.name}/v`, tensor: F.g }]], mentions: [`${V}/m`, '[3]'] },
        { what: 'an unknown slot', args: () => [[{ name: 'iter', tensor: F.iter }, { name: `${F.v.name}/q`, tensor: F.g }]], mentions: [`${V}/q`] },
        { what: 'a missing slot', args: () => [[{ name: 'iter', tensor: F.iter }, { name: `${F.v.name}/m`, tensor: F.g }]], mentions: [`${V}/v`] },
        { what: 'an entry that is not { name, tensor }', args: () => [[{ name: 'iter', tensor: F.iter }, 5]], mentions: ['weightValues[1]'] },
      ],
    },
  ],
  chain: [{ fn: 'chain', params: [{ name: 'argument 0', spec: obj, good: () => api.scaleByAdam() }], call: (t: never) => api.chain(t) }],
  mapTensors: [{
    fn: 'mapTensors',
    params: [
      { name: 'tensors', spec: obj, good: () => ({ a: F.g }) },
      { name: 'f', spec: func, good: () => (x: tf.Tensor) => x },
    ],
    call: (t: never, f: never) => api.mapTensors(t, f),
    release: () => {},
  }],
  addWeightDecay: [single('addWeightDecay', (o) => api.addWeightDecay(o), { weightDecay: nonNegative }, () => ({ weightDecay: 0.1 }))],
  addDecayedWeights: [single('addDecayedWeights', (o) => api.addDecayedWeights(o), { weightDecay: nonNegative }, () => ({ weightDecay: 0.1 }))],
  traceMomentum: [single('traceMomentum', (o) => api.traceMomentum(o), { momentum: unit(), dampening: unit(true), nesterov: bool }, () => ({ momentum: 0.9 }))],
  scaleByAdam: [single('scaleByAdam', (o) => api.scaleByAdam(o), { beta1: unit(), beta2: unit(), epsilon: nonNegative, amsgrad: bool }, () => ({}), true)],
  scaleByRms: [single('scaleByRms', (o) => api.scaleByRms(o), { alpha: unit(), epsilon: nonNegative, centered: bool }, () => ({}), true)],
  scaleByLearningRate: [{ fn: 'scaleByLearningRate', params: [{ name: 'learningRate', spec: rate, good: () => 0.1 }], call: (lr: never) => api.scaleByLearningRate(lr) }],
};

// Layers: only their own arguments are fuzzed; tfjs's LayerArgs (name, inputShape, …) go to tf.layers.Layer as they are.
const layerArgs = {};
const freeLayer = () => {}; // an unbuilt layer holds no tensor (and tfjs refuses to dispose it)
const freeTensors = (result: unknown) => tf.dispose(Object.values(result as Record<string, tf.Tensor>).filter((t) => t instanceof tf.Tensor));
const bits = int(0, 2 ** 32 - 1);
const LOSSES = oneOf('softmaxCrossEntropy', 'meanSquaredError');

/** Entries for the exports the nn, clipping, accumulation, precision and diagnosis work added. */
Object.assign(FUZZ_TABLE, {
  // ── fast kernels ──
  installFastMatMul: [{ fn: 'installFastMatMul', params: [{ name: 'backendName', spec: nonEmptyStr, good: () => 'cpu' }], call: (b: never) => api.installFastMatMul(b) }],
  uninstallFastMatMul: [{ fn: 'uninstallFastMatMul', params: [{ name: 'backendName', spec: nonEmptyStr, good: () => 'cpu' }], call: (b: never) => api.uninstallFastMatMul(b) }],
  fastMatMulInstalled: [{ fn: 'fastMatMulInstalled', params: [{ name: 'backendName', spec: nonEmptyStr, good: () => 'cpu' }], call: (b: never) => api.fastMatMulInstalled(b) }],

  // ── augmentation ──
  randomShift: [{
    fn: 'randomShift',
    params: [
      { name: 'x', spec: tensor, good: () => F.img },
      { name: 'options', spec: options({ maxShift: int(0), seed: int(0), height: int(1), width: int(1), fill: finite }), good: () => ({ seed: 0 }) },
    ],
    call: (x: never, o: never) => api.randomShift(x, o),
  }],
  augmentDigits: [single('augmentDigits', (o) => api.augmentDigits(o), { maxShift: int(0), noise: nonNegative, seed: int(0), standardizer: { kind: 'object', nullable: true } }, () => ({ seed: 1 }), true, () => {})],

  // ── clipping and accumulation ──
  clipGradNorm: [{
    fn: 'clipGradNorm',
    params: [
      { name: 'grads', spec: obj, good: () => ({ a: F.g }) },
      { name: 'maxNorm', spec: positive, good: () => 1 },
      { name: 'normType', spec: normOrder, good: () => 2, optional: true },
      { name: 'options', spec: options({ errorIfNonfinite: bool }), good: () => ({}), optional: true },
    ],
    call: (g: never, m: number, p: never, o: never) => api.clipGradNorm(g, m, p, o),
    release: (r) => tf.dispose(Object.values((r as { grads: api.NamedTensorMap }).grads)),
  }],
  clipGradValue: [{
    fn: 'clipGradValue',
    params: [
      { name: 'grads', spec: obj, good: () => ({ a: F.g }) },
      { name: 'clipValue', spec: positive, good: () => 0.5 },
    ],
    call: (g: never, c: number) => api.clipGradValue(g, c),
    release: freeTensors,
  }],
  globalNorm: [{
    fn: 'globalNorm',
    params: [
      { name: 'tensors', spec: arr, good: () => [F.g] },
      { name: 'p', spec: normOrder, good: () => 2 },
    ],
    call: (t: never, p: number) => api.globalNorm(t, p),
  }],
  clipByGlobalNorm: [single('clipByGlobalNorm', (o) => api.clipByGlobalNorm(o), { maxNorm: positive, normType: normOrder }, () => ({ maxNorm: 1 }))],
  clipByValue: [single('clipByValue', (o) => api.clipByValue(o), { clipValue: positive }, () => ({ clipValue: 1 }))],
  withClipping: [{
    fn: 'withClipping',
    params: [
      { name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) },
      { name: 'options', spec: options({ maxNorm: positive, normType: normOrder, clipValue: positive }), good: () => ({ maxNorm: 1 }) },
    ],
    call: (o: never, c: never) => api.withClipping(o, c),
    release: freeOptimizer,
  }],
  ClippingOptimizer: [{
    fn: 'withClipping',
    params: [
      { name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) },
      { name: 'options', spec: options({ maxNorm: positive, normType: normOrder, clipValue: positive }), good: () => ({ clipValue: 1 }) },
    ],
    call: (o: never, c: never) => new api.ClippingOptimizer(o, c),
    release: freeOptimizer,
  }],
  withAccumulation: [{
    fn: 'withAccumulation',
    params: [
      { name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) },
      { name: 'options', spec: options({ steps: int(1), average: bool }), good: () => ({ steps: 2 }) },
    ],
    call: (o: never, c: never) => api.withAccumulation(o, c),
    release: freeOptimizer,
  }],
  AccumulatingOptimizer: [{
    fn: 'withAccumulation',
    params: [
      { name: 'optimizer', spec: obj, good: () => api.sgd({ learningRate: 0.1 }) },
      { name: 'options', spec: options({ steps: int(1), average: bool }), good: () => ({ steps: 2 }) },
    ],
    call: (o: never, c: never) => new api.AccumulatingOptimizer(o, c),
    release: freeOptimizer,
  }],

  // ── diagnosis and sanity checks ──
  diagnose: [{ fn: 'diagnose', params: [{ name: 'input', spec: obj, good: () => ({ trainLoss: [1, 0.6, 0.4, 0.3] }) }], call: (i: never) => api.diagnose(i) }],
  softmaxFloor: [{ fn: 'softmaxFloor', params: [{ name: 'numClasses', spec: int(2), good: () => 10 }], call: (n: number) => api.softmaxFloor(n) }],
  remedySentence: [{ fn: 'remedySentence', params: [{ name: 'remedy', spec: obj, good: () => Object.values(api.REMEDIES)[0] }], call: (r: never) => api.remedySentence(r) }],
  checkFiniteValues: [{ fn: 'checkFiniteValues', params: [{ name: 'x', spec: tensor, good: () => F.x }], call: (x: never) => api.checkFiniteValues(x) }],
  checkConstantFeatures: [{ fn: 'checkConstantFeatures', params: [{ name: 'x', spec: tensor, good: () => F.x }], call: (x: never) => api.checkConstantFeatures(x) }],
  checkFeatureScale: [{ fn: 'checkFeatureScale', params: [{ name: 'x', spec: tensor, good: () => F.x }], call: (x: never) => api.checkFeatureScale(x) }],
  checkSplitOverlap: [{
    fn: 'checkSplitOverlap',
    params: [{ name: 'xTrain', spec: tensor, good: () => F.x }, { name: 'xVal', spec: tensor, good: () => F.x }],
    call: (a: never, b: never) => api.checkSplitOverlap(a, b),
  }],
  checkLabelBalance: [{
    fn: 'checkLabelBalance',
    params: [
      { name: 'y', spec: obj, good: () => F.y },
      { name: 'options', spec: options({ minRatio: unit(true) }), good: () => ({}), optional: true },
    ],
    call: (y: never, o: never) => api.checkLabelBalance(y, o),
  }],
  checkData: [{ fn: 'checkData', params: [{ name: 'data', spec: options({ x: tensor, y: obj, xVal: tensor }), good: () => ({ x: F.x, y: F.y }) }], call: (d: never) => api.checkData(d) }],
  checkInitialLoss: [{
    fn: 'checkInitialLoss',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'y', spec: tensor, good: () => F.y },
      { name: 'options', spec: options({ loss: LOSSES, tolerance: unit(true) }), good: () => ({}), optional: true },
    ],
    call: (m: never, x: never, y: never, o: never) => api.checkInitialLoss(m, x, y, o),
  }],
  checkOverfitBatch: [{
    fn: 'checkOverfitBatch',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'x', spec: tensor, good: () => F.x16 },
      { name: 'y', spec: tensor, good: () => F.y16 },
      { name: 'options', spec: options({ loss: LOSSES, batchSize: int(1), steps: int(1), maxLoss: positive, learningRate: positive }), good: () => ({ steps: 2, batchSize: 8 }), optional: true },
    ],
    call: (m: never, x: never, y: never, o: never) => api.checkOverfitBatch(m, x, y, o),
    controls: [() => [F.model, F.x, F.y, { steps: 1, batchSize: 4, loss: 'softmaxCrossEntropy' }]],
  }],
  checkLossMatchesOutput: [{
    fn: 'checkLossMatchesOutput',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'loss', spec: LOSSES, good: () => 'softmaxCrossEntropy', optional: true },
    ],
    call: (m: never, x: never, l: never) => api.checkLossMatchesOutput(m, x, l),
  }],

  // ── precision ──
  toFloat16: [{ fn: 'toFloat16', params: [{ name: 'x', spec: tensor, good: () => F.x }], call: (x: never) => api.toFloat16(x) }],
  toBFloat16: [{ fn: 'toBFloat16', params: [{ name: 'x', spec: tensor, good: () => F.x }], call: (x: never) => api.toBFloat16(x) }],
  roundToFloat16: [{ fn: 'roundToFloat16', params: [{ name: 'x', spec: anyNumber, good: () => 0.1 }], call: (x: number) => api.roundToFloat16(x) }],
  roundToBFloat16: [{ fn: 'roundToBFloat16', params: [{ name: 'x', spec: anyNumber, good: () => 0.1 }], call: (x: number) => api.roundToBFloat16(x) }],
  float32Bits: [{ fn: 'float32Bits', params: [{ name: 'x', spec: anyNumber, good: () => 0.1 }], call: (x: number) => api.float32Bits(x) }],
  float32FromBits: [{ fn: 'float32FromBits', params: [{ name: 'bits', spec: bits, good: () => 0x3f800000 }], call: (b: number) => api.float32FromBits(b) }],
  float16BitsFromFloat32Bits: [{ fn: 'float16BitsFromFloat32Bits', params: [{ name: 'bits', spec: bits, good: () => 0x3f800000 }], call: (b: number) => api.float16BitsFromFloat32Bits(b) }],
  float32FromFloat16Bits: [{ fn: 'float32FromFloat16Bits', params: [{ name: 'h', spec: int(0, 0xffff), good: () => 0x3c00 }], call: (h: number) => api.float32FromFloat16Bits(h) }],
  bfloat16BitsFromFloat32Bits: [{ fn: 'bfloat16BitsFromFloat32Bits', params: [{ name: 'bits', spec: bits, good: () => 0x3f800000 }], call: (b: number) => api.bfloat16BitsFromFloat32Bits(b) }],
  DynamicLossScaler: [
    single('DynamicLossScaler', (o) => new api.DynamicLossScaler(o), { initScale: positive, growthFactor: positive, backoffFactor: positive, growthInterval: int(1) }, () => ({}), true, () => {}),
    { fn: 'DynamicLossScaler.scaleLoss', params: [{ name: 'loss', spec: tensor, good: () => F.g }], call: (l: never) => new api.DynamicLossScaler().scaleLoss(l) },
    { fn: 'DynamicLossScaler.unscale', params: [{ name: 'grads', spec: obj, good: () => ({ a: F.g }) }], call: (g: never) => new api.DynamicLossScaler().unscale(g),
      release: (r) => tf.dispose(Object.values((r as { grads: api.NamedTensorMap }).grads)) },
    { fn: 'DynamicLossScaler.update', params: [{ name: 'finite', spec: bool, good: () => true }], call: (f: boolean) => new api.DynamicLossScaler().update(f) },
    single('DynamicLossScaler.loadState', (s) => new api.DynamicLossScaler().loadState(s),
      { scale: positive, growthFactor: positive, backoffFactor: positive, growthInterval: int(1), growthTracker: int(0) },
      () => ({ scale: 1024, growthFactor: 2, backoffFactor: 0.5, growthInterval: 100, growthTracker: 3 }), false, undefined, 'state'),
  ],
  trainingMemory: [{
    fn: 'trainingMemory',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'options', spec: options({ batchSize: int(1), precision: oneOf('float32', 'float16'), optimizer: oneOf('adam', 'sgd') }), good: () => ({ batchSize: 32 }) },
    ],
    call: (m: never, o: never) => api.trainingMemory(m, o),
  }],

  // ── normalization and regularization ──
  dropout: [{
    fn: 'dropout',
    params: [
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'options', spec: options({ rate: unit(), training: bool, seed: int(0) }), good: () => ({ rate: 0.5, training: true, seed: 0 }) },
    ],
    call: (x: never, o: never) => api.dropout(x, o),
  }],
  batchNorm: [{
    fn: 'batchNorm',
    params: [
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'options', spec: options({ gamma: tensor, beta: tensor, runningMean: tensor, runningVar: tensor, training: bool, momentum: unit(true), epsilon: positive }),
        good: () => ({ runningMean: F.zeros2, runningVar: F.g, training: true }) },
    ],
    call: (x: never, o: never) => api.batchNorm(x, o),
    release: freeTensors,
  }],
  layerNorm: [{
    fn: 'layerNorm',
    params: [
      { name: 'x', spec: tensor, good: () => F.x },
      { name: 'options', spec: options({ gamma: tensor, beta: tensor, epsilon: positive }), good: () => ({}), optional: true },
    ],
    call: (x: never, o: never) => api.layerNorm(x, o),
  }],
  dropoutLayer: [single('dropoutLayer', (a) => api.dropoutLayer(a), { rate: unit(), seed: int(0), ...layerArgs }, () => ({ rate: 0.5 }), false, freeLayer, 'args')],
  DropoutLayer: [single('dropoutLayer', (a) => new api.DropoutLayer(a), { rate: unit(), seed: int(0), ...layerArgs }, () => ({ rate: 0.5 }), false, freeLayer, 'args')],
  batchNormLayer: [single('batchNormLayer', (a) => api.batchNormLayer(a), { momentum: unit(true), epsilon: positive, ...layerArgs }, () => ({}), true, freeLayer, 'args')],
  BatchNormLayer: [single('batchNormLayer', (a) => new api.BatchNormLayer(a), { momentum: unit(true), epsilon: positive, ...layerArgs }, () => ({}), true, freeLayer, 'args')],
  layerNormLayer: [single('layerNormLayer', (a) => api.layerNormLayer(a), { epsilon: positive, ...layerArgs }, () => ({}), true, freeLayer, 'args')],
  LayerNormLayer: [single('layerNormLayer', (a) => new api.LayerNormLayer(a), { epsilon: positive, ...layerArgs }, () => ({}), true, freeLayer, 'args')],
  l2Penalty: [{
    fn: 'l2Penalty',
    params: [
      { name: 'weights', spec: obj, good: () => [F.g] },
      { name: 'lambda', spec: nonNegative, good: () => 0.1 },
    ],
    call: (w: never, l: number) => api.l2Penalty(w, l),
  }],

  // ── initialization, gradient check, memory, report ──
  computeFans: [{ fn: 'computeFans', params: [{ name: 'shape', spec: arr, good: () => [3, 4] }], call: (s: never) => api.computeFans(s),
    extraBad: [{ what: 'a bias shape', args: () => [[4]], mentions: ['shape'] }, { what: 'a negative dimension', args: () => [[3, -1]], mentions: ['shape'] }] }],
  calculateGain: [{
    fn: 'calculateGain',
    params: [
      { name: 'nonlinearity', spec: oneOf('relu', 'leaky_relu', 'tanh'), good: () => 'leaky_relu' },
      { name: 'param', spec: finite, good: () => 0.2, optional: true },
    ],
    call: (n: never, p: never) => api.calculateGain(n, p),
    extraBad: [{ what: 'a param for relu', args: () => ['relu', 0.2], mentions: ['param'] }],
  }],
  ...initializers(),
  gradCheck: [{
    fn: 'gradCheck',
    params: [
      { name: 'f', spec: func, good: () => (x: tf.Tensor) => tf.sum(tf.square(x)) },
      { name: 'inputs', spec: arr, good: () => [F.g] },
      { name: 'options', spec: options({ epsilon: positive, maxElements: int(1), seed: int(0), grads: func }), good: () => ({ maxElements: 2 }), optional: true },
    ],
    call: (f: never, i: never, o: never) => api.gradCheck(f, i, o),
  }],
  peakBytes: [{ fn: 'peakBytes', params: [{ name: 'fn', spec: func, good: () => () => 1 }], call: (f: never) => api.peakBytes(f) }],
  trainingReport: [{
    fn: 'trainingReport',
    params: [
      { name: 'history', spec: obj, good: () => ({ trainLoss: [1, 0.6, 0.4, 0.3] }) },
      { name: 'options', spec: options({ numClasses: int(2), diagnosis: bool, live: bool, title: str, width: positive, maxPoints: int(10) }), good: () => ({}), optional: true },
    ],
    call: (h: never, o: never) => api.trainingReport(h, o),
  }],

  // ── gradient flow and clipping thresholds ──
  gradientFlow: [{
    fn: 'gradientFlow',
    params: [
      { name: 'model', spec: obj, good: model },
      { name: 'batch', spec: obj, good: data },
      { name: 'options', spec: options({ loss: LOSSES }), good: () => ({ loss: 'softmaxCrossEntropy' }) },
    ],
    call: (m: never, b: never, o: never) => api.gradientFlow(m, b, o),
  }],
  gradientFlowCallback: [single('gradientFlowCallback', (o) => api.gradientFlowCallback(o), { x: tensor, y: tensor, loss: LOSSES, every: int(1) },
    () => ({ x: F.x, y: F.y, loss: 'softmaxCrossEntropy' }), false, () => {})],
  gradientFlowPlot: [{
    fn: 'gradientFlowPlot',
    params: [
      { name: 'input', spec: obj, good: () => ({ run: F.flow }) },
      { name: 'options', spec: options({ title: str, xTitle: str, yTitle: str, width: positive, height: positive, points: bool, integerX: bool, quantity: oneOf('gradNorm', 'weightNorm'), kernelsOnly: bool }), good: () => ({}), optional: true },
    ],
    call: (i: never, o: never) => api.gradientFlowPlot(i, o),
  }],
  activationHistogramPlot: [{
    fn: 'activationHistogramPlot',
    params: [
      { name: 'input', spec: obj, good: () => F.flow },
      { name: 'options', spec: options({ title: str, cellWidth: positive, cellHeight: positive, layerStep: int(1) }), good: () => ({}), optional: true },
    ],
    call: (i: never, o: never) => api.activationHistogramPlot(i, o),
  }],
  gradNormPlot: [{
    fn: 'gradNormPlot',
    params: [
      { name: 'norms', spec: arr, good: () => [1, 2, 0.5] },
      { name: 'options', spec: options({ ...chart, threshold: positive }), good: () => ({}), optional: true },
    ],
    call: (n: never, o: never) => api.gradNormPlot(n, o),
  }],
  suggestClipThreshold: [{
    fn: 'suggestClipThreshold',
    params: [
      { name: 'norms', spec: arr, good: () => [1, 2, 0.5, 3] },
      { name: 'options', spec: options({ percentile: num({ min: 0, max: 100 }) }), good: () => ({}), optional: true },
    ],
    call: (n: never, o: never) => api.suggestClipThreshold(n, o),
  }],
  percentileOf: [{
    fn: 'percentileOf',
    params: [
      { name: 'sorted', spec: arr, good: () => [1, 2, 3] },
      { name: 'q', spec: num({ min: 0, max: 100 }), good: () => 50 },
    ],
    call: (s: never, q: number) => api.percentileOf(s, q),
  }],

  // ── the diagnosis gym ──
  gymBase: [{ fn: 'gymBase', params: [], call: () => api.gymBase() }],
  gymChanges: [{ fn: 'gymChanges', params: [{ name: 'name', spec: oneOf('A', 'B'), good: () => 'A' }], call: (n: never) => api.gymChanges(n) }],
  gymConfig: [{
    fn: 'gymConfig',
    params: [
      { name: 'name', spec: oneOf('A', 'B'), good: () => 'A' },
      { name: 'fix', spec: options(GYM_FIELDS), good: () => ({ learningRate: 0.1 }), optional: true },
    ],
    call: (n: never, f: never) => api.gymConfig(n, f),
  }],
  runGym: [{
    fn: 'gymConfig', // runGym checks through gymConfig before it loads anything
    params: [
      { name: 'name', spec: oneOf('A', 'B'), good: () => 'A' },
      { name: 'fix', spec: options(GYM_FIELDS), good: () => ({ learningRate: 0.1 }), optional: true },
    ],
    call: (n: never, f: never) => api.runGym(n, f),
  }],
} satisfies Record<string, Entry[]>);

/** The five initializers: factory, class, and `.apply(shape)` of what they make. */
function initializers(): Record<string, Entry[]> {
  const he = { mode: oneOf('fanIn', 'fanOut'), negativeSlope: nonNegative, seed: int(0) };
  const kinds: [string, string, (o: never) => tf.serialization.Serializable & { apply(shape: number[]): tf.Tensor }, new (o: never) => unknown, Record<string, Spec>][] = [
    ['glorotUniform', 'GlorotUniform', (o) => api.glorotUniform(o), api.GlorotUniform, { gain: positive, seed: int(0) }],
    ['glorotNormal', 'GlorotNormal', (o) => api.glorotNormal(o), api.GlorotNormal, { gain: positive, seed: int(0) }],
    ['heUniform', 'HeUniform', (o) => api.heUniform(o), api.HeUniform, he],
    ['heNormal', 'HeNormal', (o) => api.heNormal(o), api.HeNormal, he],
    ['lecunNormal', 'LecunNormal', (o) => api.lecunNormal(o), api.LecunNormal, { mode: oneOf('fanIn', 'fanOut'), seed: int(0) }],
  ];
  const out: Record<string, Entry[]> = {};
  for (const [fn, cls, make, Ctor, fields] of kinds) {
    out[fn] = [
      single(fn, make, fields, () => ({ seed: 0 }), true, () => {}),
      { fn, params: [{ name: 'shape', spec: arr, good: () => [3, 4] }], call: (s: never) => make({ seed: 0 } as never).apply(s) },
    ];
    out[cls] = [single(fn, (o) => new Ctor(o), fields, () => ({ seed: 0 }), true, () => {})];
  }
  return out;
}

/** Runs `use` on a fresh optimizer and frees it, whatever happens. */
function withOptimizer<T extends tf.Optimizer>(optimizer: T, use: (o: T) => unknown): unknown {
  let result: unknown;
  try {
    result = use(optimizer);
  } catch (error) {
    optimizer.dispose();
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => optimizer.dispose());
  optimizer.dispose();
  return result;
}


/**
 * Exports with no entry, each for a reason: types are erased (they never show up here); constants
 * are data, not calls; error classes are thrown by the library, not called; message builders return
 * text for tests and lessons to quote; an abstract class is reached through its subclasses' entries.
 */
export const EXEMPT: Record<string, string> = {
  BACKENDS: 'constant', BLOB_CENTER_BOX: 'constant', DEFAULT_HEIGHT: 'constant', DEFAULT_WIDTH: 'constant',
  LOSS_NAMES: 'constant', LR_FINDER_RULES: 'constant', METRIC_NAMES: 'constant', MIN_LEVEL_RATIO: 'constant',
  PROGRESS_MODES: 'constant', VEGA_LITE_MIME: 'constant', VEGA_LITE_SCHEMA: 'constant', CLIP_EPSILON: 'constant',
  DIAGNOSIS_THRESHOLDS: 'constant', VERDICTS: 'constant', REMEDIES: 'constant', REMEDY_ORDER: 'constant', LESSON_SLUGS: 'constant',
  FEATURE_SCALE_LIMITS: 'constant', GRAD_CHECK_THRESHOLDS: 'constant', HISTOGRAM_BINS: 'constant', GYM_RUNS: 'constant', NONLINEARITIES: 'constant', WELL_KNOWN_MODELS: 'constant', OPTIMIZER_SLOTS: 'constant', TRAINING_PRECISIONS: 'constant',
  OptimizerWrapper: 'abstract base class, built only through withClipping/withAccumulation (their entries)',
  ClaimError: 'error class', CheckpointError: 'error class',
  CHECKPOINT_FILE: 'constant', CHECKPOINT_FORMAT: 'constant', CHECKPOINT_VERSION: 'constant', NonFiniteLossError: 'error class',
  missingMonitorMessage: 'message builder', nonFiniteMonitorMessage: 'message builder',
  noContextMessage: 'message builder', optimizerHasScheduleMessage: 'message builder',
};
