/**
 * The files every page loads, all served from the site itself: KaTeX's CSS and fonts (from the
 * katex package whose module renders the math), a highlight.js theme, the vega / vega-lite /
 * vega-embed browser builds, MiniSearch's browser build, and the site's own stylesheet, chart script
 * and search script.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HIGHLIGHT_THEME } from './highlight';

const require = createRequire(import.meta.url);
const OWN_ASSETS = path.join(import.meta.dirname, 'assets');

/** Where each asset lives inside the site, relative to a page (pages sit at the site root). */
export const ASSET_PATHS = {
  katexCss: 'assets/katex/katex.min.css',
  highlightCss: `assets/highlight/${HIGHLIGHT_THEME}`,
  siteCss: 'assets/site.css',
  // Order matters: vega-embed's browser build reads the `vega` and `vegaLite` globals.
  chartScripts: ['assets/vendor/vega.min.js', 'assets/vendor/vega-lite.min.js', 'assets/vendor/vega-embed.min.js', 'assets/embed.js'],
  // The search box's script on every page; it loads the library itself, on first use.
  searchScript: 'assets/search.js',
  searchLibrary: 'assets/vendor/minisearch.js',
  // Written by the build from the lesson sources (search-index.ts), at the site's root.
  searchIndex: 'search-index.json',
} as const;

export interface PackageInfo {
  name: string;
  version: string;
  license: string;
  dir: string;
}

/**
 * The installed package `name`, found the way `import` finds it from this file, so the copied
 * assets belong to the very module that runs. (Not every package exports its package.json, and
 * some have a nested one in build/: take the folder the resolved entry point sits in under
 * node_modules/<name>.)
 */
export function packageInfo(name: string): PackageInfo {
  const entry = require.resolve(name);
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`site: cannot find the folder of package ${name} (resolved to ${entry})`);
  const dir = entry.slice(0, at + marker.length - 1);
  const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Partial<PackageInfo>;
  return { name, version: json.version ?? '?', license: json.license ?? '?', dir };
}

/** The packages whose files the site serves, with the file each contributes. */
const VENDOR: { name: string; files: [from: string, to: string][] }[] = [
  { name: 'katex', files: [['dist/katex.min.css', 'katex/katex.min.css'], ['dist/fonts', 'katex/fonts']] },
  { name: 'highlight.js', files: [[`styles/${HIGHLIGHT_THEME}`, `highlight/${HIGHLIGHT_THEME}`]] },
  { name: 'vega', files: [['build/vega.min.js', 'vendor/vega.min.js']] },
  { name: 'vega-lite', files: [['build/vega-lite.min.js', 'vendor/vega-lite.min.js']] },
  { name: 'vega-embed', files: [['build/vega-embed.min.js', 'vendor/vega-embed.min.js']] },
  // The UMD build defines the `MiniSearch` global assets/search.js uses (the package ships no minified one).
  { name: 'minisearch', files: [['dist/umd/index.js', 'vendor/minisearch.js']] },
];

/** A package's licence file (LICENSE, LICENSE.txt or LICENSE.md), if it ships one. */
function licenceFile(dir: string): string | undefined {
  return ['LICENSE', 'LICENSE.txt', 'LICENSE.md'].map((name) => path.join(dir, name)).find((file) => existsSync(file));
}

/** The served third-party packages with versions and licences (the about page lists them). */
export function vendorPackages(): PackageInfo[] {
  return VENDOR.map(({ name }) => packageInfo(name));
}

/**
 * Copies every asset into `outDir/assets`, plus `assets/vendor/LICENSES.txt` with each served
 * package's licence text (their licences ask for it to travel with the files).
 */
export async function copyAssets(outDir: string): Promise<void> {
  const assets = path.join(outDir, 'assets');
  await mkdir(assets, { recursive: true });
  const licences: string[] = [];
  for (const { name, files } of VENDOR) {
    const info = packageInfo(name);
    for (const [from, to] of files) {
      await mkdir(path.dirname(path.join(assets, to)), { recursive: true });
      await cp(path.join(info.dir, from), path.join(assets, to), { recursive: true });
    }
    const licence = licenceFile(info.dir);
    const text = licence ? await readFile(licence, 'utf8') : `(no LICENSE file in the package; package.json says ${info.license})\n`;
    licences.push(`${name} ${info.version} — ${info.license}\n\n${text.trim()}\n`);
  }
  await mkdir(path.join(assets, 'vendor'), { recursive: true });
  await writeFile(path.join(assets, 'vendor', 'LICENSES.txt'), licences.join(`\n${'='.repeat(72)}\n\n`));
  await cp(path.join(OWN_ASSETS, 'site.css'), path.join(assets, 'site.css'));
  await cp(path.join(OWN_ASSETS, 'embed.js'), path.join(assets, 'embed.js'));
  await cp(path.join(OWN_ASSETS, 'search.js'), path.join(assets, 'search.js'));
}
