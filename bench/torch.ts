/**
 * PyTorch in the same benchmark run: starts bench/torch_mlp.py under Debian's Python (the one with
 * python3-torch) as a child process and times its epochs from here, so its steps/s and ours are
 * measured side by side under the same machine load.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** Why PyTorch cannot run here, or null when `import torch` works under PYTHON. */
export function torchUnavailable(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return null;
  } catch {
    return `${PYTHON} cannot import torch (apt-get install -y python3-torch)`;
  }
}

export interface TorchMlp {
  /** The version line the script printed, e.g. "torch 1.13.0a0 threads 1". */
  version: string;
  /** Trains one epoch; resolves when PyTorch reports it done. */
  epoch(): Promise<void>;
  close(): void;
}

/** Starts the PyTorch digits MLP with `rows` training rows and batches of `batchSize`. */
export async function startTorchMlp(rows: number, batchSize: number): Promise<TorchMlp> {
  const child = spawn(PYTHON, [join(import.meta.dirname, 'torch_mlp.py'), String(rows), String(batchSize)], {
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (expected: string): Promise<string> => {
    const { value, done } = await lines.next();
    if (done || !String(value).startsWith(expected)) throw new Error(`torch_mlp.py: expected "${expected} …", got ${done ? 'end of output' : JSON.stringify(value)}`);
    return String(value);
  };
  const version = (await next('ready')).slice('ready '.length);
  return {
    version,
    epoch: async () => {
      child.stdin.write('epoch\n');
      await next('done');
    },
    close: () => void child.stdin.end(),
  };
}
