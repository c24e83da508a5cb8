/**
 * The committed notebooks are generated from the lessons: each must equal what
 * `npm run notebooks:build` writes. Plus the lesson parser, case by case.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellId, notebookMarkdown, notebookStatus, renderNotebook } from '../tools/notebooks/build-notebooks';
import { lessonDirs, loadLessons, parseLessonSource, projectRoot } from '../tools/notebooks/lesson';

describe('notebooks are in sync with their lessons', () => {
  const statuses = notebookStatus();

  it('there is at least one lesson', () => {
    expect(lessonDirs().length).toBeGreaterThan(0);
  });

  it.each(statuses.map((status) => [status.lesson.slug, status] as const))('%s', (_, status) => {
    const where = relative(projectRoot, status.file);
    if (status.state !== 'current') {
      throw new Error(`${where} is ${status.state === 'missing' ? 'missing' : 'out of date with its lesson.md'} — run npm run notebooks:build`);
    }
  });

  it('building is deterministic: same bytes twice, unique valid cell ids, nbformat 4.5, empty outputs', () => {
    for (const lesson of loadLessons()) {
      const text = renderNotebook(lesson);
      expect(renderNotebook(lesson)).toBe(text);
      expect(text.endsWith('}\n')).toBe(true);
      const notebook = JSON.parse(text);
      expect([notebook.nbformat, notebook.nbformat_minor]).toEqual([4, 5]);
      expect(notebook.metadata.kernelspec).toEqual({ display_name: 'TypeScript (trainlab)', language: 'typescript', name: 'trainlab' });
      expect(notebook.metadata.trainlab).toMatchObject({ slug: lesson.slug, title: lesson.meta.title });
      const ids: string[] = notebook.cells.map((cell: { id: string }) => cell.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
      for (const cell of notebook.cells.filter((c: { cell_type: string }) => c.cell_type === 'code')) {
        expect([cell.outputs, cell.execution_count]).toEqual([[], null]);
      }
    }
    expect(cellId('01-x', 3)).toBe(cellId('01-x', 3));
    expect(loadLessons().some((lesson) => lesson.cells.some((cell) => cell.source.includes('```ts no-run'))), 'lessons use ```ts no-run').toBe(true);
    for (const lesson of loadLessons()) expect(renderNotebook(lesson), lesson.slug).not.toContain('no-run');
    expect(cellId('01-x', 3)).not.toBe(cellId('01-x', 4));
  });

  it('writes shown-not-run fences with a language Jupyter can highlight', () => {
    expect(notebookMarkdown('Text\n```ts no-run\nf(x: number): number\n```\n````typescript  no-run\nx\n````\n```ts\ny\n```'))
      .toBe('Text\n```typescript\nf(x: number): number\n```\n````typescript\nx\n````\n```ts\ny\n```');
  });

  it('--check exits 1 and names a stale notebook; the build then fixes it', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = mkdtempSync(join(tmpdir(), 'trainlab-nb-'));
    cpSync(join(projectRoot, 'lessons'), join(root, 'lessons'), { recursive: true, filter: (src) => !src.includes('node_modules') });
    cpSync(join(projectRoot, 'notebooks'), join(root, 'notebooks'), { recursive: true });
    const [first] = statuses;
    const lessonFile = join(root, 'lessons', first.lesson.slug, 'lesson.md');
    writeFileSync(lessonFile, `${readFileSync(lessonFile, 'utf8')}\nOne more line.\n`);
    const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [tsx, join(projectRoot, 'tools', 'notebooks', 'build-notebooks.ts'), '--root', root, ...args], { encoding: 'utf8' });
    const check = run('--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`out of date: notebooks/${first.lesson.slug}.ipynb`);
    expect(check.stderr).toContain('run npm run notebooks:build');
    expect(run().status).toBe(0);
    expect(run('--check').status).toBe(0);
  });
});

const front = `---
title: A lesson
summary: What it is about.
objectives:
  - one
prerequisites: []
estimatedTime: 30 min
---
`;

describe('parseLessonSource', () => {
  it('reads the front matter', () => {
    const { meta } = parseLessonSource(`${front}\n\`\`\`ts\n1;\n\`\`\`\n`);
    expect(meta).toEqual({ title: 'A lesson', summary: 'What it is about.', objectives: ['one'], prerequisites: [], estimatedTime: '30 min' });
  });

  it('splits markdown and ts code cells in order, with their lines', () => {
    const { cells } = parseLessonSource(`${front}\nIntro.\n\n\`\`\`ts\nconst a = 1;\n\nconsole.log(a);\n\`\`\`\nMiddle.\n\`\`\`typescript\na;\n\`\`\`\n`);
    expect(cells).toEqual([
      { type: 'markdown', source: 'Intro.', line: 10 },
      { type: 'code', source: 'const a = 1;\n\nconsole.log(a);', line: 13 },
      { type: 'markdown', source: 'Middle.', line: 17 },
      { type: 'code', source: 'a;', line: 19 },
    ]);
  });

  it('leaves math and other fences in the markdown, untouched', () => {
    const math = 'Inline $a_i * b_i$ and\n\n$$\nL(w) = \\frac{1}{N}\\sum_i (w x_i - y_i)^2\n$$';
    const fences = '```text\nnpm run grade\n```\n\n```ts no-run\nf(x: number): number\n```\n\n````md\n```ts\nnot a cell\n```\n````';
    const { cells } = parseLessonSource(`${front}\n${math}\n\n${fences}\n\n\`\`\`ts\n1;\n\`\`\`\n`);
    expect(cells.map((cell) => cell.type)).toEqual(['markdown', 'code']);
    expect(cells[0].source).toBe(`${math}\n\n${fences}`);
  });

  it('reads a ```ts check fence as a code cell marked check', () => {
    const { cells } = parseLessonSource(`${front}\n\`\`\`ts\nconst a = 1;\n\`\`\`\n\`\`\`ts check\nclaim('a', a, { equals: 1 });\n\`\`\`\n`);
    expect(cells).toEqual([
      { type: 'code', source: 'const a = 1;', line: 11 },
      { type: 'code', source: "claim('a', a, { equals: 1 });", line: 14, check: true },
    ]);
  });

  it('marks exercise sections, which end at the next ## heading', () => {
    const body = '## Exercise 1: `step`\n\nDo it.\n\n```ts\ntry1;\n```\n\n### Hint\n\nLook.\n\n## Exercise 2: batches\n\n```ts\ntry2;\n```\n\n## Summary\n\nDone.';
    const { cells, exercises } = parseLessonSource(`${front}\n${body}\n`);
    expect(exercises).toEqual([{ number: 1, title: '`step`', line: 10 }, { number: 2, title: 'batches', line: 22 }]);
    expect(cells.map((cell) => [cell.type, cell.exercise])).toEqual([
      ['markdown', 1], ['code', 1], ['markdown', 1], ['markdown', 2], ['code', 2], ['markdown', undefined],
    ]);
    expect(cells[0].source).toBe('## Exercise 1: `step`\n\nDo it.');
  });

  const error = (text: string): string => {
    try {
      parseLessonSource(text, 'lessons/09-x/lesson.md');
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const cell = '\n```ts\n1;\n```\n';

  it.each([
    ['no front matter', `Hello${cell}`, 'lessons/09-x/lesson.md: must start with YAML front matter'],
    ['unclosed front matter', `---\ntitle: x\n${cell}`, 'front matter opened on line 1 is never closed'],
    ['invalid YAML', `---\ntitle: [x\n---\n${cell}`, 'lessons/09-x/lesson.md: front matter is not valid YAML'],
    ['a missing field', front.replace('summary: What it is about.\n', '') + cell, 'field "summary" must be a non-empty string, got nothing'],
    ['a wrong type', front.replace('objectives:\n  - one', 'objectives: one') + cell, 'field "objectives" must be a non-empty list of strings, got "one"'],
    ['an unknown field', front.replace('---\ntitle', '---\nobjective: x\ntitle') + cell, 'unknown field "objective"'],
    ['a bad estimatedTime', front.replace('30 min', 'half an hour') + cell, 'field "estimatedTime" must look like "45 min"'],
    ['an unclosed fence', `${front}\n\`\`\`ts\n1;\n`, 'lessons/09-x/lesson.md:10: code fence ```ts is never closed'],
    ['an empty code cell', `${front}\n\`\`\`ts\n\n\`\`\`\n`, 'lessons/09-x/lesson.md:10: empty code cell'],
    ['an unknown fence option', `${front}\n\`\`\`ts hidden\n1;\n\`\`\`\n`, 'unknown option "hidden"'],
    ['a # heading', `${front}\n# Title${cell}`, 'lessons/09-x/lesson.md:10: a "# " heading: the title comes from the front matter'],
    ['a mistyped exercise heading', `${front}\n### Exercise 1 - step${cell}`, 'lessons/09-x/lesson.md:10: looks like an exercise heading; write it as "## Exercise N: Title"'],
    ['exercises out of order', `${front}\n## Exercise 2: x${cell}`, 'exercise 2 should be numbered 1'],
    ['no code cell', `${front}\nJust prose.\n`, 'has no ```ts code cell'],
  ])('rejects %s, naming the file and field', (_, text, message) => {
    expect(error(text)).toContain(message);
  });
});
