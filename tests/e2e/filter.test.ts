/**
 * End to end, display filters: the REAL engine ingests lo_mix (DNS, HTTP, TLS over loopback) and the
 * bundled ptcpdump sample into one case; headless Chromium drives the built UI over the loopback
 * WebSocket. Typing validates (green / red with the error's part marked), completion offers fields
 * with descriptions, Enter applies (the packet list holds exactly the frames the engine selects,
 * "Displayed" in the status bar), ↑ recalls history, ★ saves, the field reference searches the
 * registry, Apply as Filter from the detail tree and from the Processes view narrow the list, Ctrl+F
 * focuses the bar and Ctrl+N / Ctrl+B walk the matches. Light and dark screenshots.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFinished } from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openEngine } from '@wirewho/engine';
import { corpusRoot } from '../helpers/corpus.js';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, repoRoot, screenshot, watchPageErrors } from './helpers/browser.js';

const loMix = path.join(corpusRoot, 'captures/lo_mix.pcapng');
const sample = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const built = rendererBuilt();

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('display filters over the real engine', () => {
  let caseDir: string;
  let engine: Awaited<ReturnType<typeof openEngine>>;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let total: number;

  async function ingest(file: string): Promise<void> {
    const finished = new Promise<IngestFinished>((resolve) => {
      const stop = engine.subscribe((event, payload) => {
        if (event === 'ingestFinished') { stop(); resolve(payload as IngestFinished); }
      });
    });
    await engine.service.openEvidence({ path: file });
    const result = await finished;
    expect(result.status, result.error ?? '').toBe('complete');
  }

  /** Frame numbers the engine's filter selects (what the list must show). */
  async function selects(filter: string): Promise<number[]> {
    const p = await engine.service.framesPage({ offset: 0, limit: 5000, filter });
    return p.rows.map((r) => r.number);
  }

  const bar = () => page.getByRole('combobox', { name: 'Display filter' });
  const displayed = () => page.getByLabel('Status bar').getByLabel('Displayed count');
  /** Frame numbers of the packet list's rendered rows (the whole list here: it is short). */
  const listed = () => page.getByRole('grid', { name: 'Packet list' }).getByRole('row').evaluateAll((rows) => rows
    .map((r) => r.getAttribute('data-frame')).filter((n): n is string => n !== null).map(Number));
  async function waitListed(want: number[]): Promise<void> {
    await displayed().filter({ hasText: new RegExp(`^${want.length.toLocaleString('en-US')}$`) }).waitFor();
    // The list is virtual: the rendered rows are the first matches, in order.
    await expect.poll(async () => { const l = await listed(); return l.length > 0 && l.every((n, i) => n === want[i]); }, { timeout: 10_000 }).toBe(true);
  }

  /** Opens collapsed layers (first one first: opening shifts the rest) until `node` is in the tree. */
  async function openUntil(tree: ReturnType<Page['getByRole']>, node: ReturnType<Page['locator']>): Promise<void> {
    for (let i = 0; i < 40 && (await node.count()) === 0; i++) {
      const closed = tree.locator('[role="treeitem"][aria-expanded="false"]').first();
      if ((await closed.count()) === 0) break;
      await closed.locator('.tree-toggle').click();
    }
  }

  beforeAll(async () => {
    for (const f of [loMix, sample]) expect(existsSync(f), `capture missing: ${f}`).toBe(true);
    caseDir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-filter-'));
    engine = await openEngine({ caseDir });
    await ingest(loMix);
    await ingest(sample);
    total = (await engine.service.caseSummary({})).frameCount;
    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    await page.getByLabel('Status bar').getByLabel('Frame count').filter({ hasText: new RegExp(`^${total}$`) }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (caseDir) rmSync(caseDir, { recursive: true, force: true });
  });

  it('an unknown field turns the bar red with the offending part marked and a suggestion', async () => {
    await bar().fill('tcp.prot == 80');
    await page.locator('.filter-input--invalid').waitFor();
    expect(await bar().getAttribute('aria-invalid')).toBe('true');
    const alert = page.getByRole('alert', { name: 'Filter error' });
    await expect.poll(() => alert.textContent()).toContain('Did you mean tcp.port?');
    expect(await alert.locator('mark').textContent()).toBe('tcp.prot');
    expect(await page.getByRole('button', { name: 'Apply display filter' }).isDisabled()).toBe(true);
    await screenshot(page, 'filter-invalid-light');
    await bar().fill('ip.src contains 3');
    await expect.poll(() => alert.locator('mark').textContent()).toBe('contains');
  });

  it('completion lists fields with types and descriptions; Tab completes', async () => {
    await bar().fill('');
    await bar().pressSequentially('dns.qry.na');
    const options = page.getByRole('listbox', { name: 'Field completions' }).getByRole('option');
    await options.first().waitFor();
    const texts = await options.allTextContents();
    expect(texts.some((t) => t.startsWith('dns.qry.name') && /Character string/.test(t) && t.length > 'dns.qry.name Character string'.length + 5)).toBe(true);
    await screenshot(page, 'filter-completion-light');
    while (!(await options.nth(await options.evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-selected') === 'true'))).textContent())!.startsWith('dns.qry.name ')) {
      await bar().press('ArrowDown');
    }
    await bar().press('Tab');
    expect(await bar().inputValue()).toBe('dns.qry.name');
    await page.locator('.filter-input--valid').waitFor();
  });

  it('Enter applies: the list holds exactly the matching frames, Displayed in the status bar', async () => {
    const want = await selects('dns');
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(total);
    await bar().fill('dns');
    await bar().press('Enter');
    await waitListed(want);
    const protocols = await page.getByRole('grid', { name: 'Packet list' }).locator('.packet-cell--protocol').allTextContents();
    expect(new Set(protocols)).toEqual(new Set(['DNS']));
    expect(await page.getByLabel('Status bar').getByLabel('Frame count').textContent()).toBe(String(total));
    await screenshot(page, 'filter-applied-light');
  });

  it('history (↑) and saved filters (★)', async () => {
    await bar().fill('tcp.port == 8080');
    await bar().press('Enter');
    await waitListed(await selects('tcp.port == 8080'));
    await bar().fill('');
    await bar().press('ArrowUp');
    expect(await bar().inputValue()).toBe('tcp.port == 8080');
    await bar().press('ArrowUp');
    expect(await bar().inputValue()).toBe('dns');
    await bar().press('ArrowDown');
    expect(await bar().inputValue()).toBe('tcp.port == 8080');
    await page.locator('.filter-input--valid').waitFor();
    await page.getByRole('button', { name: 'Save this filter' }).click();
    await page.getByRole('button', { name: 'Saved filters' }).click();
    const saved = page.getByRole('menu', { name: 'Saved filters' });
    await saved.getByRole('button', { name: 'tcp.port == 8080', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Saved filters' }).click();
  });

  it('the field reference searches names and descriptions and inserts a field', async () => {
    await page.getByRole('button', { name: 'Field reference' }).click();
    const ref = page.getByRole('dialog', { name: 'Display filter field reference' });
    await ref.getByRole('searchbox', { name: 'Search fields' }).fill('server name');
    const names = await ref.locator('tbody tr td:first-child button').allTextContents();
    expect(names).toContain('tls.handshake.extensions_server_name');
    expect(names.every((n) => n.length > 0)).toBe(true);
    await screenshot(page, 'filter-reference-light');
    await ref.getByRole('button', { name: 'Close field reference' }).click();
  });

  it('Apply as Filter from the detail tree: field == value narrows the list', async () => {
    await bar().fill('dns');
    await bar().press('Enter');
    await waitListed(await selects('dns'));
    await page.getByRole('grid', { name: 'Packet list' }).getByRole('row').filter({ has: page.locator('.packet-cell--number', { hasText: /^1$/ }) }).click();
    const tree = page.getByRole('tree', { name: 'Packet details' });
    // Open the layers until the field shows.
    const node = tree.locator('[data-field="dns.qry.name"]').first();
    await openUntil(tree, node);
    await node.scrollIntoViewIfNeeded();
    await node.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Field actions' });
    const item = menu.getByRole('menuitem', { name: /^Apply as Filter: dns\.qry\.name == "/ });
    const label = (await item.textContent())!.trim();
    const expr = label.replace(/^Apply as Filter: /, '');
    await screenshot(page, 'filter-apply-as-light');
    await item.click();
    await expect.poll(() => bar().inputValue()).toBe(expr);
    const want = await selects(expr);
    expect(want.length).toBeGreaterThan(0);
    await waitListed(want);
    // ...and Selected joins the bar's text.
    await page.getByRole('grid', { name: 'Packet list' }).getByRole('row').first().click();
    await tree.locator('[data-field="dns.qry.name"]').first().waitFor();
    const port = tree.locator('[data-field="udp.srcport"]').first();
    await openUntil(tree, port);
    await port.scrollIntoViewIfNeeded();
    await port.click({ button: 'right' });
    await page.getByRole('menu', { name: 'Field actions' }).getByRole('menuitem', { name: 'Prepare as Filter: …and Selected' }).click();
    await expect.poll(() => bar().inputValue()).toMatch(new RegExp(`^\\(${expr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) && \\(udp\\.srcport == \\d+\\)$`));
    // Prepared, not applied: the list is unchanged.
    expect(await listed()).toEqual(want);
  });

  it('Ctrl+F focuses the bar; Ctrl+N / Ctrl+B go to the next / previous frame the bar selects', async () => {
    await bar().fill('');
    await bar().press('Enter');
    await page.getByLabel('Status bar').getByLabel('Displayed count').waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Packet list' }).focus();
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Display filter');
    await bar().fill('http.request');
    const want = await selects('http.request');
    expect(want.length).toBeGreaterThan(1);
    await page.getByRole('grid', { name: 'Packet list' }).focus();
    const selected = () => page.getByRole('grid', { name: 'Packet list' }).locator('[role="row"][aria-selected="true"]').getAttribute('data-frame');
    await page.keyboard.press('Control+Home').catch(() => undefined);
    await page.keyboard.press('Control+n');
    await expect.poll(selected).toBe(String(want[0]));
    await page.keyboard.press('Control+n');
    await expect.poll(selected).toBe(String(want[1]));
    await page.keyboard.press('Control+b');
    await expect.poll(selected).toBe(String(want[0]));
  });

  it('pid == N from the Processes view narrows the packet list to that process', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Processes' }).click();
    const tree = page.getByRole('treegrid', { name: 'Process tree' });
    await tree.waitFor();
    const link = tree.locator('button.processes-link').first();
    const title = (await link.getAttribute('title')) ?? '';
    const pid = /pid == (\d+)/.exec(title)?.[1];
    expect(pid).toBeDefined();
    await link.click();
    expect(await page.getByRole('tab', { name: 'Packets' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => bar().inputValue()).toBe(`pid == ${pid}`);
    const want = await selects(`pid == ${pid}`);
    expect(want.length).toBeGreaterThan(0);
    await waitListed(want);
    await screenshot(page, 'filter-pid-light');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.locator(':root[data-theme="dark"]').waitFor({ state: 'attached' });
    await bar().fill('tcp.prot');
    await page.locator('.filter-input--invalid').waitFor();
    await screenshot(page, 'filter-invalid-dark');
    await bar().fill(`pid == ${pid}`);
    await page.locator('.filter-input--valid').waitFor();
    await screenshot(page, 'filter-pid-dark');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(pageErrors).toEqual([]);
  });
});
