/**
 * Every `npm run` command (and every script a maintainer runs by hand) parses its arguments one way (tools/cli.ts): `--help` prints its usage and
 * exits 0; a misspelt flag is rejected with exit 2 and a message naming it, before the command does
 * anything (a CI gate with a typo must fail, not pass).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../tools/notebooks/lesson';

const scripts = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** The commands that run a TypeScript entry point with tsx, and that file. */
const commands = Object.entries(scripts)
  .map(([name, script]) => [name, /^(?:tsx|node (?:--\S+ )*--import tsx) (\S+\.ts)$/.exec(script)?.[1]] as const)
  .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
  .concat([
    ['diagnose-dataset/make', 'tools/diagnose-dataset/make.ts'],
    ['diagnose-dataset/evaluate', 'tools/diagnose-dataset/evaluate.ts'],
  ]);
const tsx = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const run = (file: string, ...args: string[]) =>
  spawnSync(process.execPath, [tsx, path.join(projectRoot, file), ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });

describe('every command', () => {
  it('is found', () => {
    expect(commands.map(([name]) => name).sort()).toEqual(expect.arrayContaining(['bench', 'grade', 'lab', 'notebooks', 'notebooks:build', 'reset', 'site', 'start']));
  });

  it.each(commands)('%s: --help prints its usage; a misspelt flag exits 2 naming it', (name, file) => {
    const help = run(file, '--help');
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: (npm (run )?|npx tsx )\S+/);
    const typo = run(file, '--chek');
    expect(typo.status, typo.stdout).toBe(2);
    expect(typo.stderr).toContain("Unknown option '--chek'");
    expect(typo.stderr).toContain('usage:');
  }, 120_000);
});
