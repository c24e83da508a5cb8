/**
 * Vitest global setup: brings the kernel's library build up to date once, before any test file
 * starts a kernel (tools/kernel/library.cjs), so parallel test files do not each compile it.
 */
import { createRequire } from 'node:module';

export default function setup(): void {
  const require = createRequire(import.meta.url);
  const { ensureBuilt } = require('../../tools/kernel/library.cjs') as { ensureBuilt(options: { log(line: string): void }): unknown };
  ensureBuilt({ log: (line) => console.log(line) });
}
