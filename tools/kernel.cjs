#!/usr/bin/env node
// The trainlab notebook kernel: tslab, started from this repository's node_modules with the project
// root as its working directory.
//
// Why the working directory: tslab compiles every cell as a file in its working directory and only
// compiles imported .ts files under that directory. Jupyter starts kernels in the notebook's folder
// (notebooks/), which would put src/ out of reach. From the root, a cell imports the library as
// `./src` and lesson exercises as `./lessons/...`, with their types checked.
//
// Jupyter finds this kernel through JUPYTER_PATH=<repo>/jupyter (see `npm run lab`).
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error('usage: node tools/kernel.cjs <connection_file>');
  process.exit(2);
}
const configPath = path.resolve(connectionFile); // resolve before leaving the caller's folder
process.chdir(root);
// Notebooks run on the backend `ready()` picks; quiet tfjs's "install tfjs-node" banner.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
const { startKernel } = require(path.join(root, 'node_modules', 'tslab', 'dist', 'main.js'));
startKernel({ configPath, enableFindLocal: false });
