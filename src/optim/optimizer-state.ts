/**
 * Where a TransformOptimizer keeps its state: one non-trainable tf.Variable per slot and key, a key
 * being a variable name or, on the fast path, the packed group (fused.ts). Updates are written back
 * with `assign`, so the number of tensors stays flat however many steps run.
 *
 * Invariant: each variable's state is held once — under its own name, or inside the packed group
 * when it is a member of `packing`.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '../core/types';
import { PACKED, pack, unpack, type Packing } from './fused';
import type { GradientTransformation, TransformState } from './transform';

export class OptimizerState {
  /** slot → key → state variable. */
  private slots: Record<string, Record<string, tf.Variable>> = {};
  /** Members of the packed group, or null when nothing is packed. */
  private packing: Packing | null = null;
  /** Variable names whose state exists (init has run, or it was loaded). */
  private readonly initialized = new Set<string>();

  constructor(private readonly transform: GradientTransformation) {
    for (const slot of transform.slots) this.slots[slot] = {};
  }

  isInitialized(name: string): boolean {
    return this.initialized.has(name);
  }

  markInitialized(names: Iterable<string>): void {
    for (const name of names) this.initialized.add(name);
  }

  /** The current tensors for `keys` (variable names or PACKED), as a transformation reads them. */
  read(keys: string[]): TransformState {
    const state: TransformState = {};
    for (const slot of this.transform.slots) {
      state[slot] = {};
      for (const key of keys) {
        const v = this.slots[slot][key];
        if (v !== undefined) state[slot][key] = v;
      }
    }
    return state;
  }

  /** Stores a transformation's next state: assigns into existing variables, creates the others. */
  write(next: TransformState): void {
    for (const [slot, tensors] of Object.entries(next)) {
      const vars = this.slots[slot];
      for (const [key, t] of Object.entries(tensors)) {
        const v = vars[key];
        if (v === undefined) vars[key] = tf.variable(t, false);
        else if (v.dataId !== t.dataId) v.assign(t); // same data: nothing to do (and assign would free it)
      }
    }
  }

  /** Splits the packed group's state back into per-variable state. */
  unpackAll(): void {
    const packing = this.packing;
    if (packing === null) return;
    for (const slot of this.transform.slots) {
      const flat = this.slots[slot][PACKED];
      if (flat === undefined) continue;
      const pieces = unpack(flat, packing);
      packing.entries.forEach((e, i) => (this.slots[slot][e.name] = tf.variable(pieces[i], false)));
      tf.dispose(pieces);
      flat.dispose();
      delete this.slots[slot][PACKED];
    }
    this.packing = null;
  }

  /**
   * Makes the state match `packing` (null: nothing packed). Members without state get `init`'s
   * state first. Returns false, leaving the state unpacked, when some slot holds state for some
   * members only (a momentum buffer not yet made for a newly added variable): that step runs
   * unpacked, which creates the missing state.
   */
  usePacking(packing: Packing | null, params: NamedTensorMap): boolean {
    if (this.packing !== null && packing !== null && this.packing.key === packing.key) return true;
    this.unpackAll();
    if (packing === null) return true;
    const names = packing.entries.map((e) => e.name);
    const fresh = names.filter((n) => !this.initialized.has(n));
    if (fresh.length === names.length) {
      this.packing = packing; // the first packed step inits the group as a whole
      return true;
    }
    if (fresh.length > 0) {
      tf.tidy(() => this.write(this.transform.init(Object.fromEntries(fresh.map((n) => [n, params[n]])))));
      this.markInitialized(fresh);
    }
    for (const slot of this.transform.slots) {
      const held = names.filter((n) => this.slots[slot][n] !== undefined).length;
      if (held !== 0 && held !== names.length) return false;
    }
    for (const slot of this.transform.slots) {
      const vars = this.slots[slot];
      if (vars[names[0]] === undefined) continue;
      vars[PACKED] = tf.tidy(() => tf.variable(pack(names.map((n) => vars[n])), false));
      for (const n of names) {
        vars[n].dispose();
        delete vars[n];
      }
    }
    this.packing = packing;
    return true;
  }

  /**
   * Copies of every state tensor under its variable's name (new tensors owned by the caller), in
   * the order: slot by slot, variables in the order first seen.
   */
  snapshot(): { name: string; slot: string; tensor: tf.Tensor }[] {
    const out: { name: string; slot: string; tensor: tf.Tensor }[] = [];
    for (const slot of this.transform.slots) {
      for (const [key, v] of Object.entries(this.slots[slot])) {
        if (key !== PACKED) {
          out.push({ name: key, slot, tensor: v.clone() });
        } else if (this.packing !== null) {
          const pieces = unpack(v, this.packing);
          this.packing.entries.forEach((e, i) => out.push({ name: e.name, slot, tensor: pieces[i] }));
        }
      }
    }
    return out;
  }

  /** Replaces all state with `entries`' values (the variables share their data; the caller keeps its tensors). */
  load(entries: { name: string; slot: string; tensor: tf.Tensor }[]): void {
    this.dispose();
    for (const { name, slot, tensor } of entries) {
      this.slots[slot][name] = tf.variable(tensor, false);
      this.initialized.add(name);
    }
  }

  /** Frees every state variable; the state is then empty (as before the first step). */
  dispose(): void {
    for (const slot of this.transform.slots) {
      tf.dispose(Object.values(this.slots[slot]));
      this.slots[slot] = {};
    }
    this.packing = null;
    this.initialized.clear();
  }
}
