/** The repository root (absolute). */
export declare const ROOT: string;
