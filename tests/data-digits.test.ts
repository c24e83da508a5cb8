import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../src/backend';
import { loadDigits, standardize } from '../src/index';
import { digitsCandidates } from '../src/data/digits-file';

beforeAll(async () => {
  await ready();
});

/** Per-column mean and population std of a [n, d] tensor, in float64. */
function columnStats(x: tf.Tensor2D): { mean: number[]; std: number[] } {
  const [n, d] = x.shape;
  const v = x.dataSync();
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i * d + j];
    return s / n;
  });
  const std = mean.map((m, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (v[i * d + j] - m) ** 2;
    return Math.sqrt(s / n);
  });
  return { mean, std };
}

function counts(labels: number[]): number[] {
  const c = new Array(10).fill(0);
  for (const l of labels) c[l] += 1;
  return c;
}

describe('loadDigits: shapes and split', () => {
  it('splits 1,797 images into 1,438 train and 359 validation by default', () => {
    const data = loadDigits();
    expect(data.xTrain.shape).toEqual([1438, 64]);
    expect(data.yTrain.shape).toEqual([1438, 10]);
    expect(data.xVal.shape).toEqual([359, 64]);
    expect(data.yVal.shape).toEqual([359, 10]);
    expect([data.xTrain.dtype, data.yTrain.dtype, data.xVal.dtype, data.yVal.dtype]).toEqual(['float32', 'float32', 'float32', 'float32']);
    expect(data.labelsTrain).toHaveLength(1438);
    expect(data.labelsVal).toHaveLength(359);
    expect([data.numClasses, data.numFeatures, data.imageShape]).toEqual([10, 64, [8, 8]]);
    data.dispose();
  });

  it('uses every file row exactly once, in ascending order within each part', () => {
    const data = loadDigits();
    const all = [...data.indicesTrain, ...data.indicesVal].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1797 }, (_, i) => i));
    expect(data.indicesTrain).toEqual([...data.indicesTrain].sort((a, b) => a - b));
    expect(data.indicesVal).toEqual([...data.indicesVal].sort((a, b) => a - b));
    data.dispose();
  });

  it('stratifies: each digit keeps its share of the validation set (within one image)', () => {
    const data = loadDigits();
    const total = counts([...data.labelsTrain, ...data.labelsVal]);
    const val = counts(data.labelsVal);
    total.forEach((t, c) => expect(Math.abs(val[c] - t * 0.2)).toBeLessThan(1));
    data.dispose();
  });

  it('honours validationFraction, including 0 (empty validation tensors)', () => {
    const half = loadDigits({ validationFraction: 0.5 });
    expect(half.xVal.shape).toEqual([899, 64]); // round(1797 × 0.5) = round(898.5) = 899
    half.dispose();
    const none = loadDigits({ validationFraction: 0 });
    expect(none.xTrain.shape).toEqual([1797, 64]);
    expect(none.xVal.shape).toEqual([0, 64]);
    expect(none.yVal.shape).toEqual([0, 10]);
    none.dispose();
  });

  it('takes a stratified training subset with trainSize, leaving the validation set unchanged', () => {
    const full = loadDigits({ seed: 5 });
    const small = loadDigits({ seed: 5, trainSize: 100 });
    expect(small.xTrain.shape).toEqual([100, 64]);
    expect(counts(small.labelsTrain)).toEqual(new Array(10).fill(10));
    expect(small.indicesVal).toEqual(full.indicesVal);
    expect(small.indicesTrain.every((row) => full.indicesTrain.includes(row))).toBe(true);
    full.dispose();
    small.dispose();
  });
});

describe('loadDigits: test split', () => {
  it('holds out a stratified test set, disjoint from train and validation, leaving validation unchanged', () => {
    const plain = loadDigits({ seed: 4 });
    const data = loadDigits({ seed: 4, testFraction: 0.2 });
    expect([data.xTrain.shape[0], data.xVal.shape[0], data.xTest!.shape[0]]).toEqual([1079, 359, 359]);
    expect(data.yTest!.shape).toEqual([359, 10]);
    expect(data.indicesVal).toEqual(plain.indicesVal);
    const all = [...data.indicesTrain, ...data.indicesVal, ...data.indicesTest].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1797 }, (_, i) => i)); // every row once: disjoint and complete
    expect(data.labelsTest).toHaveLength(359);
    for (const n of counts(data.labelsTest)) expect(Math.abs(n - 35.9)).toBeLessThanOrEqual(1); // each digit's share
    plain.dispose();
    data.dispose();
  });

  it('standardizes the test set with the training statistics, and is seeded', () => {
    const raw = loadDigits({ testFraction: 0.1, standardize: false });
    const data = loadDigits({ testFraction: 0.1 });
    const again = loadDigits({ testFraction: 0.1 });
    const other = loadDigits({ testFraction: 0.1, seed: 1 });
    expect(again.indicesTest).toEqual(data.indicesTest);
    expect(other.indicesTest).not.toEqual(data.indicesTest);
    const expected = standardize(raw.xTest!, data.standardizer!);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(expected, data.xTest!))).dataSync()[0])).toBeLessThan(1e-5);
    tf.dispose(expected);
    [raw, data, again, other].forEach((d) => d.dispose());
  });

  it('has no test set by default (null tensors, empty labels) and keeps the earlier split', () => {
    const data = loadDigits({ seed: 4, trainSize: 100 });
    expect([data.xTest, data.yTest, data.labelsTest, data.indicesTest]).toEqual([null, null, [], []]);
    data.dispose();
  });

  it('combines with trainSize: the subset is drawn from what the test set leaves', () => {
    const data = loadDigits({ seed: 4, testFraction: 0.2, trainSize: 100 });
    expect(data.xTrain.shape).toEqual([100, 64]);
    expect(data.indicesTrain.some((row) => data.indicesTest.includes(row))).toBe(false);
    data.dispose();
  });

  it('rejects a bad testFraction before creating a tensor', () => {
    const before = tf.memory().numTensors;
    expect(() => loadDigits({ testFraction: 1 })).toThrow(new RangeError('loadDigits: testFraction must be in [0, 1), got 1'));
    expect(() => loadDigits({ testFraction: -0.1 })).toThrow(RangeError);
    expect(() => loadDigits({ testFraction: NaN })).toThrow(new TypeError('loadDigits: testFraction must be a number, got NaN'));
    expect(() => loadDigits({ validationFraction: 0.5, testFraction: 0.5 })).toThrow(
      new RangeError('loadDigits: testFraction (0.5) must be small enough to leave training rows after validationFraction (0.5)'),
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadDigits: determinism', () => {
  it('gives the identical split and tensors for the same seed', () => {
    const a = loadDigits({ seed: 7 });
    const b = loadDigits({ seed: 7 });
    expect(a.indicesVal).toEqual(b.indicesVal);
    const [xa, xb] = [a.xTrain.dataSync(), b.xTrain.dataSync()];
    expect(xa.length).toBe(xb.length);
    expect(xa.every((v, i) => v === xb[i])).toBe(true); // element loop: toEqual on 92k floats is slow
    expect(a.standardizer).toEqual(b.standardizer);
    a.dispose();
    b.dispose();
  });

  it('gives a different split for a different seed', () => {
    const a = loadDigits({ seed: 7 });
    const b = loadDigits({ seed: 8 });
    expect(a.indicesVal).not.toEqual(b.indicesVal);
    a.dispose();
    b.dispose();
  });

  it('gives a different (still exact-size) split when not stratified', () => {
    const a = loadDigits({ seed: 7 });
    const b = loadDigits({ seed: 7, stratify: false });
    expect(b.xVal.shape).toEqual([359, 64]);
    expect(a.indicesVal).not.toEqual(b.indicesVal);
    a.dispose();
    b.dispose();
  });
});

describe('loadDigits: targets', () => {
  it('one-hot rows match the labels', () => {
    const data = loadDigits({ seed: 2 });
    const check = (y: tf.Tensor2D, labels: number[]) => {
      const rows = y.arraySync();
      rows.forEach((row, i) => {
        expect(row.reduce((a, b) => a + b, 0)).toBe(1);
        expect(row[labels[i]]).toBe(1);
      });
    };
    check(data.yTrain, data.labelsTrain);
    check(data.yVal, data.labelsVal);
    expect(new Set(data.labelsTrain)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    data.dispose();
  });
});

describe('loadDigits: standardization', () => {
  it('fits the training split: mean ≈ 0 and std ≈ 1 for non-constant pixels, 0 for constant ones, no NaN', () => {
    const data = loadDigits();
    const { mean, std } = columnStats(data.xTrain);
    const constant = data.standardizer!.std.map((s, j) => s === 1 && std[j] === 0);
    expect(constant.some(Boolean)).toBe(true); // digits has pixels that are 0 in every image
    mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    std.forEach((s, j) => expect(s).toBeCloseTo(constant[j] ? 0 : 1, 5));
    expect(data.xTrain.dataSync().every(Number.isFinite)).toBe(true);
    expect(data.xVal.dataSync().every(Number.isFinite)).toBe(true);
    data.dispose();
  });

  it('returns the fitted statistics: the raw training pixels have that mean and std', () => {
    const raw = loadDigits({ standardize: false });
    const data = loadDigits();
    expect(raw.standardizer).toBeNull();
    const { mean, std } = columnStats(raw.xTrain);
    data.standardizer!.mean.forEach((m, j) => expect(m).toBeCloseTo(mean[j], 10));
    data.standardizer!.std.forEach((s, j) => expect(s).toBeCloseTo(std[j] === 0 ? 1 : std[j], 10));
    raw.dispose();
    data.dispose();
  });

  it('standardizes validation with the training statistics (not its own)', () => {
    const raw = loadDigits({ standardize: false });
    const data = loadDigits();
    expect(tf.tidy(() => raw.xVal.max().dataSync()[0])).toBe(16); // raw pixels 0..16
    const expected = standardize(raw.xVal, data.standardizer!);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(expected, data.xVal))).dataSync()[0])).toBeLessThan(1e-5);
    const valMean = columnStats(data.xVal).mean;
    expect(valMean.some((m) => Math.abs(m) > 1e-3)).toBe(true); // val is not re-centred on itself
    tf.dispose(expected);
    raw.dispose();
    data.dispose();
  });
});

describe('loadDigits: files', () => {
  it('reads an explicit path', () => {
    const data = loadDigits({ path: path.join(process.cwd(), 'data', 'digits.csv.gz') });
    expect(data.xTrain.shape).toEqual([1438, 64]);
    data.dispose();
  });

  it('finds the file from a script in the repository run from another folder', () => {
    const repo = process.cwd();
    const [cwd, script] = [process.cwd(), process.argv[1]];
    try {
      process.chdir(os.tmpdir());
      process.argv[1] = path.join(repo, 'tools', 'some-script.ts');
      expect(digitsCandidates()).toContain(path.join(repo, 'data', 'digits.csv.gz'));
    } finally {
      process.chdir(cwd);
      process.argv[1] = script;
    }
  });

  it('names the path it tried when the file is missing', () => {
    expect(() => loadDigits({ path: '/nonexistent/digits.csv.gz' })).toThrow(
      'loadDigits: data file not found; tried /nonexistent/digits.csv.gz',
    );
  });

  it('reports a malformed line with its number', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trainlab-')), 'bad.csv.gz');
    const good = new Array(64).fill(0).join(',') + ',3';
    fs.writeFileSync(file, zlib.gzipSync(`${good}\n${good},9\n`));
    expect(() => loadDigits({ path: file })).toThrow(`loadDigits: ${file} line 2: expected 65 fields, got 66`);
  });

  it('loads fast once the file is cached (under 100 ms)', () => {
    loadDigits().dispose();
    const t0 = performance.now();
    loadDigits({ seed: 1 }).dispose();
    expect(performance.now() - t0).toBeLessThan(100);
  });
});

describe('loadDigits: validation messages', () => {
  it('rejects validationFraction outside [0, 1)', () => {
    expect(() => loadDigits({ validationFraction: 1 })).toThrow(
      new RangeError('loadDigits: validationFraction must be in [0, 1), got 1'),
    );
  });
  it('rejects a validationFraction that leaves no training row', () => {
    expect(() => loadDigits({ validationFraction: 0.9999 })).toThrow(
      'loadDigits: validationFraction must be small enough to leave a training row (round(1797 × fraction) < 1797), got 0.9999',
    );
  });
  it('rejects a non-numeric validationFraction', () => {
    expect(() => loadDigits({ validationFraction: '0.2' as unknown as number })).toThrow(
      new TypeError('loadDigits: validationFraction must be a number, got "0.2"'),
    );
  });
  it('rejects a negative seed', () => {
    expect(() => loadDigits({ seed: -1 })).toThrow(new RangeError('loadDigits: seed must be an integer ≥ 0, got -1'));
  });
  it('rejects a fractional seed', () => {
    expect(() => loadDigits({ seed: 1.5 })).toThrow(new RangeError('loadDigits: seed must be an integer, got 1.5'));
  });
  it('rejects a non-boolean standardize', () => {
    expect(() => loadDigits({ standardize: 'yes' as unknown as boolean })).toThrow(
      new TypeError('loadDigits: standardize must be a boolean, got "yes"'),
    );
  });
  it('rejects a non-boolean stratify', () => {
    expect(() => loadDigits({ stratify: 1 as unknown as boolean })).toThrow(
      new TypeError('loadDigits: stratify must be a boolean, got 1'),
    );
  });
  it('rejects trainSize 0', () => {
    expect(() => loadDigits({ trainSize: 0 })).toThrow(new RangeError('loadDigits: trainSize must be an integer ≥ 1, got 0'));
  });
  it('rejects a trainSize larger than the training split', () => {
    expect(() => loadDigits({ trainSize: 1439 })).toThrow(
      new RangeError('loadDigits: trainSize (1439) must be ≤ the training split size (1438)'),
    );
  });
  it('rejects an empty path', () => {
    expect(() => loadDigits({ path: '' })).toThrow(new TypeError('loadDigits: path must be a non-empty string, got ""'));
  });
  it('creates no tensor when it rejects an option', () => {
    const before = tf.memory().numTensors;
    expect(() => loadDigits({ trainSize: 5000 })).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadDigits: memory', () => {
  it('returns numTensors to baseline after loading and disposing', () => {
    loadDigits().dispose(); // warm up the backend and the file cache
    const before = tf.memory().numTensors;
    const data = loadDigits({ seed: 3, trainSize: 200 });
    expect(tf.memory().numTensors).toBe(before + 4);
    data.dispose();
    expect(tf.memory().numTensors).toBe(before);
    data.dispose(); // idempotent
    expect(tf.memory().numTensors).toBe(before);
  });
});
