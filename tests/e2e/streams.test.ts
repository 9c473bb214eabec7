/**
 * End to end, Streams and Follow Stream: the REAL engine ingests lo_mix.pcapng (HTTP, DNS, TLS) and a
 * public capture with a lost segment into one case; headless Chromium drives the built UI over the
 * loopback WebSocket. What the Follow view shows is checked against the tshark oracle's reassembled
 * bytes (SHA-256 per direction), and the gap against the recorded hole. Screenshots in light and dark
 * land in tests/.artifacts/screenshots/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFinished } from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openEngine } from '@wirewho/engine';
import { corpusRoot } from '../helpers/corpus.js';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, screenshot, watchPageErrors } from './helpers/browser.js';

const loMix = path.join(corpusRoot, 'captures/lo_mix.pcapng');
const lossy = path.join(corpusRoot, 'public/pcapplusplus/unidirectional_tcp_stream_with_missing_packet.pcap');
const built = rendererBuilt();

interface OracleDir { len: number; sha256: string }
interface OracleTcp { stream: number; reassembled: { node0_to_node1: OracleDir; node1_to_node0: OracleDir } }
const oracleOf = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { tcp_streams: OracleTcp[]; udp_streams: unknown[] };
const loMixOracle = oracleOf(path.join(corpusRoot, 'oracle/lo_mix.pcapng.json'));
const lossyOracle = oracleOf(path.join(corpusRoot, 'oracle/public/unidirectional_tcp_stream_with_missing_packet.pcap.json'));

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(typeof b === 'string' ? Buffer.from(b, 'latin1') : b).digest('hex');

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('Streams and Follow Stream over the real engine', () => {
  let caseDir: string;
  let engine: Awaited<ReturnType<typeof openEngine>>;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  async function ingest(file: string): Promise<void> {
    const finished = new Promise<IngestFinished>((resolve) => {
      const stop = engine.subscribe((event, payload) => {
        if (event === 'ingestFinished') {
          stop();
          resolve(payload as IngestFinished);
        }
      });
    });
    await engine.service.openEvidence({ path: file });
    const result = await finished;
    expect(result.status, result.error ?? '').toBe('complete');
  }

  const conversations = () => page.getByRole('grid', { name: 'Conversations' });
  const streamRow = (name: RegExp) => conversations().getByRole('row', { name });
  const followView = (title: string) => page.getByRole('region', { name: title, exact: true });
  /** Texts of the shown chunks of a Follow view, in order, with the side they came from. */
  const chunks = (view: Locator) => view.locator('.follow-chunk').evaluateAll((els) => els.map((e) => ({
    kind: (e as HTMLElement).dataset.kind!, from: (e as HTMLElement).dataset.from!, cls: e.className, text: e.textContent ?? '',
    color: getComputedStyle(e).color, background: getComputedStyle(e).backgroundColor,
  })));

  beforeAll(async () => {
    for (const f of [loMix, lossy]) expect(existsSync(f), `corpus capture missing: ${f}`).toBe(true);
    caseDir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-streams-'));
    engine = await openEngine({ caseDir });
    await ingest(loMix); // evidence 1: frames 1-668
    await ingest(lossy); // evidence 2: frames 669-682
    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    await page.getByLabel('Status bar').getByLabel('Frame count').filter({ hasText: /^682$/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (caseDir) rmSync(caseDir, { recursive: true, force: true });
  });

  it('opens the Streams view as a tab listing every TCP and UDP conversation of the case', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Streams' }).click();
    expect(await page.getByRole('tab', { name: 'Streams' }).getAttribute('aria-selected')).toBe('true');
    const total = loMixOracle.tcp_streams.length + loMixOracle.udp_streams.length + lossyOracle.tcp_streams.length;
    await expect.poll(() => conversations().getAttribute('aria-rowcount')).toBe(String(total));
    // Default order: evidence, protocol, stream number; the first row is lo_mix's tcp.stream 0.
    const first = streamRow(/^TCP stream 0,/).first();
    await first.waitFor();
    expect(await first.getByRole('gridcell').allTextContents()).toEqual(expect.arrayContaining(['0', 'TCP', '127.0.0.1', '45105', '127.0.0.53', '53']));
    // Two evidence files: the Evidence column tells their stream 0s apart.
    expect(await conversations().getByRole('columnheader', { name: /^Ev/ }).count()).toBe(1);
    await screenshot(page, 'streams-light');
  });

  it('sorts by a column (descending on the second click) and filters by protocol', async () => {
    const header = conversations().getByRole('columnheader', { name: /^Bytes$/ });
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    // The 5 MiB download (lo_mix tcp.stream 2) has the most bytes, then the 2 MiB POST (stream 4).
    const labels = () => conversations().getByRole('row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')).filter(Boolean));
    await expect.poll(async () => (await labels()).slice(0, 2)).toEqual([
      'TCP stream 2, 127.0.0.1:40001 to 127.0.0.1:8080, evidence 1', 'TCP stream 4, 127.0.0.1:40003 to 127.0.0.1:8080, evidence 1',
    ]);
    const packets = conversations().getByRole('columnheader', { name: /^Packets$/ });
    await packets.click();
    expect(await packets.getAttribute('aria-sort')).toBe('ascending');
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp');
    await expect.poll(() => conversations().getAttribute('aria-rowcount')).toBe(String(loMixOracle.udp_streams.length));
    expect((await labels()).every((l) => l!.startsWith('UDP stream'))).toBe(true);
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption('');
    await conversations().getByRole('columnheader', { name: /^Stream/ }).click();
    await expect.poll(async () => (await labels())[0]).toBe('TCP stream 0, 127.0.0.1:45105 to 127.0.0.53:53, evidence 1');
    await screenshot(page, 'streams-sorted-light');
  });

  it('double-click follows a stream: client and server coloured, the text is the reassembled bytes', async () => {
    await streamRow(/^TCP stream 6, 127\.0\.0\.1:40005/).dblclick();
    const view = followView('Follow TCP stream 6 (evidence 1)');
    await view.waitFor();
    expect(await page.getByRole('tab', { name: 'Follow TCP stream 6 (evidence 1)' }).getAttribute('aria-selected')).toBe('true');
    const o = loMixOracle.tcp_streams[6].reassembled;
    await expect.poll(async () => (await chunks(view)).filter((c) => c.from === 'server').map((c) => c.text).join('').length)
      .toBe(o.node1_to_node0.len);
    const shown = await chunks(view);
    expect(shown.every((c) => c.kind === 'data')).toBe(true);
    // Three pipelined GETs in one write, then the responses: arrival order as in Wireshark's dialog.
    expect(shown[0].from).toBe('client');
    const client = shown.filter((c) => c.from === 'client').map((c) => c.text).join('');
    expect(client.match(/^GET /gm)).toHaveLength(3);
    expect({ len: client.length, sha: sha256(client) }).toEqual({ len: o.node0_to_node1.len, sha: o.node0_to_node1.sha256 });
    for (const c of shown) expect(c.cls).toContain(`follow-chunk--${c.from}`);
    const clientStyle = shown.find((c) => c.from === 'client')!, serverStyle = shown.find((c) => c.from === 'server')!;
    expect(clientStyle.color).not.toBe(serverStyle.color);
    expect(clientStyle.background).not.toBe(serverStyle.background);
    expect(await view.getByLabel('Stream summary').textContent()).toMatch(/258 bytes client → server · 67\.0 KiB server → client/);
    await screenshot(page, 'follow-ascii-light');
  });

  it('Raw shows the bytes as hex: decoded, each direction equals the oracle SHA-256', async () => {
    const view = followView('Follow TCP stream 6 (evidence 1)');
    await view.getByRole('radio', { name: 'Raw' }).check();
    const o = loMixOracle.tcp_streams[6].reassembled;
    // The view re-renders after the radio changes: wait until it shows raw hex.
    await expect.poll(async () => { const c = await chunks(view); return c.length > 0 && c.every((x) => /^([0-9a-f]{2})+$/.test(x.text)); }).toBe(true);
    const shown = await chunks(view);
    const bytesOf = (from: string) => Buffer.from(shown.filter((c) => c.from === from).map((c) => c.text).join(''), 'hex');
    for (const c of shown) expect(c.text).toMatch(/^([0-9a-f]{2})+$/);
    expect({ len: bytesOf('client').length, sha: sha256(bytesOf('client')) }).toEqual({ len: o.node0_to_node1.len, sha: o.node0_to_node1.sha256 });
    expect({ len: bytesOf('server').length, sha: sha256(bytesOf('server')) }).toEqual({ len: o.node1_to_node0.len, sha: o.node1_to_node0.sha256 });
    await screenshot(page, 'follow-raw-light');
  });

  it('Hex dump lines carry stream offsets; one direction only shows that side', async () => {
    const view = followView('Follow TCP stream 6 (evidence 1)');
    await view.getByRole('radio', { name: 'Hex dump' }).check();
    await view.getByRole('combobox', { name: 'Direction' }).selectOption('server');
    await expect.poll(async () => (await chunks(view)).every((c) => c.from === 'server')).toBe(true);
    const shown = await chunks(view);
    const lines = shown.flatMap((c) => c.text.split('\n'));
    expect(lines[0]).toMatch(/^00000000 {2}48 54 54 50 2f 31 2e 31 {2}20 32 30 30 20 4f 4b 0d {2}HTTP\/1\.1 200 OK\.$/);
    // Each line starts at the stream offset of its first byte (in the server's direction).
    const o = loMixOracle.tcp_streams[6].reassembled.node1_to_node0;
    const rows = lines.map((l) => ({ offset: parseInt(l.slice(0, 8), 16), hex: l.slice(10, 59).replace(/ /g, '') }));
    let at = 0;
    for (const r of rows) {
      expect(r.offset).toBe(at);
      at += r.hex.length / 2;
    }
    expect(at).toBe(o.len);
    expect(sha256(Buffer.from(rows.map((r) => r.hex).join(''), 'hex'))).toBe(o.sha256);
    await screenshot(page, 'follow-hex-light');
    await view.getByRole('combobox', { name: 'Direction' }).selectOption('both');
    await view.getByRole('radio', { name: 'ASCII' }).check();
  });

  it('in a browser, "Save client bytes" downloads exactly the reassembled client bytes', async () => {
    const view = followView('Follow TCP stream 6 (evidence 1)');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save client bytes…' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('tcp-stream-6-client.bin');
    const file = await download.path();
    expect(sha256(readFileSync(file))).toBe(loMixOracle.tcp_streams[6].reassembled.node0_to_node1.sha256);
    const [server] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save server bytes…' }).click(),
    ]);
    expect(sha256(readFileSync(await server.path()))).toBe(loMixOracle.tcp_streams[6].reassembled.node1_to_node0.sha256);
  });

  it('follows from a frame\'s context menu in the packet list', async () => {
    await page.getByRole('tab', { name: 'Packets' }).click();
    await page.keyboard.press('Control+g');
    const dialog = page.getByRole('dialog', { name: 'Go to frame' });
    await dialog.getByRole('textbox').fill('1');
    await dialog.getByRole('button', { name: 'Go' }).click();
    // Frame 1 is a DNS query over UDP: Follow TCP is disabled, Follow UDP names its udp.stream.
    await page.getByRole('row', { name: /^Frame 1,/ }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Frame actions' });
    expect(await menu.getByRole('menuitem', { name: 'Follow TCP Stream' }).getAttribute('aria-disabled')).toBe('true');
    await screenshot(page, 'follow-context-menu-light');
    await menu.getByRole('menuitem', { name: 'Follow UDP Stream (udp.stream 0)' }).click();
    const view = followView('Follow UDP stream 0 (evidence 1)');
    await view.waitFor();
    await expect.poll(async () => (await chunks(view)).length).toBe(2);
    const shown = await chunks(view);
    expect(shown.map((c) => c.from)).toEqual(['client', 'server']);
    expect(shown[0].text).toContain('static.corpus.test');
  });

  it('follows the selected frame with Ctrl+Alt+Shift+T (Wireshark) and Ctrl+Shift+T', async () => {
    await page.getByRole('tab', { name: 'Packets' }).click();
    await page.keyboard.press('Control+g');
    const dialog = page.getByRole('dialog', { name: 'Go to frame' });
    await dialog.getByRole('textbox').fill('12');
    await dialog.getByRole('button', { name: 'Go' }).click();
    await expect.poll(() => page.getByRole('row', { name: /^Frame 12,/ }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Control+Alt+Shift+T');
    await followView('Follow TCP stream 0 (evidence 1)').waitFor();
    expect(await page.getByRole('tab', { name: 'Follow TCP stream 0 (evidence 1)' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Close Follow TCP stream 0 (evidence 1)' }).click();
    await page.getByRole('tab', { name: 'Packets' }).click();
    await page.getByRole('row', { name: /^Frame 12,/ }).click();
    await page.keyboard.press('Control+Shift+T');
    await followView('Follow TCP stream 0 (evidence 1)').waitFor();
  });

  it('shows a gap where the capture lost a segment (public capture with a missing packet)', async () => {
    await page.getByRole('tab', { name: 'Streams' }).click();
    const row = streamRow(/^TCP stream 0, 10\.0\.0\.1:61541/);
    await row.waitFor();
    expect(await row.getByRole('gridcell').allTextContents()).toEqual(expect.arrayContaining(['2', '1']));
    // This time from the conversation's context menu.
    await row.click({ button: 'right' });
    await page.getByRole('menu', { name: 'Conversation actions' }).getByRole('menuitem', { name: 'Follow TCP Stream (tcp.stream 0)' }).click();
    const view = followView('Follow TCP stream 0 (evidence 2)');
    await view.waitFor();
    await expect.poll(async () => (await chunks(view)).length).toBeGreaterThan(2);
    const shown = await chunks(view);
    const gaps = shown.filter((c) => c.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0].text).toBe('[1420 bytes missing in capture — client → server at offset 1420: never filled before the capture ended; before frame 672]');
    expect(gaps[0].cls).toContain('follow-chunk--gap');
    // The bytes before the hole are tshark's (its Follow stops there); ours go on after it.
    const data = shown.filter((c) => c.kind === 'data');
    const before = data.slice(0, shown.indexOf(gaps[0])).map((c) => c.text).join('');
    expect(sha256(before)).toBe(lossyOracle.tcp_streams[0].reassembled.node0_to_node1.sha256);
    expect(data.map((c) => c.text).join('').length).toBe(8528);
    expect(await view.getByLabel('Stream summary').textContent()).toContain('1 gap (1.4 KiB missing)');
    await screenshot(page, 'follow-gap-light');
  });

  it('looks right in the dark theme', async () => {
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'follow-gap-dark');
    await page.getByRole('tab', { name: 'Follow TCP stream 6 (evidence 1)' }).click();
    const view = followView('Follow TCP stream 6 (evidence 1)');
    await expect.poll(async () => { const c = await chunks(view); return c.some((x) => x.from === 'client') && c.some((x) => x.from === 'server'); }).toBe(true);
    const shown = await chunks(view);
    const client = shown.find((c) => c.from === 'client')!, server = shown.find((c) => c.from === 'server')!;
    expect(client.background).not.toBe(server.background);
    await screenshot(page, 'follow-ascii-dark');
    await page.getByRole('tab', { name: 'Streams' }).click();
    await screenshot(page, 'streams-dark');
    await page.getByRole('button', { name: 'Dark theme' }).click();
  });

  it('stays usable at 150% zoom (Follow controls wrap, nothing hidden)', async () => {
    const zoomed = await browser.newPage({ viewport: { width: 960, height: 600 }, deviceScaleFactor: 1.5 });
    const errors = watchPageErrors(zoomed);
    await zoomed.goto(server.appUrl);
    await zoomed.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Streams' }).click();
    await zoomed.getByRole('grid', { name: 'Conversations' }).getByRole('row', { name: /^TCP stream 6,/ }).dblclick();
    const view = zoomed.getByRole('region', { name: 'Follow TCP stream 6 (evidence 1)', exact: true });
    await view.locator('.follow-chunk').first().waitFor();
    for (const name of ['Save client bytes…', 'Save server bytes…']) expect(await view.getByRole('button', { name }).isVisible()).toBe(true);
    expect(await view.getByRole('radio', { name: 'Raw' }).isVisible()).toBe(true);
    await screenshot(zoomed, 'follow-ascii-light-150');
    await zoomed.close();
    expect(errors).toEqual([]);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
