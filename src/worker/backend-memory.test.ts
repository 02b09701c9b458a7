import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { cutTrunk, disposeTrunk } from '../ml/trunk';
import { buildV2NoTopStyleModel } from '../ml/testing/tiny-models';
import {
  chooseBackendRemembering,
  deviceKey,
  isSoftwareAdapter,
  isSoftwareRenderer,
  recall,
  rememberedChoice,
  REMEMBER_FOR_MS,
  timedCandidates,
  type ChoiceStore,
  type RememberedChoice,
} from './backend-memory';

function memoryStore(): ChoiceStore & { saved: Map<string, RememberedChoice> } {
  const saved = new Map<string, RememberedChoice>();
  return { saved, get: async (device) => saved.get(device), put: async (choice) => void saved.set(choice.device, choice) };
}

const choice = (measuredAt: number): RememberedChoice => ({
  device: 'd',
  backend: 'wasm',
  reason: 'Fastest here: wasm.',
  timings: [],
  measuredAt,
});

describe('recall', () => {
  it('returns a recent choice for the same device only', async () => {
    const store = memoryStore();
    await store.put(choice(1_000));
    expect(await recall(store, 'd', 2_000)).toMatchObject({ backend: 'wasm' });
    expect(await recall(store, 'other', 2_000)).toBeNull();
    expect(await recall(store, 'd', 1_000 + REMEMBER_FOR_MS)).toBeNull();
    // A clock that went backwards is not trusted either.
    expect(await recall(store, 'd', 500)).toBeNull();
  });

  it('says in the UI text that the choice was remembered and how to measure again', () => {
    const text = rememberedChoice(choice(Date.UTC(2026, 0, 2))).reason;
    expect(text).toMatch(/^Fastest here: wasm\. \(measured on this device on 2026-01-02; choose "auto" to measure again\)$/);
  });
});

describe('isSoftwareRenderer', () => {
  it('knows the CPU rasterisers behind WebGL', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M1')).toBe(false);
  });
});

describe('timedCandidates', () => {
  const swiftShaderWebgl = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
  const intelWebgl = 'ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)';
  // What headless Chromium's adapter says with --enable-unsafe-webgpu (measured here).
  const swiftShaderAdapter = { description: 'google swiftshader', isFallbackAdapter: true };
  const intelAdapter = { description: 'intel gen-12lp', isFallbackAdapter: false };

  it('knows the software WebGPU adapters, by the browser verdict or by name', () => {
    expect(isSoftwareAdapter(swiftShaderAdapter)).toBe(true);
    expect(isSoftwareAdapter({ description: 'google swiftshader', isFallbackAdapter: false })).toBe(true);
    expect(isSoftwareAdapter({ description: 'mesa llvmpipe', isFallbackAdapter: false })).toBe(true);
    expect(isSoftwareAdapter({ description: 'some gpu', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter(intelAdapter)).toBe(false);
    expect(isSoftwareAdapter({ description: 'apple metal-3', isFallbackAdapter: false })).toBe(false);
  });

  it('times a GPU backend only on a hardware adapter, wasm always', () => {
    expect(timedCandidates(swiftShaderWebgl, swiftShaderAdapter)).toEqual(['wasm']);
    expect(timedCandidates(swiftShaderWebgl, null)).toEqual(['wasm']);
    expect(timedCandidates(intelWebgl, intelAdapter)).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(timedCandidates(intelWebgl, null)).toEqual(['wasm', 'webgl']);
    expect(timedCandidates(intelWebgl, swiftShaderAdapter)).toEqual(['wasm', 'webgl']);
    expect(timedCandidates(swiftShaderWebgl, intelAdapter)).toEqual(['wasm', 'webgpu']);
  });

  it('keys the memory by the WebGPU adapter too, where there is one', () => {
    expect(deviceKey(intelWebgl, intelAdapter)).not.toBe(deviceKey(intelWebgl, null));
    expect(deviceKey(intelWebgl, null)).toBe(deviceKey(intelWebgl));
  });
});

describe('chooseBackendRemembering', () => {
  const trunks: ReturnType<typeof cutTrunk>[] = [];
  let builds = 0;
  const builder = async () => {
    builds++;
    const trunk = cutTrunk(buildV2NoTopStyleModel(), `tiny-${builds}`);
    trunks.push(trunk);
    return { trunk, dispose: () => disposeTrunk(trunk) };
  };
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reuses a remembered choice without timing anything, and measures afresh when asked', async () => {
    const store = memoryStore();
    await store.put({ ...choice(Date.now()), device: deviceKey(), backend: 'cpu', reason: 'Fastest here: cpu.' });
    const remembered = await chooseBackendRemembering('auto', builder, true, Promise.resolve(store));
    expect(builds).toBe(0);
    expect(remembered).toMatchObject({ backend: 'cpu', overridden: false });
    expect(remembered.reason).toMatch(/measured on this device/);
    expect(tf.getBackend()).toBe('cpu');

    // Choosing "auto" again in the UI times the backends. (In Node neither wasm, whose binaries
    // are served by the app, nor webgl starts, so the choice falls back to cpu, which is not
    // remembered: a failure may be passing.)
    store.saved.clear();
    const measured = await chooseBackendRemembering('auto', builder, false, Promise.resolve(store));
    expect(measured.timings.map((t) => t.backend)).toEqual(['wasm', 'webgl']);
    expect(store.saved.size).toBe(0);
  }, 60_000);

  it('remembers where the head trains, per device, with the backend', async () => {
    const store = memoryStore();
    const head = {
      placement: 'cpu' as const,
      backend: 'wasm' as const,
      reason: 'The head trains on the CPU (wasm): one epoch took 18 ms there; 356 ms on webgl (19.8x slower).',
      epochMs: { cpu: 18, backend: 356 },
    };
    // Another device's memory says the head trains on the GPU: it is not this device's.
    await store.put({
      ...choice(Date.now()),
      device: 'another laptop',
      backend: 'webgl',
      head: { ...head, placement: 'backend', backend: 'webgl' },
    });
    await store.put({ ...choice(Date.now()), device: deviceKey(), backend: 'cpu', reason: 'Fastest here: cpu.', head });
    const before = builds;
    const remembered = await chooseBackendRemembering('auto', builder, true, Promise.resolve(store));
    expect(builds).toBe(before);
    expect(remembered.head).toEqual(head);
    expect((await recall(store, 'another laptop', Date.now()))?.head).toMatchObject({ placement: 'backend', backend: 'webgl' });
  });

  it('leaves an explicit choice alone and works without a store', async () => {
    const store = memoryStore();
    expect((await chooseBackendRemembering('cpu', builder, true, Promise.resolve(store))).overridden).toBe(true);
    expect(store.saved.size).toBe(0);
    expect((await chooseBackendRemembering('cpu', builder, true, Promise.resolve(null))).backend).toBe('cpu');
  });
});
