/**
 * End to end, casework: the REAL engine ingests the bundled ptcpdump sample; headless Chromium opens
 * File → Export Specified Packets from the toolbar, watches the live preview change with the choice
 * (all frames, the selected frame's process, pcap's notice), exports, and tshark reads the file with
 * the process in every frame. Then a note with markup in it and a bookmark go on a frame, and the
 * Casework tab shows them as text with the custody log (import, filter, export) and its chain intact.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFinished } from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openEngine } from '@wirewho/engine';
import { haveTshark, tsharkFields } from '../helpers/tshark.js';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, repoRoot, screenshot, watchPageErrors } from './helpers/browser.js';

const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const built = rendererBuilt();

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('Export Specified Packets and casework over the real engine', () => {
  let dir: string;
  let engine: Awaited<ReturnType<typeof openEngine>>;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-casework-'));
    engine = await openEngine({ caseDir: path.join(dir, 'case') });
    const finished = new Promise<IngestFinished>((resolve) => {
      const stop = engine.subscribe((event, payload) => {
        if (event === 'ingestFinished') { stop(); resolve(payload as IngestFinished); }
      });
    });
    await engine.service.openEvidence({ path: SAMPLE });
    expect((await finished).status).toBe('complete');
    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    await page.getByLabel('Status bar').getByLabel('Frame count').filter({ hasText: /^10$/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const dialog = () => page.getByRole('dialog', { name: 'Export Specified Packets' });
  const previewFrames = () => dialog().getByTestId('preview-frames').textContent();

  it('previews counts and size live, then exports what tshark reads with the process in every frame', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Export…' }).click();
    await dialog().waitFor();
    await expect.poll(previewFrames).toBe('10');
    expect(await dialog().getByTestId('preview-attributed').textContent()).toBe('10 frames, 1 processes');
    const sizeAll = await dialog().getByTestId('preview-size').textContent();
    expect(sizeAll).toMatch(/^≈ \d/);
    await dialog().getByRole('radio', { name: /^Selected frame 1$/ }).check();
    await expect.poll(previewFrames).toBe('1');
    await dialog().getByRole('radio', { name: 'Its process (PID 122868 curl)' }).check();
    await expect.poll(previewFrames).toBe('10');
    await dialog().getByLabel('Format', { exact: true }).selectOption('pcap');
    await expect.poll(() => dialog().getByRole('listitem').first().textContent()).toMatch(/pcap cannot carry process metadata/);
    await dialog().getByLabel('Format', { exact: true }).selectOption('pcapng');
    await expect.poll(() => dialog().getByTestId('preview-attributed').textContent()).toBe('10 frames, 1 processes');
    expect(await dialog().getByRole('listitem').count()).toBe(0);
    const out = path.join(dir, 'curl.pcapng');
    await dialog().getByLabel('File', { exact: true }).fill(out);
    await screenshot(page, 'export-dialog-light');
    await dialog().getByRole('button', { name: 'Export' }).click();
    await dialog().getByRole('region', { name: 'Export result' }).waitFor();
    expect(await dialog().getByRole('region', { name: 'Export result' }).textContent()).toMatch(/Wrote 10 frames .*SHA-256 [0-9a-f]{64}/s);
    expect(existsSync(out)).toBe(true);
    if (haveTshark()) {
      const rows = tsharkFields(out, ['frame.number'], ['-Y', 'frame.comment contains "PID: 122868"']);
      expect(rows).toHaveLength(10);
    }
    // A second export onto the same file is refused without "Replace".
    await dialog().getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => dialog().getByRole('alert').textContent()).toMatch(/already exists/);
    await dialog().getByRole('button', { name: 'Close' }).click();
  });

  it('notes, tags and bookmarks on frames show as text beside the custody log', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Casework' }).click();
    const view = page.getByRole('region', { name: 'Casework' });
    await view.waitFor();
    const form = view.getByRole('form', { name: 'Add annotation' });
    await form.getByLabel('Text').fill('<b>beacon?</b> check the resolver');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByLabel('Kind').selectOption('bookmark');
    await form.getByLabel('Text').fill('first SYN');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByLabel('Kind').selectOption('tag');
    await form.getByLabel('On').selectOption('process');
    await form.getByLabel('Text').fill('suspect');
    await form.getByRole('button', { name: 'Add' }).click();
    const annotations = view.getByRole('table', { name: 'Annotations' });
    await expect.poll(() => annotations.getByRole('row').count()).toBe(4);
    expect(await annotations.locator('b').count()).toBe(0);
    expect(await annotations.textContent()).toContain('<b>beacon?</b> check the resolver');
    const log = view.getByRole('table', { name: 'Custody log' });
    await expect.poll(async () => (await log.locator('tbody tr td:nth-child(4)').allTextContents())).toEqual(['import', 'filter', 'export']);
    expect(await view.getByText('hash chain intact').count()).toBe(1);
    await screenshot(page, 'casework-light');
    // The note is in the export as a comment.
    const out = path.join(dir, 'noted.pcapng');
    const r = await engine.service.exportPackets({ selection: { frames: [1] }, format: 'pcapng', path: out });
    expect(r.frames).toBe(1);
    if (haveTshark()) expect(tsharkFields(out, ['frame.comment']).flat().join('|')).toContain('<b>beacon?</b> check the resolver');
    expect(pageErrors).toEqual([]);
  });
});
