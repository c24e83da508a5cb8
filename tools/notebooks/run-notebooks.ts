/**
 * `npm run notebooks -- [options] [files...]`: executes notebooks on the repository's tslab kernel
 * and writes the executed copies. With no files, runs every notebooks/*.ipynb. Exits 1 when any
 * notebook fails, after trying the others, so one run reports every broken notebook; exits 2 before
 * starting a kernel when a file is missing or is not a notebook (each named).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { abortOnSignals, parseCommandLine, requireExisting, usageError } from '../cli';
import { ROOT } from '../root.cjs';
import { readNotebook, serializeNotebook } from './nbformat';
import { executeNotebook } from './notebook-runner';

const REPO_ROOT = ROOT;
const USAGE = `usage: npm run notebooks -- [options] [files...]

Executes each notebook (default: notebooks/*.ipynb) on the trainlab kernel.

  --timeout SECONDS  longest a single cell may run (default 300)
  --out-dir DIR      where executed notebooks are written (default .cache/executed)
  --in-place         overwrite each notebook with its executed version instead
  --rerun            then run every code cell again, last to first, in the same kernel; fail
                     if any re-run fails (a later cell must not break an earlier one)
  -h, --help         show this text`;

const fail = (message: string): never => usageError('notebooks', message, USAGE);

function parseOptions() {
  const { values, positionals } = parseCommandLine('notebooks', USAGE, {
    timeout: { type: 'string', default: '300' },
    'out-dir': { type: 'string' },
    'in-place': { type: 'boolean', default: false },
    rerun: { type: 'boolean', default: false },
  }, { positionals: true });
  const timeoutSeconds = Number(values.timeout);
  if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) fail(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  if (values['in-place'] && values['out-dir']) fail('--in-place and --out-dir exclude each other');
  const outDir = values['out-dir'] ? path.resolve(values['out-dir']) : path.join(REPO_ROOT, '.cache', 'executed');
  return { files: positionals, cellTimeoutMs: timeoutSeconds * 1000, inPlace: values['in-place'], outDir, rerun: values.rerun };
}

async function defaultNotebooks(): Promise<string[]> {
  const dir = path.join(REPO_ROOT, 'notebooks');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.ipynb')).sort();
  return names.map((name) => path.relative(process.cwd(), path.join(dir, name)));
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? path.resolve(file) : relative;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const files = options.files.length > 0 ? options.files : await defaultNotebooks();
  requireExisting('notebooks', files); // before any kernel starts
  const unreadable = (await Promise.all(files.map((file) => readNotebook(file).then(() => undefined, (error: Error) => error.message)))).filter(Boolean);
  if (unreadable.length > 0) {
    for (const problem of unreadable) console.error(`notebooks: ${problem}`);
    process.exit(2);
  }
  if (files.length === 0) {
    console.log('no notebooks to run (notebooks/ has no .ipynb files)');
    return;
  }
  const names = files.map((file) => path.basename(file));
  const clash = names.find((name, i) => names.indexOf(name) !== i);
  if (!options.inPlace && clash) fail(`two notebooks are named ${clash}; their executed copies would overwrite each other in ${options.outDir}`);

  // Ctrl-C reaches the kernel too, and tslab only interrupts on SIGINT: stop it ourselves (≤ 1 s).
  const signal = abortOnSignals();
  let failures = 0;
  for (const file of files) {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    try {
      const executed = await executeNotebook(file, { cellTimeoutMs: options.cellTimeoutMs, signal, rerunInReverse: options.rerun });
      const target = options.inPlace ? file : path.join(options.outDir, path.basename(file));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, serializeNotebook(executed));
      console.log(`ok    ${file}  ${seconds()} s  → ${shortPath(target)}`);
    } catch (error) {
      failures += 1;
      console.error(`FAIL  ${file}  ${seconds()} s\n${error instanceof Error ? error.message : String(error)}\n`);
      if (signal.aborted) break;
    }
  }
  if (failures > 0) {
    console.error(`${failures} of ${files.length} notebook(s) failed`);
    process.exitCode = signal.aborted ? 130 : 1; // 130: the shell's code for "ended by Ctrl-C"
  }
}

await main();
