/**
 * The driver: a `tf.Optimizer` that runs a GradientTransformation, so a chain works everywhere tfjs
 * takes an optimizer — `model.compile({ optimizer })` + `model.fit`, `minimize`, `applyGradients`.
 *
 * One driver owns the step. For each `applyGradients` it
 *   1. reads the learning rate for this update (a Schedule gets the 0-based update index),
 *   2. runs the transformation inside one `tf.tidy` — packed into one flat vector when the chain is
 *      elementwise (fused.ts), per variable otherwise,
 *   3. `assign`s p + u to each variable and the next state into the state variables,
 *   4. counts the update (`iterations`).
 */
import * as tf from '@tensorflow/tfjs';
import { checkFunction, checkInteger, checkOptions, checkString, formatValue, rangeError, typeError } from '../core/errors';
import type { NamedTensorMap, Schedule } from '../core/types';
import { gradientMap, lookUpVariables, type NamedTensor } from './gradient-map';
import { DEFAULT_MAX_PACKED_SIZE, PACKED, pack, planPacking, unpack, type Packing } from './fused';
import { OptimizerState } from './optimizer-state';
import type { GradientTransformation } from './transform';
import { checkBoolean, checkLearningRate, learningRateAt } from './validate';

export type { NamedTensor } from './gradient-map';

export interface TransformOptimizerConfig {
  /** The name messages use, e.g. `adam` in `adam: learningRate(3) must be ≥ 0, got -1`. */
  name: string;
  /** lr ≥ 0, or a Schedule of the update index; readable and settable later as `learningRate`. */
  learningRate: number | Schedule;
  /**
   * Builds the chain. `learningRate` is a Schedule that reads the optimizer's current rate: pass it
   * to `scaleByLearningRate` (and wherever else the rule needs lr).
   */
  build: (learningRate: Schedule) => GradientTransformation;
  /** Use the fused multi-tensor path when the chain allows it (default true). */
  fused?: boolean;
}

/**
 * A `tf.Optimizer` running a GradientTransformation. The ready optimizers (`sgd`, `adam`, `adamw`,
 * `rmsprop`) are subclasses; build your own from any chain.
 *
 * State lives in non-trainable variables owned by the optimizer (free them with `dispose()`);
 * `getWeights()` names each slot `<variable name>/<slot>` after the step count `iter`.
 *
 * @example
 * // Adam's direction smoothed once more by momentum, as a tf.Optimizer:
 * const opt = new TransformOptimizer({
 *   name: 'adamWithMomentum', learningRate: 1e-3,
 *   build: (lr) => chain(scaleByAdam(), traceMomentum({ momentum: 0.5 }), scaleByLearningRate(lr)),
 * });
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 */
export class TransformOptimizer extends tf.Optimizer {
  static className = 'trainlab.TransformOptimizer';

  /** The chain this optimizer runs. */
  readonly transform: GradientTransformation;
  /** Use the fused multi-tensor path when valid (the chain is `fusable`, tensors are float32). */
  fused: boolean;
  /** Parameters with more elements than this are updated on their own, not packed. */
  maxPackedSize = DEFAULT_MAX_PACKED_SIZE;

  protected readonly fn: string;
  private lr: number | Schedule;
  private readonly state: OptimizerState;
  private disposed = false;
  /** The rate checked for the update in progress, so a schedule is called once per update. */
  private current: { step: number; value: number } | null = null;

  constructor(config: TransformOptimizerConfig) {
    super();
    const fn = 'TransformOptimizer';
    const { name, learningRate, build, fused = true } = checkOptions<TransformOptimizerConfig>(fn, config, ['name', 'learningRate', 'build', 'fused'], 'config');
    this.fn = checkString(fn, 'name', name);
    this.lr = checkLearningRate(fn, learningRate);
    this.fused = checkBoolean(fn, 'fused', fused);
    checkFunction(fn, 'build', build, 'a function (learningRate: Schedule) => GradientTransformation');
    this.transform = build((step) => (this.current?.step === step ? this.current.value : this.learningRateAt(step)));
    this.state = new OptimizerState(this.transform);
  }

  /** The learning rate as configured: a number, or the Schedule called at every update. */
  get learningRate(): number | Schedule {
    return this.lr;
  }

  /** Sets the rate used from the next update on (a number ≥ 0 or a Schedule); callbacks use this. */
  set learningRate(value: number | Schedule) {
    this.lr = checkLearningRate(this.fn, value);
  }

  /** The rate for the update with 0-based index `step` (default: the next update). */
  learningRateAt(step: number = this.iterations): number {
    return learningRateAt(this.fn, this.lr, step);
  }

  /**
   * Applies one update from gradients keyed by variable name (a map, or `{ name, tensor }` pairs as
   * `minimize` passes them). Missing or null gradients leave their variable and its state alone; a
   * call with no gradients at all is not counted as an update.
   */
  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    if (this.disposed) throw new Error(`${this.fn}: applyGradients was called after dispose()`);
    const fn = `${this.fn}.applyGradients`;
    const grads = gradientMap(variableGradients, fn);
    const names = Object.keys(grads);
    if (names.length === 0) return;
    const variables = lookUpVariables(fn, grads);
    const step = this.iterations;
    this.current = { step, value: this.learningRateAt(step) }; // a bad schedule value throws here
    try {
      const wanted = this.fused && this.transform.fusable ? planPacking(names, variables, this.maxPackedSize) : null;
      const packing = this.state.usePacking(wanted, variables) ? wanted : null;
      tf.tidy(() => this.update(grads, variables, packing, step));
    } finally {
      this.current = null;
    }
    this.incrementIterations();
  }

  /** One update, inside the caller's tidy: the chain runs on solo variables and the packed group alike. */
  private update(grads: NamedTensorMap, variables: Record<string, tf.Variable>, packing: Packing | null, step: number): void {
    // What the chain sees: each unpacked variable under its own name, the packed ones as one vector.
    const packed = new Set(packing?.entries.map((e) => e.name));
    const solo = Object.keys(grads).filter((n) => !packed.has(n));
    const g: NamedTensorMap = {};
    const p: NamedTensorMap = {};
    for (const n of solo) {
      g[n] = grads[n];
      p[n] = variables[n];
    }
    if (packing !== null) {
      g[PACKED] = pack(packing.entries.map((e) => grads[e.name]));
      p[PACKED] = pack(packing.entries.map((e) => variables[e.name]));
    }

    // State: what is stored, plus init's state for keys updated for the first time.
    const state = this.state.read(Object.keys(g));
    const fresh = solo.filter((n) => !this.state.isInitialized(n));
    if (packing !== null && !this.state.isInitialized(packing.entries[0].name)) fresh.push(PACKED); // all or none (usePacking)
    if (fresh.length > 0) {
      const init = this.transform.init(Object.fromEntries(fresh.map((k) => [k, p[k]])));
      for (const slot of this.transform.slots) Object.assign(state[slot], init[slot]);
    }

    const { updates, state: next } = this.transform.update(g, state, p, step);

    // p ← p + u (the chain's last link already holds the minus sign and the learning rate).
    for (const n of solo) variables[n].assign(tf.add(variables[n], updates[n]));
    if (packing !== null) {
      const pieces = unpack(tf.add(p[PACKED], updates[PACKED]), packing);
      packing.entries.forEach((e, i) => variables[e.name].assign(pieces[i]));
    }
    this.state.write(next);
    this.state.markInitialized(Object.keys(grads));
  }

  /**
   * The optimizer's state as new tensors owned by the caller (dispose them): first the step count
   * `iter` (int32 scalar), then every slot as `<variable name>/<slot>`, e.g. `dense/kernel/m`.
   * (tfjs-layers' `model.save({ includeOptimizer: true })` reads them and never disposes them, as it
   * does with tfjs's own optimizers' `iter`.)
   */
  async getWeights(): Promise<NamedTensor[]> {
    const iter = await this.saveIterations();
    const slots = this.state.snapshot().map(({ name, slot, tensor }) => ({ name: `${name}/${slot}`, tensor }));
    return [iter, ...slots];
  }

  /**
   * Replaces the state with saved weights (as `getWeights` returns them; order does not matter).
   * The caller keeps its tensors. Training resumed from here continues exactly where the saved
   * optimizer stood.
   *
   * State is matched to variables by name, so the variables must exist, named as when saved — as
   * they are when the same model is rebuilt in a new process. (tfjs-layers renames the variables of
   * a model loaded into a process that still knows the old names, e.g. `dense_Dense1/kernel_1`;
   * then this throws rather than silently restarting from zero state.)
   */
  async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (this.disposed) throw new Error(`${this.fn}: setWeights was called after dispose()`);
    const fn = `${this.fn}.setWeights`;
    const entries = this.stateEntries(fn, weightValues);
    const iter = weightValues.find((w) => w.name === 'iter')!;
    if (iter.tensor.size !== 1) throw rangeError(fn, '"iter"', 'a scalar (the step count)', iter.tensor);
    const steps = checkInteger(fn, '"iter"', (await iter.tensor.data())[0], 0);
    this.state.load(entries);
    this.iterations_ = steps;
  }

  /**
   * Checks saved state against this optimizer and the variables that exist, all of it before
   * anything changes (a bad entry never leaves the state half loaded), and returns it per slot.
   */
  private stateEntries(fn: string, weightValues: unknown): { name: string; slot: string; tensor: tf.Tensor }[] {
    if (!Array.isArray(weightValues)) throw typeError(fn, 'weightValues', 'an array of { name, tensor } (as getWeights returns it)', weightValues);
    weightValues.forEach((w: unknown, i) => {
      const ok = typeof w === 'object' && w !== null && typeof (w as NamedTensor).name === 'string' && (w as NamedTensor).tensor instanceof tf.Tensor;
      if (!ok) throw typeError(fn, `weightValues[${i}]`, '{ name: string, tensor: tf.Tensor }', w);
      if ((w as NamedTensor).tensor.isDisposed) throw new TypeError(`${fn}: weightValues[${i}].tensor must be a live tensor, got a disposed one`);
    });
    const values = weightValues as NamedTensor[];
    if (!values.some((w) => w.name === 'iter')) {
      throw new TypeError(`${fn}: weightValues must include the step count "iter" (as getWeights returns it), got names ${formatValue(values.map((w) => w.name))}`);
    }
    const slots = `"<variable name>/<slot>" with a slot of ${this.fn} (${this.transform.slots.join(', ') || 'none'})`;
    const registered = tf.engine().registeredVariables;
    const entries: { name: string; slot: string; tensor: tf.Tensor }[] = [];
    for (const w of values) {
      if (w.name === 'iter') continue;
      const cut = w.name.lastIndexOf('/');
      const [name, slot] = [w.name.slice(0, cut), w.name.slice(cut + 1)];
      if (cut <= 0 || !this.transform.slots.includes(slot)) throw rangeError(fn, 'each weight name', slots, w.name);
      const v = registered[name];
      if (v === undefined) {
        throw new RangeError(`${fn}: ${formatValue(w.name)} must name an existing variable, but no variable is named ${formatValue(name)} (state is matched to variables by name)`);
      }
      if (!tf.util.arraysEqual(v.shape, w.tensor.shape)) {
        throw new RangeError(`${fn}: ${formatValue(w.name)} must have its variable's shape [${v.shape}], got shape [${w.tensor.shape}]`);
      }
      entries.push({ name, slot, tensor: w.tensor });
    }
    const required = this.requiredSlots();
    for (const name of new Set(entries.map((e) => e.name))) {
      const missing = required.find((slot) => !entries.some((e) => e.name === name && e.slot === slot));
      if (missing !== undefined) {
        throw new RangeError(`${fn}: weightValues must include ${formatValue(`${name}/${missing}`)} (a variable with state needs every slot ${this.fn} makes at its first step: ${required.join(', ')})`);
      }
    }
    return entries;
  }

  /** Slots `init` creates for every variable (the others, like a momentum buffer, appear later). */
  private requiredSlots(): string[] {
    return tf.tidy(() => {
      const init = this.transform.init({ probe: tf.zeros([1]) });
      return this.transform.slots.filter((slot) => init[slot]?.probe !== undefined);
    });
  }

  /** Frees the state variables. Idempotent; the optimizer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.state.dispose();
    super.dispose();
  }

  /** Serializable config: the learning rate when it is a number (a Schedule cannot be saved: null). */
  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: typeof this.lr === 'number' ? this.lr : null };
  }

  /** Rebuilds an optimizer from `getConfig()` (tfjs-layers adds `customObjects`, which is dropped). */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { customObjects: _, ...options } = config;
    return new cls(options);
  }
}
