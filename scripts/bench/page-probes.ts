// What the bench watches in the browser besides the app's own figures: main-thread long tasks
// (PerformanceObserver 'longtask', which the page records from its first script on, with the
// scripts that ran in them from 'long-animation-frame') and the JS heaps of the page and its
// workers (Chrome DevTools Protocol, sampled while the bench runs).
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';

/** A task over 50 ms on a page's main thread, in that page's performance.now() time. */
export interface LongTask {
  start: number;
  duration: number;
}

/** One script that ran in a long animation frame: what called it, and for how long. */
export interface FrameScript {
  start: number;
  duration: number;
  /** e.g. "Window.requestIdleCallback", "Worker.onmessage", "IDBRequest.onsuccess". */
  invoker: string;
  /** The function's name where the browser knows it (minified in a production build). */
  functionName: string;
}

/** A frame of over 50 ms (Long Animation Frames API), with the scripts it ran. */
export interface LongFrame {
  start: number;
  duration: number;
  scripts: FrameScript[];
}

export interface LongTaskSummary {
  count: number;
  maxMs: number;
  totalMs: number;
  /** The longest task's start after the phase began (ms), and what ran in it, longest first. */
  longest?: { atMs: number; scripts: string[] };
}

/** PerformanceLongAnimationFrameTiming, which TypeScript's DOM types do not have yet. */
type FrameEntry = PerformanceEntry & { scripts?: (PerformanceEntry & { invoker?: string; sourceFunctionName?: string })[] };

type ProbeWindow = Window & { __benchLongTasks?: LongTask[]; __benchLongFrames?: LongFrame[] };

/** Every page of `context` records its long tasks from the start, before any app script runs. */
export async function recordLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as ProbeWindow;
    w.__benchLongTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__benchLongTasks!.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // No long-task timing in this browser: the bench reports none measured.
    }
    w.__benchLongFrames = [];
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as FrameEntry[]) {
          const scripts = (entry.scripts ?? []).map((script) => ({
            start: script.startTime,
            duration: script.duration,
            invoker: script.invoker ?? '',
            functionName: script.sourceFunctionName ?? '',
          }));
          w.__benchLongFrames!.push({ start: entry.startTime, duration: entry.duration, scripts });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // No Long Animation Frames API (before Chromium 123): long tasks are counted, not explained.
    }
  });
}

/** The page's performance.now(), to bracket a phase in the page's own clock. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Long tasks that overlap [from, to] (page clock). */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskSummary> {
  const { tasks, frames } = await page.evaluate(() => {
    const w = window as ProbeWindow;
    return { tasks: w.__benchLongTasks ?? [], frames: w.__benchLongFrames ?? [] };
  });
  return summariseLongTasks(
    tasks.filter((task) => task.start <= to && task.start + task.duration >= from),
    frames,
    from,
  );
}

/** Count, longest and total; for the longest, the scripts of the frames that overlap it. */
export function summariseLongTasks(tasks: LongTask[], frames: LongFrame[] = [], phaseStart = 0): LongTaskSummary {
  const summary: LongTaskSummary = {
    count: tasks.length,
    maxMs: Math.round(tasks.reduce((max, task) => Math.max(max, task.duration), 0)),
    totalMs: Math.round(tasks.reduce((sum, task) => sum + task.duration, 0)),
  };
  const longest = tasks.reduce<LongTask | null>((worst, task) => (worst === null || task.duration > worst.duration ? task : worst), null);
  if (!longest) return summary;
  const end = longest.start + longest.duration;
  const scripts = frames
    .flatMap((frame) => frame.scripts)
    .filter((script) => script.start < end && script.start + script.duration > longest.start)
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 3)
    .map(
      (script) =>
        `${script.invoker || '(unknown)'}${script.functionName ? ` ${script.functionName}` : ''} ${Math.round(script.duration)} ms`,
    );
  return { ...summary, longest: { atMs: Math.round(longest.start - phaseStart), scripts } };
}

export interface HeapPeaks {
  /** Peak used JS heap of the page's main thread (CDP Performance.getMetrics JSHeapUsedSize). */
  pageJsHeapBytes: number;
  /** Largest used JS heap of the page's workers together at the phase boundaries (CDP Runtime.getHeapUsage). */
  workerJsHeapBytes: number;
}

/**
 * Samples the page's JS heap every `intervalMs` until stop(), and the workers' heaps when asked
 * (sampleWorkers(), at phase boundaries): asking a worker for its heap interrupts it, and
 * polling that during a timed phase slowed the worker's embedding measurably. Workers are reached
 * through the page's CDP session (auto-attach without flattening, messages wrapped in
 * Target.sendMessageToTarget), which leaves Playwright's own sessions alone.
 */
export class HeapSampler {
  private readonly peaks: HeapPeaks = { pageJsHeapBytes: 0, workerJsHeapBytes: 0 };
  private readonly workers = new Map<string, number>();
  private readonly pending = new Map<number, (usedSize: number) => void>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private sampling = false;

  private constructor(private readonly cdp: CDPSession) {}

  static async start(page: Page, intervalMs = 250): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const sampler = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker') sampler.workers.set(event.sessionId, 0);
    });
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId) sampler.workers.delete(event.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
      if (message.id !== undefined) sampler.pending.get(message.id)?.(message.result?.usedSize ?? 0);
    });
    await cdp.send('Performance.enable');
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    sampler.timer = setInterval(() => void sampler.sample(), intervalMs);
    await sampler.sample();
    return sampler;
  }

  private workerHeap(sessionId: string): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((resolve) => {
      const timeout = setTimeout(() => resolve(0), 2000);
      this.pending.set(id, (usedSize) => {
        clearTimeout(timeout);
        this.pending.delete(id);
        resolve(usedSize);
      });
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) })
        .catch(() => resolve(0));
    });
  }

  async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const { metrics } = await this.cdp.send('Performance.getMetrics');
      const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
      this.peaks.pageJsHeapBytes = Math.max(this.peaks.pageJsHeapBytes, used);
    } catch {
      // The page is navigating or closing: skip this sample.
    } finally {
      this.sampling = false;
    }
  }

  /** The workers' JS heaps together, now; the peak keeps the largest seen. */
  async sampleWorkers(): Promise<number> {
    let total = 0;
    for (const sessionId of this.workers.keys()) total += await this.workerHeap(sessionId);
    this.peaks.workerJsHeapBytes = Math.max(this.peaks.workerJsHeapBytes, total);
    return total;
  }

  async stop(): Promise<HeapPeaks> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sample();
    await this.sampleWorkers();
    await this.cdp.detach().catch(() => undefined);
    return { ...this.peaks };
  }
}

/**
 * CPU time used by all of Chromium's processes (browser, renderers, GPU, network), from the
 * browser's own accounting (CDP SystemInfo.getProcessInfo, 10 ms resolution). Wall-clock
 * figures on a shared machine swing with everyone else's load; the CPU time a phase costs the
 * browser swings far less, so the bench prints both.
 */
export class ChromiumCpu {
  private constructor(private readonly cdp: CDPSession) {}

  static async attach(browser: Browser): Promise<ChromiumCpu> {
    return new ChromiumCpu(await browser.newBrowserCDPSession());
  }

  /** Seconds of CPU used by every Chromium process so far. */
  async seconds(): Promise<number> {
    const { processInfo } = await this.cdp.send('SystemInfo.getProcessInfo');
    return processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
