/**
 * Every `npm run` command (and every script a maintainer runs by hand) parses its arguments one way (tools/cli.ts): `--help` prints its usage and
 * exits 0; a misspelt flag is rejected with exit 2 and a message naming it, before the command does
 * anything (a CI gate with a typo must fail, not pass). A missing or unreadable input file or
 * folder is named, with a non-zero exit, before anything runs (no raw ENOENT, no silent success).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

describe('a command given a missing file or folder', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'trainlab-cli-'));
  const broken = path.join(scratch, 'broken.ipynb');
  writeFileSync(broken, '{"nbformat": 4, "cells": [');
  const missing = path.join(scratch, 'missing');
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ['notebooks', 'tools/notebooks/run-notebooks.ts', ['missing.ipynb'], 'notebooks: missing.ipynb: no such file'],
    ['notebooks (a folder)', 'tools/notebooks/run-notebooks.ts', ['tools'], 'notebooks: tools: is a folder, not a file'],
    ['notebooks (one good file, one that is not JSON)', 'tools/notebooks/run-notebooks.ts', ['notebooks/01-training-loop.ipynb', broken], `notebooks: ${broken}: not a notebook: its JSON does not parse`],
    ['notebooks:build --root', 'tools/notebooks/build-notebooks.ts', ['--root', missing], `notebooks:build: ${missing}: no such folder`],
    ['grade --lessons-dir', 'tools/grading/grade.ts', ['--lessons-dir', missing], `grade: ${missing}: no such folder`],
    ['diagnose-dataset/evaluate', 'tools/diagnose-dataset/evaluate.ts', [`${missing}.json`], `diagnose-dataset/evaluate: ${missing}.json: no such file`],
  ])('%s: names it and exits 2 before doing anything', (_, file, args, message) => {
    const result = run(file, ...args);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/ENOENT|at .*\.ts:\d+/);
    expect(result.stdout).not.toMatch(/^ok |FAIL/m); // no kernel was started
    expect(result.status).toBe(2);
  }, 60_000);
});
