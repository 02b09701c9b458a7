// A tiny static file server for the bench: the built app at `/`, extra folders under prefixes
// (the dataset under /__dataset__/). 127.0.0.1 only, a free port, GET/HEAD. Caching as a real
// deployment should do it: content-hashed build assets are immutable, everything else carries an
// ETag and is revalidated (a 304 instead of the bytes), unless a path says no-store.
import { createReadStream, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.avif': 'image/avif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface Mount {
  /** URL prefix ending in '/', e.g. '/__dataset__/'. */
  prefix: string;
  dir: string;
}

export interface StaticServerOptions {
  /** Served at '/'; '/' and folders answer with their index.html. */
  root: string;
  mounts?: Mount[];
  /** Called for every 4xx/5xx answer (the bench logs them: a missing model file shows up here). */
  onError?: (status: number, url: string) => void;
  /** How a path may be cached; default cachePolicy(). */
  cache?: (pathname: string) => CachePolicy;
  /** Called for every file answer (200 with its size, or 304 with 0): the bench counts what a reload fetches. */
  onServed?: (pathname: string, status: 200 | 304, bytes: number) => void;
}

export type CachePolicy = 'immutable' | 'revalidate' | 'no-store';

/** Vite's content-hashed output under /assets/ never changes under its name; the rest may. */
export function cachePolicy(pathname: string): CachePolicy {
  return pathname.startsWith('/assets/') ? 'immutable' : 'revalidate';
}

const CACHE_CONTROL: Record<CachePolicy, string> = {
  immutable: 'public, max-age=31536000, immutable',
  revalidate: 'no-cache',
  'no-store': 'no-store',
};

/** A weak validator from size and modification time, like most static servers. */
export function entityTag(stats: Pick<Stats, 'size' | 'mtimeMs'>): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

export interface StaticServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Maps a URL path to a file under `dir`, or null when it would leave `dir`. */
export function resolveInside(dir: string, urlPath: string): string | null {
  const base = path.resolve(dir);
  const target = path.resolve(base, '.' + path.posix.normalize('/' + urlPath));
  const rel = path.relative(base, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return target;
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

export function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const mounts = [...(options.mounts ?? [])].sort((a, b) => b.prefix.length - a.prefix.length);

  const send = (res: ServerResponse, req: IncomingMessage, status: number, text: string) => {
    if (status >= 400) options.onError?.(status, req.url ?? '');
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  };

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, req, 405, 'method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(res, req, 400, 'bad request');
    }
    if (pathname.includes('\0')) return send(res, req, 400, 'bad request');
    const mount = mounts.find((m) => pathname.startsWith(m.prefix));
    const dir = mount ? mount.dir : options.root;
    const rest = mount ? pathname.slice(mount.prefix.length) : pathname;
    let file = resolveInside(dir, rest);
    if (!file) return send(res, req, 403, 'forbidden');
    let stats = statOrNull(file);
    if (stats?.isDirectory() && !mount) {
      file = path.join(file, 'index.html');
      stats = statOrNull(file);
    }
    if (!stats || !stats.isFile()) return send(res, req, 404, 'not found');
    const policy = (options.cache ?? cachePolicy)(pathname);
    const headers: Record<string, string | number> = { 'Content-Type': mimeType(file), 'Cache-Control': CACHE_CONTROL[policy] };
    if (policy !== 'no-store') {
      const tag = entityTag(stats);
      headers.ETag = tag;
      headers['Last-Modified'] = stats.mtime.toUTCString();
      if (req.headers['if-none-match'] === tag) {
        options.onServed?.(pathname, 304, 0);
        res.writeHead(304, headers);
        return res.end();
      }
    }
    options.onServed?.(pathname, 200, stats.size);
    headers['Content-Length'] = stats.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
