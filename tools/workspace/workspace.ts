/**
 * The learner's workspace: `work/` (ignored by git), where study happens, so that the course's
 * tracked files stay as they came and `git pull`, `npm test` and the notebook sync check keep
 * working after a learner has solved everything.
 *
 *   work/
 *     notebooks/NN-slug.ipynb          the lesson notebooks, yours to run, edit and save
 *     lessons/NN-slug/exercise.ts      your exercises (and the modules they import: types.ts, recipe.ts)
 *     src → ../src                     a link: your exercises import the library as the course does
 *     .backup/<time>/…                 what `npm run reset` moved aside
 *
 * Seeding copies only what is missing: a lesson added to the course later appears on the next
 * `npm run lab` or `npm run grade`; a file you changed is never overwritten (reset does that, after
 * moving your version to .backup/). The kernel, started by Jupyter in work/notebooks/, runs with
 * work/ as its working directory (tools/kernel/kernel.cjs), so the notebooks' `./lessons/…/exercise`
 * imports load your files and `./src` loads the library.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { lessonDirs, projectRoot } from '../notebooks/lesson';

/** The default workspace folder. */
export const WORKSPACE = join(projectRoot, 'work');

/** The file that tells the kernel (tools/kernel/kernel.cjs) a folder is a workspace. */
const MARKER = '.trainlab-workspace';

/**
 * The files of a lesson folder the workspace gets: exercise.ts, and every other module the exercise
 * or the notebook imports (types.ts: shared declarations; lesson 15's recipe.ts) — all .ts files
 * but the reference solution and the grader.
 */
function learnerFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'solution.ts' && !name.endsWith('.test.ts')).sort();
}

const README = `# Your trainlab workspace

Everything here is yours: the lesson notebooks (notebooks/) and your exercises
(lessons/NN-slug/exercise.ts). Git ignores this folder, so your work never conflicts with course
updates. \`npm run lab\` opens it in Jupyter; \`npm run grade\` grades the exercises here.

Start a lesson over: \`npm run reset -- 01\` (or \`-- --all\`); your version is moved to .backup/ first.
`;

export interface SeedReport {
  workspace: string;
  /** Files copied from the course, relative to the workspace. */
  copied: string[];
}

/** The course's lesson folders that have an exercise, with their notebook. */
function courseLessons(root: string): { slug: string; dir: string; notebook: string }[] {
  return lessonDirs(join(root, 'lessons')).map((dir) => {
    const slug = basename(dir);
    return { slug, dir, notebook: join(root, 'notebooks', `${slug}.ipynb`) };
  });
}

/** `target` with every lesson's notebook and learner files that are missing copied from the course. */
export function seedWorkspace(workspace = WORKSPACE, root = projectRoot): SeedReport {
  const copied: string[] = [];
  const copy = (from: string, to: string): void => {
    if (!existsSync(from) || existsSync(to)) return;
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(from, to);
    copied.push(relative(workspace, to));
  };
  mkdirSync(workspace, { recursive: true });
  for (const { slug, dir, notebook } of courseLessons(root)) {
    copy(notebook, join(workspace, 'notebooks', `${slug}.ipynb`));
    for (const file of learnerFiles(dir)) copy(join(dir, file), join(workspace, 'lessons', slug, file));
  }
  const link = join(workspace, 'src');
  // A relative link survives moving the repository; Windows junctions need an absolute target.
  const target = process.platform === 'win32' ? join(root, 'src') : relative(workspace, join(root, 'src'));
  if (!isLink(link)) symlinkSync(target, link, 'junction');
  if (!existsSync(join(workspace, 'README.md'))) writeFileSync(join(workspace, 'README.md'), README);
  writeFileSync(join(workspace, MARKER), 'A trainlab workspace: the kernel runs notebooks here from this folder (tools/kernel/kernel.cjs).\n');
  return { workspace, copied };
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when `workspace` has been seeded (its notebooks folder exists). */
export function hasWorkspace(workspace = WORKSPACE): boolean {
  return existsSync(join(workspace, 'notebooks'));
}

export interface ResetReport {
  /** Where the previous versions went, relative to the workspace (undefined: nothing to keep). */
  backup?: string;
  slugs: string[];
  copied: string[];
}

/**
 * Puts the course's versions of the selected lessons (slugs; every lesson when empty) back into the
 * workspace: the current notebook and learner files move to `.backup/<time>/` first.
 */
export function resetWorkspace(slugs: readonly string[], workspace = WORKSPACE, root = projectRoot): ResetReport {
  const lessons = courseLessons(root);
  const chosen = slugs.length === 0 ? lessons.map((lesson) => lesson.slug) : [...slugs];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(workspace, '.backup', stamp);
  let moved = false;
  const moveAside = (file: string): void => {
    if (!existsSync(file)) return;
    const target = join(backup, relative(workspace, file));
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(file, target);
    moved = true;
  };
  for (const slug of chosen) {
    moveAside(join(workspace, 'notebooks', `${slug}.ipynb`));
    const lessonDir = join(workspace, 'lessons', slug);
    if (existsSync(lessonDir)) for (const name of readdirSync(lessonDir)) moveAside(join(lessonDir, name));
  }
  const { copied } = seedWorkspace(workspace, root);
  return { ...(moved ? { backup: relative(workspace, backup) } : {}), slugs: chosen, copied };
}
