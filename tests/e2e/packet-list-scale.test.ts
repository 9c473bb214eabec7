/**
 * The packet list with ten million frames (a synthetic service behind the real WebSocket transport):
 * it must show the last frame on End, jump to the middle by scrollbar, keep the DOM small and fetch
 * only the pages on screen, and keep scroll work per frame small.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { createSyntheticService } from './helpers/synthetic-service.js';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, screenshot, watchPageErrors } from './helpers/browser.js';

const FRAMES = 10_000_000;
const built = rendererBuilt();

describe('the renderer is built (scale test)', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('packet list with 10,000,000 frames', () => {
  const synthetic = createSyntheticService(FRAMES);
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    server = await startWsServer({ service: synthetic.service, events: synthetic.events, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('row', { name: /^Frame 1,/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('announces all rows but renders and fetches only a window', async () => {
    expect(await page.getByRole('grid', { name: 'Packet list' }).getAttribute('aria-rowcount')).toBe(String(FRAMES));
    expect(await page.getByLabel('Frame count').textContent()).toBe('10,000,000');
    expect(await page.getByRole('row').count()).toBeLessThan(200);
    expect(synthetic.pageRequests).toEqual([{ offset: 0, limit: 500 }]);
  });

  it('End selects and shows the last frame', async () => {
    await page.getByRole('row', { name: /^Frame 1,/ }).click();
    await page.keyboard.press('End');
    const last = page.getByRole('row', { name: new RegExp(`^Frame ${FRAMES},`) });
    await expect.poll(() => last.getAttribute('aria-selected')).toBe('true');
    expect(await last.isVisible()).toBe(true);
    const box = (await last.boundingBox())!;
    const list = (await page.getByRole('grid', { name: 'Packet list' }).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(list.y + list.height + 1);
    await screenshot(page, 'ten-million-end');
  });

  it('jumps to the middle by the scrollbar and loads just that page', async () => {
    const before = synthetic.pageRequests.length;
    await page.locator('.packet-scroller').evaluate((el) => { el.scrollTop = (el.scrollHeight - el.clientHeight) / 2; });
    const middle = page.getByRole('row', { name: /^Frame 499\d{4},/ }).first();
    await middle.waitFor();
    expect(synthetic.pageRequests.length - before).toBeLessThanOrEqual(3);
  });

  it('wheel-scrolls row by row, with little main-thread work per step', async () => {
    await page.getByRole('grid', { name: 'Packet list' }).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByRole('row', { name: /^Frame 1,/ }).getAttribute('aria-selected')).toBe('true');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async (): Promise<Record<string, number>> =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const box = (await page.locator('.packet-scroller').boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + 200);
    const steps = 100;
    const before = await metrics();
    for (let i = 0; i < steps; i++) await page.mouse.wheel(0, 100);
    // 100 notches of 100 px are 500 rows of 20 px, even though the scrollbar is scaled down ~17x.
    const topRow = page.getByRole('row', { name: /^Frame 501,/ });
    await topRow.waitFor();
    const after = await metrics();
    const msPerStep = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000 / steps;
    const work = msPerStep('ScriptDuration') + msPerStep('LayoutDuration') + msPerStep('RecalcStyleDuration');
    console.info(`packet list, 10M rows: ${work.toFixed(2)} ms script+style+layout per wheel step`);
    // A 60 fps frame is 16.7 ms; this headless run has no GPU, so raster time is left out on purpose.
    expect(work).toBeLessThan(8);
    const scroller = (await page.locator('.packet-scroller').boundingBox())!;
    const rowBox = (await topRow.boundingBox())!;
    expect(Math.abs(rowBox.y - (scroller.y + 22))).toBeLessThan(2); // right under the header
    await expect.poll(() => page.getByRole('row', { name: /^Row \d+, loading/ }).count(), { timeout: 5000 }).toBe(0);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
