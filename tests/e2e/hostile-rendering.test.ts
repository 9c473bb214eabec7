/**
 * Evidence is attacker-chosen text. A capture full of script and markup payloads (HTTP headers and body,
 * DNS names, pcapng comments, ptcpdump Cmd/Args) is ingested by the real engine and shown in the built
 * UI in headless Chromium: packet list, detail tree, hex pane, Follow and Streams views, Processes.
 * Nothing may run (no dialog, no console error, window.__xss never set, no request leaving the page's
 * origin) and no payload may become an element: every one must appear as literal text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFinished } from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { openEngine } from '@wirewho/engine';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, screenshot, watchPageErrors } from './helpers/browser.js';
import { PAYLOADS, writeHostileUiCapture } from './helpers/hostile-ui-capture.js';

const built = rendererBuilt();

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => { expect(built, RENDERER_MISSING).toBe(true); });
});

describe.skipIf(!built)('hostile strings from evidence render as text, never as markup or code', () => {
  let dir: string;
  let engine: Awaited<ReturnType<typeof openEngine>>;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const dialogs: string[] = [];
  const foreignRequests: string[] = [];
  let frames: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-xss-'));
    const capture = path.join(dir, 'hostile.pcapng');
    frames = writeHostileUiCapture(capture);
    engine = await openEngine({ caseDir: path.join(dir, 'case') });
    const finished = new Promise<IngestFinished>((resolve) => {
      const stop = engine.subscribe((event, payload) => {
        if (event === 'ingestFinished') { stop(); resolve(payload as IngestFinished); }
      });
    });
    await engine.service.openEvidence({ path: capture });
    const result = await finished;
    expect(result.status, result.error ?? '').toBe('complete');
    expect(result.frames).toBe(frames);

    server = await startWsServer({ service: engine.service, events: engine, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = watchPageErrors(page);
    page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith(`ws://127.0.0.1:${server.port}/`)) foreignRequests.push(r.url()); });
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
    await page.getByLabel('Status bar').getByLabel('Frame count').filter({ hasText: new RegExp(`^${frames}$`) }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Nothing ran and nothing became an element; called after every view. */
  async function expectInert(view: string): Promise<void> {
    // Give any injected handler (onerror of a broken image, onload) time to fire.
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      canary: (window as unknown as { __xss?: unknown }).__xss ?? null,
      injected: Array.from(document.querySelectorAll('[id^="xss-"]')).map((e) => e.outerHTML.slice(0, 80)),
      frames: document.querySelectorAll('iframe, object, embed, frame').length,
      foreignScripts: Array.from(document.scripts).filter((s) => !s.src || new URL(s.src).origin !== location.origin).length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length,
      javascriptLinks: Array.from(document.querySelectorAll('[href], [src], [action], [formaction]'))
        .filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction') ?? '')).length,
      // Bidi controls and invisible characters from evidence are shown as \uXXXX escapes, never raw.
      invisible: (/[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\uFEFF]/.exec(document.body.innerText + Array.from(document.querySelectorAll('[title]')).map((e) => e.getAttribute('title')).join('')) ?? [null])[0],
    }));
    expect(state, view).toEqual({ canary: null, injected: [], frames: 0, foreignScripts: 0, handlers: 0, javascriptLinks: 0, invisible: null });
    expect(dialogs, view).toEqual([]);
    expect(errors, view).toEqual([]);
    expect(foreignRequests, view).toEqual([]);
  }

  const bodyText = () => page.evaluate(() => document.body.innerText);

  it('packet list: Info and comment columns show the payloads as text', async () => {
    await expectInert('packet list');
    // The HTTP request's Info column (the request line) carries the encoded payload as text.
    const rows = await page.getByRole('row', { name: /^Frame \d+,/ }).allTextContents();
    expect(rows.join('\n')).toMatch(/GET \/%3Cimg/);
    await screenshot(page, 'hostile-packet-list');
  });

  it('detail tree: HTTP headers, comments and process metadata are literal text', async () => {
    await page.getByRole('row', { name: /^Frame 4,/ }).click();
    await expect.poll(() => page.getByRole('treeitem', { name: /^Frame 4:/ }).count()).toBe(1);
    // Expand everything the tree offers.
    for (let i = 0; i < 40; i++) {
      const collapsed = page.getByRole('treeitem', { expanded: false });
      if (await collapsed.count() === 0) break;
      await collapsed.first().click();
      await page.keyboard.press('ArrowRight');
    }
    const text = await page.getByRole('tree').first().innerText();
    expect(text).toContain(PAYLOADS.script);
    expect(text).toContain(PAYLOADS.svg);
    expect(text).toContain(PAYLOADS.css);
    expect(text).toContain(PAYLOADS.vue);
    await expectInert('detail tree of the HTTP request');
    await screenshot(page, 'hostile-detail');
  });

  it('hex pane: the payload bytes are shown as hex and dots, not interpreted', async () => {
    const bytes = page.getByRole('region', { name: 'Packet bytes', exact: true });
    await expect.poll(() => bytes.locator('.bytes-row').count()).toBeGreaterThan(10);
    const ascii = await bytes.locator('.bytes-ascii').evaluateAll((rows) => rows.map((r) => r.textContent).join(''));
    expect(ascii).toContain('Host: <script id="x');
    await expectInert('hex pane');
  });

  it('DNS frames and comments: names with markup stay text', async () => {
    await page.getByRole('row', { name: /^Frame 10,/ }).click();
    await expect.poll(() => page.getByRole('treeitem', { name: /^Frame 10:/ }).count()).toBe(1);
    const rows = await page.getByRole('row', { name: /^Frame (9|10),/ }).allTextContents();
    expect(rows.join('\n')).toContain('<img id="xss-dns"');
    await expectInert('DNS');
    await page.getByRole('row', { name: /^Frame 9,/ }).click();
    await expect.poll(() => page.getByRole('treeitem', { name: /^Frame 9:/ }).count()).toBe(1);
    await expectInert('comments');
  });

  it('Streams view and Follow stream: request and response as text', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Streams' }).click();
    const conversations = page.getByRole('grid', { name: 'Conversations' });
    await expect.poll(() => conversations.getByRole('row', { name: /^TCP stream 0,/ }).count()).toBe(1);
    await expectInert('Streams view');
    await conversations.getByRole('row', { name: /^TCP stream 0,/ }).dblclick();
    const follow = page.getByRole('region', { name: /^Follow TCP stream 0/ });
    await expect.poll(async () => (await follow.innerText()).includes('HTTP/1.1 200 OK')).toBe(true);
    const text = await follow.innerText();
    for (const p of [PAYLOADS.script, PAYLOADS.iframe, PAYLOADS.css, PAYLOADS.link, PAYLOADS.attr]) expect(text).toContain(p);
    await expectInert('Follow stream');
    await screenshot(page, 'hostile-follow');
  });

  it('Processes view: command and arguments from ptcpdump comments are text', async () => {
    const button = page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Processes' });
    if (await button.count() === 0) return; // the Processes view is not in this build
    await button.click();
    await expect.poll(async () => (await bodyText()).includes('4242')).toBe(true);
    // The command's base name and the arguments, both straight from the comment.
    expect(await bodyText()).toContain('script> (4242)');
    expect(await bodyText()).toContain(`curl ${PAYLOADS.img} ${PAYLOADS.url} invoice\\u202Efdp.exe\\u202C zero\\u200Bwidth`);
    await expectInert('Processes view');
  });

  it('sidebar and status bar: section and interface metadata are text', async () => {
    expect(await bodyText()).toContain('hostile.pcapng');
    await expectInert('whole page');
  });
});
