/**
 * The esbuild plugin that makes a browser build of `src/`: an import of an adapter in
 * `src/platform/NAME` resolves to `src/platform/NAME.browser.ts` (the same calls without Node).
 * An adapter without a browser variant is an error, so Node-only code never slips into a bundle.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';

export const PLATFORM_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'src', 'platform');

/** The browser variant of the adapter at `file` (`…/src/platform/NAME[.ts]`). */
export function browserVariant(file: string): string {
  return `${file.replace(/\.ts$/, '')}.browser.ts`;
}

export function browserPlatform(): Plugin {
  return {
    name: 'trainlab-browser-platform',
    setup(build) {
      build.onResolve({ filter: /(^|\/)platform\/[\w-]+(\.ts)?$/ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        if (path.dirname(target) !== PLATFORM_DIR || target.endsWith('.browser') || target.endsWith('.browser.ts')) return undefined;
        const variant = browserVariant(target);
        if (!existsSync(variant)) {
          return { errors: [{ text: `src/platform/${path.basename(target)} has no browser variant (${path.basename(variant)}): write one, with the same exports` }] };
        }
        return { path: variant };
      });
    },
  };
}
