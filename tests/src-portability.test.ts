/**
 * One library for Node and the browser (docs: DESIGN "Standards"): lesson pages bundle `src/` for
 * the browser, so Node-only code lives in small adapters that the browser build swaps: each
 * `src/platform/NAME.ts` (Node) has a `src/platform/NAME.browser.ts` with the same exports and
 * nothing Node-only, chosen at bundle time (tools/site/runner/platform-plugin.ts). Every other file
 * of `src/` uses nothing Node-only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { browserPlatform } from '../tools/site/runner/platform-plugin';

const SRC = path.join(import.meta.dirname, '..', 'src');
const ADAPTER_DIR = 'platform/';
/** Node-only imports and globals, each with a pattern over code (comments stripped). */
const NODE_ONLY: [string, RegExp][] = [
  ['a node: module', /from\s+['"]node:|import\(\s*['"]node:|require\(\s*['"]node:/],
  ['a Node built-in module', /from\s+['"](fs|path|zlib|crypto|os|child_process|events|readline|url|util)(\/[^'"]*)?['"]/],
  ['a terminal library', /from\s+['"]cli-progress['"]/],
  ['require()', /\brequire\s*\(/],
  ['process', /\bprocess\s*\./],
  ['setImmediate', /\bsetImmediate\s*\(/],
  ['Buffer', /\bBuffer\s*\./],
  ['__dirname / import.meta', /__dirname|__filename|import\.meta/],
];

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.split(path.sep).join('/'))
  .sort();

describe('src/ runs in the browser too', () => {
  it('finds the library files', () => {
    expect(files).toContain('index.ts');
  });

  const isBrowserVariant = (file: string) => file.endsWith('.browser.ts');
  const checked = files.filter((file) => !file.startsWith(ADAPTER_DIR) || isBrowserVariant(file));

  it.each(checked)('%s uses nothing Node-only', (file) => {
    const code = stripComments(readFileSync(path.join(SRC, file), 'utf8'));
    const found = NODE_ONLY.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
    expect(found, `${file} uses ${found.join(', ')}: put Node-only code in a small adapter under src/${ADAPTER_DIR}`).toEqual([]);
  });

  const adapters = files.filter((file) => file.startsWith(ADAPTER_DIR) && !isBrowserVariant(file));

  it('has adapters, each with a browser variant', () => {
    expect(adapters.length).toBeGreaterThan(0);
    for (const file of adapters) expect(files, `${file} needs a browser variant`).toContain(file.replace(/\.ts$/, '.browser.ts'));
  });

  it.each(adapters)('%s: the browser variant exports everything the Node adapter does', async (file) => {
    const node = (await import(path.join(SRC, file))) as Record<string, unknown>;
    const browser = (await import(path.join(SRC, file.replace(/\.ts$/, '.browser.ts')))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(node)) {
      expect(typeof browser[name], `${file.replace(/\.ts$/, '.browser.ts')} should export ${name} (a ${typeof value})`).toBe(typeof value);
    }
  });

  it('bundles for the browser with no Node module in it', async () => {
    const result = await build({
      entryPoints: [path.join(SRC, 'index.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true,
      external: ['@tensorflow/*', 'vega', 'vega-lite'], plugins: [browserPlatform()], logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.startsWith('src/platform/') && !isBrowserVariant(file)), 'Node adapters in the browser bundle').toEqual([]);
    expect(inputs.filter((file) => !file.startsWith('src/')), 'files from outside src/ (e.g. a Node module) in the bundle').toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
    expect([...new Set(imports)].sort()).toEqual(expect.arrayContaining(['@tensorflow/tfjs']));
    expect(imports.filter((name) => !/^(@tensorflow\/|vega$|vega-lite$)/.test(name)), 'imports left in the bundle').toEqual([]);
  });
});
