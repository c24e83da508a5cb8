/**
 * The messages between a lesson page and its runner (a Web Worker). One cell or one grading run at
 * a time; every message about a run carries its `id`.
 */
import type { DisplayContent } from '../../../src/notebook/writer';

/** A lesson's files the runner can import: `exercise.ts` (the learner's), helpers, the grader. */
export type LessonFiles = Record<string, string>;

export type ToWorker =
  | { type: 'init'; assets: string; slug: string; files: LessonFiles }
  | { type: 'run'; id: number; source: string; files: LessonFiles }
  | { type: 'grade'; id: number; files: LessonFiles };

/** One check of a grading run, as `npm run grade` reports it. */
export interface CheckResult {
  exercise: number;
  exerciseTitle: string;
  check: string;
  points: number;
  status: 'pass' | 'fail' | 'skip';
  kind?: string;
  message?: string;
}

export type FromWorker =
  | { type: 'ready'; backend: string; ms: number; dataMs: number }
  | { type: 'failed-to-start'; message: string }
  | { type: 'alive' }
  | { type: 'stream'; id: number; name: 'stdout' | 'stderr'; text: string }
  | { type: 'display'; id: number; content: DisplayContent; update: boolean }
  | { type: 'result'; id: number; text: string }
  | { type: 'error'; id: number; text: string }
  | { type: 'done'; id: number; ok: boolean; ms: number }
  | { type: 'graded'; id: number; checks: CheckResult[]; ms: number; error?: string };
