/**
 * End to end, case files in the app: a .wwcase made by `case export` from the bundled ptcpdump sample
 * is opened from File → Open (the path dialog of `wirewho serve`) over the real Workspace and the
 * loopback WebSocket: it is verified, shown read-only with its manifest (analyst, created-at, evidence
 * hashes) and sealed custody log, and browsed like any capture (frames with their process, the detail
 * tree, the Processes view); notes and exports are refused with the reason, and the archive is never
 * written. Then a copy with one byte of its capture changed is refused, the dialog naming the member.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMembers, MEMBERS, scanArchive, writeArchive } from '@wirewho/casefile';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { EvidenceAccess, exportCase, FrameFilter, ingestEvidenceFile, openWorkspace, type Workspace } from '@wirewho/engine';
import { Annotations, CaseIndex } from '@wirewho/index';
import { launchChromium, RENDERER_MISSING, rendererBuilt, rendererDir, repoRoot, screenshot, watchPageErrors } from './helpers/browser.js';

const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const SAMPLE_SHA256 = '7ca32b0c423a23f74299b4c89a8f6cd4ad7087802660c1116986c81b9e530d6c';
const built = rendererBuilt();
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the renderer is built', () => {
  it('has apps/desktop/out/renderer/index.html', () => {
    expect(built, RENDERER_MISSING).toBe(true);
  });
});

describe.skipIf(!built)('opening a .wwcase in the app', () => {
  let dir: string;
  let caseFile: string;
  let tampered: string;
  let workspace: Workspace;
  let server: RunningWsServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-e2e-casefile-'));
    // `case export` of the sample, with a bookmark, as the CLI does it.
    const source = CaseIndex.open(path.join(dir, 'source'));
    await (await ingestEvidenceFile(source, SAMPLE, { writer: 'inline' })).factIndex;
    new Annotations(source.db).add('bookmark', { target: 'frame', frame: 7 }, 'the GET', 'dana');
    const access = new EvidenceAccess(source);
    caseFile = path.join(dir, 'incident-42.wwcase');
    await exportCase(source, access, new FrameFilter(source, access), { out: caseFile, selection: {}, analyst: 'Dana Analyst', operator: 'dana' });
    access.close();
    source.close();
    // The same case file with one byte of its capture changed (the manifest and comment kept).
    const parts = path.join(dir, 'parts');
    const names = Object.values(MEMBERS);
    mkdirSync(parts);
    await extractMembers(caseFile, names, parts);
    const capture = path.join(parts, MEMBERS.capture);
    const bytes = readFileSync(capture);
    bytes[bytes.length - 40] ^= 0x20;
    writeFileSync(capture, bytes);
    tampered = path.join(dir, 'incident-42-tampered.wwcase');
    await writeArchive(tampered, names.map((n) => ({ name: n, file: path.join(parts, n) })), (await scanArchive(caseFile)).comment);

    workspace = await openWorkspace({ caseDir: path.join(dir, 'home'), extractRoot: path.join(dir, 'open') });
    server = await startWsServer({ service: workspace.service, events: workspace, staticDir: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = watchPageErrors(page);
    await page.goto(server.appUrl);
    await page.getByRole('grid', { name: 'Packet list' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workspace?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openPath(file: string): Promise<void> {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Open…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open capture' });
    await dialog.getByRole('textbox').fill(file);
    await dialog.getByRole('button', { name: 'Open' }).click();
  }

  const manifest = () => page.getByLabel('Case file manifest');
  const status = () => page.getByLabel('Status bar');

  it('verifies it and shows it read-only with its manifest', async () => {
    const before = sha(caseFile);
    await openPath(caseFile);
    await manifest().waitFor();
    expect(await page.getByTestId('read-only-badge').textContent()).toBe('read-only');
    expect(await manifest().getByTestId('case-analyst').textContent()).toBe('Dana Analyst');
    expect(await manifest().getByTestId('case-created').textContent()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await manifest().getByTestId('case-verified').textContent()).toMatch(/6 members match the manifest, custody log of \d+ entries intact/);
    const original = manifest().getByRole('list', { name: 'Original evidence' });
    expect(await original.textContent()).toContain('ptcpdump_curl-thread.pcapng');
    expect(await original.textContent()).toContain(`SHA-256 ${SAMPLE_SHA256}`);
    expect(await status().getByLabel('Case file').textContent()).toContain('Case file incident-42.wwcase — read-only, verified');
    await status().getByLabel('Frame count').filter({ hasText: /^10$/ }).waitFor();
    // Like any capture, the first frame is selected and shown.
    await expect.poll(async () => (await page.getByRole('tree', { name: 'Packet details' }).textContent()) ?? '').toMatch(/Frame 1: /);
    await screenshot(page, 'casefile-open-light');
    expect(sha(caseFile)).toBe(before);
  });

  it('browses frames with their process, the detail tree and the Processes view', async () => {
    const grid = page.getByRole('grid', { name: 'Packet list' });
    await expect.poll(() => grid.getByRole('row').count()).toBeGreaterThan(10);
    expect(await grid.textContent()).toContain('curl');
    await grid.getByRole('row').nth(7).click();
    await expect.poll(async () => (await page.getByRole('tree', { name: 'Packet details' }).textContent()) ?? '').toMatch(/Frame 7: /);
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Processes' }).click();
    const tree = page.getByRole('treegrid', { name: 'Process tree' });
    await tree.getByRole('button', { name: 'curl (122868)' }).waitFor();
    await page.getByRole('tab', { name: 'Packets' }).click();
  });

  it('shows the sealed custody log and the bookmark, and refuses notes and exports with the reason', async () => {
    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Casework' }).click();
    const view = page.getByRole('region', { name: 'Casework' });
    await view.waitFor();
    expect(await view.getByTestId('casework-read-only').textContent()).toContain('opened read-only');
    const form = view.getByRole('form', { name: 'Add annotation' });
    expect(await form.getByRole('button', { name: 'Add' }).isDisabled()).toBe(true);
    expect(await form.getByLabel('Text').isDisabled()).toBe(true);
    const annotations = view.getByRole('table', { name: 'Annotations' });
    expect(await annotations.textContent()).toContain('the GET');
    expect(await annotations.getByRole('button', { name: /^Remove/ }).isDisabled()).toBe(true);
    const log = view.getByRole('table', { name: 'Custody log' });
    const events = await log.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(events).toEqual(['import', 'verification', 'filter', 'case-export']);
    expect(await view.getByText('hash chain intact').count()).toBe(1);
    await screenshot(page, 'casefile-casework-light');

    await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export Specified Packets' });
    expect(await exportDialog.getByTestId('export-read-only').textContent()).toContain('opened read-only');
    expect(await exportDialog.getByRole('button', { name: 'Export' }).isDisabled()).toBe(true);
    await exportDialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a tampered copy is not opened: the dialog names the member that changed', async () => {
    await manifest().getByRole('button', { name: 'Close case file' }).click();
    await manifest().waitFor({ state: 'detached' });
    await status().getByLabel('Frame count').filter({ hasText: /^0$/ }).waitFor();
    await openPath(tampered);
    const dialog = page.getByRole('dialog', { name: 'Case file failed verification' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('was not opened');
    const rows = await dialog.getByRole('table', { name: 'Verification problems' }).locator('tbody tr').evaluateAll(
      (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')),
    );
    expect(rows).toEqual([['capture.pcapng', expect.stringMatching(/^capture\.pcapng changed: SHA-256 [0-9a-f]{64}/)]]);
    expect(await dialog.getByRole('button').allTextContents()).toEqual(['Close']);
    await screenshot(page, 'casefile-tampered-light');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await manifest().count()).toBe(0);
    expect(await status().getByLabel('Frame count').textContent()).toBe('0');
    expect(pageErrors).toEqual([]);
  });
});
