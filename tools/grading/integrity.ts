/**
 * Grader files a lesson is graded with, and whether they are the course's: each is hashed before
 * the lesson runs and compared with the course's committed version (git HEAD), and hashed again
 * after, so that a grader changed by the code under grade (or by hand) is reported, not trusted.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../notebooks/lesson';

export interface GraderFile {
  path: string;
  /** sha256 when grading began (undefined: missing). */
  sha256?: string;
}

const sha256 = (path: string): string | undefined => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : undefined);

/** The files that decide a lesson's grade: its grader, the shared helpers, the protocol and config. */
export function graderFiles(lessonDir: string): GraderFile[] {
  const paths = [
    join(lessonDir, 'exercise.test.ts'),
    join(projectRoot, 'lessons', 'grading.ts'),
    join(projectRoot, 'tools', 'grading', 'protocol.ts'),
    join(projectRoot, 'tools', 'grading', 'vitest.grade.config.ts'),
  ];
  return paths.map((path) => ({ path, sha256: sha256(path) }));
}

/** Git's blob id of a file's content (what `git hash-object` prints). */
const gitBlob = (path: string): string => {
  const content = readFileSync(path);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
};

/** The committed blob ids of tracked files (empty outside a git checkout or for untracked files). */
function committed(paths: string[]): Map<string, string> {
  const blobs = new Map<string, string>();
  try {
    const listing = execFileSync('git', ['-C', projectRoot, 'ls-tree', 'HEAD', '--', ...paths.map((p) => relative(projectRoot, p))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of listing.split('\n')) {
      const at = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
      if (at) blobs.set(join(projectRoot, at[2]), at[1]);
    }
  } catch {
    // not a git checkout: nothing to compare with
  }
  return blobs;
}

/**
 * What a teacher should know about the grader files. 'course': those that differ from the course's
 * committed version; 'changed': those whose content changed since `files` was taken.
 */
export function integrityNotes(files: GraderFile[], against: 'course' | 'changed' = 'course'): string[] {
  const name = (path: string): string => relative(projectRoot, path);
  if (against === 'changed') {
    return files.filter((file) => sha256(file.path) !== file.sha256).map((file) => `${name(file.path)} changed while this lesson was graded — was it written by the code under grade? The results are not trusted`);
  }
  const blobs = committed(files.map((file) => file.path));
  return files
    .filter((file) => blobs.has(file.path) && existsSync(file.path) && gitBlob(file.path) !== blobs.get(file.path))
    .map((file) => `${name(file.path)} differs from the course's version (git HEAD): the grade may not be the course's — \`git diff ${name(file.path)}\` shows how`);
}
