/**
 * The page runner's build (tools/site/runner/build-runner.ts): what lands in a site's assets, the
 * licences that travel with the bundled packages, the browser adapters (never the Node ones) in the
 * worker, and the files lessons read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRunner, filesLessonsRead, RUNNER_PATHS } from '../tools/site/runner/build-runner';

const ROOT = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('buildRunner', () => {
  it('writes the scripts, wasm binaries, data, read files and licences into the site', async () => {
    const site = await mkdtemp(path.join(tmpdir(), 'trainlab-runner-'));
    dirs.push(site);
    const { files: sizes, inputs } = await buildRunner(site, ['tests/fixtures/diagnose-runs.json']);
    const names = sizes.map((file) => file.file);
    expect(names).toEqual(expect.arrayContaining([RUNNER_PATHS.pageScript, RUNNER_PATHS.worker, `${RUNNER_PATHS.wasmDir}/tfjs-backend-wasm-simd.wasm`]));
    expect(names.some((name) => /^assets\/runner\/ui-[\w-]+\.js$/.test(name))).toBe(true);
    for (const file of sizes) expect(file.gzipBytes, file.file).toBeLessThan(file.bytes);
    expect(readFileSync(path.join(site, RUNNER_PATHS.digits))).toEqual(readFileSync(path.join(ROOT, 'data', 'digits.csv.gz')));
    expect(existsSync(path.join(site, 'assets', 'files', 'tests', 'fixtures', 'diagnose-runs.json'))).toBe(true);
    const licences = readFileSync(path.join(site, 'assets', 'runner', 'LICENSES.txt'), 'utf8');
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', 'codemirror', 'sucrase', 'acorn']) expect(licences).toContain(`${name} `);
    // The worker holds the library's browser build: the adapters' browser variants, not Node's.
    expect(inputs).toEqual(expect.arrayContaining(['src/index.ts', 'lessons/grading.ts', 'src/platform/digits-source.browser.ts']));
    expect(inputs.filter((input) => /^src\/platform\/[\w-]+\.ts$/.test(input) && !input.endsWith('.browser.ts'))).toEqual([]);
  }, 120_000);
});

describe('filesLessonsRead', () => {
  it('finds the repository files cells read, relative paths only', () => {
    const cells = ["const a = readFileSync('tests/fixtures/x.json', 'utf8');", "readFileSync( './data/y.csv' )", "readFileSync('/etc/passwd'); readFileSync('../out.txt')"];
    expect(filesLessonsRead(cells)).toEqual(['data/y.csv', 'tests/fixtures/x.json']);
  });
});
