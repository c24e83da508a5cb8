/**
 * Every public entry point of src/index.ts, fed bad input generated from its entry in the fuzz
 * table (tests/fuzz/table.ts): each bad input must throw a RangeError/TypeError that names the
 * function, the parameter, the value and what is allowed, and leave `tf.memory().numTensors` as it
 * was; each good input (a control) must be accepted and leak nothing. An export without an entry
 * fails the coverage test: new exports join the table when they are added.
 *
 * The census (tried / clear / unclear / accepted / crashed / leaked) is printed at the end.
 */
import { appendFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../src/index';
import { ready } from '../src/backend';
import { tryBad, tryGood, type Outcome } from './fuzz/run';
import { badCases, controls } from './fuzz/spec';
import { EXEMPT, F, FUZZ_TABLE, makeFixtures } from './fuzz/table';

const census: Record<Outcome | 'leaked' | 'tried', number> = { tried: 0, clear: 0, unclear: 0, accepted: 0, crashed: 0, leaked: 0 };
const controlCensus = { tried: 0, accepted: 0, failed: 0, leaked: 0 };

beforeAll(async () => {
  await ready();
  makeFixtures();
});

afterAll(() => {
  console.log(
    `api fuzz — bad inputs: tried ${census.tried}, rejected clearly ${census.clear}, unclear ${census.unclear}, ` +
      `accepted silently ${census.accepted}, crashed ${census.crashed}, leaked ${census.leaked}; ` +
      `controls: tried ${controlCensus.tried}, accepted ${controlCensus.accepted}, failed ${controlCensus.failed}, leaked ${controlCensus.leaked}`,
  );
  tf.dispose([F.x, F.y, F.x3, F.y3, F.img, F.zeros2, F.x16, F.y16, F.v, F.g, F.gWrong, F.iter]);
  F.model?.dispose();
});

describe('every export has a fuzz-table entry', () => {
  it('(or a stated exemption)', () => {
    const missing = Object.keys(api).filter((name) => !(name in FUZZ_TABLE) && !(name in EXEMPT));
    expect(missing, 'add these exports to FUZZ_TABLE in tests/fuzz/table.ts (its header shows how), or to EXEMPT with a reason').toEqual([]);
    const stale = [...Object.keys(FUZZ_TABLE), ...Object.keys(EXEMPT)].filter((name) => !(name in api));
    expect(stale, 'entries for names src/index.ts no longer exports').toEqual([]);
  });
});

for (const [name, entries] of Object.entries(FUZZ_TABLE)) {
  describe(name, () => {
    it('rejects bad input clearly, creating no tensor', async () => {
      const problems: string[] = [];
      for (const entry of entries) {
        for (const c of badCases(entry)) {
          const r = await tryBad(c);
          census.tried++;
          census[r.outcome]++;
          if (r.leaked !== 0) census.leaked++;
          if (r.outcome !== 'clear') problems.push(`${entry.fn}(${c.what}): ${r.outcome}${r.detail ? ` — ${r.detail}` : ''}`);
          if (r.leaked !== 0) problems.push(`${entry.fn}(${c.what}): ${r.leaked} tensor(s) left behind`);
        }
      }
      // FUZZ_DUMP=file lists every problem in full (the assertion below shows only the first ones).
      if (process.env.FUZZ_DUMP) appendFileSync(process.env.FUZZ_DUMP, problems.map((p) => `${p}\n`).join(''));
      expect(problems).toEqual([]);
    });

    it('accepts good input', async () => {
      const problems: string[] = [];
      for (const entry of entries) {
        for (const control of controls(entry)) {
          const r = await tryGood(entry, control.args);
          controlCensus.tried++;
          if (r.outcome === 'accepted') controlCensus.accepted++;
          else controlCensus.failed++;
          if (r.leaked !== 0) controlCensus.leaked++;
          if (r.outcome !== 'accepted') problems.push(`${entry.fn}(${control.what}): ${r.detail}`);
          if (r.leaked !== 0) problems.push(`${entry.fn}(${control.what}): ${r.leaked} tensor(s) left behind`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
}
