// What the bench watches in the browser besides the app's own figures: main-thread long tasks
// (PerformanceObserver 'longtask', which the page records from its first script on) and the JS
// heaps of the page and its workers (Chrome DevTools Protocol, sampled while the bench runs).
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';

/** A task over 50 ms on a page's main thread, in that page's performance.now() time. */
export interface LongTask {
  start: number;
  duration: number;
}

export interface LongTaskSummary {
  count: number;
  maxMs: number;
  totalMs: number;
}

type ProbeWindow = Window & { __benchLongTasks?: LongTask[] };

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
  });
}

/** The page's performance.now(), to bracket a phase in the page's own clock. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Long tasks that overlap [from, to] (page clock). */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskSummary> {
  const tasks = await page.evaluate(() => (window as ProbeWindow).__benchLongTasks ?? []);
  return summariseLongTasks(tasks.filter((task) => task.start <= to && task.start + task.duration >= from));
}

export function summariseLongTasks(tasks: LongTask[]): LongTaskSummary {
  return {
    count: tasks.length,
    maxMs: Math.round(tasks.reduce((max, task) => Math.max(max, task.duration), 0)),
    totalMs: Math.round(tasks.reduce((sum, task) => sum + task.duration, 0)),
  };
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
