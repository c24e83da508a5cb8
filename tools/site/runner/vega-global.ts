/**
 * `vega` in the page's runner: the site's own vega build, loaded into the worker on first use
 * (`importScripts`) — the library imports vega lazily, to render a chart's SVG.
 */
declare function importScripts(...urls: string[]): void;

interface VegaGlobal {
  vega?: typeof import('vega');
}

const scope = globalThis as unknown as VegaGlobal & { __trainlabAssets?: string };
if (!scope.vega) importScripts(`${scope.__trainlabAssets ?? ''}vendor/vega.min.js`);
const vega = scope.vega!;

export const { Error, logger, parse, View } = vega;
