/**
 * The workspace the app hosts: a .wwcase opens read-only through the contract (verified first, never
 * written), edits are refused with 'read-only', its custody log is the archive's; a tampered one is not
 * opened and the answer names the member; closing it brings the working case back.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSwitched, EventName } from '@wirewho/contract';
import { extractMembers, MEMBERS, scanArchive, verifyCaseFile, writeArchive } from '@wirewho/casefile';
import { Annotations, CaseIndex } from '@wirewho/index';
import { exportCase } from './case-export.js';
import { EvidenceAccess } from './evidence-access.js';
import { FrameFilter } from './frame-filter.js';
import { ingestEvidenceFile } from './ingest.js';
import { openWorkspace, type Workspace } from './workspace.js';

const SAMPLE = fileURLToPath(new URL('../../../resources/samples/ptcpdump_curl-thread.pcapng', import.meta.url));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let work: string;
let caseFile: string;
let ws: Workspace;
const events: { event: EventName; payload: unknown }[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'wirewho-workspace-'));
  const source = CaseIndex.open(path.join(work, 'source'));
  await (await ingestEvidenceFile(source, SAMPLE, { writer: 'inline' })).factIndex;
  new Annotations(source.db).add('bookmark', { target: 'frame', frame: 3 }, 'the SYN', 'alice');
  const access = new EvidenceAccess(source);
  caseFile = path.join(work, 'evidence.wwcase');
  await exportCase(source, access, new FrameFilter(source, access), { out: caseFile, selection: { frames: [1, 2, 3, 4, 5, 6] }, analyst: 'Alice', operator: 'alice' });
  access.close();
  source.close();
  ws = await openWorkspace({ caseDir: path.join(work, 'home'), writer: 'inline', extractRoot: path.join(work, 'open') });
  ws.subscribe((event, payload) => { events.push({ event, payload }); });
}, 60_000);

afterAll(async () => {
  await ws?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a case file in the workspace', () => {
  it('opens read-only with its manifest, browses like a capture, and leaves the archive untouched', async () => {
    const before = sha(caseFile);
    const r = await ws.service.openCaseFile({ path: caseFile });
    expect(r.problems).toEqual([]);
    expect(r.opened).toBe(true);
    expect(r.caseFile).toMatchObject({ analyst: 'Alice', operator: 'alice', formatVersion: 1, counts: expect.objectContaining({ frames: 6 }) });
    expect(r.caseFile!.evidence).toEqual([expect.objectContaining({ fileName: 'ptcpdump_curl-thread.pcapng', verified: true,
      sha256: '7ca32b0c423a23f74299b4c89a8f6cd4ad7087802660c1116986c81b9e530d6c' })]);
    const switched = events.find((e) => e.event === 'caseSwitched')?.payload as CaseSwitched;
    expect(switched.caseFile?.path).toBe(caseFile);

    const summary = await ws.service.caseSummary({});
    expect(summary.frameCount).toBe(6);
    expect(summary.caseFile?.path).toBe(caseFile);
    expect((await ws.service.framesPage({ offset: 0, limit: 10 })).rows.map((f) => f.process?.pid)).toEqual(Array(6).fill(122868));
    expect((await ws.service.processesPage({ offset: 0, limit: 10 })).rows.map((p) => p.name)).toEqual(['curl']);
    expect((await ws.service.frameDetail({ number: 1 })).tree.length).toBeGreaterThan(0);
    expect(await ws.service.annotations({})).toEqual([expect.objectContaining({ kind: 'bookmark', frame: 3, text: 'the SYN' })]);
    expect(sha(caseFile)).toBe(before);
  });

  it('refuses every edit with a read-only error saying why', async () => {
    const refusals = [
      ws.service.addAnnotation({ kind: 'note', on: { target: 'frame', frame: 1 }, text: 'x' }),
      ws.service.removeAnnotation({ id: 1 }),
      ws.service.openEvidence({ path: SAMPLE }),
      ws.service.exportPackets({ selection: {}, format: 'pcapng', path: path.join(work, 'out.pcapng') }),
    ];
    for (const p of refusals) await expect(p).rejects.toMatchObject({ code: 'read-only', message: expect.stringContaining('case file, opened read-only') });
    expect(existsSync(path.join(work, 'out.pcapng'))).toBe(false);
    expect(await ws.service.annotations({})).toHaveLength(1);
  });

  it('shows the custody log sealed in the archive, chain intact, with nothing appended for the opening', async () => {
    const log = await ws.service.custodyLog({});
    expect(log.problems).toEqual([]);
    const scan = await scanArchive(caseFile, new Set([MEMBERS.custody]));
    const lines = scan.texts.get(MEMBERS.custody)!.trimEnd().split('\n');
    expect(log.entries.map((e) => e.seq)).toEqual(lines.map((l) => (JSON.parse(l) as { seq: number }).seq));
    expect(log.entries.map((e) => e.event)).toEqual(expect.arrayContaining(['import', 'verification', 'filter', 'case-export']));
    expect(log.entries.at(-1)!.event).toBe('case-export');
  });

  it('closes back to the working case and removes what it extracted', async () => {
    expect(readdirSync(path.join(work, 'open'))).toHaveLength(1);
    expect(await ws.service.closeCaseFile({})).toEqual({ closed: true });
    expect(readdirSync(path.join(work, 'open'))).toHaveLength(0);
    const summary = await ws.service.caseSummary({});
    expect(summary.caseFile).toBeUndefined();
    expect(summary.frameCount).toBe(0);
    expect(await ws.service.closeCaseFile({})).toEqual({ closed: false });
  });

  it('does not open a tampered case file and names the member that changed', async () => {
    const dir = mkdtempSync(path.join(work, 'tamper-'));
    const names = Object.values(MEMBERS);
    await extractMembers(caseFile, names, dir);
    const capture = path.join(dir, MEMBERS.capture);
    const b = readFileSync(capture);
    b[b.length - 10] ^= 0x01;
    writeFileSync(capture, b);
    const bad = path.join(work, 'tampered.wwcase');
    await writeArchive(bad, names.map((n) => ({ name: n, file: path.join(dir, n) })), (await scanArchive(caseFile)).comment, { force: true });
    const switches = events.filter((e) => e.event === 'caseSwitched').length;
    const r = await ws.service.openCaseFile({ path: bad });
    expect(r.opened).toBe(false);
    expect(r.caseFile).toBeNull();
    expect(r.problems).toEqual([{ member: 'capture.pcapng', message: expect.stringMatching(/^capture\.pcapng changed: SHA-256 [0-9a-f]{64}/) }]);
    expect(events.filter((e) => e.event === 'caseSwitched')).toHaveLength(switches);
    expect((await ws.service.caseSummary({})).caseFile).toBeUndefined();
    expect(readdirSync(path.join(work, 'open'))).toHaveLength(0);
  });

  it('exports a case file from the working case (the app\'s File → Export as .wwcase), and opens it', async () => {
    await ws.service.openEvidence({ path: SAMPLE });
    await ws.idle();
    expect((await ws.service.caseSummary({})).frameCount).toBe(10);
    const out = path.join(work, 'from-app.wwcase');
    await expect(ws.service.exportCaseFile({ selection: {}, path: path.join(work, 'from-app.zip') })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(ws.service.exportCaseFile({ selection: {}, path: SAMPLE, force: true })).rejects.toMatchObject({ code: 'forbidden' });
    const r = await ws.service.exportCaseFile({ selection: { pid: 122868 }, path: out, analyst: 'Dana' });
    expect(r).toMatchObject({ path: out, format: 'wwcase', frames: 10, sha256: sha(out) });
    const v = await verifyCaseFile(out);
    expect(v.ok).toBe(true);
    expect(v.manifest?.analyst).toBe('Dana');
    await expect(ws.service.exportCaseFile({ selection: {}, path: out })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('already exists') });
    expect((await ws.service.openCaseFile({ path: out })).opened).toBe(true);
    await expect(ws.service.exportCaseFile({ selection: {}, path: path.join(work, 'again.wwcase') })).rejects.toMatchObject({ code: 'read-only' });
    await ws.service.closeCaseFile({});
  });

  it('refuses a capture passed as a case file and a case file passed as a capture, clearly', async () => {
    await expect(ws.service.openCaseFile({ path: SAMPLE })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('not a readable case file') });
    await expect(ws.service.openEvidence({ path: caseFile })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('is a case file') });
  });
});
