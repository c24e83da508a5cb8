/**
 * The environment variables the library reads — the browser adapter: a page has no environment,
 * so this is an empty object the page's runner may fill (`setEnvironment`) before `ready()`.
 */

let variables: Record<string, string | undefined> = {};

/** The variables set with `setEnvironment` (none by default). */
export function environment(): Readonly<Record<string, string | undefined>> {
  return variables;
}

/** Replaces the variables `environment()` returns (browser only; e.g. `{ TRAINLAB_BACKEND: 'cpu' }`). */
export function setEnvironment(next: Record<string, string | undefined>): void {
  variables = { ...next };
}
