/**
 * The lesson page's runner: a Web Worker that holds the lesson's shared scope and runs its cells,
 * and grades the learner's exercise.ts with the lesson's own grader (see protocol.ts for the
 * messages, compile.ts for how code is compiled).
 *
 * Start-up: the wasm backend's binaries and the digits data come from the site (`assets`); the data
 * is gunzipped with DecompressionStream and handed to the library before any cell runs. Outputs
 * stream back as they happen: console output, the value of a cell's last expression, charts (the
 * library's displays go to the running cell through the page writer), errors.
 *
 * A cell that never yields cannot be interrupted from inside: the page terminates this worker and
 * starts a new one (its `alive` messages stop coming).
 */
import './worker-env';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as grading from './grading-browser';
import * as lib from './library';
import { CELL_IMPORT, compileCell, compileModule } from './compile';
import { formatLog, inspect } from './inspect';
import type { CheckResult, FromWorker, LessonFiles, ToWorker } from './protocol';
import * as shims from './shims';

interface WorkerScope {
  __trainlabProcess: unknown;
  postMessage(message: FromWorker): void;
  onmessage: ((event: { data: ToWorker }) => void) | null;
  __trainlabAssets?: string;
}

const scope = globalThis as unknown as WorkerScope & Record<string, unknown>;
const post = (message: FromWorker) => scope.postMessage(message);

type AsyncFn = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFn;

let slug = '';
let files: LessonFiles = {};
let current = 0; // the run whose output console calls belong to
let started: Promise<void> | undefined;

// ---- console → the running cell ----
const stream = (name: 'stdout' | 'stderr') => (...args: unknown[]) => post({ type: 'stream', id: current, name, text: `${formatLog(args)}\n` });
console.log = stream('stdout');
console.info = stream('stdout');
console.debug = stream('stdout');
console.warn = stream('stderr');
console.error = stream('stderr');

// ---- modules: what `import` finds in the page ----
/**
 * `node:fs` for cells, read-only: the repository files a lesson reads (`readFileSync('path')`) are
 * copied into the site (assets/files/, see build-runner.ts) and read with a synchronous request.
 */
function readFileSync(file: string, encoding?: string): string | Uint8Array {
  const request = new XMLHttpRequest();
  const relative = String(file).replace(/^\.\//, '');
  request.open('GET', `${scope.__trainlabAssets ?? ''}files/${relative}`, false);
  if (!encoding) request.overrideMimeType('text/plain; charset=x-user-defined');
  request.send();
  if (request.status !== 200) throw new Error(`ENOENT: no such file in the page: '${file}' (only the files the lessons read are served)`);
  if (encoding) return request.responseText;
  return Uint8Array.from(request.responseText, (c) => c.charCodeAt(0) & 0xff);
}

const BUILTIN: Record<string, unknown> = {
  '@tensorflow/tfjs': tf,
  'node:util': { isDeepStrictEqual: shims.isDeepStrictEqual },
  'node:fs': { readFileSync },
  'vega-lite': {}, // imported for its types only
};

interface LoadedModule {
  source: string;
  exports: Record<string, unknown>;
  done: Promise<unknown>;
}
const lessonModules = new Map<string, LoadedModule>();

/** `spec` imported from `from` (a lesson file's name, or undefined for a cell) → a lesson file's name, or undefined. */
function lessonFile(spec: string, from: string | undefined): string | undefined {
  const inLesson = /(?:^|\/)lessons\/([^/]+)\/([\w.-]+?)(?:\.ts)?$/.exec(spec);
  if (inLesson) return inLesson[1] === slug ? inLesson[2] : undefined;
  const relative = /^\.\/([\w.-]+?)(?:\.ts)?$/.exec(spec);
  return relative && from !== undefined ? relative[1] : undefined;
}

function resolve(spec: string, from: string | undefined): unknown {
  if (spec in BUILTIN) return BUILTIN[spec];
  if (/(?:^|\/)src(?:\/index)?(?:\.ts)?$/.test(spec)) return lib;
  if (from !== undefined && /^\.\.\/grading(?:\.ts)?$/.test(spec)) return grading;
  const file = lessonFile(spec, from);
  if (file !== undefined && `${file}.ts` in files) return loadModule(file).exports;
  throw new Error(`Cannot find module '${spec}' in the page: the page's runner has @tensorflow/tfjs, the library (src/index) and this lesson's own files`);
}

/** Compiles and runs lessons/<slug>/<name>.ts once per source text (an edited exercise.ts runs again). */
function loadModule(name: string): LoadedModule {
  const source = files[`${name}.ts`];
  const cached = lessonModules.get(name);
  if (cached && cached.source === source) return cached;
  const module = { exports: {} as Record<string, unknown> };
  const loaded: LoadedModule = { source, exports: module.exports, done: Promise.resolve() };
  lessonModules.set(name, loaded);
  const code = compileModule(source, `file:///lessons/${slug}/${name}.ts`);
  const requireFn = (spec: string) => resolve(spec, name);
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = new Function('require', 'exports', 'module', code) as (...args: unknown[]) => unknown;
  } catch {
    fn = new AsyncFunction('require', 'exports', 'module', code); // top-level await
  }
  try {
    loaded.done = Promise.resolve(fn(requireFn, module.exports, module));
  } catch (error) {
    lessonModules.delete(name);
    throw error;
  }
  loaded.exports = module.exports;
  return loaded;
}

async function importForCell(spec: string): Promise<unknown> {
  const file = lessonFile(spec, undefined);
  if (file !== undefined && `${file}.ts` in files) {
    const loaded = loadModule(file);
    await loaded.done;
    return loaded.exports;
  }
  return resolve(spec, undefined);
}

// ---- start-up ----
async function loadDigitsText(assets: string): Promise<void> {
  const response = await fetch(`${assets}data/digits.csv.gz`);
  if (!response.ok) throw new Error(`digits data: HTTP ${response.status} for ${response.url}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b; // a server may already have decoded it
  const text = gzipped ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text() : new TextDecoder().decode(bytes);
  lib.provideDigitsText(text);
}

async function init(assets: string): Promise<void> {
  const t0 = performance.now();
  scope.__trainlabAssets = assets;
  setWasmPaths(`${assets}tfjs/`);
  const data = (async () => {
    const d0 = performance.now();
    await loadDigitsText(assets);
    return performance.now() - d0;
  })();
  const [info, dataMs] = await Promise.all([lib.ready(), data]);
  scope.process ??= scope.__trainlabProcess; // after start-up (libraries take a global `process` for Node): cells may call process.cpuUsage
  post({ type: 'ready', backend: info.name, ms: performance.now() - t0, dataMs });
}

// ---- running a cell ----
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Uncaught ${inspect(error)}`;
}

async function runCell(id: number, source: string): Promise<void> {
  const t0 = performance.now();
  current = id;
  lib.setPageWriter((content, update) => post({ type: 'display', id, content, update }));
  try {
    const { code, names } = compileCell(source);
    for (const name of names) if (!(name in scope)) scope[name] = undefined;
    const value = await new AsyncFunction(CELL_IMPORT, code)(importForCell);
    if (value !== undefined) post({ type: 'result', id, text: inspect(value) });
    post({ type: 'done', id, ok: true, ms: performance.now() - t0 });
  } catch (error) {
    post({ type: 'error', id, text: describeError(error) });
    post({ type: 'done', id, ok: false, ms: performance.now() - t0 });
  }
}

// ---- grading ----
async function grade(id: number): Promise<void> {
  const t0 = performance.now();
  current = id;
  lib.setPageWriter(undefined);
  shims.resetRecorded();
  shims.takeProgressEvents();
  const checks = new Map<string, CheckResult>();
  let error: string | undefined;
  try {
    grading.setModuleUnderGrade(async () => {
      const loaded = loadModule('exercise');
      await loaded.done;
      return loaded.exports;
    });
    lessonModules.delete('exercise.test');
    await loadModule('exercise.test').done;
    await shims.runRecorded();
  } catch (e) {
    error = `the grader could not run: ${describeError(e)}`;
  }
  for (const event of shims.takeProgressEvents()) {
    const key = String(event.id);
    if (event.event === 'declare') {
      checks.set(key, {
        exercise: Number(event.exercise), exerciseTitle: String(event.exerciseTitle), check: String(event.check), points: Number(event.points), status: 'skip',
      });
    } else if ((event.event === 'end' || (event.event === 'late' && event.status === 'fail')) && checks.has(key)) {
      const check = checks.get(key)!;
      check.status = event.status === 'pass' ? 'pass' : 'fail';
      if (event.status !== 'pass') Object.assign(check, { kind: String(event.kind), message: String(event.message) });
    }
  }
  post({ type: 'graded', id, checks: [...checks.values()], ms: performance.now() - t0, error });
}

// ---- messages ----
let queue: Promise<void> = Promise.resolve();

scope.onmessage = ({ data }) => {
  if (data.type === 'init') {
    slug = data.slug;
    files = data.files;
    started = init(data.assets).catch((error: unknown) => post({ type: 'failed-to-start', message: describeError(error) }));
    return;
  }
  files = data.files;
  const job = data.type === 'run' ? () => runCell(data.id, data.source) : () => grade(data.id);
  queue = queue.then(async () => {
    await started;
    await job();
  });
};

// The page restarts a runner that stops sending these (a cell that never yields).
setInterval(() => post({ type: 'alive' }), 500);
