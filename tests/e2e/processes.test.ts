/**
 * End to end, the Processes view: the REAL engine ingests the bundled sample (ptcpdump, curl with a
 * thread), a second ptcpdump capture and the synthetic tcpshark file into one case; headless
 * Chromium drives the built UI over the loopback WebSocket. The tree, its figures, the timeline
 * plot, the Process column of the packet list and the Streams view are checked against the index;
 * clicking a process applies `pid == N` and shows the packet list. Screenshots in light and dark
 * land in tests/.artifacts/screenshots/.
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

const sample = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const curlUser = path.join(corpusRoot, 'public/ptcpdump/ptcpdump_curl-user.pcapng');
const tcpshark = path.join(corpusRoot, 'synthetic/tcpshark_layout_synthetic.pcapng');
const built = rendererBuilt();

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('Processes over the real engine', () => {
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

  const tree = () => page.getByRole('treegrid', { name: 'Process tree' });
  const treeRows = () => tree().getByRole('row').evaluateAll((rows) => rows
    .filter((r) => r.getAttribute('aria-level'))
    .map((r) => ({ label: r.getAttribute('aria-label'), level: r.getAttribute('aria-level'), cells: Array.from(r.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent.trim()) })));

  beforeAll(async () => {
    for (const f of [sample, curlUser, tcpshark]) expect(existsSync(f), `capture missing: ${f}`).toBe(true);
    caseDir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-processes-'));
    engine = await openEngine({ caseDir });
    await ingest(sample); // frames 1-10, curl 122868
    await ingest(curlUser); // frames 11-15, curl 99722
    await ingest(tcpshark); // frames 16-21, curl 4242 (tcpshark)
    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    await page.getByLabel('Status bar').getByLabel('Frame count').filter({ hasText: /^21$/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (caseDir) rmSync(caseDir, { recursive: true, force: true });
  });

  it('the packet list has a Process column: "cmd (pid)", with arguments, parent and source on hover', async () => {
    const list = page.getByRole('grid', { name: 'Packet list' });
    expect(await list.getByRole('columnheader').allTextContents()).toContain('Process');
    const cell = list.locator('[data-frame="1"] .packet-cell--process');
    await expect.poll(() => cell.textContent()).toBe('curl (122868)');
    const title = (await cell.getAttribute('title'))!;
    expect(title).toContain('Arguments: curl kernel.com');
    expect(title).toContain('Parent PID: 53229');
    expect(title).toContain('Source: ptcpdump');
    expect(title).toContain('This frame was sent by the process');
    // tcpshark's inbound frame 18 carried PID 0: it shows its stream's process, marked as derived.
    const derived = list.locator('[data-frame="18"] .packet-cell--process');
    await expect.poll(() => derived.textContent()).toBe('curl (4242)');
    expect(await derived.getAttribute('title')).toContain('from its stream');
    // The ICMP frame belongs to nobody.
    expect(await list.locator('[data-frame="21"] .packet-cell--process').textContent()).toBe('');
    await screenshot(page, 'processes-packet-list-light');
  });

  it('the Processes tab shows a tree by parent with command, arguments, user, first/last seen, streams and bytes', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Processes' }).click();
    expect(await page.getByRole('tab', { name: 'Processes' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await treeRows()).length).toBe(5);
    const rows = await treeRows();
    const procs = engine.index.processes.all();
    expect(procs.map((p) => p.pid)).toEqual([122868, 99722, 4242]);
    // ptcpdump names each curl's parent shell (not on the network): a described row above it.
    expect(rows.map((r) => [r.label, r.level])).toEqual([
      ['bash (53229)', '1'], ['curl (122868)', '2'], ['bash (18840)', '1'], ['curl (99722)', '2'], ['curl (4242)', '1'],
    ]);
    const p = procs[0];
    const kib = (n: number) => `${(n / 1024).toFixed(n < 10240 ? 2 : 1)} KiB`;
    const bytes = (n: number) => (n < 1024 ? `${n} B` : kib(n));
    // First/last seen in UTC, as tshark's frame.time_epoch of the first and last frame (1734746437.400239166 ...).
    expect(rows[1].cells).toEqual([
      'curl (122868) ev 1', 'curl kernel.com', '', '2024-12-21 02:00:37.400239166', '2024-12-21 02:00:38.973317706', '1',
      bytes(p.bytesSent), bytes(p.bytesReceived), 'ptcpdump',
    ]);
    expect(rows[3].cells[2]).toBe('uid 1000');
    expect(rows[4].cells.at(-1)).toBe('tcpshark');
    expect(rows[0].cells[1]).toBe('-bash');
    await screenshot(page, 'processes-light');
  });

  it('the timeline plots one lane per process with a mark wherever it talked', async () => {
    const plot = page.getByRole('img', { name: /^Timeline of 3 processes/ });
    await plot.waitFor();
    const lanes = await page.locator('.timeline-lane').evaluateAll((gs) => gs.map((g) => ({
      id: Number(g.getAttribute('data-process')),
      marks: Array.from(g.querySelectorAll('.timeline-mark')).map((m) => ({ x: Number(m.getAttribute('x')), title: m.querySelector('title')!.textContent })),
    })));
    const procs = engine.index.processes.all();
    expect(lanes.map((l) => l.id)).toEqual(procs.map((p) => p.id));
    // Marks are in time order, and their frames add up to the process's frames.
    for (const [i, lane] of lanes.entries()) {
      expect(lane.marks.length).toBeGreaterThan(0);
      const frames = lane.marks.map((m) => Number(/in (\d+) frames?$/.exec(m.title)![1])).reduce((a, b) => a + b, 0);
      expect(frames).toBe(procs[i].frames);
      expect(lane.marks.map((m) => m.x)).toEqual([...lane.marks.map((m) => m.x)].sort((a, b) => a - b));
    }
    // The three captures are months apart: each process sits in its own region of the axis.
    const firstX = lanes.map((l) => l.marks[0].x);
    expect(new Set(firstX).size).toBe(3);
    // One evidence file's timeline: the sample's curl over its 1.57 s, frame by frame.
    await page.getByRole('combobox', { name: 'Timeline evidence' }).selectOption('1');
    await page.getByRole('img', { name: /^Timeline of 1 processes over 1\.57/ }).waitFor();
    const marks = await page.locator('.timeline-lane .timeline-mark title').allTextContents();
    expect(marks.map((t) => Number(/in (\d+) frames?$/.exec(t)![1])).reduce((a, b) => a + b, 0)).toBe(10);
    expect(marks[0]).toMatch(/^curl \(122868\) 0\.000000–/);
    await screenshot(page, 'processes-timeline-light');
  });

  it('dark theme', async () => {
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.locator(':root[data-theme="dark"]').waitFor({ state: 'attached' });
    await screenshot(page, 'processes-dark');
    await page.getByRole('button', { name: 'Dark theme' }).click();
  });

  it('the Streams view names each conversation\'s process', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Streams' }).click();
    const grid = page.getByRole('grid', { name: 'Conversations' });
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(engine.index.streams.count()));
    const processCells = await grid.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.querySelector('[role="gridcell"]:nth-last-child(7)')?.textContent ?? ''));
    expect(await grid.getByRole('columnheader', { name: 'Process' }).count()).toBe(1);
    expect(processCells.join(' ')).toMatch(/curl \(122868\).*curl \(99722\).*curl \(4242\)/);
    await screenshot(page, 'processes-streams-light');
    await page.getByRole('tab', { name: 'Processes' }).click();
  });

  it('clicking a process applies pid == N and shows the packet list', async () => {
    await tree().getByRole('button', { name: 'curl (4242)' }).click();
    expect(await page.getByRole('tab', { name: 'Packets' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
