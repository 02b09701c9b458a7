// User verbs for the dataset studio specs: open the app without waiting for the trunk, drop
// folders, paste, read the skipped-files summary, read what is stored, reload.
import { expect, type Locator, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedImage } from './images';

export async function openStudio(page: Page): Promise<void> {
  await page.goto('/');
  await expectProjectReady(page);
}

export async function expectProjectReady(page: Page): Promise<void> {
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/** Waits until no images are being checked and everything shown is written to IndexedDB. */
export async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => window.transferLabStudio!.ingestActive()), { timeout: 120_000 }).toBe(false);
  await page.evaluate(() => window.transferLabStudio!.flush());
}

export async function reloadStudio(page: Page): Promise<void> {
  await settle(page);
  await page.reload();
  await expectProjectReady(page);
}

export function shown(page: Page) {
  return page.evaluate(() => window.transferLabStudio!.shown());
}

export function stored(page: Page) {
  return page.evaluate(() => window.transferLabStudio!.stored());
}

/** Labels and, per class, the image names in order: what the user sees, in plain data. */
export async function shownNames(page: Page): Promise<Record<string, string[]>> {
  const view = await shown(page);
  return Object.fromEntries(view.classes.map((c) => [c.label, c.images.map((i) => i.name)]));
}

export interface FileSpec {
  /** Path with folders, e.g. "dataset/ants/a.png". */
  path: string;
  bytes: Buffer | Uint8Array;
  type?: string;
}

export function named(images: GeneratedImage[], folder: string): FileSpec[] {
  return images.map((image) => ({ path: `${folder}/${image.name}`, bytes: image.buffer, type: image.mimeType }));
}

/** Writes files under `root` on disk (for folder pickers, which take a real directory). */
export async function writeTree(root: string, files: FileSpec[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.bytes);
  }
}

export function zipOf(files: FileSpec[]): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f.path, new Uint8Array(f.bytes)]))));
}

/**
 * Drops folders on `target` the way a file manager does. Chromium gives synthetic DataTransfers
 * no FileSystemEntry objects (webkitGetAsEntry returns null), so the drop carries entries built
 * here with the same API (isFile/isDirectory/name/file()/createReader().readEntries() in batches);
 * the app's own drop handler and folder walk run unchanged on them.
 */
export async function dropFolders(target: Locator, files: FileSpec[]): Promise<void> {
  const payload = files.map((f) => ({ path: f.path, type: f.type ?? '', base64: Buffer.from(f.bytes).toString('base64') }));
  await target.evaluate((element, items) => {
    type Node = { name: string; file?: File; children?: Map<string, Node> };
    const root: Node = { name: '', children: new Map() };
    for (const item of items) {
      const parts = item.path.split('/');
      let node = root;
      for (const part of parts.slice(0, -1)) {
        if (!node.children!.has(part)) node.children!.set(part, { name: part, children: new Map() });
        node = node.children!.get(part)!;
      }
      const name = parts[parts.length - 1];
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      node.children!.set(name, { name, file: new File([bytes], name, { type: item.type }) });
    }
    const toEntry = (node: Node): unknown => {
      if (node.file)
        return { isFile: true, isDirectory: false, name: node.name, file: (ok: (f: File) => void) => setTimeout(() => ok(node.file!), 0) };
      const children = [...node.children!.values()].map(toEntry);
      return {
        isFile: false,
        isDirectory: true,
        name: node.name,
        createReader: () => {
          let offset = 0;
          // Like Chromium: at most 100 entries per call, then an empty batch.
          return { readEntries: (ok: (e: unknown[]) => void) => setTimeout(() => ok(children.slice(offset, (offset += 100))), 0) };
        },
      };
    };
    const topLevel = [...root.children!.values()];
    const transfer = {
      types: ['Files'],
      files: [] as File[],
      dropEffect: 'none',
      items: topLevel.map((node) => ({
        kind: 'file',
        type: node.file?.type ?? '',
        webkitGetAsEntry: () => toEntry(node),
        getAsFile: () => node.file ?? null,
      })),
    };
    for (const type of ['dragover', 'drop']) {
      const event = new DragEvent(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: transfer });
      element.dispatchEvent(event);
    }
  }, payload);
}

/** Drops plain files (no folders) through a real DataTransfer. */
export async function dropFiles(target: Locator, files: FileSpec[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.path.split('/').pop()!,
    type: f.type ?? '',
    base64: Buffer.from(f.bytes).toString('base64'),
  }));
  const dataTransfer = await target.page().evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items)
      transfer.items.add(new File([Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0))], item.name, { type: item.type }));
    return transfer;
  }, payload);
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/** Pastes images as the clipboard would deliver them (a paste event carrying files). */
export async function pasteImages(target: Locator, files: FileSpec[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.path.split('/').pop()!,
    type: f.type ?? 'image/png',
    base64: Buffer.from(f.bytes).toString('base64'),
  }));
  await target.evaluate((element, items) => {
    const transfer = new DataTransfer();
    for (const item of items)
      transfer.items.add(new File([Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0))], item.name, { type: item.type }));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, payload);
}

/** The latest "N of M files skipped" summary: its headline and the per-file lines. */
export async function skippedSummary(page: Page): Promise<{ text: string; details: string[] }> {
  const notice = page
    .getByTestId('notice')
    .filter({ hasText: /files? skipped/ })
    .last();
  await expect(notice).toBeVisible();
  return { text: (await notice.locator('p').textContent()) ?? '', details: await notice.locator('li').allTextContents() };
}

export async function dismissNotices(page: Page): Promise<void> {
  const buttons = page.getByTestId('notice-dismiss');
  while ((await buttons.count()) > 0) await buttons.first().click();
}

export function classByLabel(page: Page, label: string): Locator {
  return page.locator(`[data-testid="class-card"][data-label="${label.replace(/"/g, '\\"')}"]`);
}
