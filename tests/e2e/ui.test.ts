/**
 * End to end: the REAL engine ingests lo_mix.pcapng into a temporary case, the loopback WebSocket
 * server serves the built renderer, and headless Chromium drives the UI through role-based selectors.
 * Screenshots (light and dark) land in tests/.artifacts/screenshots/.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFinished } from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openEngine } from '@wirewho/engine';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, screenshot, watchPageErrors } from './helpers/browser.js';

const capture = fileURLToPath(new URL('../../../shared/corpus/captures/lo_mix.pcapng', import.meta.url));
const LO_MIX_FRAMES = 668;
const built = rendererBuilt();

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('packet forensics UI over the real engine (lo_mix.pcapng)', () => {
  let caseDir: string;
  let engine: Awaited<ReturnType<typeof openEngine>>;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    expect(existsSync(capture), `corpus capture missing: ${capture}`).toBe(true);
    caseDir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-'));
    engine = await openEngine({ caseDir });
    const finished = new Promise<IngestFinished>((resolve) => {
      const stop = engine.subscribe((event, payload) => {
        if (event === 'ingestFinished') {
          stop();
          resolve(payload as IngestFinished);
        }
      });
    });
    await engine.service.openEvidence({ path: capture });
    const result = await finished;
    expect(result.status, result.error ?? '').toBe('complete');
    expect(result.frames).toBe(LO_MIX_FRAMES);

    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (caseDir) rmSync(caseDir, { recursive: true, force: true });
  });

  it('shows the frame count in the status bar and as the grid row count', async () => {
    const count = page.getByLabel('Status bar').getByLabel('Frame count');
    await expect.poll(() => count.textContent()).toBe(String(LO_MIX_FRAMES));
    await expect.poll(() => page.getByRole('grid', { name: 'Packet list' }).getAttribute('aria-rowcount')).toBe(String(LO_MIX_FRAMES));
    const status = await page.getByLabel('Status bar').textContent();
    expect(status).toContain('lo_mix.pcapng');
    expect(status).toMatch(/SHA-256 [0-9a-f]{12}…/);
    expect(await page.getByLabel('Time span').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} → .*\d{9} UTC$/);
  });

  it('lists the evidence file as complete in the sidebar', async () => {
    const item = page.getByRole('listitem', { name: 'Evidence lo_mix.pcapng, complete' });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('668 frames');
  });

  it('renders only a window of rows, with Wireshark columns', async () => {
    const rendered = await page.getByRole('row').count();
    expect(rendered).toBeGreaterThan(20);
    expect(rendered).toBeLessThan(200);
    const first = page.getByRole('row', { name: /^Frame 1,/ });
    expect(await first.getByRole('gridcell').allTextContents()).toEqual([
      // lo_mix carries no process metadata: the Process column is empty.
      '1', '0.000000000', '127.0.0.1', '127.0.0.53', 'DNS', '101', '', expect.stringMatching(/^Standard query 0x[0-9a-f]+ A static\.corpus\.test/),
    ]);
  });

  it('selects frame 1, shows its UDP source port and highlights its bytes', async () => {
    await page.getByRole('row', { name: /^Frame 1,/ }).click();
    expect(await page.getByRole('row', { name: /^Frame 1,/ }).getAttribute('aria-selected')).toBe('true');

    const udp = page.getByRole('treeitem', { name: /^User Datagram Protocol, Src Port: \d+, Dst Port: 53$/ });
    await udp.click();
    if ((await udp.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    const srcPort = page.getByRole('treeitem', { name: /^Source Port: \d+$/ });
    await srcPort.click();
    expect(await srcPort.getAttribute('aria-selected')).toBe('true');
    expect(await srcPort.getAttribute('data-field')).toBe('udp.srcport');

    const port = Number((await srcPort.textContent())!.match(/Source Port: (\d+)/)![1]);
    const range = (await srcPort.getAttribute('title'))!.match(/bytes (\d+)–(\d+)/)!;
    const [start, end] = [Number(range[1]), Number(range[2])];
    expect(end - start).toBe(1);

    const highlighted = page.getByRole('region', { name: 'Packet bytes', exact: true }).locator('.bytes-hex [data-highlighted]');
    expect(await highlighted.count()).toBe(2);
    expect(await highlighted.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.offset)))).toEqual([start, end]);
    expect((await highlighted.allTextContents()).join('')).toBe(port.toString(16).padStart(4, '0'));
    await screenshot(page, 'ui-light');
  });

  it('links bytes back to the tree: clicking the destination port byte selects that field', async () => {
    const srcPortTitle = await page.getByRole('treeitem', { name: /^Source Port: \d+$/ }).getAttribute('title');
    const start = Number(srcPortTitle!.match(/bytes (\d+)–/)![1]);
    await page.getByRole('region', { name: 'Packet bytes', exact: true }).locator(`.bytes-hex [data-offset="${start + 3}"]`).click();
    const selected = page.getByRole('treeitem', { selected: true });
    expect(await selected.textContent()).toBe('Destination Port: 53');
  });

  it('moves through frames with the keyboard', async () => {
    await page.getByRole('grid', { name: 'Packet list' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByRole('row', { name: /^Frame 2,/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByRole('treeitem', { name: /^Frame 2:/ }).count()).toBe(1);
    await page.keyboard.press('End');
    await expect.poll(() => page.getByRole('row', { name: new RegExp(`^Frame ${LO_MIX_FRAMES},`) }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByRole('row', { name: /^Frame 1,/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('goes to a frame with Ctrl+G', async () => {
    await page.keyboard.press('Control+g');
    const dialog = page.getByRole('dialog', { name: 'Go to frame' });
    await dialog.getByRole('textbox').fill('600');
    await dialog.getByRole('button', { name: 'Go' }).click();
    await expect.poll(() => page.getByRole('row', { name: /^Frame 600,/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByRole('treeitem', { name: /^Frame 600:/ }).count()).toBe(1);
  });

  it('shows a 64 KiB loopback frame without rendering all of its bytes', async () => {
    // lo_mix carries loopback TCP segments of up to 65,549 bytes; find one on screen around frame 600.
    const lengths = await page.getByRole('row', { name: /^Frame \d+, TCP,/ }).evaluateAll((rows) =>
      rows.map((r) => ({ frame: Number((r as HTMLElement).dataset.frame), length: Number(r.children[5]?.textContent) })));
    const big = lengths.find((r) => r.length > 60_000);
    expect(big, 'a frame over 60,000 bytes near frame 600').toBeDefined();
    await page.getByRole('row', { name: new RegExp(`^Frame ${big!.frame},`) }).click();
    const bytesPane = page.getByRole('region', { name: 'Packet bytes', exact: true });
    await expect.poll(() => bytesPane.locator('.bytes-row').first().textContent()).toMatch(/^000000/);
    expect(await bytesPane.locator('.bytes-row').count()).toBeLessThan(150);
    await bytesPane.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    const lastOffset = ((Math.ceil(big!.length / 16) - 1) * 16).toString(16).padStart(6, '0');
    await expect.poll(() => bytesPane.locator('.bytes-offset').last().textContent()).toBe(lastOffset);
  });

  it('switches to the dark theme', async () => {
    await page.getByRole('grid', { name: 'Packet list' }).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByRole('row', { name: /^Frame 1,/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('treeitem', { name: /^Source Port: \d+$/ }).click();
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('wirewho.theme'))).toBe('dark');
    await screenshot(page, 'ui-dark');
  });

  it('in a browser, Open asks for a path on the Wirewho host', async () => {
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Open capture' });
    await dialog.waitFor();
    await screenshot(page, 'ui-open-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('stays usable at 150% zoom', async () => {
    // 150% zoom of a 1440x900 window: 960x600 CSS pixels drawn at 1.5 device pixels each.
    const zoomed = await browser.newPage({ viewport: { width: 960, height: 600 }, deviceScaleFactor: 1.5 });
    await zoomed.goto(server.appUrl);
    await zoomed.getByRole('row', { name: /^Frame 1,/ }).click();
    await zoomed.getByRole('treeitem', { name: /^User Datagram Protocol/ }).click();
    await zoomed.keyboard.press('ArrowRight');
    expect(await zoomed.getByRole('treeitem', { name: /^Source Port: \d+$/ }).isVisible()).toBe(true);
    expect(await zoomed.getByLabel('Status bar').getByLabel('Frame count').isVisible()).toBe(true);
    await screenshot(zoomed, 'ui-light-150');
    await zoomed.close();
  });

  it('logged no errors in the page (no CSP violations, no exceptions)', () => {
    expect(pageErrors).toEqual([]);
  });
});
