import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ready, selectBackend } from '../src/backend';

const nodeInstalled = await import('@tensorflow/tfjs-node' as string).then(
  () => true,
  () => false,
);

describe('backend selection', () => {
  it.skipIf(nodeInstalled)('falls back to wasm when tfjs-node is not installed, and says why', async () => {
    const info = await selectBackend({ env: {} });
    expect(info.name).toBe('wasm');
    expect(info.skipped).toEqual([{ name: 'tensorflow', error: 'not installed' }]);
    expect(info.reason).toBe('fastest that loaded (tensorflow: not installed)');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back to cpu when neither native nor wasm loads', async () => {
    const fail = async () => {
      throw new Error('simulated failure');
    };
    const info = await selectBackend({ env: {}, loaders: { tensorflow: fail, wasm: fail } });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow', 'wasm']);
    expect(info.reason).toContain('wasm: simulated failure');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('obeys TRAINLAB_BACKEND', async () => {
    const info = await selectBackend({ env: { TRAINLAB_BACKEND: 'cpu' } });
    expect(info).toEqual({ name: 'cpu', reason: 'forced by TRAINLAB_BACKEND=cpu', skipped: [], fastMatMul: false });
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend({ env: { TRAINLAB_BACKEND: 'wasm' } })).name).toBe('wasm');
  });

  it('rejects an unknown TRAINLAB_BACKEND with the valid names', async () => {
    await expect(selectBackend({ env: { TRAINLAB_BACKEND: 'gpu' } })).rejects.toThrow(
      'ready: TRAINLAB_BACKEND must be one of "tensorflow", "wasm", "cpu", got "gpu"',
    );
  });

  it('never falls back silently from a forced backend that fails', async () => {
    const fail = async () => {
      throw new Error('simulated failure');
    };
    await expect(selectBackend({ env: { TRAINLAB_BACKEND: 'wasm' }, loaders: { wasm: fail } })).rejects.toThrow(
      'ready: TRAINLAB_BACKEND=wasm was requested but the backend failed to load: simulated failure',
    );
  });

  it('ready() selects once and returns the same answer', async () => {
    const first = ready();
    expect(ready()).toBe(first);
    expect(['tensorflow', 'wasm', 'cpu']).toContain((await first).name);
  });
});
