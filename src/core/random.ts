/**
 * A small seeded pseudo-random generator (mulberry32) for data shuffling, splits and synthetic sets.
 * Deterministic across platforms: the same seed gives the same sequence everywhere.
 */
import { checkInteger, rangeError } from './errors';

/** The longest permutation `Random.permutation` makes: the largest JS array length. */
const MAX_LENGTH = 2 ** 32 - 1;

export class Random {
  private state: number;

  constructor(seed: number) {
    checkInteger('Random', 'seed', seed, 0); // read modulo 2³²
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log stays finite
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n); n is an integer ≥ 1. */
  int(n: number): number {
    checkInteger('Random.int', 'n', n, 1);
    return this.intBelow(n);
  }

  /** `int` without the check, for the loops that call it with a known-good n. */
  private intBelow(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A random permutation of 0..n-1 (Fisher–Yates); n is an integer in [0, 2³² − 1]. */
  permutation(n: number): number[] {
    if (checkInteger('Random.permutation', 'n', n, 0) > MAX_LENGTH) throw rangeError('Random.permutation', 'n', `an integer in [0, ${MAX_LENGTH}]`, n);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.intBelow(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}
