/**
 * `npm run reset -- 01 [03 …]` / `npm run reset -- --all`: puts the course's notebook and exercise
 * files of those lessons back into your workspace (work/). Your versions are moved to
 * work/.backup/<time>/ first, never deleted.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { selectLessons } from './grade-run';
import { resetWorkspace, WORKSPACE } from './workspace';
import { basename } from 'node:path';

const USAGE = `usage: npm run reset -- <lesson>... | --all

Puts the course's version of each lesson (its notebook and exercise files) back into work/.
Your version is moved to work/.backup/<time>/ first.

  <lesson>   a number (01), a slug (01-training-loop) or its name part (training-loop)
  --all      every lesson
  -h, --help show this text`;

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { all: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    console.error(`reset: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.all === (positionals.length > 0)) {
    console.error(`reset: name the lessons to reset, or --all (not both)\n\n${USAGE}`);
    return 2;
  }
  let slugs: string[] = [];
  try {
    if (!values.all) slugs = selectLessons(positionals).map((dir) => basename(dir));
  } catch (error) {
    console.error(`reset: ${(error as Error).message}`);
    return 2;
  }
  const report = resetWorkspace(slugs);
  const where = relative(process.cwd(), WORKSPACE) || '.';
  console.log(`reset ${report.slugs.join(', ')} in ${where}/`);
  console.log(report.backup ? `your previous versions are in ${where}/${report.backup}/` : 'there was nothing of yours to keep');
  return 0;
}

process.exitCode = main();
