// A kernel that dies with the process that started it, however that process ends (Ctrl-C, kill,
// SIGKILL, a crash): no kernel is left running, reparented, holding ~300 MB and maybe a core.
//
// The runner (tools/kernel/kernel-launch.ts) starts the kernel with a pipe as its stdin and never
// writes to it; the operating system closes the pipe when the runner exits, whatever the cause. A
// worker thread here blocks reading that pipe and, at end-of-file, kills the kernel's own process.
// A thread, not an event on the main thread: the main thread may be stuck in a learner's infinite
// loop and would never see the event. Kernels that Jupyter starts (npm run lab) are left alone:
// this is on only when TRAINLAB_KERNEL_PARENT_PIPE=stdin.
'use strict';
const { Worker } = require('node:worker_threads');

const WATCH = `
const fs = require('node:fs');
const buffer = Buffer.alloc(64);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  let read;
  try {
    read = fs.readSync(0, buffer, 0, buffer.length, null);
  } catch (error) {
    if (error.code === 'EAGAIN') { Atomics.wait(nap, 0, 0, 100); continue; } // a non-blocking pipe: poll
    if (error.code === 'EINTR') continue;
    read = 0; // EBADF, EPIPE…: the pipe is gone too
  }
  if (read === 0) break;
}
process.kill(process.pid, 'SIGKILL');
`;

/** When the environment asks for it, starts the watch (once) and hides the variable from cells' child processes. */
function exitWithParent(env = process.env) {
  const mode = env.TRAINLAB_KERNEL_PARENT_PIPE;
  delete env.TRAINLAB_KERNEL_PARENT_PIPE;
  if (mode !== 'stdin') return false;
  new Worker(WATCH, { eval: true, stdout: false, stderr: false }).unref();
  return true;
}

module.exports = { exitWithParent };
