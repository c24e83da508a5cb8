/** The start of the line a fresh kernel prints in the first cell that loads tfjs or the library. */
export declare const PREFIX: string;
/** The loading line for a cell's source (`backend`: the backend named in it), or undefined when the cell loads neither. */
export declare function loadingLine(code: string, backend?: string): string | undefined;
/** `text` without loading lines (for pages built from executed notebooks). */
export declare function withoutLoadingLines(text: string): string;
