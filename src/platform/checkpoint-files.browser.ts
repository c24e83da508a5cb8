/**
 * File access for checkpoints — the browser adapter: a page has no file system, so checkpoints are
 * kept in memory for the life of the page's runner (a restarted runner starts with none). The same
 * calls as the Node adapter; `dir` is only a key.
 */
import { CHECKPOINT_FILE } from '../train/checkpoint';

const files = new Map<string, string>();

/** The checkpoint "file" of a checkpoint directory (a key, `dir/checkpoint…`). */
export function checkpointPath(dir: string): string {
  return `${dir.replace(/\/+$/, '')}/${CHECKPOINT_FILE}`;
}

/** Stores `text` as `dir`'s checkpoint (replacing the previous one at once). */
export async function writeCheckpointFile(dir: string, text: string): Promise<string> {
  const file = checkpointPath(dir);
  files.set(file, text);
  return file;
}

/** The text of `dir`'s checkpoint, or null when there is none. */
export async function readCheckpointFile(dir: string): Promise<{ file: string; text: string | null }> {
  const file = checkpointPath(dir);
  return { file, text: files.get(file) ?? null };
}
