/**
 * Evaluated first in the runner's worker: the little of Node that `lessons/grading.ts` (and cells)
 * use, as `__trainlabProcess` (the bundle gives grading.ts and its protocol this as `process`, see
 * build-runner.ts; cells get it as the global `process` once the runner is up):
 * - `env`: grading's progress events on (they are how the page learns each check's result);
 * - `on('uncaughtException' | 'unhandledRejection')`: the worker's `error` / `unhandledrejection`
 *   events, so an error from a learner's timer or promise fails the check that started it;
 * - `nextTick` (a microtask), `once` (nothing to close), `cpuUsage` (the worker is one thread: its
 *   CPU time is taken as its wall-clock time).
 * And `setImmediate` (a zero-delay timer), which grading wraps like the other timer functions.
 */
type Listener = (...args: unknown[]) => void;

const listeners: Record<string, Listener[]> = { uncaughtException: [], unhandledRejection: [] };

const processStandIn = {
  env: { TRAINLAB_GRADE_PROGRESS: 'page' } as Record<string, string | undefined>,
  on(event: string, listener: Listener) {
    listeners[event]?.push(listener);
    return processStandIn;
  },
  once() {
    return processStandIn;
  },
  removeAllListeners(event: string) {
    if (listeners[event]) listeners[event].length = 0;
    return processStandIn;
  },
  nextTick(callback: Listener, ...args: unknown[]) {
    queueMicrotask(() => callback(...args));
  },
  cpuUsage(previous?: { user: number; system: number }) {
    const user = Math.round(performance.now() * 1000);
    return previous ? { user: user - previous.user, system: 0 } : { user, system: 0 };
  },
};

interface WorkerEvents {
  addEventListener(type: 'error', listener: (event: { error: unknown; preventDefault(): void }) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: { reason: unknown; promise: Promise<unknown>; preventDefault(): void }) => void): void;
}
const scope = globalThis as unknown as WorkerEvents & { __trainlabProcess: typeof processStandIn; setImmediate?: unknown };
scope.__trainlabProcess = processStandIn;
scope.addEventListener('error', (event) => {
  if (listeners.uncaughtException.length === 0) return;
  event.preventDefault();
  for (const listener of listeners.uncaughtException) listener(event.error);
});
scope.addEventListener('unhandledrejection', (event) => {
  if (listeners.unhandledRejection.length === 0) return;
  event.preventDefault();
  for (const listener of listeners.unhandledRejection) listener(event.reason, event.promise);
});
scope.setImmediate ??= (callback: Listener, ...args: unknown[]) => setTimeout(callback, 0, ...args);

// Grading wraps the timer functions and calls the originals with the caller's `this`; a browser's
// own timer functions throw "Illegal invocation" unless `this` is the global scope. Bind them.
for (const name of ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'] as const) {
  const timers = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = timers[name];
  timers[name] = function bound(...args: unknown[]): unknown {
    return original.apply(globalThis, args);
  };
}
