/**
 * The benchmark harness: every entry compares a candidate with a baseline measured side by side in
 * the same process, in alternating rounds, and reports the ratio of their median times. Absolute
 * times on a shared 2-core machine drift by tens of percent; a ratio measured in one run does not.
 */

/** One side of a comparison: `setup` builds what is measured and returns the timed step. */
export interface BenchCase {
  label: string;
  /** Builds state (models, tensors, backend) and returns the step to time plus its cleanup. */
  setup: () => Promise<BenchStep> | BenchStep;
}

export interface BenchStep {
  /** Called once per timed iteration. Await it: GPU-less tfjs still has async reads. */
  run: () => Promise<unknown> | unknown;
  /** Called when the side is switched away from or finished (e.g. to select its backend again). */
  enter?: () => Promise<void> | void;
  teardown?: () => Promise<void> | void;
}

export interface Comparison {
  name: string;
  baseline: BenchCase;
  candidate: BenchCase;
  /** Timed iterations per round (default 20). */
  iterations?: number;
  /** Alternating rounds per side (default 5). */
  rounds?: number;
  /** Untimed iterations per side before the first round (default 3). */
  warmup?: number;
  /** The ratio the project promises, if any: speed-up = baseline time / candidate time. */
  target?: number;
  /** Training steps one `run` does on each side (e.g. an epoch's batches): the table then shows steps/s. */
  stepsPerRun?: number;
}

export interface ComparisonResult {
  name: string;
  baseline: string;
  candidate: string;
  baselineMs: number;
  candidateMs: number;
  /** baselineMs / candidateMs: above 1 means the candidate is faster. */
  speedup: number;
  target?: number;
  meetsTarget?: boolean;
  /** Steps per second on each side, when the comparison counts steps. */
  baselineStepsPerSecond?: number;
  candidateStepsPerSecond?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function timeRound(step: BenchStep, iterations: number): Promise<number> {
  await step.enter?.();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await step.run();
  return (performance.now() - start) / iterations;
}

/** Runs one comparison: warm both sides, then alternate timed rounds; medians of per-round means. */
export async function runComparison(c: Comparison): Promise<ComparisonResult> {
  const { iterations = 20, rounds = 5, warmup = 3 } = c;
  const baseline = await c.baseline.setup();
  const candidate = await c.candidate.setup();
  try {
    for (const step of [baseline, candidate]) {
      await step.enter?.();
      for (let i = 0; i < warmup; i++) await step.run();
    }
    const times: [number[], number[]] = [[], []];
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first so drift (thermal, GC) hits both alike.
      const order: [BenchStep, number][] = r % 2 ? [[candidate, 1], [baseline, 0]] : [[baseline, 0], [candidate, 1]];
      for (const [step, side] of order) times[side].push(await timeRound(step, iterations));
    }
    const baselineMs = median(times[0]);
    const candidateMs = median(times[1]);
    const speedup = baselineMs / candidateMs;
    return {
      name: c.name,
      baseline: c.baseline.label,
      candidate: c.candidate.label,
      baselineMs,
      candidateMs,
      speedup,
      ...(c.target === undefined ? {} : { target: c.target, meetsTarget: speedup >= c.target }),
      ...(c.stepsPerRun === undefined
        ? {}
        : { baselineStepsPerSecond: (c.stepsPerRun * 1000) / baselineMs, candidateStepsPerSecond: (c.stepsPerRun * 1000) / candidateMs }),
    };
  } finally {
    await baseline.teardown?.();
    await candidate.teardown?.();
  }
}

/** A fixed-width table of results, one line per comparison. */
export function formatTable(results: ComparisonResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.baseline,
    r.candidate,
    r.baselineMs.toFixed(3),
    r.candidateMs.toFixed(3),
    `${r.speedup.toFixed(2)}×`,
    r.baselineStepsPerSecond === undefined ? '' : `${r.baselineStepsPerSecond.toFixed(0)} → ${r.candidateStepsPerSecond!.toFixed(0)}`,
    r.target === undefined ? '' : `${r.meetsTarget ? 'ok' : 'MISSED'} (≥ ${r.target}×)`,
  ]);
  const header = ['benchmark', 'baseline', 'candidate', 'baseline ms', 'candidate ms', 'speed-up', 'steps/s', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
