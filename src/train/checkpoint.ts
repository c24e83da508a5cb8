/**
 * The checkpoint format of `train({ checkpoint, resume })`: what a run saves after an epoch, and the
 * checks a file passes before anything is loaded from it. No file access here (that is
 * src/platform/checkpoint-files.ts, the Node adapter): this module turns a run's state into text and back.
 *
 * A checkpoint file is one line of JSON header, a newline, and the body (JSON):
 *
 *   {"format":"trainlab-checkpoint","version":1,"bytes":48213,"checksum":"9f3a01c2"}
 *   {"epochs":3,"steps":69,"model":[…],"optimizer":{…},"callbacks":[…],"history":{…},…}
 *
 * `bytes` is the body's length in UTF-16 code units and `checksum` its FNV-1a hash, so a truncated
 * or damaged body is found before it is parsed. Tensors are stored as their raw little-endian bytes
 * in base64, so weights and optimizer state come back bit for bit; non-finite numbers (a NaN loss in
 * the history) are written as {"$nf":"NaN"} because JSON has no NaN.
 */
import * as tf from '@tensorflow/tfjs';
import { formatValue } from '../core/errors';
import type { TrainContext } from './callbacks';
import type { History } from './history';

export const CHECKPOINT_FORMAT = 'trainlab-checkpoint';
export const CHECKPOINT_VERSION = 1;
/** The file a checkpoint directory holds. */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** A checkpoint that cannot be used: truncated, damaged, from another program or version, or for another model. `file` names it. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** A tensor as a checkpoint holds it: name, shape, dtype and its bytes in base64. */
export interface SavedTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: string;
}

/** Everything a run needs to continue exactly where it stopped. */
export interface CheckpointState {
  /** Epochs completed; the resumed run starts with epoch `epochs` (0-based). */
  epochs: number;
  /** The run's shape, which a resumed run must match to see the same batches. */
  run: { samples: number; batchSize: number; seed: number; shuffle: boolean };
  /** Every model weight (`model.weights` order), non-trainable ones too. */
  model: SavedTensor[];
  /** The trainable variables' names when saved, in `model.trainableWeights` order (optimizer state is keyed by them). */
  trainableNames: string[];
  optimizer: {
    className: string;
    /** `optimizer.getWeights()`: `iter` and the slots, named `<variable name>/<slot>`. */
    weights: SavedTensor[];
    /** The optimizer's numeric learning rate, or null when it has a Schedule (or none to read). */
    learningRate: number | null;
  };
  /** Per callback, in order: its kind and saved state, or null for one that keeps none. */
  callbacks: ({ kind: string; state: unknown } | null)[];
  /** The float16 loss scaler's state, or null. */
  lossScaler: unknown;
  history: History;
}

/** A callback whose state a checkpoint keeps (earlyStopping, reduceLrOnPlateau). */
export interface CheckpointableCallback {
  /** A name for the callback's kind; a resumed run's callbacks must have the same kinds in the same order. */
  readonly checkpointKind: string;
  /** Its state as JSON-safe data (tensors via `saveTensors`). */
  checkpointState(): unknown;
  /** Puts a saved state back (after `onTrainBegin` of the resumed run). Checks it first: throws before changing anything. */
  restoreCheckpointState(state: unknown, context: TrainContext): void;
}

export function isCheckpointable(callback: unknown): callback is CheckpointableCallback {
  const c = callback as Partial<CheckpointableCallback> | null;
  return typeof c === 'object' && c !== null && typeof c.checkpointKind === 'string' && typeof c.checkpointState === 'function' && typeof c.restoreCheckpointState === 'function';
}

// ── tensors ──

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes → base64, in plain JS (no Buffer, no btoa: the same code runs in Node and the browser). */
export function toBase64(bytes: Uint8Array): string {
  const end = bytes.length;
  const codes = new Uint8Array(Math.ceil(end / 3) * 4);
  let k = 0;
  for (let i = 0; i < end; i += 3) {
    const n = (bytes[i] << 16) | ((i + 1 < end ? bytes[i + 1] : 0) << 8) | (i + 2 < end ? bytes[i + 2] : 0);
    codes[k++] = CODES[(n >> 18) & 63];
    codes[k++] = CODES[(n >> 12) & 63];
    codes[k++] = i + 1 < end ? CODES[(n >> 6) & 63] : PAD;
    codes[k++] = i + 2 < end ? CODES[n & 63] : PAD;
  }
  return new TextDecoder().decode(codes); // ASCII: the same bytes as characters
}

const CODES = Uint8Array.from(BASE64, (ch) => ch.charCodeAt(0));
const PAD = '='.charCodeAt(0);
/** Character code → 6-bit value, −1 for characters outside the alphabet. */
const VALUES = Int8Array.from({ length: 128 }, (_, code) => BASE64.indexOf(String.fromCharCode(code)));

/** base64 → bytes, or null when the text is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - pad);
  let j = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      const v = code === PAD && i + k >= text.length - pad ? 0 : VALUES[code];
      if (v === undefined || v < 0) return null;
      n = (n << 6) | v;
    }
    bytes[j++] = (n >> 16) & 255;
    if (j < bytes.length) bytes[j++] = (n >> 8) & 255;
    if (j < bytes.length) bytes[j++] = n & 255;
  }
  return bytes;
}

/** Copies of tensors' values as SavedTensors (one read each; creates no tensor). */
export function saveTensors(tensors: readonly { name: string; tensor: tf.Tensor }[]): SavedTensor[] {
  return tensors.map(({ name, tensor }) => {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new TypeError(`checkpoint: ${formatValue(name)} has dtype ${tensor.dtype}; only float32 and int32 tensors can be saved`);
    const values = tensor.dataSync() as Float32Array | Int32Array;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    return { name, shape: [...tensor.shape], dtype: tensor.dtype, data: toBase64(bytes) };
  });
}

/** New tensors from SavedTensors checked by `decodeCheckpoint` (the caller owns them). */
export function loadTensors(saved: readonly SavedTensor[]): { name: string; tensor: tf.Tensor }[] {
  return saved.map((s) => {
    const bytes = fromBase64(s.data)!;
    const copy = bytes.slice().buffer; // aligned
    const values = s.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
    return { name: s.name, tensor: tf.tensor(values, s.shape, s.dtype) };
  });
}

// ── the file ──

/** FNV-1a, 32 bits, over UTF-16 code units, as 8 hex digits. */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const NON_FINITE = '$nf';

/** The file's text for a state. */
export function encodeCheckpoint(state: CheckpointState): string {
  const body = JSON.stringify(state, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value,
  );
  const header = JSON.stringify({ format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, bytes: body.length, checksum: checksum(body) });
  return `${header}\n${body}`;
}

/**
 * The state in a checkpoint file's text, checked from header to every tensor's size before it is
 * returned (so a load that starts cannot fail on the file). Throws a CheckpointError naming `file`:
 * not a trainlab checkpoint, another version, truncated, damaged (checksum), or malformed.
 * Creates no tensor.
 */
export function decodeCheckpoint(text: string, file: string): CheckpointState {
  const fail = (why: string) => new CheckpointError(file, `checkpoint ${file}: ${why}; nothing was loaded`);
  const cut = text.indexOf('\n');
  let header: { format?: unknown; version?: unknown; bytes?: unknown; checksum?: unknown };
  try {
    header = JSON.parse(cut < 0 ? text : text.slice(0, cut)) as typeof header;
  } catch {
    throw fail(text.length === 0 ? 'the file is empty' : 'is not a trainlab checkpoint (its first line is not the checkpoint header)');
  }
  if (typeof header !== 'object' || header === null || header.format !== CHECKPOINT_FORMAT) {
    throw fail(`is not a trainlab checkpoint (format ${formatValue(header?.format)}, expected ${formatValue(CHECKPOINT_FORMAT)})`);
  }
  if (header.version !== CHECKPOINT_VERSION) {
    throw fail(`was written by checkpoint format version ${formatValue(header.version)}; this trainlab reads version ${CHECKPOINT_VERSION}`);
  }
  const body = cut < 0 ? '' : text.slice(cut + 1);
  if (body.length !== header.bytes) throw fail(`is truncated or damaged: its state has ${body.length} characters, the header says ${formatValue(header.bytes)}`);
  if (checksum(body) !== header.checksum) throw fail('is damaged: its checksum does not match its contents');
  let state: CheckpointState;
  try {
    state = JSON.parse(body, (_key, value: unknown) => {
      const v = value as Record<string, unknown> | null;
      return typeof v === 'object' && v !== null && typeof v[NON_FINITE] === 'string' && Object.keys(v).length === 1 ? Number(v[NON_FINITE]) : value;
    }) as CheckpointState;
  } catch {
    throw fail('is damaged: its state is not valid JSON');
  }
  const problem = malformed(state);
  if (problem !== null) throw fail(`is malformed: ${problem}`);
  return state;
}

/** What is wrong with a parsed state, or null. */
function malformed(s: CheckpointState): string | null {
  const isInt = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  if (typeof s !== 'object' || s === null) return 'no state';
  if (!isInt(s.epochs)) return `epochs ${formatValue(s.epochs)}`;
  const r = s.run;
  if (typeof r !== 'object' || r === null || !isInt(r.samples) || !isInt(r.batchSize) || !isInt(r.seed) || typeof r.shuffle !== 'boolean') return 'no run shape';
  if (!Array.isArray(s.trainableNames) || !s.trainableNames.every((n) => typeof n === 'string')) return 'no trainable variable names';
  const o = s.optimizer;
  if (typeof o !== 'object' || o === null || typeof o.className !== 'string' || !(o.learningRate === null || typeof o.learningRate === 'number')) return 'no optimizer';
  for (const [what, list] of [['model', s.model], ['optimizer', o.weights]] as const) {
    if (!Array.isArray(list)) return `no ${what} weights`;
    for (const t of list) {
      const bad = badTensor(t);
      if (bad !== null) return `${what} weight ${formatValue((t as Partial<SavedTensor>)?.name)}: ${bad}`;
    }
  }
  if (!Array.isArray(s.callbacks) || !s.callbacks.every((c) => c === null || (typeof c === 'object' && typeof c.kind === 'string'))) return 'no callback states';
  const h = s.history;
  if (typeof h !== 'object' || h === null || !Array.isArray(h.stepLoss) || !Array.isArray(h.trainLoss) || !isInt(h.steps) || h.epochs !== s.epochs) return 'no history';
  return null;
}

function badTensor(t: unknown): string | null {
  const s = t as Partial<SavedTensor> | null;
  if (typeof s !== 'object' || s === null || typeof s.name !== 'string' || typeof s.data !== 'string') return 'not a saved tensor';
  if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0)) return 'a bad shape';
  if (s.dtype !== 'float32' && s.dtype !== 'int32') return `dtype ${formatValue(s.dtype)}`;
  const bytes = fromBase64(s.data);
  const size = s.shape.reduce((a, b) => a * b, 1);
  if (bytes === null || bytes.length !== size * 4) return `its data does not hold ${size} values`;
  return null;
}
