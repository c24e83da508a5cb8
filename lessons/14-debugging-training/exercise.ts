/**
 * Your exercises for lesson 14, "Debugging training" (lessons/14-debugging-training/lesson.md).
 *
 * Replace each `throw` with your answer, then check your work:
 *
 *   npm run grade -- 14
 *
 * Exercise 1 asks what is wrong with each run of the broken-training gym; exercises 2 and 3 ask you
 * to repair two of them. A repair is the few fields of the run's configuration you change
 * (`GymConfig`, see src/debug/gym.ts): `{ learningRate: 0.1 }` means "the same run, with η = 0.1".
 * The grader trains the run with your repair (a few seconds) and checks its validation accuracy.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the parameters are yours to use */
import type { GymConfig, GymRunName, RemedyId, Verdict } from '../../src/index';

/** What you say is wrong with a run: the symptom its curves show, and the first thing to try. */
export interface Answer {
  /** One of 'healthy', 'not-decreasing', 'diverging', 'unstable', 'overfitting', 'underfitting'. */
  symptom: Verdict;
  /** The id of the remedy to try first for this run's cause (see `REMEDIES` / the lesson's table). */
  firstRemedy: RemedyId;
}

/**
 * Exercise 1. For gym run `run` ('A' … 'J'): the symptom and the first remedy. The symptom is
 * read from the curves; the first remedy addresses the run's cause, which its configuration
 * (`gymChanges(run)`) tells you.
 */
export function nameTheProblem(run: GymRunName): Answer {
  throw new Error('TODO: implement nameTheProblem — see "Exercise 1" in lessons/14-debugging-training/lesson.md');
}

/**
 * Exercise 2. A repair of run E that reaches ≥ 90 % validation accuracy without touching its
 * optimizer (leave `optimizer`, `learningRate` and `momentum` as they are).
 */
export function fixRunE(): Partial<GymConfig> {
  throw new Error('TODO: implement fixRunE — see "Exercise 2" in lessons/14-debugging-training/lesson.md');
}

/**
 * Exercise 3. A repair of run I that reaches ≥ 90 % validation accuracy while keeping its network
 * and its optimizer (leave `hidden`, `optimizer`, `learningRate`, `momentum` and `epochs` as they are).
 */
export function fixRunI(): Partial<GymConfig> {
  throw new Error('TODO: implement fixRunI — see "Exercise 3" in lessons/14-debugging-training/lesson.md');
}
