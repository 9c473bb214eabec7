/**
 * End to end, live capture from the app: headless Chromium drives the built UI over the loopback
 * WebSocket against the real Workspace (as `wirewho serve`). As root (CI): Ctrl+K opens the Capture
 * dialog, `lo` is listed with 127.0.0.1 and a sparkline of its traffic, a bad BPF filter turns the
 * field red with libpcap's message and disables Start, `udp port P` turns it green; the capture starts,
 * UDP datagrams this test sends on loopback appear live in the packet list attributed to this process,
 * the status bar counts frames and drops, and Stop finalises it. Without root that part is skipped.
 * "Capture from command…" runs `cat <the bundled ptcpdump sample>` (stderr shown, frames and their
 * processes in the list). Screenshots land in tests/.artifacts/screenshots/.
 */
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openWorkspace, type Workspace } from '@wirewho/engine';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, repoRoot, screenshot, watchPageErrors } from './helpers/browser.js';

const sample = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const built = rendererBuilt();
const isRoot = process.getuid?.() === 0;

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('Capture dialogs over the real engine', () => {
  let caseDir: string;
  let workspace: Workspace;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  const statusBar = () => page.getByLabel('Status bar');
  const frameCount = async () => Number((await statusBar().getByLabel('Frame count').textContent())!.replace(/\D/g, ''));
  const dialog = (name: string) => page.getByRole('dialog', { name });

  beforeAll(async () => {
    caseDir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-capture-'));
    workspace = await openWorkspace({ caseDir });
    server = await startWsServer({ service: workspace.service, events: workspace, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workspace?.close();
    if (caseDir) rmSync(caseDir, { recursive: true, force: true });
  });

  it.skipIf(!isRoot)('captures UDP on lo live: interfaces, filter check, frames with their process, counters, stop', async () => {
    const receiver = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const port = receiver.address().port;
    const sender = dgram.createSocket('udp4');
    try {
      await page.keyboard.press('Control+K');
      const d = dialog('Capture');
      await d.waitFor();
      const lo = d.getByRole('row', { name: 'Interface lo' });
      await expect.poll(() => lo.getByTestId('capture-addresses').textContent()).toContain('127.0.0.1');
      // The sparkline gets a rate once two counter samples are in.
      await expect.poll(() => lo.getByRole('img').getAttribute('aria-label'), { timeout: 5000 }).toMatch(/^lo packets per second: [\d.]+\/s$/);
      await lo.getByRole('checkbox', { name: 'Capture on lo' }).check();

      const filter = d.getByLabel('Capture filter');
      await filter.fill(`udp prot ${port}`);
      await expect.poll(() => filter.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => d.getByTestId('capture-filter-message').textContent()).toMatch(/syntax error/);
      expect(await filter.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 214, 214)');
      expect(await d.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
      await screenshot(page, 'capture-dialog-bad-filter');

      await filter.fill(`udp port ${port}`);
      await expect.poll(() => filter.getAttribute('aria-invalid')).toBe('false');
      await expect.poll(() => d.getByTestId('capture-filter-message').textContent()).toMatch(/Valid capture filter/);
      expect(await filter.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(215, 247, 208)');
      await screenshot(page, 'capture-dialog');

      await d.getByRole('button', { name: 'Start' }).click();
      // Started: the dialog gives way to the packet list; the status bar counts.
      await d.waitFor({ state: 'detached', timeout: 15_000 });
      const counters = statusBar().getByLabel('Capture counters');
      await expect.poll(() => counters.textContent()).toMatch(/^Capturing lo: /);

      const payload = Buffer.from('wirewho capture e2e');
      let sent = 0;
      const ticker = setInterval(() => { sender.send(payload, port, '127.0.0.1'); sent++; }, 100);
      try {
        await expect.poll(frameCount, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
      } finally {
        clearInterval(ticker);
      }
      const list = page.getByRole('grid', { name: 'Packet list' });
      const processCell = list.locator('[data-frame="1"] .packet-cell--process');
      await expect.poll(() => processCell.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`\\(${process.pid}\\)$`));
      expect(await list.locator('[data-frame="1"]').textContent()).toContain('UDP');
      await expect.poll(() => counters.textContent()).toMatch(/Capturing lo: [1-9][\d,]* frames, [1-9][\d,]* indexed, 0 dropped/);
      await screenshot(page, 'capture-live');

      await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Stop capture' }).click();
      await expect.poll(() => counters.textContent(), { timeout: 15_000 }).toMatch(/^Captured lo: \d/);
      const text = (await counters.textContent())!;
      const [, frames, indexed, dropped] = /: ([\d,]+) frames, ([\d,]+) indexed, ([\d,]+) dropped/.exec(text)!.map((x) => x.replace(/,/g, ''));
      expect(Number(frames)).toBe(sent);
      expect(Number(indexed)).toBe(sent);
      expect(Number(dropped)).toBe(0);
      await expect.poll(frameCount).toBe(sent);
      // The capture is evidence of the case: a complete pcapng with its hash.
      const evidence = workspace.current.index.listEvidence();
      expect(evidence).toHaveLength(1);
      expect(evidence[0]).toMatchObject({ status: 'complete', frameCount: sent });
      expect(evidence[0].sha256).toMatch(/^[0-9a-f]{64}$/);

      await page.keyboard.press('Control+K');
      await expect.poll(() => dialog('Capture').getByTestId('capture-state').textContent()).toBe('Finished: stopped');
      await screenshot(page, 'capture-dialog-finished');
      await page.keyboard.press('Escape');
    } finally {
      sender.close();
      receiver.close();
    }
  });

  it('Capture from command…: the output of `cat sample.pcapng` is indexed, its stderr shown', async () => {
    const before = await frameCount();
    await page.keyboard.press('Control+K');
    await dialog('Capture').getByRole('button', { name: 'Capture from command…' }).click();
    const d = dialog('Capture from command');
    await d.waitFor();
    await d.getByLabel(/^Command/).fill(`echo "reading the sample" >&2; cat '${sample}'`);
    await d.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => d.getByTestId('capture-state').textContent(), { timeout: 15_000 }).toBe('Finished: the command ended');
    expect(await d.getByTestId('command-stderr').textContent()).toBe('reading the sample\n');
    expect(await d.getByTestId('capture-indexed').textContent()).toBe('10');
    await screenshot(page, 'capture-command');
    await d.getByRole('button', { name: 'Close' }).click();
    await expect.poll(frameCount).toBe(before + 10);
    const list = page.getByRole('grid', { name: 'Packet list' });
    await expect.poll(() => list.locator(`[data-frame="${before + 1}"] .packet-cell--process`).textContent()).toBe('curl (122868)');
    expect(await statusBar().getByLabel('Capture counters').textContent()).toBe('Captured command: 10 frames');
  });

  it('a command that writes nothing fails with its stderr and leaves nothing in the case', async () => {
    const before = workspace.current.index.listEvidence().length;
    await page.keyboard.press('Control+K');
    await dialog('Capture').getByRole('button', { name: 'Capture from command…' }).click();
    const d = dialog('Capture from command');
    await d.getByLabel(/^Command/).fill('echo "ssh: connect to host nowhere port 22: Connection refused" >&2; exit 255');
    await d.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => d.getByTestId('capture-state').textContent(), { timeout: 15_000 }).toBe('Failed: the command ended');
    expect(await d.getByTestId('command-stderr').textContent()).toContain('Connection refused');
    expect(await d.getByTestId('capture-message').textContent()).toMatch(/wrote nothing to its standard output \(exited with code 255\)/);
    await screenshot(page, 'capture-command-failed');
    await d.getByRole('button', { name: 'Close' }).click();
    expect(workspace.current.index.listEvidence()).toHaveLength(before);
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
