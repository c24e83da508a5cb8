/**
 * serveSite, the server behind `npm start`: serves the folder on 127.0.0.1, answers 404 for
 * what is not there, and on a taken port either moves to the next free one or says which port.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../tools/site/serve';

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
