/**
 * Weight initialization with PyTorch's formulas (`torch.nn.init`), as tfjs Initializers:
 * `kernelInitializer: heNormal({ seed: 0 })` in any tfjs layer, or `.apply(shape)` for a tensor.
 *
 * The rule behind all of them: pick the weights' variance so that a layer keeps the variance of
 * what flows through it — forward (activations, use fanIn) or backward (gradients, use fanOut).
 * For y = W·x with n = fanIn independent inputs of variance v and zero-mean weights of variance σ²,
 * Var(y) = n·σ²·v, so σ² = 1/n keeps it (LeCun); ReLU zeroes half the signal, so σ² = 2/n (He);
 * Glorot compromises between the two directions with σ² = 2/(fanIn + fanOut). A nonlinearity's
 * `calculateGain` multiplies σ (5/3 for tanh, √2 for ReLU).
 *
 * Fans follow tfjs's kernel layout: dense `[fanIn, fanOut]`; conv `[...kernel, in, out]` with
 * receptive field r = product of the kernel dims, fanIn = r·in, fanOut = r·out (the same numbers
 * torch computes from its `[out, in, ...kernel]` layout).
 *
 * Deviation from tfjs: tfjs's own `heNormal`, `glorotNormal` and `leCunNormal` draw from a normal
 * truncated at 2σ without rescaling, so their real standard deviation is ≈ 0.88·σ. These draw from
 * the plain normal, as PyTorch does, so the standard deviation is σ exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNonNegative, checkOneOf, checkPositive, formatValue, rangeError, typeError } from '../core/errors';
import { checkOptions } from '../optim/validate';

/** tfjs's Initializer class is not exported; its instances are what layers accept. */
export type TfInitializer = ReturnType<typeof tf.initializers.zeros>;
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as abstract new () => TfInitializer;

/** Which fan a variance-keeping rule divides by: fanIn keeps activations, fanOut keeps gradients. */
export type FanMode = 'fanIn' | 'fanOut';

/** How an initializer draws: uniform on [−bound, bound] or normal with mean 0 and `std`. */
export type InitScale = { distribution: 'uniform'; bound: number } | { distribution: 'normal'; std: number };

/**
 * fanIn and fanOut of a kernel in tfjs's layout: `[in, out]`, or `[...kernel, in, out]` (conv).
 * @throws RangeError for rank < 2 (a bias has no fans: initialize it with zeros), as torch does.
 */
export function computeFans(shape: readonly number[], fn = 'computeFans'): { fanIn: number; fanOut: number } {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) throw typeError(fn, 'shape', 'an array of integers ≥ 0', shape);
  if (shape.length < 2) {
    throw rangeError(fn, 'shape', 'a kernel shape of rank ≥ 2 ([in, out] or [...kernel, in, out]); initialize biases with zeros', shape);
  }
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

const GAIN_ONE = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid'] as const;
/** The nonlinearities `calculateGain` knows (PyTorch's names). */
export const NONLINEARITIES = [...GAIN_ONE, 'tanh', 'relu', 'leaky_relu', 'selu'] as const;
export type Nonlinearity = (typeof NONLINEARITIES)[number];

/**
 * The recommended gain for a nonlinearity — PyTorch's `torch.nn.init.calculate_gain`:
 * linear, conv*, sigmoid → 1; tanh → 5/3; relu → √2; leaky_relu → √(2 / (1 + slope²)) with
 * `param` = slope (default 0.01); selu → 3/4.
 *
 * @param nonlinearity one of NONLINEARITIES (PyTorch's names).
 * @param param the negative slope for `'leaky_relu'` (a finite number, default 0.01); not allowed otherwise.
 * @example calculateGain('tanh') // 1.6666666666666667
 * @see PyTorch `torch.nn.init.calculate_gain`.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const fn = 'calculateGain';
  const name = checkOneOf(fn, 'nonlinearity', nonlinearity, NONLINEARITIES);
  if (param !== undefined && name !== 'leaky_relu') throw new TypeError(`${fn}: param must be left out unless nonlinearity is "leaky_relu" (the only one it is used with), got ${formatValue(param)} for ${formatValue(name)}`);
  if ((GAIN_ONE as readonly string[]).includes(name)) return 1;
  if (name === 'tanh') return 5 / 3;
  if (name === 'relu') return Math.sqrt(2);
  if (name === 'selu') return 3 / 4;
  const slope = param === undefined ? 0.01 : checkFinite(fn, 'param', param);
  return Math.sqrt(2 / (1 + slope ** 2));
}

function checkFinite(fn: string, param: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(fn, param, 'a finite number', value);
  return value;
}

/** One initializer: a rule from fans to a scale, plus a seed. Subclasses fix the rule. */
abstract class TrainlabInitializer extends InitializerBase {
  protected abstract readonly fn: string;
  constructor(readonly seed: number | undefined) {
    super();
  }

  /** The bound or standard deviation this initializer uses for a kernel of `shape`. */
  abstract scale(shape: readonly number[]): InitScale;

  /**
   * A new tensor of `shape` (owned by the caller). With a seed, every call gives the same values:
   * give each layer its own seed.
   */
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (dtype !== 'float32') throw rangeError(this.fn, 'dtype', '"float32"', dtype);
    const s = this.scale(shape);
    // tfjs treats a falsy seed as "no seed" (seed 0 would draw fresh values every call), so the
    // seed is shifted by 0.5: still one stream per integer, and 0 is a seed like any other.
    const seed = this.seed === undefined ? undefined : this.seed + 0.5;
    return s.distribution === 'uniform'
      ? tf.randomUniform(shape, -s.bound, s.bound, 'float32', seed)
      : tf.randomNormal(shape, 0, s.std, 'float32', seed);
  }

  getConfig(): tf.serialization.ConfigDict {
    return this.seed === undefined ? {} : { seed: this.seed };
  }

  /** Rebuilds an initializer from `getConfig()` (tfjs-layers calls it when loading a model). */
  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const { customObjects: _, ...options } = config; // tfjs-layers adds it
    return new cls(options);
  }
}

function checkSeed(fn: string, seed: unknown): number | undefined {
  return seed === undefined ? undefined : checkInteger(fn, 'seed', seed, 0);
}

export interface GlorotOptions {
  /** Multiplies σ (torch's `gain`), finite > 0; default 1. Use `calculateGain('tanh')` for tanh. */
  gain?: number;
  /** Integer ≥ 0: the same seed gives the same values. Default: a fresh draw each time. */
  seed?: number;
}

/** He (Kaiming) and LeCun options. */
export interface FanModeOptions {
  /** `'fanIn'` (default) keeps the forward variance, `'fanOut'` the backward one. */
  mode?: FanMode;
  /** Integer ≥ 0: the same seed gives the same values. Default: a fresh draw each time. */
  seed?: number;
}

export interface HeOptions extends FanModeOptions {
  /** The slope of a leaky ReLU's negative side (torch's `a`), ≥ 0; default 0 (ReLU): gain √(2 / (1 + slope²)). */
  negativeSlope?: number;
}

class Glorot extends TrainlabInitializer {
  constructor(protected readonly fn: string, private readonly distribution: 'uniform' | 'normal', options: GlorotOptions) {
    const { gain = 1, seed } = checkOptions(fn, options, ['gain', 'seed']);
    const g = checkPositive(fn, 'gain', gain);
    super(checkSeed(fn, seed));
    this.gain = g;
  }
  private readonly gain: number;
  scale(shape: readonly number[]): InitScale {
    const { fanIn, fanOut } = computeFans(shape, this.fn);
    const std = this.gain * Math.sqrt(2 / (fanIn + fanOut));
    return this.distribution === 'uniform' ? { distribution: 'uniform', bound: Math.sqrt(3) * std } : { distribution: 'normal', std };
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), gain: this.gain };
  }
}

class FanScaled extends TrainlabInitializer {
  private readonly mode: FanMode;
  private readonly slope: number;
  constructor(protected readonly fn: string, private readonly distribution: 'uniform' | 'normal', private readonly gainOf: ((slope: number) => number) | null, options: HeOptions) {
    const allowed = gainOf === null ? ['mode', 'seed'] : ['mode', 'negativeSlope', 'seed'];
    const { mode = 'fanIn', negativeSlope = 0, seed } = checkOptions(fn, options, allowed);
    const m = checkOneOf(fn, 'mode', mode, ['fanIn', 'fanOut'] as const);
    const slope = checkNonNegative(fn, 'negativeSlope', negativeSlope);
    super(checkSeed(fn, seed));
    this.mode = m;
    this.slope = slope;
  }
  scale(shape: readonly number[]): InitScale {
    const fans = computeFans(shape, this.fn);
    const fan = this.mode === 'fanIn' ? fans.fanIn : fans.fanOut;
    const gain = this.gainOf === null ? 1 : this.gainOf(this.slope);
    const std = gain / Math.sqrt(fan);
    return this.distribution === 'uniform' ? { distribution: 'uniform', bound: Math.sqrt(3) * std } : { distribution: 'normal', std };
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, ...(this.gainOf === null ? {} : { negativeSlope: this.slope }) };
  }
}

const heGain = (slope: number) => Math.sqrt(2 / (1 + slope ** 2));

/** Glorot (Xavier) uniform as a tfjs Initializer: U(−b, b), b = gain·√(6 / (fanIn + fanOut)). */
export class GlorotUniform extends Glorot {
  static className = 'trainlab.GlorotUniform';
  constructor(options: GlorotOptions = {}) {
    super('glorotUniform', 'uniform', options);
  }
}
/** Glorot (Xavier) normal as a tfjs Initializer: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)), not truncated. */
export class GlorotNormal extends Glorot {
  static className = 'trainlab.GlorotNormal';
  constructor(options: GlorotOptions = {}) {
    super('glorotNormal', 'normal', options);
  }
}
/** He (Kaiming) uniform as a tfjs Initializer: U(−b, b), b = gain·√(3 / fan), gain = √(2 / (1 + slope²)). */
export class HeUniform extends FanScaled {
  static className = 'trainlab.HeUniform';
  constructor(options: HeOptions = {}) {
    super('heUniform', 'uniform', heGain, options);
  }
}
/** He (Kaiming) normal as a tfjs Initializer: N(0, σ²), σ = gain / √fan, gain = √(2 / (1 + slope²)), not truncated. */
export class HeNormal extends FanScaled {
  static className = 'trainlab.HeNormal';
  constructor(options: HeOptions = {}) {
    super('heNormal', 'normal', heGain, options);
  }
}
/** LeCun normal as a tfjs Initializer: N(0, σ²), σ = 1 / √fan, not truncated. */
export class LecunNormal extends FanScaled {
  static className = 'trainlab.LecunNormal';
  constructor(options: FanModeOptions = {}) {
    super('lecunNormal', 'normal', null, options);
  }
}
for (const cls of [GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunNormal]) tf.serialization.registerClass(cls);

/**
 * Glorot (Xavier) uniform: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)) — the variance
 * 2/(fanIn + fanOut) averages what the forward and the backward pass each need. For tanh layers
 * pass `gain: calculateGain('tanh')`.
 *
 * @param options `{ gain = 1, seed? }`.
 * @returns a tfjs Initializer: `kernelInitializer: glorotUniform({ seed: 1 })`, or `.apply(shape)`
 *   for a new tensor owned by the caller; `.scale(shape)` gives the bound.
 * @see Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
 *   networks" (AISTATS 2010), eq. 16; PyTorch `torch.nn.init.xavier_uniform_`.
 * @example tf.layers.dense({ units: 64, activation: 'tanh', kernelInitializer: glorotUniform({ gain: calculateGain('tanh'), seed: 0 }) })
 */
export function glorotUniform(options: GlorotOptions = {}): GlorotUniform {
  return new GlorotUniform(options);
}

/**
 * Glorot (Xavier) normal: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)), plain (not truncated, unlike
 * tfjs's `glorotNormal`).
 *
 * @param options `{ gain = 1, seed? }`.
 * @returns a tfjs Initializer (see {@link glorotUniform}).
 * @see PyTorch `torch.nn.init.xavier_normal_`.
 * @example glorotNormal({ seed: 3 }).apply([64, 32])
 */
export function glorotNormal(options: GlorotOptions = {}): GlorotNormal {
  return new GlorotNormal(options);
}

/**
 * He (Kaiming) uniform: U(−b, b), b = √3·σ, σ = gain / √fan, gain = √(2 / (1 + slope²)) — for ReLU
 * (slope 0) σ² = 2/fanIn, since ReLU passes on only half of the variance.
 *
 * @param options `{ mode = 'fanIn', negativeSlope = 0, seed? }`.
 * @returns a tfjs Initializer (see {@link glorotUniform}).
 * @see He et al., "Delving Deep into Rectifiers" (ICCV 2015), eq. 10; PyTorch `torch.nn.init.kaiming_uniform_`.
 * @example tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: heUniform({ seed: 0 }) })
 */
export function heUniform(options: HeOptions = {}): HeUniform {
  return new HeUniform(options);
}

/**
 * He (Kaiming) normal: N(0, σ²), σ = gain / √fan, gain = √(2 / (1 + slope²)); plain, not truncated —
 * tfjs's own `heNormal` truncates at 2σ, which leaves a standard deviation of ≈ 0.88·σ.
 *
 * @param options `{ mode = 'fanIn', negativeSlope = 0, seed? }`.
 * @returns a tfjs Initializer (see {@link glorotUniform}).
 * @see He et al. (ICCV 2015); PyTorch `torch.nn.init.kaiming_normal_`.
 * @example tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: heNormal({ seed: 0 }) })
 */
export function heNormal(options: HeOptions = {}): HeNormal {
  return new HeNormal(options);
}

/**
 * LeCun normal: N(0, σ²), σ = 1 / √fan (torch: `kaiming_normal_(nonlinearity='linear')`) — keeps the
 * variance of a linear layer (and is the one SELU networks use). Plain, not truncated.
 *
 * @param options `{ mode = 'fanIn', seed? }`.
 * @returns a tfjs Initializer (see {@link glorotUniform}).
 * @see LeCun et al., "Efficient BackProp" (1998), §4.6.
 * @example lecunNormal({ seed: 0 }).apply([64, 10])
 */
export function lecunNormal(options: FanModeOptions = {}): LecunNormal {
  return new LecunNormal(options);
}
