/**
 * The grading API in the page: `lessons/grading.ts` itself (checks, points, messages, timeouts,
 * bundled with the stand-ins in shims.ts), with `load` replaced — in the page the module under
 * grade is the learner's exercise.ts from the editor, compiled by the runner, not a file.
 */
import { ready } from '../../../src/index';
import { brokenModule, wrapAll } from '../../../lessons/grading';

export * from '../../../lessons/grading';

type ModuleProvider = () => Promise<Record<string, unknown>>;

let provider: ModuleProvider | undefined;

/** Sets what `load` returns: the learner's module (compiled and run by the runner). */
export function setModuleUnderGrade(next: ModuleProvider): void {
  provider = next;
}

/**
 * The learner's module with every function wrapped so its errors are reported as the learner's (as
 * grading.ts's `load` does); a module that fails to load gives functions that throw the load error.
 */
export async function load<T extends object>(_testFileUrl: string): Promise<T> {
  await ready();
  if (!provider) throw new Error('load: the page runner has not set the module under grade');
  try {
    return wrapAll(await provider()) as T;
  } catch (error) {
    return brokenModule('exercise.ts', error) as T;
  }
}
