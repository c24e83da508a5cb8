/**
 * serveSite, the server behind `npm start`: serves the folder on 127.0.0.1, answers 404 for
 * what is not there, and on a taken port either moves to the next free one or says which port.
 * startSite: `npm start` serves the last build at once, whatever the rebuild has to do (a lesson
 * that never ends included), and builds first only when there is no site yet.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildReport } from '../tools/site/build';
import { serveSite } from '../tools/site/serve';
import { SITE_MARKER, startSite } from '../tools/site/start';

let dir: string;
const servers: Server[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'trainlab-serve-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>hello');
});
afterAll(async () => {
  for (const server of servers) server.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof serveSite>[1]) {
  const served = await serveSite(dir, options);
  servers.push(served.server);
  return served;
}

/** A port that something else is listening on. */
async function takenPort(): Promise<number> {
  const blocker = createServer();
  servers.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as { port: number }).port;
}

describe('serveSite', () => {
  it('serves the folder on 127.0.0.1, index.html at /, and 404 for missing files', async () => {
    const { url } = await start({ port: 0 });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('hello');
    expect((await fetch(`${url}missing.html`)).status).toBe(404);
  });

  it('moves to the next free port when asked to', async () => {
    const port = await takenPort();
    const { url } = await start({ port, nextFreePort: true });
    expect(Number(new URL(url).port)).toBeGreaterThan(port);
  });

  it('names the taken port otherwise', async () => {
    const port = await takenPort();
    await expect(start({ port })).rejects.toThrow(`port ${port} is in use`);
  });
});

describe('startSite (npm start)', () => {
  /** A folder with a finished build in it (its index page and the builder's marker). */
  async function builtSite(name: string): Promise<string> {
    const site = path.join(dir, name);
    await mkdir(site, { recursive: true });
    await writeFile(path.join(site, 'index.html'), '<!doctype html><title>t</title>last build');
    await writeFile(path.join(site, SITE_MARKER), '');
    return site;
  }
  const serveDir = async (site: string) => {
    const served = await serveSite(site, { port: 0 });
    servers.push(served.server);
    return served;
  };
  const report = (outDir: string, failed = 0) => ({ outDir, runs: [], failed: new Array(failed), pages: ['index.html'], seconds: 0 }) as unknown as BuildReport;

  it('serves the last build at once, while the rebuild is still running a lesson that never ends', async () => {
    const site = await builtSite('warm');
    const lines: string[] = [];
    const { served: { url } } = await startSite({
      outDir: site,
      build: () => new Promise<BuildReport>(() => {}), // a learner's endless loop, a 300 s cell timeout: never mind
      serve: () => serveDir(site),
      log: (line) => lines.push(line),
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('last build');
    expect(lines).toEqual([expect.stringMatching(/^serving the last build; updating it in the background/)]);
  });

  it('says when the background build is done, and keeps serving when it fails', async () => {
    const site = await builtSite('rebuilt');
    const lines: string[] = [];
    const done = await startSite({ outDir: site, build: async () => report(site, 1), serve: () => serveDir(site), log: (line) => lines.push(line) });
    expect((await done.built)?.failed).toHaveLength(1);
    expect(lines.at(-1)).toBe('site updated (1 lesson(s) failed: their pages show where they stopped): reload a page to see any change');
    const failing = await startSite({ outDir: site, build: () => Promise.reject(new Error('stopped by SIGINT')), serve: () => serveDir(site), log: (line) => lines.push(line) });
    expect(await failing.built).toBeUndefined();
    expect(lines.at(-1)).toBe('the background build stopped: stopped by SIGINT; still serving the last build');
    expect((await fetch(failing.served.url)).status).toBe(200);
  });

  it('builds first when there is no site yet (a cold start), saying so, then serves it', async () => {
    const site = path.join(dir, 'cold');
    const order: string[] = [];
    const lines: string[] = [];
    const { served: { url } } = await startSite({
      outDir: site,
      build: async () => {
        order.push('build');
        await builtSite('cold');
        return report(site);
      },
      serve: async () => {
        order.push('serve');
        return serveDir(site);
      },
      log: (line) => lines.push(line),
    });
    expect(order).toEqual(['build', 'serve']);
    expect(lines).toEqual(['no site yet: building it first (a lesson not in the cache runs on the kernel: minutes on the very first start); later starts serve at once']);
    expect(await (await fetch(url)).text()).toContain('last build');
  });
});
