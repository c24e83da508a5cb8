/**
 * `npm run grade`: grades the learner's `lessons/NN-slug/exercise.ts` files with their graders and
 * prints, per lesson and per exercise, each check's pass/fail, points and message, and a total.
 *
 *   npm run grade                   every lesson
 *   npm run grade -- 01 03          lessons 01 and 03 (a number, a full slug, or the slug's name part)
 *   npm run grade -- --solution     the reference solutions instead (must get full marks)
 *   npm run grade -- --json         the report as JSON on stdout
 *   npm run grade -- --timeout 20   seconds each check may run (default 10)
 *   npm run grade -- --lessons-dir D  grade the lessons under D instead of lessons/ (tests use it)
 *
 * Exit code: 0 at full marks, 1 when a check failed or a lesson could not be graded, 2 on bad usage.
 *
 * A learner's code may throw, leak tensors, hang or loop forever: each check then fails on its own
 * with a message, and grading goes on (tools/grade-run.ts says how).
 */
import { pathToFileURL } from 'node:url';
import { children, grade, killGroup, selectLessons, type GradeOptions, type GradeReport, type LessonReport } from './grade-run';

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

export function formatSummary(report: GradeReport): string {
  const what = report.mode === 'solution' ? 'reference solutions' : 'your exercises';
  const lines = [bold(`Total (${what}): ${report.points}/${report.maxPoints} points`)];
  if (report.lessons.length === 0) return 'No lessons with exercises found.';
  if (report.lessons.some((lesson) => lesson.error)) lines.push(red('Some lessons could not be graded (see above).'));
  else if (report.fullMarks) lines.push(green('Full marks.'));
  else if (report.mode === 'exercise') {
    const next = report.lessons.find((lesson) => lesson.points < lesson.maxPoints);
    if (next) lines.push(`Next: edit lessons/${next.slug}/exercise.ts, then run npm run grade -- ${next.slug.slice(0, 2)}`);
  }
  return lines.join('\n');
}

function parseArgs(args: string[]): GradeOptions & { json: boolean } {
  const options: GradeOptions & { json: boolean } = { json: false, select: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--solution') options.mode = 'solution';
    else if (arg === '--json') options.json = true;
    else if (arg === '--timeout') options.timeoutS = Number(args[++i]);
    else if (arg === '--lessons-dir') options.lessonsDir = args[++i];
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg} (options: --solution, --json, --timeout S, --lessons-dir DIR)`);
    else options.select!.push(arg);
  }
  if (options.timeoutS !== undefined && !(options.timeoutS > 0)) throw new Error(`--timeout must be a number of seconds > 0, got ${args[args.indexOf('--timeout') + 1]}`);
  return options;
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
    selectLessons(options.select, options.lessonsDir);
  } catch (error) {
    console.error(`grade: ${(error as Error).message}`);
    return 2;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      children.forEach(killGroup);
      process.exit(130);
    });
  }
  if (!options.json) console.log(`Grading ${options.mode === 'solution' ? 'the reference solutions' : 'your exercises'}…\n`);
  const report = await grade(options, (lesson) => {
    if (!options.json) console.log(`${formatLesson(lesson)}\n`);
  });
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatSummary(report));
  return report.fullMarks ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
