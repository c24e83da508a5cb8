/**
 * The browser variants of the platform adapters (src/platform/*.browser.ts), alone and in the
 * browser bundle of the library (esbuild with the platform plugin, as the site builds it), run here
 * in Node: the page feeds them the data, the display writer and the environment.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as checkpoints from '../src/platform/checkpoint-files.browser';
import * as digits from '../src/platform/digits-source.browser';
import * as environment from '../src/platform/environment.browser';
import * as host from '../src/platform/notebook-host.browser';
import * as nativeBackend from '../src/platform/native-backend.browser';
import * as progress from '../src/platform/progress-bar.browser';
import type { DisplayContent } from '../src/index';
import { ready } from '../src/index';
import { browserPlatform } from '../tools/site/runner/platform-plugin';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIGITS_TEXT = gunzipSync(readFileSync(path.join(ROOT, 'data', 'digits.csv.gz'))).toString('utf8');

describe('browser adapters', () => {
  it('digits: an error before the page provides the text, then the text', () => {
    expect(() => digits.readDigitsText(digits.resolveDigitsPath(undefined))).toThrow(/not loaded in this page yet/);
    expect(() => digits.resolveDigitsPath('/home/me/digits.csv.gz')).toThrow(/only the page's copy/);
    digits.provideDigitsText('1,2\n');
    expect(digits.readDigitsText(digits.resolveDigitsPath(digits.PAGE_DIGITS_PATH))).toBe('1,2\n');
    expect(digits.digitsCandidates()).toEqual([digits.PAGE_DIGITS_PATH]);
  });

  it('notebook host: none until the page registers a writer', () => {
    expect(host.hostPresent()).toBe(false);
    expect(host.hostWriter()).toBeUndefined();
    const writer = () => {};
    host.setPageWriter(writer);
    expect(host.hostPresent()).toBe(true);
    expect(host.hostWriter()).toBe(writer);
    host.setPageWriter(undefined);
    expect(host.hostPresent()).toBe(false);
  });

  it('environment: empty until the page sets it', () => {
    expect(environment.environment()).toEqual({});
    environment.setEnvironment({ TRAINLAB_BACKEND: 'cpu' });
    expect(environment.environment()).toEqual({ TRAINLAB_BACKEND: 'cpu' });
    environment.setEnvironment({});
  });

  it('progress: no terminal, a bar that draws nothing, a turn of the event loop by a timer', async () => {
    expect(progress.stderrIsTerminal()).toBe(false);
    const bar = progress.progressBar('{bar}');
    bar.start(10, 0, {});
    bar.update(5, {});
    bar.stop();
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    await progress.yieldToEventLoop();
    await progress.yieldToEventLoop();
    expect(timerRan).toBe(true);
  });

  it('checkpoints: kept in memory, none before the first write', async () => {
    expect(await checkpoints.readCheckpointFile('runs/a')).toEqual({ file: 'runs/a/checkpoint.json', text: null });
    expect(await checkpoints.writeCheckpointFile('runs/a/', '{"epoch":1}')).toBe('runs/a/checkpoint.json');
    expect((await checkpoints.readCheckpointFile('runs/a')).text).toBe('{"epoch":1}');
    expect((await checkpoints.readCheckpointFile('runs/b')).text).toBeNull();
  });

  it('native backend: never in a browser', async () => {
    await expect(nativeBackend.loadNativeBackend()).rejects.toThrow(/not available in a browser/);
  });
});

describe('the browser bundle of the library, run in Node', () => {
  const out = path.join(ROOT, '.cache', 'test-browser-bundle');
  type Library = typeof import('../tools/site/runner/library');
  let lib: Library;

  beforeAll(async () => {
    await ready();
    const result = await build({
      entryPoints: [path.join(ROOT, 'tools', 'site', 'runner', 'library.ts')], bundle: true, platform: 'browser', format: 'esm',
      write: false, external: ['@tensorflow/*', 'vega', 'vega-lite'], plugins: [browserPlatform()], logLevel: 'silent',
    });
    await mkdir(out, { recursive: true });
    const file = path.join(out, `library-${process.pid}.mjs`);
    await writeFile(file, result.outputFiles[0].contents);
    lib = (await import(pathToFileURL(file).href)) as Library;
  }, 60_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('loads the digits the page provides, the same as Node reads them', async () => {
    expect(() => lib.loadDigits()).toThrow(/not loaded in this page yet/);
    lib.provideDigitsText(DIGITS_TEXT);
    const before = tf.memory().numTensors;
    const inPage = lib.loadDigits({ seed: 1 });
    const { loadDigits } = await import('../src/index');
    const inNode = loadDigits({ seed: 1 });
    expect(inPage.xTrain.shape).toEqual([1438, 64]);
    expect(Array.from(inPage.yVal.dataSync())).toEqual(Array.from(inNode.yVal.dataSync()));
    expect(Array.from(inPage.xTrain.dataSync().slice(0, 640))).toEqual(Array.from(inNode.xTrain.dataSync().slice(0, 640)));
    inPage.dispose();
    inNode.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sends charts to the page writer while the page has registered one', async () => {
    expect(lib.inNotebook()).toBe(false);
    const sent: { content: DisplayContent; update: boolean }[] = [];
    lib.setPageWriter((content, update) => sent.push({ content, update }));
    try {
      expect(lib.inNotebook()).toBe(true);
      await lib.show({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } }, title: 'one point' });
      expect(sent).toHaveLength(1);
      expect(sent[0].content.data['text/plain']).toBe('one point');
      expect(sent[0].content.data['application/vnd.vegalite.v5+json']).toMatchObject({ title: 'one point' });
    } finally {
      lib.setPageWriter(undefined);
    }
    expect(lib.inNotebook()).toBe(false);
  });
});

describe('event-loop turns in long loops', () => {
  it('Node: never (train() runs as before); browser: a timer at most every 100 ms', async () => {
    const node = await import('../src/platform/event-loop-turn');
    const browser = await import('../src/platform/event-loop-turn.browser');
    expect(node.turnIfDue()).toBeUndefined();
    const started = Date.now();
    let turns = 0;
    while (Date.now() - started < 350) {
      const turn = browser.turnIfDue();
      if (turn !== undefined) {
        turns++;
        await turn;
      }
    }
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(turns).toBeLessThanOrEqual(4);
  });
});
