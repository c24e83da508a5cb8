/**
 * `npm run bench [-- filter] [--check] [--site | --site-only]`: runs every `bench/*.bench.ts` (each
 * default-exports a list of comparisons), prints a table of speed-ups and writes
 * bench/results/latest.json. With --check, exits 1 when a comparison (or the site build) misses its
 * target. --site also times the whole course's site build, cold and cached (bench/site-build.ts:
 * minutes, so opt-in); --site-only times only that.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ready } from '../src/backend';
import { parseCommandLine, usageError } from '../tools/cli';
import { formatTable, runComparison, type Comparison, type ComparisonResult } from './harness';
import { formatSiteTiming, timeSiteBuilds, type SiteBuildTiming } from './site-build';

const here = dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: npm run bench [-- options] [filter]

Runs every bench/*.bench.ts (or those whose file or comparison name contains filter), prints the
speed-ups against the baselines and writes bench/results/latest.json.

  --check      exit 1 when a comparison or the site build misses its target
  --site       also time the course's site build: npm run site -- --force (cold, every lesson
               executed: minutes) then npm run site (cached); targets ≤ 6 min and ≤ 10 s
  --site-only  time only the site build
  -h, --help   show this text`;
const { values, positionals } = parseCommandLine('bench', USAGE, {
  check: { type: 'boolean', default: false },
  site: { type: 'boolean', default: false },
  'site-only': { type: 'boolean', default: false },
}, { positionals: true });
if (positionals.length > 1) usageError('bench', `one filter at most, got ${positionals.join(' ')}`, USAGE);
if (values['site-only'] && positionals.length > 0) usageError('bench', '--site-only runs no comparison: a filter makes no sense with it', USAGE);
const { check } = values;
const [filter] = positionals;
const comparisons = !values['site-only'];

const backend = await ready();
console.log(`backend: ${backend.name} (${backend.reason}; fast matmul ${backend.fastMatMul ? 'on' : 'off'}); node ${process.version}`);

const results: ComparisonResult[] = [];
for (const file of comparisons ? readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort() : []) {
  const comparisons: Comparison[] = (await import(pathToFileURL(join(here, file)).href)).default;
  for (const comparison of comparisons) {
    if (filter && !comparison.name.includes(filter) && !file.includes(filter)) continue;
    process.stdout.write(`running ${comparison.name} …\n`);
    await tf.setBackend(backend.name); // a comparison that switched backends must not leak its choice into the next
    results.push(await runComparison(comparison));
  }
}

if (comparisons) console.log(`\n${formatTable(results)}`);
let site: SiteBuildTiming | undefined;
if (values.site || values['site-only']) {
  console.log('\ntiming the site build: cold (every lesson executed, minutes), then cached …');
  site = await timeSiteBuilds();
  console.log(`\n${formatSiteTiming(site)}`);
}
mkdirSync(join(here, 'results'), { recursive: true });
const out = join(here, 'results', 'latest.json');
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), backend: backend.name, results, ...(site ? { site } : {}) }, null, 2));
console.log(`\nJSON: ${out}`);
if (check && (results.some((r) => r.meetsTarget === false) || site?.meetsTargets === false)) process.exit(1);
