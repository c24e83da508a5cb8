/**
 * `diagnose` on real training runs: the labelled runs of tests/fixtures/diagnose-runs.json, made by
 * tools/diagnose-dataset/make.ts (156 seeded runs: 52 set-ups — digits, moons, two spirals, blobs;
 * MLPs of 0–7 hidden layers; SGD, momentum, Adam, AdamW, RMSprop; 2–150 epochs — each with 3 seed
 * variants). This test reads the committed fixture; it trains nothing.
 */
import { describe, expect, it } from 'vitest';
import { confusionTable, evaluate, loadRuns } from '../tools/diagnose-dataset/evaluate';
import { VERDICTS } from '../src/index';

const runs = loadRuns();

describe('diagnose on the labelled real runs', () => {
  it('covers every verdict several times, with several data sets', () => {
    for (const verdict of VERDICTS) {
      const labelled = runs.filter((r) => r.label === verdict);
      expect(labelled.length, verdict).toBeGreaterThanOrEqual(15);
      expect(new Set(labelled.map((r) => r.name.split('-')[0])).size, verdict).toBeGreaterThanOrEqual(3);
    }
  });

  it('is right on at least 90 % of them (numClasses given)', () => {
    const e = evaluate(runs);
    if (e.accuracy < 0.9) console.log(confusionTable(e), e.mistakes);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('never calls a diverging run healthy', () => {
    for (const withNumClasses of [true, false]) {
      expect(evaluate(runs, { withNumClasses }).matrix.diverging.healthy).toBe(0);
    }
  });

  it('never calls a healthy run diverging', () => {
    for (const withNumClasses of [true, false]) {
      expect(evaluate(runs, { withNumClasses }).matrix.healthy.diverging).toBe(0);
    }
  });
});
