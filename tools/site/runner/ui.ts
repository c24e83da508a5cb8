/**
 * The page runner's interface: every code cell becomes an editor (CodeMirror 6, TypeScript) with a
 * Run button; a bar with Run all / Stop / Reset and the runner's state; the exercise's editor with
 * "Check my answer". Cells run in a Web Worker (worker.ts) that holds the lesson's scope; their
 * outputs replace the executed ones as they stream in.
 *
 * Stop (or a cell that sends nothing for `stallSeconds`: an infinite loop) terminates the worker and
 * starts a new one — the lesson's variables are gone, and the page says so. The learner's
 * exercise.ts is kept in localStorage (Reset exercise.ts brings the stub back), with the last result.
 */
import { javascript } from '@codemirror/lang-javascript';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import type { DisplayContent } from '../../../src/notebook/writer';
import { byExercise, checkedAt, parseStoredResult, resultKey, score, STATUS_MARK, storedResult } from './progress-store';
import type { CheckResult, FromWorker, LessonFiles, ToWorker } from './protocol';

/** What the lesson page embeds for the runner (`#runner-data`). */
export interface RunnerData {
  slug: string;
  /** Code cells in page order; the element `.cell[data-cell=i]` shows cells[i]. */
  cells: string[];
  /** exercise.ts (the stub), exercise.test.ts (the grader) and the lesson's helper files. */
  files: LessonFiles;
}

const VEGA_SCRIPTS = ['assets/vendor/vega.min.js', 'assets/vendor/vega-lite.min.js', 'assets/vendor/vega-embed.min.js'];
const VEGA_LITE = 'application/vnd.vegalite.v5+json';
const EXERCISE = 'exercise.ts';

interface VegaView { width(): number; width(pixels: number): VegaView; runAsync(): Promise<unknown> }
type VegaEmbed = (el: HTMLElement, spec: unknown, options: unknown) => Promise<{ view: VegaView }>;

// vega-embed's export menu sits in a margin this wide to the right of a chart (site.css).
const MENU_PX = 38;
/**
 * As the site's static charts do (assets/embed.js): a chart wider than the column gets a narrower
 * plot once drawn, so a long legend ("train (mean of 2 steps)") stays in view. Returns the plot
 * width it settled on, so a live chart's next frame can start at it instead of narrowing again.
 */
async function fitColumn(view: VegaView, target: HTMLElement): Promise<number> {
  const svg = target.querySelector('svg');
  const over = svg ? svg.getBoundingClientRect().width - (target.clientWidth - MENU_PX) : 0;
  const width = view.width();
  if (!(over > 0 && width > 200)) return width;
  const fitted = Math.max(200, width - Math.ceil(over));
  await view.width(fitted).runAsync();
  return fitted;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link to the progress page, which lists every lesson's last check in this browser. */
function progressLink(): HTMLAnchorElement {
  const link = element('a', 'progress-link', 'all your results in this browser');
  link.href = 'progress.html';
  return link;
}

function button(label: string, className: string, onClick: () => void, title?: string): HTMLButtonElement {
  const node = element('button', className, label);
  node.type = 'button';
  if (title) node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

let vegaLoading: Promise<VegaEmbed> | undefined;

/** vega-embed, from the site's own files (already on pages with charts; loaded here otherwise). */
function vegaEmbed(): Promise<VegaEmbed> {
  const existing = (window as unknown as { vegaEmbed?: VegaEmbed }).vegaEmbed;
  if (existing) return Promise.resolve(existing);
  vegaLoading ??= VEGA_SCRIPTS.reduce<Promise<void>>((previous, src) => previous.then(() => new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  })), Promise.resolve()).then(() => (window as unknown as { vegaEmbed: VegaEmbed }).vegaEmbed);
  return vegaLoading;
}

function refuse(uri: string): Promise<never> {
  return Promise.reject(new Error(`trainlab charts load no data, refused: ${uri}`));
}
const EMBED_OPTIONS = {
  renderer: 'svg',
  ast: true, // no eval: the page's CSP forbids it
  loader: { load: refuse, sanitize: refuse, http: refuse, file: refuse },
  actions: { export: true, source: false, compiled: false, editor: false },
};

/**
 * Keeps `host`'s data-doc-length equal to the editor's text length, and replaces the text on a
 * `trainlab-set-doc` event (detail: the new text) — how the browser tests type into an editor.
 */
function trackLength(host: HTMLElement, length: number) {
  host.dataset.docLength = String(length);
  host.addEventListener('trainlab-set-doc', (event) => {
    const view = EditorView.findFromDOM(host);
    const text = (event as CustomEvent<string>).detail;
    if (view && typeof text === 'string') view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  });
  return EditorView.updateListener.of((update) => {
    if (update.docChanged) host.dataset.docLength = String(update.state.doc.length);
  });
}

interface Cell {
  index: number;
  root: HTMLElement;
  editor: EditorView;
  original: string;
  staticOutputs: HTMLElement | null;
  outputs: HTMLElement;
  state: HTMLElement;
  displays: Map<string, HTMLElement>;
  lastStream?: { name: string; pre: HTMLElement };
}

type Job = { kind: 'cell'; cell: Cell } | { kind: 'grade' };

class Runner {
  private worker!: Worker;
  private nextId = 1;
  private running: { id: number; job: Job; startedAt: number } | undefined;
  private queue: Job[] = [];
  private lastHeard = 0;
  private ready = false;
  private restartedBecause: string | undefined;
  private startedAt = 0;
  private readonly cells: Cell[] = [];
  private exerciseEditor: EditorView | undefined;
  private gradeOutput: HTMLElement | undefined;
  private readonly bar: HTMLElement;
  private readonly status: HTMLElement;
  private readonly stallMs: number;
  private readonly storageKey: string;

  constructor(private readonly data: RunnerData) {
    const stall = Number(new URLSearchParams(location.search).get('runner-stall-s'));
    this.stallMs = (Number.isFinite(stall) && stall > 0 ? stall : 10) * 1000;
    this.storageKey = `trainlab:${data.slug}:${EXERCISE}`;
    this.bar = element('div', 'runner-bar');
    this.status = element('span', 'runner-status', 'Starting the runner…');
    this.status.setAttribute('role', 'status');
    this.bar.append(
      button('Run all', 'runner-run-all', () => this.runAll(), 'Run every code cell, top to bottom'),
      button('Stop', 'runner-stop', () => this.stop('Stopped'), 'Stop the running cell (restarts the runner)'),
      button('Reset', 'runner-reset', () => this.reset(), 'Put back the original code and outputs, and restart the runner'),
      this.status,
      element('span', 'runner-note', 'Cells run in your browser (a Web Worker; TensorFlow.js on WebAssembly). Types are not checked here: the notebook (npm run lab) checks them.'),
    );
    document.querySelector('.lesson-head')?.after(this.bar);
    this.mountCells();
    this.mountExercise();
    this.startWorker();
    setInterval(() => this.watch(), 250);
  }

  // ---- the worker ----
  private startWorker(): void {
    this.ready = false;
    this.setState('starting');
    this.startedAt = performance.now();
    this.worker = new Worker('assets/runner/worker.js');
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => this.say(`The runner failed: ${event.message}`);
    this.post({ type: 'init', assets: new URL('assets/', location.href).href, slug: this.data.slug, files: this.files() });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private files(): LessonFiles {
    return { ...this.data.files, [EXERCISE]: this.exerciseEditor?.state.doc.toString() ?? this.data.files[EXERCISE] ?? '' };
  }

  private setState(state: string): void {
    this.bar.dataset.state = state;
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private receive(message: FromWorker): void {
    this.lastHeard = performance.now();
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const seconds = (performance.now() - this.startedAt) / 1000;
        this.bar.dataset.readyMs = String(Math.round(performance.now() - this.startedAt));
        this.say(this.restartedBecause
          ? `${this.restartedBecause}: the runner was restarted (${message.backend}, ${seconds.toFixed(1)} s) — its variables are gone: run the cells again (Run all).`
          : `Ready (${message.backend} backend, ${seconds.toFixed(1)} s).`);
        this.setState('ready');
        this.next();
        return;
      }
      case 'failed-to-start':
        this.say(`The runner could not start: ${message.message}`);
        this.setState('failed');
        return;
      case 'alive':
        return;
      case 'graded':
        this.showGrade(message.checks, message.ms, message.error);
        this.finish();
        return;
      default:
        break;
    }
    const job = this.running;
    if (!job || job.job.kind !== 'cell' || job.id !== message.id) return; // output of a stopped run
    const cell = job.job.cell;
    switch (message.type) {
      case 'stream':
        this.appendStream(cell, message.name, message.text);
        break;
      case 'result':
        this.appendPre(cell, 'result', message.text);
        break;
      case 'error':
        this.appendPre(cell, 'error', message.text, 'Error');
        break;
      case 'display':
        this.display(cell, message.content, message.update);
        break;
      case 'done':
        this.setCellState(cell, message.ok ? 'done' : 'error', message.ok ? `Ran in ${(message.ms / 1000).toFixed(2)} s` : 'Failed');
        cell.root.dataset.runMs = String(Math.round(message.ms));
        if (!message.ok) this.dropQueuedCells(); // Run all stops at an error, as in a notebook
        this.finish();
        break;
      default:
        break;
    }
  }

  private dropQueuedCells(): void {
    for (const job of this.queue) if (job.kind === 'cell') this.setCellState(job.cell, 'idle', '');
    this.queue = this.queue.filter((job) => job.kind !== 'cell');
  }

  private finish(): void {
    this.running = undefined;
    this.next();
  }

  private next(): void {
    if (this.running || !this.ready) {
      this.setState(this.running ? 'running' : this.bar.dataset.state ?? 'starting');
      return;
    }
    const job = this.queue.shift();
    if (!job) {
      this.setState('ready');
      if (this.status.textContent?.startsWith('Running')) {
        const ran = this.cells.filter((cell) => cell.root.dataset.runState === 'done').length;
        const failed = this.cells.some((cell) => cell.root.dataset.runState === 'error');
        this.say(failed ? 'Stopped at a cell that failed (its error is shown under it).' : `Ready — ${ran} cell${ran === 1 ? '' : 's'} ran without an error.`);
      }
      return;
    }
    const id = this.nextId++;
    this.running = { id, job, startedAt: performance.now() };
    this.lastHeard = performance.now();
    this.setState('running');
    if (job.kind === 'grade') {
      this.say('Checking your answer…');
      this.post({ type: 'grade', id, files: this.files() });
      return;
    }
    const { cell } = job;
    this.say(`Running cell ${cell.index + 1}…`);
    this.setCellState(cell, 'running', 'Running…');
    this.clearOutputs(cell);
    this.post({ type: 'run', id, source: cell.editor.state.doc.toString(), files: this.files() });
  }

  /** A run that sent nothing for `stallMs` is not yielding (an infinite loop?): restart the runner. */
  private watch(): void {
    if (this.running && performance.now() - this.lastHeard > this.stallMs) {
      this.stop(`Stopped after ${this.stallMs / 1000} s without a response (an infinite loop?)`);
    }
  }

  /** Terminates the worker and starts a new one; the lesson's variables are gone. */
  stop(why: string): void {
    const was = this.running;
    this.worker.terminate();
    this.running = undefined;
    this.queue = [];
    for (const cell of this.cells) if (cell.root.dataset.runState === 'queued') this.setCellState(cell, 'idle', '');
    if (was?.job.kind === 'cell') {
      this.setCellState(was.job.cell, 'stopped', 'Stopped');
      this.appendPre(was.job.cell, 'error', `${why}: the runner was restarted. Its variables are gone: run the cells above again (Run all).`, 'Stopped');
    }
    if (was?.job.kind === 'grade' && this.gradeOutput) {
      this.gradeOutput.replaceChildren(element('p', 'grade-error', `${why}: the check was stopped and the runner restarted. Is there an infinite loop in exercise.ts?`));
    }
    this.restartedBecause = why;
    this.startWorker();
    this.say(`${why}: restarting the runner…`);
    this.bar.dataset.stopped = String(Number(this.bar.dataset.stopped ?? 0) + 1);
  }

  // ---- cells ----
  private mountCells(): void {
    document.querySelectorAll<HTMLElement>('.cell[data-cell]').forEach((root) => {
      const index = Number(root.dataset.cell);
      const original = this.data.cells[index];
      if (original === undefined) return;
      const host = element('div', 'cell-editor');
      const tools = element('div', 'cell-tools');
      const state = element('span', 'cell-state');
      const cell: Cell = {
        index, root, original, state, displays: new Map(),
        staticOutputs: root.querySelector(':scope > .outputs'),
        outputs: element('div', 'outputs live'),
        editor: undefined as unknown as EditorView,
      };
      tools.append(button('Run', 'cell-run', () => this.enqueue([cell]), 'Run this cell (Shift+Enter in the editor)'), state);
      cell.editor = new EditorView({
        doc: original,
        parent: host,
        extensions: [keymap.of([{ key: 'Shift-Enter', run: () => (this.enqueue([cell]), true) }]), basicSetup, javascript({ typescript: true }), trackLength(host, original.length)],
      });
      root.querySelector(':scope > pre')?.setAttribute('hidden', '');
      root.prepend(tools);
      tools.after(host);
      root.classList.add('runnable');
      root.dataset.runState = 'idle';
      this.cells.push(cell);
    });
  }

  private enqueue(cells: Cell[]): void {
    for (const cell of cells) {
      this.queue.push({ kind: 'cell', cell });
      this.setCellState(cell, 'queued', 'Queued');
    }
    this.next();
  }

  runAll(): void {
    this.enqueue(this.cells.filter((cell) => !this.queue.some((job) => job.kind === 'cell' && job.cell === cell)));
  }

  reset(): void {
    for (const cell of this.cells) {
      cell.editor.dispatch({ changes: { from: 0, to: cell.editor.state.doc.length, insert: cell.original } });
      cell.outputs.replaceChildren();
      cell.outputs.remove();
      if (cell.staticOutputs) cell.root.append(cell.staticOutputs);
      this.setCellState(cell, 'idle', '');
    }
    this.stop('Reset');
  }

  private setCellState(cell: Cell, state: string, text: string): void {
    cell.root.dataset.runState = state;
    cell.state.textContent = text;
  }

  private clearOutputs(cell: Cell): void {
    cell.staticOutputs?.remove();
    cell.outputs.replaceChildren();
    cell.displays.clear();
    cell.lastStream = undefined;
    cell.root.append(cell.outputs);
  }

  private appendPre(cell: Cell, className: string, text: string, label?: string): void {
    const box = element('div', `output ${className}`);
    if (label) box.append(element('span', 'output-label', label));
    box.append(element('pre', '', text));
    cell.outputs.append(box);
    cell.lastStream = undefined;
  }

  private appendStream(cell: Cell, name: string, text: string): void {
    if (cell.lastStream?.name !== name) {
      const box = element('div', `output ${name}`);
      if (name === 'stderr') box.append(element('span', 'output-label', 'stderr'));
      const pre = element('pre', '');
      box.append(pre);
      cell.outputs.append(box);
      cell.lastStream = { name, pre };
    }
    cell.lastStream.pre.textContent += text;
  }

  private display(cell: Cell, content: DisplayContent, update: boolean): void {
    const id = content.transient.display_id;
    let container = id !== undefined && update ? cell.displays.get(id) : undefined;
    if (!container) {
      container = element('figure', 'output chart');
      container.append(element('div', 'vega-chart interactive'));
      cell.outputs.append(container);
      if (id !== undefined) cell.displays.set(id, container);
      cell.lastStream = undefined;
    }
    const target = container.firstElementChild as HTMLElement;
    const spec = content.data[VEGA_LITE];
    if (spec && typeof spec === 'object') {
      // A live chart's later frames start at the width its first frame was fitted to.
      const fitted = Number(target.dataset.fittedWidth);
      const sized = fitted > 0 && typeof (spec as { width?: unknown }).width === 'number' ? { ...spec, width: fitted } : spec;
      void vegaEmbed()
        .then((embed) => embed(target, sized, EMBED_OPTIONS))
        .then(({ view }) => fitColumn(view, target))
        .then((width) => {
          target.dataset.fittedWidth = String(width);
          target.setAttribute('data-drawn', 'true');
        })
        .catch((error: unknown) => target.replaceChildren(element('pre', 'chart-text', `chart not drawn: ${String(error)}`)));
    } else {
      target.replaceChildren(element('pre', '', String(content.data['text/plain'] ?? 'output')));
    }
  }

  // ---- the exercise ----
  private mountExercise(): void {
    const stub = this.data.files[EXERCISE];
    const first = document.querySelector<HTMLElement>('section.exercise');
    if (stub === undefined || !first) return;
    const panel = element('div', 'exercise-runner');
    panel.id = 'exercise-editor';
    panel.append(element('h3', '', `Your ${EXERCISE}`));
    panel.append(element('p', 'exercise-note', 'Write your answers here (every exercise of this lesson is in this one file). It is saved in this browser; the cells above that import it use it when they run.'));
    const host = element('div', 'cell-editor');
    const saved = localStorage.getItem(this.storageKey);
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.exerciseEditor = new EditorView({
      doc: saved ?? stub,
      parent: host,
      extensions: [basicSetup, javascript({ typescript: true }), trackLength(host, (saved ?? stub).length), EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        clearTimeout(timer);
        timer = setTimeout(() => localStorage.setItem(this.storageKey, update.state.doc.toString()), 300);
      })],
    });
    this.gradeOutput = element('div', 'grade-output');
    this.gradeOutput.setAttribute('aria-live', 'polite');
    const last = parseStoredResult(this.data.slug, localStorage.getItem(resultKey(this.data.slug)));
    if (last) {
      const note = element('p', 'grade-last', `Last check in this browser: ${last.points}/${last.total} points on ${checkedAt(last.at)} (`);
      note.append(progressLink(), ')');
      this.gradeOutput.append(note);
    }
    const tools = element('div', 'cell-tools');
    tools.append(
      button('Check my answer', 'grade-run', () => {
        this.queue.push({ kind: 'grade' });
        this.next();
      }, "Run this lesson's grader on your exercise.ts"),
      button(`Reset ${EXERCISE}`, 'grade-reset', () => {
        if (!confirm(`Put the original ${EXERCISE} back? Your answers in this editor will be lost.`)) return;
        this.exerciseEditor!.dispatch({ changes: { from: 0, to: this.exerciseEditor!.state.doc.length, insert: stub } });
        localStorage.removeItem(this.storageKey);
        localStorage.removeItem(resultKey(this.data.slug));
        this.gradeOutput!.replaceChildren();
      }, 'Start again from the stub'),
    );
    panel.append(tools, host, this.gradeOutput);
    (first.querySelector('.exercise-how') ?? first.lastElementChild)?.before(panel);
    document.querySelectorAll<HTMLElement>('section.exercise').forEach((section, i) => {
      if (i === 0) return;
      const link = element('p', 'exercise-note');
      link.innerHTML = `Write your answer in <a href="#exercise-editor">your ${EXERCISE}</a> (Exercise 1's section) and check it there.`;
      section.querySelector('.exercise-how')?.before(link);
    });
  }

  private showGrade(checks: CheckResult[], ms: number, error?: string): void {
    if (!this.gradeOutput) return;
    const out = this.gradeOutput;
    out.replaceChildren();
    if (error) out.append(element('p', 'grade-error', error));
    const { points: got, total } = score(checks);
    const summary = element('p', 'grade-summary', `${got}/${total} points${got === total && total > 0 ? ' — all checks pass ✓' : ''} (${(ms / 1000).toFixed(2)} s)`);
    out.dataset.points = String(got);
    out.dataset.total = String(total);
    out.append(summary);
    for (const [number, list] of byExercise(checks)) {
      const { points, total: all } = score(list);
      out.append(element('h4', '', `Exercise ${number}: ${list[0].exerciseTitle} — ${points}/${all}`));
      const ul = element('ul', 'grade-checks');
      for (const check of list) {
        const li = element('li', `grade-check ${check.status}`);
        li.append(element('span', 'grade-mark', STATUS_MARK[check.status] ?? STATUS_MARK.fail));
        li.append(` ${check.check} (${check.points} pt${check.points === 1 ? '' : 's'})`);
        if (check.message) li.append(element('div', 'grade-message', check.message));
        ul.append(li);
      }
      out.append(ul);
    }
    localStorage.setItem(resultKey(this.data.slug), JSON.stringify(storedResult(this.data.slug, checks, new Date())));
    const saved = element('p', 'grade-last', 'Kept in this browser: see ');
    saved.append(progressLink(), '.');
    out.append(saved);
    this.say(`Checked: ${got}/${total} points.`);
  }
}

/** Turns the page into a runnable lesson (called once, from page.ts). */
export function startRunner(data: RunnerData, toggle: HTMLButtonElement): void {
  document.body.classList.add('runner-on');
  toggle.textContent = 'Running in this page';
  new Runner(data);
}
