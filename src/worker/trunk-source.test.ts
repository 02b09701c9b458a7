import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeModel } from '../ml/export-model';
import { disposeModelFully } from '../ml/memory';
import { buildV1StyleModel } from '../ml/testing/tiny-models';
import { readTrunkArtifacts } from './trunk-source';
import { checkTrunkUrl, MAX_TRUNK_DOWNLOAD_BYTES, trunkFetch } from './trunk-url';

describe('checkTrunkUrl', () => {
  const app = 'http://127.0.0.1:5173';
  it('accepts https anywhere and any path of the app itself', () => {
    expect(checkTrunkUrl(' https://storage.example.org/m/model.json ', app).href).toBe('https://storage.example.org/m/model.json');
    expect(checkTrunkUrl('/models/mobilenet_v2_0.35_224/model.json', app).href).toBe(`${app}/models/mobilenet_v2_0.35_224/model.json`);
    expect(checkTrunkUrl(`${app}/x/model.json`, app).origin).toBe(app);
  });

  it('refuses other schemes, other http sites, logins and non-addresses, each with its reason', () => {
    expect(() => checkTrunkUrl('http://example.org/model.json', app)).toThrow(
      'Trunks can only be downloaded over https (a secure connection), or from this app\'s own site; "http:" addresses are refused.',
    );
    for (const url of [
      'ftp://example.org/model.json',
      'file:///etc/passwd',
      'data:application/json,{}',
      'javascript:alert(1)',
      'http://127.0.0.1:5174/model.json',
    ]) {
      expect(() => checkTrunkUrl(url, app)).toThrow(/can only be downloaded over https/);
    }
    expect(() => checkTrunkUrl('https://me:secret@example.org/model.json', app)).toThrow(/user name or password/);
    expect(() => checkTrunkUrl('   ', app)).toThrow(/Type the address of a model\.json first/);
    expect(() => checkTrunkUrl('https://', app)).toThrow(/is not a web address/);
  });

  it('caps a download at 72 MB: 64 MB of weights plus model.json', () => {
    expect(MAX_TRUNK_DOWNLOAD_BYTES).toBe(72 * 1024 * 1024);
  });
});

describe('readTrunkArtifacts from a URL (a real local server)', () => {
  let server: Server;
  let origin: string;
  const files = new Map<string, { body: Buffer; type: string }>();
  const requests: string[] = [];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const model = buildV1StyleModel();
    const { modelJson, weightData } = await serializeModel(model);
    disposeModelFully(model);
    const json = JSON.parse(modelJson) as {
      modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      weightsManifest: { paths: string[] }[];
    };
    json.weightsManifest[0].paths = ['weights.bin'];
    files.set('/ok/model.json', { body: Buffer.from(JSON.stringify(json)), type: 'application/json' });
    files.set('/ok/weights.bin', { body: Buffer.from(weightData), type: 'application/octet-stream' });
    const conv = json.modelTopology.config.layers.find((l) => l.class_name === 'Conv2D')!;
    conv.config.filters = 400_000;
    files.set('/huge/model.json', { body: Buffer.from(JSON.stringify(json)), type: 'application/json' });
    files.set('/huge/weights.bin', { body: Buffer.from(weightData), type: 'application/octet-stream' });
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/elsewhere/model.json') {
        response.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/ok/model.json` });
        response.end();
        return;
      }
      const file = files.get(request.url ?? '');
      if (!file) {
        response.writeHead(404);
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': file.type });
      response.end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const source = (path: string) => ({ kind: 'url' as const, id: path, url: `${origin}${path}` });

  it("loads a trunk from the app's own origin", async () => {
    const fractions: number[] = [];
    const artifacts = await readTrunkArtifacts(source('/ok/model.json'), (f) => fractions.push(f), {
      appOrigin: origin,
      maxBytes: MAX_TRUNK_DOWNLOAD_BYTES,
    });
    expect(artifacts.weightSpecs?.length).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBe(1);
  });

  it('sends no credentials with any request', async () => {
    const seen: (RequestCredentials | undefined)[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push(init?.credentials);
      return fetch(input, init);
    };
    const load = trunkFetch({ appOrigin: origin, maxBytes: MAX_TRUNK_DOWNLOAD_BYTES }, recording);
    await load(`${origin}/ok/model.json`, { credentials: 'include' });
    await load(`${origin}/ok/weights.bin`);
    expect(seen).toEqual(['omit', 'omit']);
  });

  it('refuses plain http from another site before sending anything', async () => {
    const before = requests.length;
    await expect(
      readTrunkArtifacts(source('/ok/model.json'), () => {}, { appOrigin: 'https://app.example', maxBytes: MAX_TRUNK_DOWNLOAD_BYTES }),
    ).rejects.toThrow(/can only be downloaded over https/);
    expect(requests.length).toBe(before);
  });

  it('refuses a redirect to a plain-http address elsewhere', async () => {
    await expect(
      readTrunkArtifacts(source('/elsewhere/model.json'), () => {}, { appOrigin: origin, maxBytes: MAX_TRUNK_DOWNLOAD_BYTES }),
    ).rejects.toThrow(/can only be downloaded over https/);
  });

  it('stops a download that passes the size cap', async () => {
    const jsonBytes = files.get('/ok/model.json')!.body.byteLength;
    await expect(readTrunkArtifacts(source('/ok/model.json'), () => {}, { appOrigin: origin, maxBytes: jsonBytes + 10 })).rejects.toThrow(
      /weights\.bin is larger than [0-9,]+ bytes, the most this app downloads for a trunk/,
    );
  });

  it('refuses a model.json whose declared sizes its weights do not back, before building it', async () => {
    await expect(
      readTrunkArtifacts(source('/huge/model.json'), () => {}, { appOrigin: origin, maxBytes: MAX_TRUNK_DOWNLOAD_BYTES }),
    ).rejects.toThrow(/declares 400,000 as its filters, but its weight .* has shape/);
  });
});
