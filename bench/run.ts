/**
 * `npm run bench [-- filter] [--check]`: runs every `bench/*.bench.ts` (each default-exports a
 * list of comparisons), prints a table of speed-ups and writes bench/results/latest.json.
 * With --check, exits 1 when a comparison misses its target.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ready } from '../src/backend';
import { parseCommandLine, usageError } from '../tools/cli';
import { formatTable, runComparison, type Comparison, type ComparisonResult } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: npm run bench [-- options] [filter]

Runs every bench/*.bench.ts (or those whose file or comparison name contains filter), prints the
speed-ups against the baselines and writes bench/results/latest.json.

  --check     exit 1 when a comparison misses its target
  -h, --help  show this text`;
const { values, positionals } = parseCommandLine('bench', USAGE, { check: { type: 'boolean', default: false } }, { positionals: true });
if (positionals.length > 1) usageError('bench', `one filter at most, got ${positionals.join(' ')}`, USAGE);
const { check } = values;
const [filter] = positionals;

const backend = await ready();
console.log(`backend: ${backend.name} (${backend.reason}; fast matmul ${backend.fastMatMul ? 'on' : 'off'}); node ${process.version}`);

const results: ComparisonResult[] = [];
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  const comparisons: Comparison[] = (await import(pathToFileURL(join(here, file)).href)).default;
  for (const comparison of comparisons) {
    if (filter && !comparison.name.includes(filter) && !file.includes(filter)) continue;
    process.stdout.write(`running ${comparison.name} …\n`);
    await tf.setBackend(backend.name); // a comparison that switched backends must not leak its choice into the next
    results.push(await runComparison(comparison));
  }
}

console.log(`\n${formatTable(results)}`);
mkdirSync(join(here, 'results'), { recursive: true });
const out = join(here, 'results', 'latest.json');
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), backend: backend.name, results }, null, 2));
console.log(`\nJSON: ${out}`);
if (check && results.some((r) => r.meetsTarget === false)) process.exit(1);
