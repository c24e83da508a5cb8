/**
 * File access for checkpoints — the Node adapter (the browser build swaps this file; the format
 * itself is in checkpoint.ts and touches no file).
 *
 * Writes are atomic: the text goes to a temporary file in the same directory, is flushed to disk
 * (fsync), and then renamed over the checkpoint; the directory is flushed too. A process killed
 * at any moment leaves either the previous checkpoint or the new one, never a mix; a temporary file
 * left by a kill is ignored (and replaced by the next write).
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { CHECKPOINT_FILE } from '../train/checkpoint';

/** The checkpoint file of a checkpoint directory. */
export function checkpointPath(dir: string): string {
  return nodePath.join(dir, CHECKPOINT_FILE);
}

/** Writes `text` to `dir`'s checkpoint file atomically (see the module doc), creating `dir` if needed. */
export async function writeCheckpointFile(dir: string, text: string): Promise<string> {
  const file = checkpointPath(dir);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = `${file}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, file);
  try {
    const dirHandle = await fs.promises.open(dir, 'r');
    try {
      await dirHandle.sync(); // the rename itself survives a power cut
    } finally {
      await dirHandle.close();
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  }
  return file;
}

/** The text of `dir`'s checkpoint file, or null when there is none. */
export async function readCheckpointFile(dir: string): Promise<{ file: string; text: string | null }> {
  const file = checkpointPath(dir);
  try {
    return { file, text: await fs.promises.readFile(file, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, text: null };
    throw error;
  }
}
