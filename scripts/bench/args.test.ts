import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './args';

describe('parseBenchArgs: the GPU options', () => {
  it('takes --backend webgpu and --head-placement with a GPU backend', () => {
    expect(parseBenchArgs(['--dataset', 'd', '--backend', 'webgpu'])).toMatchObject({ backend: 'webgpu' });
    expect(parseBenchArgs(['--dataset', 'd', '--backend', 'webgpu']).headPlacement).toBeUndefined();
    expect(parseBenchArgs(['--dataset', 'd', '--backend', 'webgl', '--head-placement', 'cpu'])).toMatchObject({
      backend: 'webgl',
      headPlacement: 'cpu',
    });
    expect(parseBenchArgs(['--dataset', 'd', '--backend', 'webgpu', '--head-placement=backend'])).toMatchObject({
      backend: 'webgpu',
      headPlacement: 'backend',
    });
  });

  it('refuses a placement without a GPU backend, an unknown placement, and the peer on webgpu', () => {
    expect(() => parseBenchArgs(['--dataset', 'd', '--head-placement', 'cpu'])).toThrow(/needs --backend webgl or webgpu/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--backend', 'wasm', '--head-placement', 'cpu'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--dataset', 'd', '--backend', 'webgl', '--head-placement', 'gpu'])).toThrow(
      /must be one of cpu, backend/,
    );
    expect(() => parseBenchArgs(['--dataset', 'd', '--backend', 'webgpu', '--peer', 'teachable-machine'])).toThrow(/no webgpu backend/);
  });
});

describe('parseBenchArgs: --options', () => {
  it('is off unless given, and refuses --rounds beside it', () => {
    expect(parseBenchArgs(['--dataset', 'd']).options).toBe(false);
    expect(parseBenchArgs(['--dataset', 'd', '--options', '--peer', 'teachable-machine']).options).toBe(true);
    expect(() => parseBenchArgs(['--dataset', 'd', '--options', '--peer', 'teachable-machine', '--rounds', '3'])).toThrow(
      /leave out --rounds/,
    );
  });
});
