import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { findProgram, requireProgram } from './system';

const nodeDir = path.dirname(process.execPath);

describe('requireProgram', () => {
  it('finds a program on PATH and by path', () => {
    expect(findProgram('node', { PATH: nodeDir })).toBe(process.execPath);
    expect(requireProgram(process.execPath, { env: {} })).toBe(true);
  });

  it('skips with a printed reason when the program is missing locally', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireProgram('no-such-program-trainlab', { env: { PATH: nodeDir }, hint: 'apt-get install it' })).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      'skipping the tests that need no-such-program-trainlab: no-such-program-trainlab is not installed (install: apt-get install it)',
    );
    warn.mockRestore();
  });

  it('fails instead of skipping when CI=true', () => {
    expect(() => requireProgram('/no/such/jupyter', { env: { CI: 'true' } })).toThrow(
      '/no/such/jupyter is not installed; CI=true, so the tests that need it fail instead of being skipped',
    );
  });
});
