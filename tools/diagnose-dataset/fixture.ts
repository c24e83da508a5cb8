/**
 * The stored form of a labelled run (tests/fixtures/diagnose-runs.json): shared by the script that
 * makes the fixture and the test that reads it.
 */
import type { Verdict } from './runs';

/** One labelled run as the fixture keeps it (numbers decoded). */
export interface StoredRun {
  name: string;
  /** Every seed moved by 100·variant. 0, 1: development runs (the rules were tuned on them); 2: held out. */
  variant: number;
  /** The set-up's known defect (see runs.ts). */
  label: Verdict;
  numClasses: number;
  /** Wall-clock time of the run when it was made. */
  seconds: number;
  valAccuracy: number[];
  trainLoss: number[];
  valLoss: number[];
  stepLoss: number[];
}

type Encoded<T> = { [K in keyof T]: T[K] extends number[] ? (number | string)[] : T[K] };

/** 4 significant digits; NaN and ±Infinity as strings (JSON has no such numbers). */
function encode(x: number): number | string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : String(x);
}

function decode(x: number | string): number {
  return typeof x === 'number' ? x : Number(x);
}

export function encodeNumbers(run: StoredRun): Encoded<StoredRun> {
  return {
    ...run,
    valAccuracy: run.valAccuracy.map(encode),
    trainLoss: run.trainLoss.map(encode),
    valLoss: run.valLoss.map(encode),
    stepLoss: run.stepLoss.map(encode),
  };
}

export function decodeRuns(fixture: { runs: Encoded<StoredRun>[] }): StoredRun[] {
  return fixture.runs.map((run) => ({
    ...run,
    valAccuracy: run.valAccuracy.map(decode),
    trainLoss: run.trainLoss.map(decode),
    valLoss: run.valLoss.map(decode),
    stepLoss: run.stepLoss.map(decode),
  }));
}
