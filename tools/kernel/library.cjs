// The library as the notebook kernel loads it: `src/` compiled once to CommonJS with declaration
// files and source maps, in `.cache/lib/<fingerprint>/`, and served to cells in place of `src/`.
//
// Why: tslab compiles every `.ts` file a cell imports, and type-checks all of them again for every
// later cell that imports from them. Importing `./src/index` from source cost ~3.7 s in the first
// cell and ~1.2 s in every later one (bench/kernel.bench.ts). Against a compiled build, a cell's
// import type-checks against `.d.ts` files (tslab skips checking declaration files) and loads
// plain `.js` through Node's module cache: the learner's own code is still type-checked.
//
// Lessons keep writing `import { … } from './src/index'` (and exercises `'../../src/index'`): the
// kernel redirects every path under `src/` to the build, for the compiler (`serveLibrary`, via
// tslab's TypeScript `sys`) and at run time (Node's module resolution). Nothing else changes.
//
// Kept current without a build step: the folder is named by a hash of every `src/**/*.ts` file,
// the compiler version and FORMAT, so an edited source gives a new name and `ensureBuilt` (run by
// `npm ci`'s postinstall and by every kernel start) compiles it (~10 s); an unchanged one costs a
// hash of src/ (a few ms). Each worktree builds into its own `.cache/`.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const { ROOT } = require('../root.cjs');
const SRC = path.join(ROOT, 'src');
const CACHE = path.join(ROOT, '.cache', 'lib');
/** Bump when the compiler options or the declaration rewrite below change: old builds are then rebuilt. */
const FORMAT = 2;
/** Builds kept besides the current one (a kernel started before an edit may still read its own). */
const KEEP = 2;

/** tslab's own TypeScript (5.0): the build must be readable by the compiler that reads cells. */
function typescript() {
  return require(require.resolve('@tslab/typescript-for-tslab', { paths: [path.join(ROOT, 'node_modules', 'tslab')] }));
}

/** Every `.ts` file under `dir`, sorted, as absolute paths. */
function sourceFiles(dir = SRC) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(file));
    else if (entry.name.endsWith('.ts')) files.push(file);
  }
  return files.sort();
}

/** A hash of what the build depends on: the sources in `src`, the compiler version, FORMAT. */
function fingerprint(ts = typescript(), src = SRC) {
  const hash = crypto.createHash('sha256').update(`${FORMAT}\0${ts.version}\0`);
  for (const file of sourceFiles(src)) hash.update(`${path.relative(src, file)}\0`).update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Compiles `src` into `outDir`; returns the compiler's error messages (the output is written anyway). */
function compile(ts, src, outDir) {
  const options = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022, // as tslab compiles cells on Node ≥ 18
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    declaration: true,
    sourceMap: true,
    rootDir: src,
    outDir,
    newLine: ts.NewLineKind.LineFeed,
  };
  const program = ts.createProgram(sourceFiles(src), options);
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, file.endsWith('.d.ts') ? withoutChartTypes(text) : text);
  };
  const { diagnostics } = program.emit(undefined, write);
  const errors = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...diagnostics];
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "commonjs" }\n'); // the repo's package.json says "module"
  return errors.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${path.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1} - ${message}`;
  });
}

/**
 * vega-lite's and vega's types, in the build's declarations, stand in as a plain object type: a
 * chart spec is built by the library and handed to `show()`, and those ~90 declaration files
 * (~0.5 MB) were most of what the kernel parsed for a first library import, and made every later
 * cell's program larger. The library itself is still checked against the real types (`npm run
 * typecheck`, and this compile); a cell that imports vega-lite itself gets them too.
 */
const CHART_SPEC = '{ [key: string]: unknown }';
const CHART_TYPE_IMPORT = /^import type \{([^}]*)\} from '(?:vega|vega-lite)';$/gm;
function withoutChartTypes(declarations) {
  return declarations.replace(CHART_TYPE_IMPORT, (_, names) =>
    names.split(',').map((name) => name.trim().split(/\s+/).pop()).filter(Boolean)
      .map((name) => `/** A Vega-Lite v5 spec (a plain object type in the notebook kernel's declarations). */\ntype ${name} = ${CHART_SPEC};`)
      .join('\n'));
}

/**
 * Only @types/node is loaded into every cell's program (for console, timers and process). By
 * default TypeScript loads every package under node_modules/@types — the dev tools' chai,
 * markdown-it, estree, … — and a kernel rebuilds its program for every cell, so each of them cost
 * every cell. A package's own types still load when a cell imports the package.
 */
function onlyNodeTypes(ts = typescript()) {
  const { getDirectories } = ts.sys;
  ts.sys.getDirectories = (dir) => {
    const found = getDirectories.call(ts.sys, dir);
    return /[\\/]node_modules[\\/]@types[\\/]?$/.test(dir) ? found.filter((name) => name === 'node') : found;
  };
}

/** Removes all but the newest KEEP builds in `cache` other than `current`, and builds left unfinished an hour ago. */
function prune(cache, current) {
  for (const name of fs.readdirSync(cache).filter((n) => n.startsWith('.'))) {
    const dir = path.join(cache, name);
    if (Date.now() - fs.statSync(dir).mtimeMs > 3600_000) fs.rmSync(dir, { recursive: true, force: true });
  }
  const others = fs.readdirSync(cache)
    .filter((name) => name !== current && !name.startsWith('.'))
    .map((name) => ({ name, time: fs.statSync(path.join(cache, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of others.slice(KEEP)) fs.rmSync(path.join(cache, name), { recursive: true, force: true });
}

/** The folder of the build of the current sources, or undefined when there is none yet. */
function currentBuild({ src = SRC, cache = CACHE } = {}) {
  const dir = path.join(cache, fingerprint(typescript(), src));
  return fs.existsSync(dir) ? dir : undefined;
}

/** Compiles the current sources in a detached process that outlives this one (for the next kernel). */
function buildInBackground() {
  const { spawn } = require('node:child_process');
  spawn(process.execPath, [__filename], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * The build of the current sources, compiled first if there is none. Safe to run from several
 * processes at once: each compiles into its own folder and renames it into place.
 *
 * @param {{ log?: (line: string) => void, src?: string, cache?: string }} [options] `log` hears
 *   what is being built and why; `src` and `cache` (default: the repository's) are for tests.
 * @returns {{ dir: string, built: boolean, errors: string[] }}
 */
function ensureBuilt({ log = () => {}, src = SRC, cache = CACHE } = {}) {
  const ts = typescript();
  const name = fingerprint(ts, src);
  const dir = path.join(cache, name);
  if (fs.existsSync(dir)) return { dir, built: false, errors: [] };
  fs.mkdirSync(cache, { recursive: true });
  log(`trainlab: compiling the library (src/ changed since the last build) into ${path.relative(ROOT, dir)} …`);
  const started = Date.now();
  const temp = fs.mkdtempSync(path.join(cache, `.${name}-`));
  const errors = compile(ts, src, temp);
  try {
    fs.renameSync(temp, dir);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error; // else: another process finished the same build first
  }
  for (const error of errors) log(`trainlab: ${error}`);
  log(`trainlab: library compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  prune(cache, name);
  return { dir, built: true, errors };
}

/** `rel` of `file` inside one of `roots`, or undefined. */
function inside(roots, file) {
  for (const root of roots) {
    const rel = path.relative(root, file);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return rel;
  }
  return undefined;
}

/**
 * Serves the build wherever the kernel looks for `src/`: the compiler sees `src/x.d.ts` (read from
 * the build) and no `src/x.ts`, and `require` of a path under `src/` loads the build's `.js`.
 *
 * @param {{ buildDir: string, roots: string[], ts?: object }} options `roots`: the folders that
 *   stand for src/ (the repo's, and a workspace's link to it).
 */
function serveLibrary({ buildDir, roots, ts = typescript() }) {
  const sys = ts.sys;
  const { fileExists, readFile, watchFile } = sys;
  const built = (file) => {
    const rel = inside(roots, file);
    return rel === undefined ? undefined : path.join(buildDir, rel);
  };
  sys.fileExists = (file) => {
    const target = built(file);
    if (target === undefined) return fileExists.call(sys, file);
    return target.endsWith('.d.ts') && fileExists.call(sys, target);
  };
  sys.readFile = (file, encoding) => {
    const target = built(file);
    return readFile.call(sys, target !== undefined && target.endsWith('.d.ts') ? target : file, encoding);
  };
  sys.watchFile = (file, callback, ...rest) => {
    const target = built(file);
    return watchFile.call(sys, target ?? file, (_, kind) => callback(file, kind), ...rest);
  };
  // The compiler watches the folders where it looked for `src/x.ts` and found none. The build does
  // not change while the kernel runs, and an edit of src/ must not trigger a rebuild of the cell
  // program mid-cell (tslab allows one pending rebuild: "Unexpected pending rebuildTimer").
  const { watchDirectory } = sys;
  sys.watchDirectory = (dir, ...rest) => (inside(roots, dir) === undefined ? watchDirectory.call(sys, dir, ...rest) : { close() {} });

  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (/^\.\.?(?:[/\\]|$)/.test(request) || path.isAbsolute(request)) {
      const base = parent && parent.filename ? path.dirname(parent.filename) : process.cwd();
      const target = built(path.resolve(base, request));
      if (target !== undefined) return resolve.call(this, target.replace(/\.(?:ts|js)$/, ''), parent, ...rest);
    }
    return resolve.call(this, request, parent, ...rest);
  };
  mapStackTraces(buildDir);
}

/**
 * Stack frames inside the build point at the `.ts` sources (through the build's source maps, read
 * only when a trace is printed), and frames of tslab and Node internals are dropped: a learner
 * sees the message, then where in src/ and in their own code it came from. (Node's own
 * --enable-source-maps would parse tfjs's maps too: +0.3 s and +50 MB at start.)
 */
function mapStackTraces(buildDir) {
  const maps = new Map();
  const sourceMap = (file) => {
    if (!maps.has(file)) {
      let map = null;
      try {
        map = new Module.SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
      } catch {
        // no map: the frame stays as it is
      }
      maps.set(file, map);
    }
    return maps.get(file);
  };
  const noise = /^node:|[\\/]node_modules[\\/]tslab[\\/]/;
  Error.prepareStackTrace = (error, frames) => {
    const lines = [];
    for (const frame of frames) {
      const file = frame.getFileName() ?? '';
      if (noise.test(file)) continue;
      let text = frame.toString();
      if (file.startsWith(buildDir)) {
        const entry = sourceMap(file)?.findEntry(frame.getLineNumber() - 1, frame.getColumnNumber() - 1);
        if (entry && entry.originalSource) {
          const source = entry.originalSource.startsWith('file:') ? new URL(entry.originalSource).pathname : path.resolve(path.dirname(file), entry.originalSource);
          text = text.replace(`${file}:${frame.getLineNumber()}:${frame.getColumnNumber()}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
        }
      }
      lines.push(`    at ${text}`);
    }
    const head = error !== null && typeof error === 'object' ? Error.prototype.toString.call(error) : String(error);
    return [head, ...lines].join('\n');
  };
}

module.exports = { ROOT, SRC, CACHE, buildInBackground, currentBuild, ensureBuilt, fingerprint, onlyNodeTypes, serveLibrary, sourceFiles };

// `node tools/kernel/library.cjs`: build now (npm's postinstall runs this).
if (require.main === module) {
  const { dir, built } = ensureBuilt({ log: (line) => console.log(line) });
  if (!built) console.log(`trainlab: the library build is current (${path.relative(ROOT, dir)})`);
  // Errors are printed, not fatal: `npm ci` must finish; `npm run typecheck` is the gate for src/.
}
