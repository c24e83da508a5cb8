/**
 * The accuracy and confusion matrix of `diagnose` on the labelled runs — printed by
 * `npx tsx tools/diagnose-dataset/evaluate.ts` and asserted by tests/debug-diagnose-runs.test.ts.
 */
import { readFileSync } from 'node:fs';
import { diagnose, VERDICTS, type Verdict } from '../../src/index';
import { decodeRuns, type StoredRun } from './fixture';
import { parseCommandLine, requireExisting, usageError } from '../cli';

export const FIXTURE = 'tests/fixtures/diagnose-runs.json';

/** The runs of the committed fixture, numbers decoded. */
export function loadRuns(path = FIXTURE): StoredRun[] {
  return decodeRuns(JSON.parse(readFileSync(path, 'utf8')));
}

export interface Evaluation {
  accuracy: number;
  correct: number;
  total: number;
  /** matrix[label][verdict] = how many runs of that label got that verdict. */
  matrix: Record<Verdict, Record<Verdict, number>>;
  /** The runs diagnosed wrongly, with the verdict they got. */
  mistakes: { name: string; label: Verdict; verdict: Verdict }[];
}

/** Diagnoses every run (with or without its number of classes) and scores the verdicts. */
export function evaluate(runs: readonly StoredRun[], options: { withNumClasses?: boolean } = {}): Evaluation {
  const matrix = Object.fromEntries(VERDICTS.map((l) => [l, Object.fromEntries(VERDICTS.map((v) => [v, 0]))])) as Evaluation['matrix'];
  const mistakes: Evaluation['mistakes'] = [];
  for (const run of runs) {
    const { verdict } = diagnose({
      trainLoss: run.trainLoss,
      valLoss: run.valLoss,
      stepLoss: run.stepLoss,
      ...(options.withNumClasses === false ? {} : { numClasses: run.numClasses }),
    });
    matrix[run.label][verdict]++;
    if (verdict !== run.label) mistakes.push({ name: run.name, label: run.label, verdict });
  }
  const correct = runs.length - mistakes.length;
  return { accuracy: correct / runs.length, correct, total: runs.length, matrix, mistakes };
}

/** The confusion matrix as a Markdown table (rows: label; columns: verdict). */
export function confusionTable(e: Evaluation): string {
  const head = `| label \\ verdict | ${VERDICTS.join(' | ')} |`;
  const rule = `| --- | ${VERDICTS.map(() => '---:').join(' | ')} |`;
  const rows = VERDICTS.map((l) => `| ${l} | ${VERDICTS.map((v) => e.matrix[l][v]).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

const USAGE = `usage: npx tsx tools/diagnose-dataset/evaluate.ts [FILE]

  Scores diagnose() on the labelled runs in FILE (default: the committed fixture) and prints the
  confusion table and every mistake.`;

if (process.argv[1]?.endsWith('evaluate.ts')) {
  const { positionals } = parseCommandLine('diagnose-dataset/evaluate', USAGE, {}, { positionals: true });
  if (positionals.length > 1) usageError('diagnose-dataset/evaluate', `expected at most one file, got ${positionals.length}`, USAGE);
  requireExisting('diagnose-dataset/evaluate', positionals);
  const runs = loadRuns(positionals[0]);
  const parts: [string, StoredRun[]][] = [
    ['all runs', runs],
    ['variants 0 and 1 (development: the rules were tuned on them)', runs.filter((r) => r.variant < 2)],
    ['variant 2 (held out: made after the rules were fixed)', runs.filter((r) => r.variant === 2)],
  ];
  for (const withNumClasses of [true, false]) {
    for (const [title, part] of parts) {
      const e = evaluate(part, { withNumClasses });
      console.log(`\n${title}, ${withNumClasses ? 'with' : 'without'} numClasses: ${e.correct}/${e.total} = ${(100 * e.accuracy).toFixed(1)} %`);
      if (part === runs) console.log(confusionTable(e));
      for (const m of e.mistakes) console.log(`  ${m.name}: ${m.label} → ${m.verdict}`);
    }
  }
}
