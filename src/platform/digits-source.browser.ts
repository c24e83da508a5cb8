/**
 * The text of the digits data file — the browser adapter. A page cannot read files synchronously,
 * so the page's runner fetches `data/digits.csv.gz`, gunzips it (DecompressionStream) and hands the
 * text to `provideDigitsText` before any cell runs; `loadDigits` then works as in Node.
 */

/** The path the page's copy is known by (what `loadDigits` errors and `DigitsRaw.path` show). */
export const PAGE_DIGITS_PATH = 'data/digits.csv.gz';

let provided: string | undefined;

/** Gives the library the data file's text (gunzipped), fetched by the page. */
export function provideDigitsText(text: string): void {
  provided = text;
}

/** The one place the page's copy comes from. */
export function digitsCandidates(): string[] {
  return [PAGE_DIGITS_PATH];
}

/** `PAGE_DIGITS_PATH`; another `path` is an error (a page has no files to choose from). */
export function resolveDigitsPath(path: string | undefined): string {
  if (path !== undefined && path !== PAGE_DIGITS_PATH) {
    throw new Error(`loadDigits: in the browser only the page's copy of the data exists (path ${JSON.stringify(PAGE_DIGITS_PATH)}), got path ${JSON.stringify(path)}`);
  }
  return PAGE_DIGITS_PATH;
}

/** The text given to `provideDigitsText`; throws before the page has loaded it. */
export function readDigitsText(resolved: string): string {
  if (provided === undefined) throw new Error(`loadDigits: ${resolved} is not loaded in this page yet (the runner fetches it before cells run)`);
  return provided;
}
