/**
 * `vega-lite` in the page's runner: the site's own vega-lite build, loaded into the worker on first
 * use (`importScripts`; it needs vega, loaded first).
 */
import './vega-global';

declare function importScripts(...urls: string[]): void;

const scope = globalThis as unknown as { vegaLite?: typeof import('vega-lite'); __trainlabAssets?: string };
if (!scope.vegaLite) importScripts(`${scope.__trainlabAssets ?? ''}vendor/vega-lite.min.js`);

export const { compile } = scope.vegaLite!;
