/**
 * The environment variables the library reads (`TRAINLAB_BACKEND`, `TRAINLAB_FAST_MATMUL`) — the
 * Node adapter: `process.env`. The browser build swaps in `environment.browser.ts`.
 */

/** The process's environment variables (live: a change is seen by the next read). */
export function environment(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
