/**
 * `npm run grade`: grades the learner's exercises — `work/lessons/NN-slug/exercise.ts` in their
 * workspace (tools/workspace.ts; seeded from the course on first use) — with the course's graders
 * and prints, per lesson and per exercise, each check's pass/fail, points and message; then, when
 * several lessons were graded, a course summary (points per lesson) and the total.
 *
 *   npm run grade                   every lesson
 *   npm run grade -- 01 03          lessons 01 and 03 (a number, a full slug, or the slug's name part)
 *   npm run grade -- --solution     the reference solutions instead (must get full marks)
 *   npm run grade -- --stubs        the course's untouched lessons/NN-slug/exercise.ts stubs (tests)
 *   npm run grade -- --workspace D  the exercises of the workspace D instead of work/
 *   npm run grade -- --json         the report as JSON on stdout
 *   npm run grade -- --report [F]   also write it as an HTML page (default work/progress.html,
 *                                   shown by npm start as "Your progress"; progress-report.ts)
 *   npm run grade -- --timeout 20   seconds each check may run (default 10)
 *   npm run grade -- --lessons-dir D  grade the lessons under D instead of lessons/ (tests use it)
 *
 * Exit code: 0 at full marks, 1 when a check failed or a lesson could not be graded, 2 on bad usage.
 *
 * A learner's code may throw, leak tensors, hang or loop forever: each check then fails on its own
 * with a message, and grading goes on (tools/grade-run.ts says how).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';
import { parseCommandLine, usageError } from '../cli';
import { removeStaleTempDirs } from '../crash-safe';
import { children, grade, killGroup, selectLessons, type GradeOptions, type GradeReport, type LessonReport } from './grade-run';
import { projectRoot } from '../notebooks/lesson';
import { seedWorkspace, WORKSPACE } from '../workspace/workspace';
import { progressReportFile, renderProgressReport } from './progress-report';

// ---- the printed report ----

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const [green, red, bold, dim] = [paint(32), paint(31), paint(1), paint(2)];

function indent(text: string, spaces: number): string {
  return text.split('\n').map((line) => (line.trim() ? ' '.repeat(spaces) + line.trimEnd() : '')).join('\n');
}

export function formatLesson(lesson: LessonReport): string {
  const out = [`${bold(`${lesson.slug}`)}  ${lesson.title}  ${bold(`${lesson.points}/${lesson.maxPoints}`)}`];
  if (lesson.error) out.push(red(indent(`✗ ${lesson.error}`, 2)));
  for (const note of lesson.integrity ?? []) out.push(indent(`! ${note}`, 2));
  for (const exercise of lesson.exercises) {
    out.push(`  Exercise ${exercise.number}: ${exercise.title}  ${exercise.points}/${exercise.maxPoints}`);
    exercise.checks.forEach((check, i) => {
      const mark = check.status === 'pass' ? green('✓') : red('✗');
      out.push(`    ${mark} ${check.name}  ${dim(`${check.points}/${check.maxPoints}`)}`);
      // A message shared with the next check (e.g. a TODO stub) is printed once, after the last.
      const following = exercise.checks[i + 1];
      if (check.message && following?.message !== check.message) out.push(indent(check.message, 6));
    });
  }
  return out.join('\n');
}

/** The course at a glance: one line per graded lesson, its points and a bar of ten cells. */
export function formatCourseSummary(report: GradeReport): string {
  const width = Math.max(...report.lessons.map((lesson) => lesson.slug.length));
  const lines = report.lessons.map((lesson) => {
    if (lesson.error) return `  ${lesson.slug.padEnd(width)}  not graded`;
    const filled = lesson.maxPoints > 0 ? Math.round((10 * lesson.points) / lesson.maxPoints) : 0;
    const bar = `${'█'.repeat(filled)}${'·'.repeat(10 - filled)}`;
    const done = lesson.points === lesson.maxPoints ? green('✓') : ' ';
    return `  ${lesson.slug.padEnd(width)}  ${bar}  ${`${lesson.points}/${lesson.maxPoints}`.padStart(5)} ${done}`;
  });
  return [bold('Course summary (points per lesson)'), ...lines].join('\n');
}

export function formatSummary(report: GradeReport, exercisesDir = join(projectRoot, 'lessons')): string {
  const what = report.mode === 'solution' ? 'reference solutions' : 'your exercises';
  if (report.lessons.length === 0) return 'No lessons with exercises found.';
  const lines = [
    ...(report.lessons.length > 1 ? [formatCourseSummary(report), ''] : []),
    bold(`Total (${what}): ${report.points}/${report.maxPoints} points`),
  ];
  if (report.lessons.some((lesson) => lesson.error)) lines.push(red('Some lessons could not be graded (see above).'));
  else if (report.fullMarks) lines.push(green('Full marks.'));
  else if (report.mode === 'exercise') {
    const next = report.lessons.find((lesson) => lesson.points < lesson.maxPoints);
    const file = relative(projectRoot, join(exercisesDir, next?.slug ?? '', 'exercise.ts'));
    if (next) lines.push(`Next: edit ${file}, then run npm run grade -- ${next.slug.slice(0, 2)}`);
  }
  return lines.join('\n');
}

const USAGE = `usage: npm run grade [-- options] [lesson...]

Grades your exercises (work/lessons/NN-slug/exercise.ts; work/ is made from the course on first
use) and prints each check's ✓/✗, points and message. Exit 0 at full marks, 1 otherwise.

  lesson             a number (01), a slug (01-training-loop) or its name part; default: all
  --solution         grade the reference solutions instead (must get full marks)
  --stubs            grade the course's own exercise.ts stubs (every check must fail)
  --workspace DIR    grade the workspace DIR instead of work/
  --json             the report as JSON on stdout
  --report [FILE]    also write the report as a self-contained HTML page: FILE (ending in .html),
                     by default progress.html in the workspace, which npm start shows as the
                     site's "Your progress" page
  --timeout SECONDS  how long each check may run (default 10)
  --lessons-dir DIR  the lessons (and graders) under DIR instead of lessons/ (tests)
  -h, --help         show this text`;

type Options = GradeOptions & { json: boolean; stubs: boolean; workspace: string; report?: string };

/**
 * `--report` takes an optional FILE, which parseArgs cannot express: a bare `--report` becomes
 * `--report=` (the default file), and `--report X` keeps X as its value only when X ends in .html
 * (otherwise X is a lesson, as in `--report 01`).
 */
export function reportArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--report') out.push(args[i]);
    else if (/\.html?$/i.test(args[i + 1] ?? '')) out.push(`--report=${args[++i]}`);
    else out.push('--report=');
  }
  return out;
}

function parseOptions(): Options {
  const { values, positionals } = parseCommandLine('grade', USAGE, {
    solution: { type: 'boolean', default: false },
    stubs: { type: 'boolean', default: false },
    workspace: { type: 'string', default: WORKSPACE },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    'lessons-dir': { type: 'string' },
    report: { type: 'string' },
  }, { positionals: true, args: reportArgs(process.argv.slice(2)) });
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0)) usageError('grade', `--timeout must be a number of seconds > 0, got ${values.timeout}`, USAGE);
  if (values.solution && values.stubs) usageError('grade', '--solution and --stubs exclude each other', USAGE);
  const learner = !values.solution && !values.stubs && values['lessons-dir'] === undefined;
  if (values.report === '' && !learner) usageError('grade', '--report without a FILE writes your progress page: give a FILE.html for --solution, --stubs or --lessons-dir', USAGE);
  try {
    selectLessons(positionals, values['lessons-dir']);
  } catch (error) {
    usageError('grade', (error as Error).message, USAGE);
  }
  return {
    mode: values.solution ? 'solution' : 'exercise',
    select: positionals,
    json: values.json,
    stubs: values.stubs,
    workspace: resolve(values.workspace),
    ...(values.report === undefined ? {} : { report: values.report === '' ? progressReportFile(resolve(values.workspace)) : resolve(values.report) }),
    ...(timeoutS === undefined ? {} : { timeoutS }),
    ...(values['lessons-dir'] === undefined ? {} : { lessonsDir: values['lessons-dir'] }),
  };
}

async function main(): Promise<number> {
  const options = parseOptions();
  await removeStaleTempDirs('grade'); // what grade runs that were killed left in the temp folder
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      children.forEach(killGroup);
      process.exit(130);
    });
  }
  if (options.mode !== 'solution' && !options.stubs && !options.lessonsDir) {
    const { copied } = seedWorkspace(options.workspace);
    options.exercisesDir = join(options.workspace, 'lessons');
    if (copied.length > 0 && !options.json) console.log(`Your workspace ${relative(process.cwd(), options.workspace) || '.'}/ now has ${copied.length} file(s) from the course.`);
  }
  const what = options.mode === 'solution' ? 'the reference solutions'
    : options.exercisesDir ? `your exercises in ${relative(process.cwd(), options.exercisesDir)}/` : 'the course\'s exercise stubs';
  if (!options.json) console.log(`Grading ${what}…\n`);
  const report = await grade(options, (lesson) => {
    if (!options.json) console.log(`${formatLesson(lesson)}\n`);
  });
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatSummary(report, options.exercisesDir));
  if (options.report) {
    const source = options.exercisesDir ? `your exercises in ${relative(projectRoot, options.exercisesDir)}/` : 'the course\'s exercise stubs';
    mkdirSync(dirname(options.report), { recursive: true });
    writeFileSync(options.report, renderProgressReport(report, { source }));
    const shown = options.report === progressReportFile(WORKSPACE) ? ' (npm start shows it as "Your progress")' : '';
    // With --json, stdout is the JSON alone.
    (options.json ? console.error : console.log)(`Report: ${relative(process.cwd(), options.report)}${shown}`);
  }
  return report.fullMarks ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
