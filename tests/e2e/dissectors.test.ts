/**
 * End to end, the Dissectors view: headless Chromium drives the built UI against the REAL engine over
 * the loopback WebSocket. A dissector folder (the declarative crap spec, the frag spec and a Lua file
 * that uses os.execute on line 3) is loaded from the view; the files are listed with their protocols,
 * ports and hashes, the Lua file's load error with its line; frag is switched off; a capture ingested
 * afterwards gets crap PDUs (the view's folder reached the ingest) and its detail tree shows them; a
 * message reassembled from two frames shows its bytes in a "Reassembled CRAP over TCP" tab of the bytes
 * pane (highlight and byte -> field both ways); the folder and the switched-off file are kept in the app's settings and loaded again on the next start.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFinished } from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openEngine } from '@wirewho/engine';
import { launchChromium, rendererBuilt, rendererDir, repoRoot, screenshot, watchPageErrors } from './helpers/browser.js';

const EX = path.join(repoRoot, 'resources/dissectors/examples');
const capture = path.join(EX, 'declarative/captures/crap-tcp.pcap');
const built = rendererBuilt();

describe.skipIf(!built)('Dissectors view over the real engine', () => {
  let work: string;
  let folder: string;
  let engine: Awaited<ReturnType<typeof openEngine>>;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  const table = () => page.getByRole('table', { name: 'Dissector files' });
  const rowOf = (file: string) => table().getByRole('row').filter({ hasText: file });

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-dissectors-'));
    folder = path.join(work, 'dissectors');
    mkdirSync(folder);
    copyFileSync(path.join(EX, 'declarative/crap.json'), path.join(folder, 'crap.json'));
    copyFileSync(path.join(EX, 'udp-fragments/frag.yaml'), path.join(folder, 'frag.yaml'));
    writeFileSync(path.join(folder, 'evil.lua'), 'local p = Proto("evil", "Evil")\nfunction p.dissector(tvb, pinfo, tree)\n  os.execute("id")\nend\nDissectorTable.get("tcp.port"):add(4444, p)\n');
    engine = await openEngine({ caseDir: path.join(work, 'case') });
    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('loads a folder, lists its files with load errors and lines, switches one off', async () => {
    await page.getByRole('button', { name: 'Dissectors', exact: true }).click();
    const view = page.getByRole('region', { name: 'Dissectors' });
    await view.getByRole('status').filter({ hasText: 'No dissector folder is loaded' }).waitFor();
    await view.getByRole('textbox', { name: 'Dissector folder' }).fill(folder);
    await view.getByRole('button', { name: 'Load', exact: true }).click();
    await table().waitFor();
    expect(await table().getByRole('row').count()).toBe(4);
    await expect.poll(() => rowOf('crap.json').textContent()).toMatch(/declarative.*crap.*tcp 1337.*loaded.*crap\.magic crap\.length crap\.payload/);
    expect(await rowOf('frag.yaml').textContent()).toMatch(/frag.*udp 1338.*loaded/);
    const evil = await rowOf('evil.lua').textContent();
    expect(evil).toMatch(/Lua.*not loaded.*line 3: 'os' is not available in the Wirewho Lua sandbox/);
    expect(await rowOf('crap.json').locator('.hash').getAttribute('title')).toMatch(/^[0-9a-f]{64}$/);
    await view.getByRole('status').filter({ hasText: '2 loaded, 1 with errors' }).waitFor();

    await page.getByRole('checkbox', { name: 'Enable frag.yaml' }).uncheck();
    await expect.poll(() => rowOf('frag.yaml').getAttribute('data-status')).toBe('disabled');
    const state = await engine.service.dissectors({});
    expect(state.folder).toBe(folder);
    expect(state.files.map((f) => [f.file, f.enabled, f.error?.line ?? null])).toEqual([['crap.json', true, null], ['evil.lua', true, 3], ['frag.yaml', false, null]]);
    await screenshot(page, 'dissectors-light');
    expect(pageErrors).toEqual([]);
  });

  it('dissects a capture opened afterwards; the detail tree shows the crap messages', async () => {
    const finished = new Promise<IngestFinished>((resolve) => {
      const stop = engine.subscribe((event, payload) => { if (event === 'ingestFinished') { stop(); resolve(payload as IngestFinished); } });
    });
    await engine.service.openEvidence({ path: capture });
    expect((await finished).status).toBe('complete');
    const n = engine.index.db.prepare("SELECT count(*) AS n FROM pdus WHERE protocol = 'crap'").get() as { n: number };
    expect(n.n).toBe(8);
    const recorded = engine.index.db.prepare('SELECT name, file FROM dissectors').all();
    expect(recorded).toEqual([{ name: 'crap', file: 'crap.json' }]);
    const detail = await engine.service.frameDetail({ number: 22 });
    expect(detail.tree.filter((x) => x.field === 'crap').map((x) => x.label)).toEqual(['CRAP Protocol', 'CRAP Protocol']);
  });

  it('shows a reassembled message in its own byte source tab and highlights its bytes there', async () => {
    await page.getByRole('tab', { name: 'Packets' }).click();
    const row20 = page.getByRole('row', { name: /^Frame 20,/ });
    await expect.poll(() => row20.count(), { timeout: 10_000 }).toBe(1);
    await row20.click();
    const crap = page.getByRole('treeitem').and(page.locator('[data-field="crap"]'));
    await expect.poll(() => crap.count()).toBe(2);
    for (let k = 0; k < 2; k++) {
      await crap.nth(k).click();
      if ((await crap.nth(k).getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    }
    const bytesPane = page.getByRole('region', { name: 'Packet bytes', exact: true });
    const tabs = page.getByRole('tablist', { name: 'Byte sources' });
    const frameBytes = Buffer.from((await engine.service.frameDetail({ number: 20 })).bytesBase64, 'base64').length;
    expect(await tabs.getByRole('tab').allTextContents()).toEqual([`Frame (${frameBytes} bytes)`, 'Reassembled CRAP over TCP (9 bytes)']);
    const highlighted = bytesPane.locator('.bytes-hex [data-highlighted]');
    const shown = async () => ({
      tab: await tabs.getByRole('tab', { selected: true }).textContent(),
      offsets: await highlighted.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.offset))),
      hex: (await highlighted.allTextContents()).join(''),
    });
    // "x" began in frame 18: its payload is byte 8 of the reassembled source, not of the frame.
    const payloads = page.getByRole('treeitem').and(page.locator('[data-field="crap.payload"]'));
    await payloads.nth(0).click();
    expect(await shown()).toEqual({ tab: 'Reassembled CRAP over TCP (9 bytes)', offsets: [8], hex: '78' });
    expect(await bytesPane.locator('.bytes-hex .byte').count()).toBe(9);
    await screenshot(page, 'dissectors-reassembled-source');
    // "y" lies whole in frame 20: the frame's tab comes back with its byte highlighted.
    await payloads.nth(1).click();
    const second = await shown();
    expect(second.tab).toBe(`Frame (${frameBytes} bytes)`);
    expect(second.hex).toBe('79');
    expect(second.offsets).toEqual([frameBytes - 1]);
    // Bytes -> tree inside the reassembled source: its first byte is the first message's magic.
    await tabs.getByRole('tab', { name: 'Reassembled CRAP over TCP (9 bytes)' }).click();
    await bytesPane.locator('.bytes-hex [data-offset="0"]').click();
    const selected = page.getByRole('treeitem', { selected: true });
    expect(await selected.getAttribute('data-field')).toBe('crap.magic');
    expect(await shown()).toEqual({ tab: 'Reassembled CRAP over TCP (9 bytes)', offsets: [0, 1, 2, 3], hex: '63726170' });
    expect(pageErrors).toEqual([]);
  });

  it('keeps the folder in the app settings and loads it again on the next start', async () => {
    await engine.service.setDissectorFolder({ folder: null });
    await page.reload();
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    await expect.poll(async () => (await engine.service.dissectors({})).folder).toBe(folder);
    const state = await engine.service.dissectors({});
    expect(state.files.filter((f) => !f.enabled).map((f) => f.file)).toEqual(['frag.yaml']);
    await page.getByRole('button', { name: 'Dissectors', exact: true }).click();
    await expect.poll(() => rowOf('frag.yaml').getAttribute('data-status')).toBe('disabled');
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    await expect.poll(() => rowOf('crap.json').getAttribute('data-status')).toBe('loaded');
    expect(pageErrors).toEqual([]);
  });
});
