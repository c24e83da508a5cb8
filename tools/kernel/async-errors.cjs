// Errors from asynchronous work a cell started — a timer callback that throws, a promise rejected
// with no handler — reach Node's process-wide handlers, often after the cell has ended. Stock tslab
// prints them as "UncaughtException: …" on stderr, and Jupyter shows that under whichever cell runs
// at the time (or under none): the error is blamed on a later cell, or lost.
//
// Here each cell runs in an AsyncLocalStorage context holding its execution count (Jupyter's
// "In [N]"); Node carries the context into every timer, callback and promise the cell creates, so
// the handler knows which cell started the work that failed. It prints one report on stderr whose
// first line names that cell (ASYNC_ERROR matches it); the notebook runner moves the report to that
// cell and fails it (tools/notebooks/notebook-runner.ts). In JupyterLab the report itself says
// which cell it came from.
'use strict';
const { AsyncLocalStorage } = require('node:async_hooks');
const { inspect } = require('node:util');

/** Matches a report's first line; group 1 is the execution count of the cell that started the work (absent: outside any cell). */
const ASYNC_ERROR = /^trainlab: asynchronous work started by (?:cell \[(\d+)\]|no cell) (?:threw|rejected with no handler)/;

const cells = new AsyncLocalStorage();

function report(kind, error) {
  const cell = cells.getStore();
  const who = cell ? `cell [${cell.count}]` : 'no cell';
  const what = kind === 'throw' ? 'threw' : 'rejected with no handler';
  const where = cell ? ` (a timer, callback or promise of that cell; reported when it happened, which may be during a later cell)` : '';
  const text = error instanceof Error && error.stack ? error.stack : inspect(error);
  process.stderr.write(`trainlab: asynchronous work started by ${who} ${what}${where}:\n${text}\n`); // one write: one output
}

/**
 * Runs each cell of tslab's Jupyter handler (`jupyterModule`: tslab/dist/jupyter.js) in its own
 * context. Call before starting the kernel; then call the returned function right after, to put
 * this file's handlers in place of tslab's.
 */
function attributeAsyncErrors(jupyterModule) {
  const handler = jupyterModule.JupyterHandlerImpl.prototype;
  const run = handler.handleExecuteImpl;
  handler.handleExecuteImpl = function (...args) {
    return cells.run({ count: this.execCount + 1 }, () => run.apply(this, args)); // tslab counts this cell as execCount + 1
  };
  const before = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
  return function replaceHandlers() {
    for (const [event, kept] of Object.entries(before)) {
      for (const listener of process.listeners(event)) if (!kept.includes(listener)) process.off(event, listener); // tslab's
    }
    process.on('uncaughtException', (error) => report('throw', error));
    process.on('unhandledRejection', (reason) => report('reject', reason));
  };
}

module.exports = { ASYNC_ERROR, attributeAsyncErrors };
