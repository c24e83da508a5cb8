/**
 * Builds the page runner into a site's `assets/`: esbuild bundles (minified) of the button script,
 * the editor interface (CodeMirror, loaded on demand) and the worker (the library's browser build,
 * a slim tfjs — core, layers, cpu, wasm — sucrase + acorn, the grading API); the wasm backend's
 * binaries; the digits data. Everything is served by the site: nothing is fetched from elsewhere.
 */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { browserPlatform } from './platform-plugin';

const require = createRequire(import.meta.url);
const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..', '..', '..');

/** Where the runner's files go inside the site. */
export const RUNNER_PATHS = {
  pageScript: 'assets/runner/page.js',
  /** The progress page's script: the in-browser results from localStorage. */
  progressScript: 'assets/runner/progress.js',
  worker: 'assets/runner/worker.js',
  wasmDir: 'assets/tfjs',
  digits: 'assets/data/digits.csv.gz',
} as const;

/** The wasm binaries served: SIMD (every current browser) and the plain build (older ones). No threads: pages are not cross-origin isolated. */
const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];

export interface RunnerBuild {
  /** The scripts and wasm binaries written, with their sizes. */
  files: RunnerFile[];
  /** Every source file in the bundles, relative to the project root (esbuild's inputs). */
  inputs: string[];
}

export interface RunnerFile {
  /** Relative to the site's root. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Maps bare module names to files (esbuild's `alias` wants packages; these are our own stand-ins). */
function standIns(map: Record<string, string>): Plugin {
  const filter = new RegExp(`^(${Object.keys(map).map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'trainlab-stand-ins',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: map[args.path] }));
    },
  };
}

const inHere = (file: string) => path.join(HERE, file);

/**
 * Prepended to the grading modules: the worker's `process` stand-in (worker-env.ts), and a `Buffer`
 * with the two calls grading makes at load time (`alloc`, then `write` into it; the "running"
 * record it builds is for the Node grader's watchdog, unused in the page).
 */
const PROCESS_AND_BUFFER = [
  'const process = (globalThis as any).__trainlabProcess;',
  'const Buffer = { alloc: (n: number, fill: number) => Object.assign(new Uint8Array(n).fill(fill), { write: (text: string) => text.length }), from: (text: string) => new TextEncoder().encode(text) } as any;',
].join(' ');

/** Gives the grading modules (which read Node's `process` and `Buffer`) the page's stand-ins. */
function gradingProcess(): Plugin {
  return {
    name: 'trainlab-grading-process',
    setup(b) {
      b.onLoad({ filter: /[\\/](lessons[\\/]grading|tools[\\/]grading[\\/]protocol)\.ts$/ }, async (args) => ({
        contents: `${PROCESS_AND_BUFFER}\n${await readFile(args.path, 'utf8')}`,
        loader: 'ts',
      }));
    },
  };
}

async function sized(siteDir: string, file: string): Promise<RunnerFile> {
  const content = await readFile(path.join(siteDir, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/** Repository files the lessons' cells read with `readFileSync('path')` (the page serves them read-only). */
export function filesLessonsRead(sources: readonly string[]): string[] {
  const found = new Set<string>();
  for (const source of sources) for (const match of source.matchAll(/readFileSync\(\s*'([^']+)'/g)) found.add(path.posix.normalize(match[1]));
  return [...found].filter((file) => !file.startsWith('..') && !path.isAbsolute(file)).sort();
}

/** The licence texts of every npm package bundled into the runner (their licences ask for it to travel with the code). */
async function writeLicences(file: string, metafiles: Metafile[]): Promise<void> {
  const packages = new Set<string>();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) packages.add(match[1]);
    }
  }
  const texts: string[] = [];
  for (const name of [...packages].sort()) {
    const dir = path.join(ROOT, 'node_modules', name);
    const json = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version?: string; license?: string };
    const licence = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    const text = licence ? (await readFile(licence, 'utf8')).trim() : `(no licence file in the package; package.json says ${json.license ?? '?'})`;
    texts.push(`${name} ${json.version ?? '?'} — ${json.license ?? '?'}\n\n${text}\n`);
  }
  await writeFile(file, texts.join(`\n${'='.repeat(72)}\n\n`));
}

/**
 * Builds the runner into `siteDir/assets/…`, with the repository files the lessons read
 * (`readFiles`, relative to the project root) under assets/files/; returns every runner file with
 * its size (min, gzip) and the bundles' source files.
 */
/** Bundles the runner's scripts (and their licences) into `outDir`; returns the esbuild input files, relative to the project root. */
async function bundle(outDir: string): Promise<string[]> {
  const common = { absWorkingDir: ROOT, bundle: true, minify: true, platform: 'browser' as const, target: 'es2022', legalComments: 'none' as const, logLevel: 'warning' as const };
  const results = await Promise.all([
    build({
      metafile: true,
      ...common,
      entryPoints: [inHere('page.ts'), inHere('progress.ts')],
      outdir: outDir,
      format: 'esm',
      splitting: true,
      chunkNames: '[name]-[hash]',
    }),
    build({
      ...common,
      metafile: true,
      entryPoints: [inHere('worker.ts')],
      outfile: path.join(outDir, 'worker.js'),
      format: 'iife',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [
        browserPlatform(),
        gradingProcess(),
        standIns({
          '@tensorflow/tfjs': inHere('tfjs-slim.ts'),
          vega: inHere('vega-global.ts'),
          'vega-lite': inHere('vega-lite-global.ts'),
          vitest: inHere('shims.ts'),
          'node:fs': inHere('shims.ts'),
          'node:util': inHere('shims.ts'),
          'node:path': inHere('shims.ts'),
          'node:url': inHere('shims.ts'),
          'node:crypto': inHere('shims.ts'),
        }),
      ],
    }),
  ]);
  await writeLicences(path.join(outDir, 'LICENSES.txt'), results.map((result) => result.metafile));
  return [...new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)))].sort();
}

/** Bump when the bundles change in a way their input files do not show (e.g. build options here). */
const CACHE_FORMAT = 1;
const CACHE_DIR = path.join(ROOT, '.cache', 'runner');
const BUILD_FILES = [path.join(HERE, 'build-runner.ts'), path.join(HERE, 'platform-plugin.ts')];

async function fingerprint(inputs: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\n`);
  for (const file of [...inputs.map((input) => path.join(ROOT, input)), ...BUILD_FILES]) {
    hash.update(file).update(existsSync(file) ? await readFile(file) : 'missing');
  }
  return hash.digest('hex');
}

/**
 * The bundles in `outDir`, from `.cache/runner/` when none of their input files (every file esbuild
 * read, and this builder) changed since they were built — a site build then takes milliseconds
 * for the runner instead of seconds. A new build replaces the cache atomically (a rename).
 */
async function cachedBundle(outDir: string): Promise<string[]> {
  const manifestFile = path.join(CACHE_DIR, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { inputs: string[]; fingerprint: string };
    if (manifest.fingerprint === (await fingerprint(manifest.inputs))) {
      await cp(path.join(CACHE_DIR, 'out'), outDir, { recursive: true });
      return manifest.inputs;
    }
  }
  const inputs = await bundle(outDir);
  const staging = `${CACHE_DIR}.partial-${process.pid}-${Date.now().toString(36)}`;
  try {
    await cp(outDir, path.join(staging, 'out'), { recursive: true });
    await writeFile(path.join(staging, 'manifest.json'), JSON.stringify({ inputs, fingerprint: await fingerprint(inputs) }));
    await rm(CACHE_DIR, { recursive: true, force: true });
    await rename(staging, CACHE_DIR);
  } catch {
    // Another build replaced the cache at the same moment: theirs is as good.
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return inputs;
}

export async function buildRunner(siteDir: string, readFiles: readonly string[] = []): Promise<RunnerBuild> {
  const outDir = path.join(siteDir, 'assets', 'runner');
  const inputs = await cachedBundle(outDir);
  const wasmDir = path.join(siteDir, RUNNER_PATHS.wasmDir);
  await mkdir(wasmDir, { recursive: true });
  const wasmPackage = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of WASM_FILES) await copyFile(path.join(wasmPackage, 'dist', file), path.join(wasmDir, file));
  await mkdir(path.dirname(path.join(siteDir, RUNNER_PATHS.digits)), { recursive: true });
  await copyFile(path.join(ROOT, 'data', 'digits.csv.gz'), path.join(siteDir, RUNNER_PATHS.digits));

  for (const file of readFiles) {
    const target = path.join(siteDir, 'assets', 'files', file);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(ROOT, file), target);
  }

  const files = [
    ...(await readdir(outDir)).filter((name) => name.endsWith('.js')).map((name) => `assets/runner/${name}`),
    ...WASM_FILES.map((name) => `${RUNNER_PATHS.wasmDir}/${name}`),
  ];
  const sizes: RunnerFile[] = [];
  for (const file of files.sort()) sizes.push(await sized(siteDir, file));
  await stat(path.join(siteDir, RUNNER_PATHS.digits)); // copied
  return { files: sizes, inputs };
}
