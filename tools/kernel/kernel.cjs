#!/usr/bin/env node
// The trainlab notebook kernel: tslab, started from this repository's node_modules with the project
// root as its working directory, loading the library from its compiled build.
//
// Why the working directory: tslab compiles every cell as a file in its working directory and only
// compiles imported .ts files under that directory. Jupyter starts kernels in the notebook's folder
// (notebooks/), which would put src/ out of reach. From the root (or the workspace, work/), a cell
// imports the library as `./src` and lesson exercises as `./lessons/...`, with their types checked.
//
// The library (`./src/…`) is served from its compiled build (tools/kernel/library.cjs): cells
// import it in milliseconds instead of seconds.
// TRAINLAB_KERNEL_LIBRARY=source turns that off: tslab then compiles src/ itself, as stock tslab
// does (slow, but an edited src/ file is picked up on the next import without a restart).
//
// Errors from a cell's timers and promises are reported as that cell's (tools/kernel/async-errors.cjs).
// Started by the notebook runner, the kernel dies with it (tools/kernel/parent-watch.cjs).
// The first cell that loads tfjs or the library prints a line saying so (loading-line.cjs), and
// only @types/node is loaded into every cell's program (library.cjs, onlyNodeTypes).
//
// Jupyter finds this kernel through JUPYTER_PATH=<repo>/jupyter (see `npm run lab`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { attributeAsyncErrors } = require('./async-errors.cjs');
const { ROOT, SRC, buildInBackground, currentBuild, onlyNodeTypes, serveLibrary } = require('./library.cjs');
const { announceFirstLoad } = require('./loading-line.cjs');
const { exitWithParent } = require('./parent-watch.cjs');

exitWithParent();

const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error('usage: node tools/kernel/kernel.cjs <connection_file>');
  process.exit(2);
}
const configPath = path.resolve(connectionFile); // resolve before leaving the caller's folder
// A notebook in a learner's workspace (work/, marked by a .trainlab-workspace file; see
// tools/workspace.ts) runs from that folder: its `./lessons/…/exercise` imports then load the
// learner's files, and its src/ links to the library. Any other notebook runs from the root.
function workspaceAround(dir) {
  for (let at = dir; !path.relative(ROOT, at).startsWith('..') && at !== ROOT; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, '.trainlab-workspace'))) return at;
  }
  return undefined;
}
const workspace = workspaceAround(process.cwd());
process.chdir(workspace ?? ROOT);
// Notebooks run on the backend `ready()` picks; quiet tfjs's "install tfjs-node" banner.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
// A stale build is not compiled here: the seconds it takes would stall the kernel's start, and a
// client's start-up requests pile up meanwhile. `npm ci`, `npm run lab` and the notebook runner
// compile it beforehand; if src/ changed since, this kernel compiles src/ itself (as stock tslab
// does: slower) while the build is made in the background for the next kernel.
if (process.env.TRAINLAB_KERNEL_LIBRARY !== 'source') {
  const dir = currentBuild();
  if (dir) serveLibrary({ buildDir: dir, roots: workspace ? [SRC, path.join(workspace, 'src')] : [SRC] });
  else {
    console.error('trainlab: src/ changed since the library was compiled; this kernel compiles src/ itself, the build is made in the background');
    buildInBackground();
  }
}
onlyNodeTypes();
const tslab = path.join(ROOT, 'node_modules', 'tslab', 'dist');
announceFirstLoad(require(path.join(tslab, 'executor.js')));
const replaceErrorHandlers = attributeAsyncErrors(require(path.join(tslab, 'jupyter.js')));
const { startKernel } = require(path.join(tslab, 'main.js'));
startKernel({ configPath, enableFindLocal: false });
replaceErrorHandlers();
