// The line a fresh kernel prints in the first cell that loads TensorFlow.js or the library, before
// the seconds that takes, so the cell does not sit at [*] in silence. Printed once per kernel. The
// site's pages leave it out (tools/site/outputs.ts): a reader of a page is not waiting for a kernel.
'use strict';

const PREFIX = 'trainlab: loading ';
/** `import … from '@tensorflow/tfjs…'` or from a path into src/ (`./src`, `../../src/index`, …). */
const TFJS_IMPORT = /\bfrom\s*['"]@tensorflow\/tfjs[^'"]*['"]|\brequire\(\s*['"]@tensorflow\/tfjs/;
const LIBRARY_IMPORT = /\bfrom\s*['"](?:\.{1,2}\/)+(?:[^'"]*\/)?src(?:\/[^'"]*)?['"]/;

/** The backend `ready()` will most likely pick (TRAINLAB_BACKEND, else tfjs-node if installed, else wasm). */
function likelyBackend(env = process.env, resolve = (name) => require.resolve(name, { paths: [process.cwd()] })) {
  if (env.TRAINLAB_BACKEND) return env.TRAINLAB_BACKEND;
  try {
    resolve('@tensorflow/tfjs-node');
    return 'tensorflow';
  } catch {
    return 'wasm';
  }
}

/** The loading line for a cell's source, or undefined when the cell loads neither. */
function loadingLine(code, backend = likelyBackend()) {
  const parts = [];
  if (TFJS_IMPORT.test(code)) parts.push(`TensorFlow.js (${backend})`);
  if (LIBRARY_IMPORT.test(code)) parts.push('the library');
  return parts.length === 0 ? undefined : `${PREFIX}${parts.join(' and ')}…`;
}

/**
 * Wraps tslab's `createExecutor` (in the module object `executorModule`) so that the first cell
 * that loads something prints its loading line, then lets the line reach the client (a few ms)
 * before the compiler blocks the kernel.
 */
function announceFirstLoad(executorModule) {
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (...args) => {
    const executor = create(...args);
    const execute = executor.execute.bind(executor);
    let announced = false;
    executor.execute = async (code) => {
      const line = announced ? undefined : loadingLine(code);
      if (line) {
        announced = true;
        console.log(line);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return execute(code);
    };
    return executor;
  };
}

/** `text` without loading lines (for pages built from executed notebooks). */
function withoutLoadingLines(text) {
  return text.split(/(?<=\n)/).filter((line) => !line.startsWith(PREFIX)).join('');
}

module.exports = { PREFIX, announceFirstLoad, likelyBackend, loadingLine, withoutLoadingLines };
