// `vite preview` of a built folder for the measuring scripts. vite is started itself (not
// through npx, whose child outlived a kill of npx and kept serving the old build on the port, so
// the next run measured a stale app), in its own process group, so stop() ends all it started.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface PreviewServer {
  url: string;
  stop(): void;
}

/** Serves `outDir` on 127.0.0.1:`port` and resolves once it answers (about a minute at most). */
export async function startPreviewServer(outDir: string, port: number): Promise<PreviewServer> {
  const vite = join(process.cwd(), 'node_modules', '.bin', 'vite');
  const child = spawn(vite, ['preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForServer(url);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The preview server did not start at ${url}`);
}
