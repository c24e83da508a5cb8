/**
 * train({ checkpoint, resume }): a run stopped after an epoch and resumed — with a freshly built
 * model and optimizer, as a new process would have — ends with the same weights (bit for bit) and
 * the same history (number for number) as a run never stopped; for every optimizer, with a
 * schedule, with reduce-on-plateau, and with early stopping that fires after the resume. Bad
 * checkpoints are refused whole, naming the file; a process killed while writing one leaves the
 * previous one intact.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adam, adamw, blobs, CheckpointError, CHECKPOINT_FILE, cosineAnnealingLr, earlyStopping, reduceLrOnPlateau, rmsprop, sgd, train,
  type History, type TrainOptions,
} from '../src/index';
import { decodeCheckpoint, encodeCheckpoint } from '../src/train/checkpoint';
import { wideData, wideModel } from './fixtures/checkpoint-writer';
import { checkEveryTestForLeaks } from './helpers/leak-check';

checkEveryTestForLeaks();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trainlab-checkpoint-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => path.join(root, `run-${dirs++}`);

/** The same architecture and initial weights every time (seeded), with new tfjs layer names each time. */
function buildModel(): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [2], units: 8, activation: 'relu', kernelInitializer: init(1) }),
    tf.layers.dense({ units: 3, kernelInitializer: init(2) }),
  ] });
}

/** Every weight's bits. */
function bits(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(new Uint32Array((w.dataSync() as Float32Array).slice().buffer)));
}

interface Setup {
  optimizer: () => tf.Optimizer;
  /** Options besides optimizer, epochs, checkpoint and resume — fresh callbacks on every call. */
  options: () => Partial<TrainOptions>;
}

/** Runs `total` epochs straight, and `stopAfter` + resume; returns both results (models disposed). */
async function straightAndResumed(data: { x: tf.Tensor; y: tf.Tensor; xVal: tf.Tensor; yVal: tf.Tensor }, setup: Setup, stopAfter: number, total: number) {
  const base = (): TrainOptions => ({
    loss: 'softmaxCrossEntropy', batchSize: 16, progress: 'none', validationData: { x: data.xVal, y: data.yVal },
    ...setup.options(), optimizer: setup.optimizer(),
  } as TrainOptions);
  const dir = newDir();
  const m1 = buildModel();
  const o1 = base();
  const straight = await train(m1, data, { ...o1, epochs: total });
  const straightBits = bits(m1);
  m1.dispose();
  o1.optimizer.dispose();

  const m2 = buildModel();
  const o2 = base();
  await train(m2, data, { ...o2, epochs: stopAfter, checkpoint: { dir } });
  m2.dispose(); // "the process ends"
  o2.optimizer.dispose();

  const m3 = buildModel(); // rebuilt in the same process: tfjs gives its variables new names
  const o3 = base();
  const resumed = await train(m3, data, { ...o3, epochs: total, resume: dir, checkpoint: { dir } });
  const resumedBits = bits(m3);
  m3.dispose();
  o3.optimizer.dispose();
  for (const cb of [...(o1.callbacks ?? []), ...(o2.callbacks ?? []), ...(o3.callbacks ?? [])]) (cb as { dispose?: () => void }).dispose?.();
  return { straight, resumed, straightBits, resumedBits };
}

function useData() {
  const train = blobs({ n: 64, centers: 3, std: 2.5, seed: 1 });
  const val = blobs({ n: 48, centers: train.centers, std: 2.5, seed: 2 });
  return { data: { x: train.x, y: train.y, xVal: val.x, yVal: val.y }, dispose: () => [train, val].forEach((d) => d.dispose()) };
}

const OPTIMIZERS: [string, () => tf.Optimizer][] = [
  ['sgd with Nesterov momentum and weight decay', () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
  ['adam (amsgrad)', () => adam({ learningRate: 0.01, amsgrad: true })],
  ['adamw', () => adamw({ learningRate: 0.01 })],
  ['rmsprop (centered, momentum)', () => rmsprop({ learningRate: 0.005, centered: true, momentum: 0.5 })],
  ['sgd, unfused', () => sgd({ learningRate: 0.05, momentum: 0.9, fused: false })],
];

describe('a resumed run equals a run never stopped', () => {
  it.each(OPTIMIZERS)('%s, with a cosine schedule and early stopping (restoreBestWeights)', async (_name, optimizer) => {
    const { data, dispose } = useData();
    const { straight, resumed, straightBits, resumedBits } = await straightAndResumed(data, {
      optimizer,
      options: () => ({ learningRate: cosineAnnealingLr({ initialLr: 0.05, tMax: 24 }), metrics: ['accuracy'], callbacks: [earlyStopping({ patience: 10, restoreBestWeights: true })] }),
    }, 2, 6);
    dispose();
    expect(resumed).toEqual(straight);
    expect(resumed.epochs).toBe(6);
    expect(resumedBits).toEqual(straightBits);
  });

  it('tfjs\'s own Adam (state named by variable, renamed to the rebuilt model\'s)', async () => {
    const { data, dispose } = useData();
    const r = await straightAndResumed(data, { optimizer: () => tf.train.adam(0.01), options: () => ({}) }, 3, 5);
    dispose();
    expect(r.resumed).toEqual(r.straight);
    expect(r.resumedBits).toEqual(r.straightBits);
  });

  it.each([1, 2, 3, 4, 5])('stopped after epoch %i of 6, with reduce-on-plateau', async (stopAfter) => {
    const { data, dispose } = useData();
    const r = await straightAndResumed(data, {
      optimizer: () => sgd({ learningRate: 0.3, momentum: 0.9 }),
      options: () => ({ callbacks: [reduceLrOnPlateau({ monitor: 'loss', patience: 0, factor: 0.5, threshold: 0.2 })] }),
    }, stopAfter, 6);
    dispose();
    expect(r.resumed).toEqual(r.straight);
    expect(new Set(r.straight.learningRate).size, 'the plateau rule lowered the rate during the run').toBeGreaterThan(1);
    expect(r.resumedBits).toEqual(r.straightBits);
  });

  it('early stopping that fires after the resume, restoring the best weights', async () => {
    const { data, dispose } = useData();
    const stopper = () => earlyStopping({ monitor: 'loss', minDelta: 0.3, patience: 3, restoreBestWeights: true });
    const r = await straightAndResumed(data, { optimizer: () => adam({ learningRate: 0.01 }), options: () => ({ callbacks: [stopper()] }) }, 2, 20);
    dispose();
    expect(r.straight.stoppedEarly).toBe(true);
    expect(r.straight.epochs, 'it stops after the resume point').toBeGreaterThan(2);
    expect(r.resumed).toEqual(r.straight);
    expect(r.resumedBits).toEqual(r.straightBits);
  });
});

describe('bad checkpoints are refused whole, naming the file', () => {
  async function savedRun(): Promise<string> {
    const { data, dispose } = useData();
    const dir = newDir();
    const model = buildModel();
    const optimizer = adam({ learningRate: 0.01 });
    await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 2, batchSize: 16, progress: 'none', checkpoint: { dir } });
    model.dispose();
    optimizer.dispose();
    dispose();
    return dir;
  }

  /** Resumes from `dir` and expects a CheckpointError matching `message`, with no tensor made and the model untouched. */
  async function expectRefused(dir: string, message: RegExp, model = buildModel()): Promise<void> {
    const { data, dispose } = useData();
    const optimizer = adam({ learningRate: 0.01 });
    const before = bits(model);
    const tensors = tf.memory().numTensors;
    const error = await train(model, data, { optimizer, loss: 'softmaxCrossEntropy', epochs: 4, batchSize: 16, progress: 'none', resume: dir }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).file).toBe(path.join(dir, CHECKPOINT_FILE));
    expect((error as Error).message).toContain(path.join(dir, CHECKPOINT_FILE));
    expect((error as Error).message).toMatch(message);
    expect(tf.memory().numTensors, 'no tensor was created').toBe(tensors);
    expect(bits(model), 'nothing was loaded').toEqual(before);
    expect(optimizer.iterations).toBe(0);
    model.dispose();
    optimizer.dispose();
    dispose();
  }

  const file = (dir: string) => path.join(dir, CHECKPOINT_FILE);

  it('missing', async () => expectRefused(newDir(), /no checkpoint in .* does not exist/));

  it('truncated', async () => {
    const dir = await savedRun();
    const text = fs.readFileSync(file(dir), 'utf8');
    fs.writeFileSync(file(dir), text.slice(0, Math.floor(text.length * 0.6)));
    await expectRefused(dir, /is truncated or damaged/);
  });

  it('damaged (one character changed)', async () => {
    const dir = await savedRun();
    const text = fs.readFileSync(file(dir), 'utf8');
    const at = text.indexOf('"data":"') + 12;
    fs.writeFileSync(file(dir), text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    await expectRefused(dir, /is damaged: its checksum does not match/);
  });

  it('foreign (another program\'s JSON)', async () => {
    const dir = newDir();
    fs.mkdirSync(dir);
    fs.writeFileSync(file(dir), JSON.stringify({ modelTopology: {}, weightsManifest: [] }));
    await expectRefused(dir, /is not a trainlab checkpoint/);
  });

  it('another format version', async () => {
    const dir = await savedRun();
    const text = fs.readFileSync(file(dir), 'utf8');
    fs.writeFileSync(file(dir), text.replace('"version":1', '"version":99'));
    await expectRefused(dir, /checkpoint format version 99; this trainlab reads version 1/);
  });

  it('from another model', async () => {
    const dir = await savedRun();
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 5, activation: 'relu' }), tf.layers.dense({ units: 3 })] });
    await expectRefused(dir, /saved from another model/, other);
  });

  it('a format round trip keeps NaN and ±Infinity in the history', () => {
    const state = { epochs: 0, run: { samples: 1, batchSize: 1, seed: 0, shuffle: true }, model: [], trainableNames: [],
      optimizer: { className: 'x', weights: [], learningRate: null }, callbacks: [], lossScaler: null,
      history: { stepLoss: [NaN, Infinity, -Infinity, 0.1], learningRate: [], trainLoss: [], trainMetrics: {}, valMetrics: {}, epochs: 0, steps: 0, stepsPerEpoch: 1, stoppedEarly: false, stopReason: null } as unknown as History };
    expect(decodeCheckpoint(encodeCheckpoint(state as never), 'f').history.stepLoss).toEqual([NaN, Infinity, -Infinity, 0.1]);
  });
});

describe('atomic writes', () => {
  /** Starts the writer child, waits until a checkpoint exists and the next one is being written, kills it. Returns whether a partial temp file was left. */
  async function killMidWrite(dir: string): Promise<{ partial: boolean }> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('tests', 'fixtures', 'checkpoint-writer.ts')], {
      cwd: path.resolve(__dirname, '..'), env: { ...process.env, CHECKPOINT_WRITER_DIR: dir }, stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 90_000;
    try {
      while (Date.now() < deadline) {
        const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
        if (names.includes(CHECKPOINT_FILE) && names.some((n) => n.endsWith('.tmp'))) {
          child.kill('SIGKILL');
          await exited;
          return { partial: fs.readdirSync(dir).some((n) => n.endsWith('.tmp')) };
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      throw new Error('the writer never started its second checkpoint');
    } finally {
      child.kill('SIGKILL');
    }
  }

  it('a process killed while writing leaves the previous checkpoint, which resumes', async () => {
    const dir = newDir();
    let partial = false;
    for (let attempt = 0; attempt < 5 && !partial; attempt++) ({ partial } = await killMidWrite(dir));
    expect(partial, 'killed while a checkpoint was being written (its temporary file is left)').toBe(true);
    const state = decodeCheckpoint(fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8'), 'checkpoint'); // whole and valid
    expect(state.epochs).toBeGreaterThanOrEqual(1);

    const model = wideModel();
    const data = wideData();
    const optimizer = sgd({ learningRate: 1e-3, momentum: 0.9 });
    const history = await train(model, data, { optimizer, loss: 'meanSquaredError', epochs: state.epochs + 1, batchSize: 16, progress: 'none', resume: dir });
    expect(history.epochs).toBe(state.epochs + 1);
    expect(history.stepLoss.slice(0, state.epochs)).toEqual(state.history.stepLoss);
    model.dispose();
    optimizer.dispose();
    tf.dispose(data);
  }, 180_000);
});
