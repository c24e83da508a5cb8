/**
 * The library as a lesson page's runner loads it: all of `src/` (its browser build: the adapters in
 * src/platform/*.browser.ts), plus the calls a page uses to feed those adapters.
 */
export * from '../../../src/index';
export { provideDigitsText } from '../../../src/platform/digits-source.browser';
export { setEnvironment } from '../../../src/platform/environment.browser';
export { setPageWriter } from '../../../src/platform/notebook-host.browser';
