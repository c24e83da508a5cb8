/**
 * `npm run reset -- 01 [03 …]` / `npm run reset -- --all`: puts the course's notebook and exercise
 * files of those lessons back into your workspace (work/). Your versions are moved to
 * work/.backup/<time>/ first, never deleted.
 */
import { basename, relative } from 'node:path';
import { parseCommandLine, usageError } from '../cli';
import { selectLessons } from '../grading/grade-run';
import { resetWorkspace, WORKSPACE } from './workspace';

const USAGE = `usage: npm run reset -- <lesson>... | --all

Puts the course's version of each lesson (its notebook and exercise files) back into work/.
Your version is moved to work/.backup/<time>/ first.

  <lesson>   a number (01), a slug (01-training-loop) or its name part (training-loop)
  --all      every lesson
  -h, --help show this text`;

function main(): number {
  const { values, positionals } = parseCommandLine('reset', USAGE, { all: { type: 'boolean', default: false } }, { positionals: true });
  if (values.all === (positionals.length > 0)) usageError('reset', 'name the lessons to reset, or --all (not both)', USAGE);
  let slugs: string[] = [];
  try {
    if (!values.all) slugs = selectLessons(positionals).map((dir) => basename(dir));
  } catch (error) {
    usageError('reset', (error as Error).message, USAGE);
  }
  const report = resetWorkspace(slugs);
  const where = relative(process.cwd(), WORKSPACE) || '.';
  console.log(`reset ${report.slugs.join(', ')} in ${where}/`);
  console.log(report.backup ? `your previous versions are in ${where}/${report.backup}/` : 'there was nothing of yours to keep');
  return 0;
}

process.exitCode = main();
