// Where a trunk may be downloaded from, and how much of it. No tfjs here: the Trunk panel checks a
// typed URL with the same rule before anything is sent to the worker.

/**
 * 64 MiB of weights plus 8 MiB for model.json. The largest trunk we know, MobileNet V1 α1.0
 * (4.2 M parameters, 16.9 MB; ../shared/models holds it cut after block 12, 8.65 MB), fits almost
 * four times; its model.json is 0.1 MB. The same weight cap applies to picked models
 * (ml/model-shape-check.ts).
 */
export const MAX_TRUNK_JSON_BYTES = 8 * 1024 * 1024;
export const MAX_TRUNK_DOWNLOAD_BYTES = 64 * 1024 * 1024 + MAX_TRUNK_JSON_BYTES;

export class TrunkUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrunkUrlError';
  }
}

/**
 * The URL to fetch, or a TrunkUrlError saying why not: https anywhere, or any path on the app's own
 * origin (the installed trunks under /models/, also when the app itself is served over http on a
 * classroom machine). No user name or password in the URL: the request is sent without cookies or
 * credentials, so a trunk must be public.
 */
export function checkTrunkUrl(text: string, appOrigin: string): URL {
  const trimmed = text.trim();
  if (trimmed === '') throw new TrunkUrlError('Type the address of a model.json first.');
  let url: URL;
  try {
    url = new URL(trimmed, appOrigin);
  } catch {
    throw new TrunkUrlError(`"${trimmed}" is not a web address. A trunk address looks like https://example.org/model/model.json.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TrunkUrlError('The address holds a user name or password. Trunks are downloaded without logging in: use a public address.');
  }
  if (url.origin === appOrigin) return url;
  if (url.protocol !== 'https:') {
    throw new TrunkUrlError(
      `Trunks can only be downloaded over https (a secure connection), or from this app's own site; "${url.protocol.replace(/:$/, '')}:" addresses are refused.`,
    );
  }
  return url;
}

function tooBig(url: string, limit: number): TrunkUrlError {
  const size = limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB` : `${limit.toLocaleString('en')} bytes`;
  return new TrunkUrlError(
    `${url} is larger than ${size}, the most this app downloads for a trunk (the largest MobileNet is 17 MB). It was not downloaded.`,
  );
}

/** Bytes still allowed, shared by every file of one download (weight files arrive in parallel). */
export interface ByteBudget {
  left: number;
  /** The whole allowance, for the message. */
  limit: number;
}

/** The body of `response`, refusing it as soon as it would pass the budget (declared size or streamed bytes). */
export async function readCapped(
  response: Response,
  url: string,
  budget: ByteBudget,
  onBytes: (count: number) => void = () => {},
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > budget.left) {
    await response.body?.cancel();
    throw tooBig(url, budget.limit);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    budget.left -= value.byteLength;
    if (budget.left < 0) {
      await reader.cancel();
      throw tooBig(url, budget.limit);
    }
    chunks.push(value);
    onBytes(value.byteLength);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export interface TrunkFetchLimits {
  appOrigin: string;
  /** Bytes for model.json and all weight files together. */
  maxBytes: number;
}

/** Bytes of weights model.json declares (float32 unless said otherwise), or null when it cannot tell. */
function declaredWeightBytes(json: Uint8Array): number | null {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(json)) as {
      weightsManifest?: { weights?: { shape?: number[]; dtype?: string; quantization?: { dtype?: string } }[] }[];
    };
    const bytesPer: Record<string, number> = { uint8: 1, float16: 2 };
    let total = 0;
    for (const group of parsed.weightsManifest ?? []) {
      for (const weight of group.weights ?? [])
        total += (weight.shape ?? []).reduce((p, d) => p * d, 1) * (bytesPer[weight.quantization?.dtype ?? ''] ?? 4);
    }
    return total > 0 ? total : null;
  } catch {
    return null;
  }
}

/**
 * A fetch for tf.io.http that applies the rules to every request (model.json, each weight file,
 * and where a redirect ended), sends no credentials, stops once `maxBytes` have come in, and
 * reports the weights' download progress as they stream in.
 */
export function trunkFetch(
  limits: TrunkFetchLimits,
  fetchImpl: typeof fetch = fetch,
  onProgress: (fraction: number) => void = () => {},
): typeof fetch {
  const budget: ByteBudget = { left: limits.maxBytes, limit: limits.maxBytes };
  let expectedWeightBytes: number | null = null;
  let weightBytes = 0;
  const onWeightBytes = (count: number) => {
    weightBytes += count;
    if (expectedWeightBytes) onProgress(Math.min(1, weightBytes / expectedWeightBytes));
  };
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = checkTrunkUrl(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, limits.appOrigin);
    const response = await fetchImpl(url.href, { ...init, credentials: 'omit' });
    if (response.redirected && response.url) checkTrunkUrl(response.url, limits.appOrigin);
    if (!response.ok) return response;
    let bytes: Uint8Array;
    if (url.pathname.endsWith('.json')) {
      const jsonBudget: ByteBudget = { left: Math.min(budget.left, MAX_TRUNK_JSON_BYTES), limit: MAX_TRUNK_JSON_BYTES };
      bytes = await readCapped(response, url.href, jsonBudget);
      budget.left -= bytes.byteLength;
      expectedWeightBytes = declaredWeightBytes(bytes);
    } else {
      bytes = await readCapped(response, url.href, budget, onWeightBytes);
    }
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
