/**
 * `npm run lab`: opens the learner's workspace (work/, seeded from the course on first use; see
 * tools/workspace.ts) in JupyterLab (or the classic Notebook) with the repo's trainlab kernel,
 * found through JUPYTER_PATH — nothing is installed globally. When Jupyter is missing, says how to
 * get it and exits 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';
import { parseCommandLine } from '../cli';
import { ROOT } from '../root.cjs';
import { seedWorkspace, WORKSPACE } from './workspace';

const USAGE = `usage: npm run lab [-- options]

Opens your workspace, work/ (made from the course on first use), in JupyterLab — or the classic
Notebook when JupyterLab is not installed — with the "TypeScript (trainlab)" kernel.

  --port N      the port Jupyter listens on (Jupyter's default: 8888)
  --no-browser  do not open a browser
  -h, --help    show this text`;
const { values } = parseCommandLine('lab', USAGE, { port: { type: 'string' }, 'no-browser': { type: 'boolean', default: false } });
const jupyterArgs = [...(values.port ? [`--port=${values.port}`] : []), ...(values['no-browser'] ? ['--no-browser'] : [])];

const root = ROOT;
const env = {
  ...process.env,
  JUPYTER_PATH: [join(root, 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
};

function has(subcommand: string): boolean {
  return spawnSync('jupyter', [subcommand, '--version'], { env, stdio: 'ignore' }).status === 0;
}

const app = ['lab', 'notebook'].find(has);
if (!app) {
  console.error(`Jupyter is not installed. Install one of:
  pip install jupyterlab                      # JupyterLab 4 (renders the interactive Vega-Lite charts)
  sudo apt-get install jupyter-notebook       # Debian/Ubuntu: classic Notebook (shows the SVG charts)
then run \`npm run lab\` again. The kernel needs no install: it is in ./jupyter/kernels/trainlab.`);
  process.exit(1);
}
const { copied } = seedWorkspace();
// The kernel would compile a stale library build at its start; do it now, before Jupyter's start timeout runs.
(createRequire(import.meta.url)('../kernel/library.cjs') as { ensureBuilt(options: { log(line: string): void }): unknown }).ensureBuilt({ log: (line) => console.log(line) });
if (copied.length > 0) console.log(`Copied ${copied.length} file(s) from the course into your workspace, work/.`);
console.log(`Your work lives in work/: notebooks/ (the lessons) and lessons/NN-slug/exercise.ts (your exercises).
Git ignores it; \`npm run grade\` grades it; \`npm run reset -- NN\` starts lesson NN over (your version goes to work/.backup/).
Starting Jupyter ${app} on work/ with the "TypeScript (trainlab)" kernel…`);
const child = spawn('jupyter', [app, '--notebook-dir', WORKSPACE, ...jupyterArgs], {
  env,
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 0));
