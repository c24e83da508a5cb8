/**
 * Evaluated first in the runner's worker: the environment `lessons/grading.ts` reads (the bundle
 * maps `process.env` here). Progress events on (they are how the page learns each check's result).
 */
(globalThis as unknown as { __trainlabEnv: Record<string, string> }).__trainlabEnv = { TRAINLAB_GRADE_PROGRESS: 'page' };
