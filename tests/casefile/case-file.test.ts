/**
 * Case files end to end: export a case with notes and bookmarks, verify it, open it and browse it;
 * then tamper with it — one byte of each member, one custody entry changed or dropped, a byte of the
 * archive itself — and check that verify names what changed; refuse a newer format; refuse to
 * overwrite; leave nothing that looks complete when killed mid-way.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMENT_PREFIX, custodyLinesOf, extractMembers, MEMBERS, scanArchive, verifyCaseFile, writeArchive, NewerCaseFormatError,
} from '@wirewho/casefile';
import { Annotations, CaseIndex, CustodyLog, sha256Hex } from '@wirewho/index';
import { EvidenceAccess, exportCase, FrameFilter, ingestEvidenceFile, openCaseFile } from '@wirewho/engine';
import { corpusRoot, repoRoot } from '../helpers/corpus.js';
import { wirewho } from '../helpers/cli.js';

const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const ALL_MEMBERS = Object.values(MEMBERS);

let work: string;
let caseDir: string;
let caseFile: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'wirewho-casefile-'));
  caseDir = path.join(work, 'case');
  const index = CaseIndex.open(caseDir);
  const r = await ingestEvidenceFile(index, SAMPLE, { writer: 'inline' });
  await r.factIndex;
  const notes = new Annotations(index.db);
  notes.add('note', { target: 'frame', frame: 7 }, 'GET with <script>alert(1)</script> & "quotes"', 'alice');
  notes.add('bookmark', { target: 'frame', frame: 7 }, 'the request', 'alice');
  notes.add('tag', { target: 'process', processId: 1 }, 'suspect', 'alice');
  notes.add('note', { target: 'frame', frame: 1 }, 'not exported', 'alice');
  const access = new EvidenceAccess(index);
  caseFile = path.join(work, 'evidence.wwcase');
  await exportCase(index, access, new FrameFilter(index, access), { out: caseFile, selection: { frames: [2, 3, 4, 5, 6, 7, 8, 9, 10] }, analyst: 'Alice', operator: 'alice' });
  access.close();
  index.close();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Rewrites the case file with `change` applied to the extracted members (the comment kept as is). */
async function tampered(name: string, change: (dir: string) => void, comment?: string): Promise<string> {
  const dir = mkdtempSync(path.join(work, 'tamper-'));
  await extractMembers(caseFile, ALL_MEMBERS, dir);
  change(dir);
  const out = path.join(work, `${name}.wwcase`);
  const scan = await scanArchive(caseFile);
  await writeArchive(out, ALL_MEMBERS.map((m) => ({ name: m, file: path.join(dir, m) })), comment ?? scan.comment, { force: true });
  return out;
}

function flipByte(file: string, at: (size: number) => number): void {
  const b = readFileSync(file);
  const i = at(b.length);
  b[i] = b[i] ^ 0x01;
  writeFileSync(file, b);
}

describe('case export', () => {
  it('writes every member and verifies', async () => {
    const v = await verifyCaseFile(caseFile);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.members.map((m) => m.name).sort()).toEqual([...ALL_MEMBERS].sort());
    const m = v.manifest!;
    expect(m.format_version).toBe(1);
    expect(m.analyst).toBe('Alice');
    expect(m.evidence).toEqual([expect.objectContaining({ file_name: 'ptcpdump_curl-thread.pcapng', size: 4200, verified: true,
      sha256: '7ca32b0c423a23f74299b4c89a8f6cd4ad7087802660c1116986c81b9e530d6c' })]);
    expect(m.counts).toMatchObject({ frames: 9, processes: 1, notes: 1, bookmarks: 1, tags: 1 });
    expect(m.time_span.first).toMatch(/^2024-12-21T/);
    expect(m.created_at).toMatch(/Z$/);
  });

  it('the custody log holds import, verification, filter and case-export, chained', async () => {
    const scan = await scanArchive(caseFile, new Set([MEMBERS.custody]));
    const entries = custodyLinesOf(scan.texts.get(MEMBERS.custody)!).map((l) => JSON.parse(l) as { event: string; time: string; operator: string });
    expect(entries.map((e) => e.event)).toEqual(['import', 'verification', 'filter', 'case-export']);
    for (const e of entries) expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The case itself keeps the log, plus the export of the archive with its hash.
    const index = CaseIndex.open(caseDir, { readonly: true });
    const log = new CustodyLog(index.db).entries();
    index.close();
    expect(log.at(-1)).toMatchObject({ event: 'export', details: { kind: 'case-file', sha256: sha256Hex(readFileSync(caseFile)) } });
  });

  it('the report is self-contained and escapes what came from evidence and analysts', async () => {
    const dir = mkdtempSync(path.join(work, 'report-'));
    await extractMembers(caseFile, [MEMBERS.report], dir);
    const html = readFileSync(path.join(dir, MEMBERS.report), 'utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<svg[^>]*aria-label="frames over time"/);
    expect(html).toContain('122868');
    expect(html).toContain('curl kernel.com');
    expect(html).toContain('the request');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });

  it('opens read-only into a case folder browsed like any capture', async () => {
    const opened = await openCaseFile(caseFile, { dir: path.join(work, 'opened') });
    const index = CaseIndex.open(opened.caseDir, { readonly: true });
    expect(index.frameCount()).toBe(9);
    expect(index.processes.all().map((p) => [p.pid, p.source])).toEqual([[122868, 'ptcpdump']]);
    expect(new Annotations(index.db).all().map((a) => [a.kind, a.frame])).toEqual([['note', 6], ['bookmark', 6], ['tag', null]]);
    expect(index.db.prepare('SELECT source_number FROM source_frames WHERE number = 6').pluck().get()).toBe(7);
    index.close();
    const frames = wirewho(['frames', '--case', opened.caseDir, '--json', '--fields', 'frame.number,proc.pid']);
    expect(frames.status).toBe(0);
    expect(frames.stdout.trim().split('\n')).toHaveLength(9);
    expect(readdirSync(opened.caseDir)).toContain(MEMBERS.capture);
  });

  it('reuses an earlier extraction only while its capture and index are as extracted', async () => {
    const dir = path.join(work, 'reopened');
    expect((await openCaseFile(caseFile, { dir })).reused).toBe(false);
    expect((await openCaseFile(caseFile, { dir })).reused).toBe(true);
    // A changed byte in the extracted capture (root ignores its read-only mode): a fresh, verified copy.
    const capture = path.join(dir, MEMBERS.capture);
    chmodSync(capture, 0o644);
    flipByte(capture, (n) => n - 1);
    const again = await openCaseFile(caseFile, { dir });
    expect(again.reused).toBe(false);
    expect(sha256Hex(readFileSync(capture))).toBe(again.verification.manifest!.members.find((m) => m.name === MEMBERS.capture)!.sha256);
    // Written to since (a note added to the extracted index): not reused either.
    const index = CaseIndex.open(dir);
    new Annotations(index.db).add('note', { target: 'frame', frame: 1 }, 'added after extraction', 'test');
    index.close();
    expect((await openCaseFile(caseFile, { dir })).reused).toBe(false);
    const fresh = CaseIndex.open(dir, { readonly: true });
    expect(new Annotations(fresh.db).all().map((a) => a.text)).not.toContain('added after extraction');
    fresh.close();
  });
});

describe('case verify names what changed', () => {
  it.each(ALL_MEMBERS)('one byte of %s', async (member) => {
    // In the middle of the member (for JSON members a byte that keeps it parseable is not needed: the hash names it).
    const out = await tampered(`byte-${member}`, (dir) => flipByte(path.join(dir, member), (n) => Math.floor(n / 2)));
    const v = await verifyCaseFile(out);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.member)).toContain(member);
    expect(v.problems.find((p) => p.member === member)!.message).toMatch(new RegExp(`^${member.replace('.', '\\.')} changed`));
  });

  it('a changed custody entry, named by number', async () => {
    const out = await tampered('custody-edit', (dir) => {
      const f = path.join(dir, MEMBERS.custody);
      const lines = custodyLinesOf(readFileSync(f, 'utf8'));
      lines[1] = lines[1].replace('"operator":"alice"', '"operator":"mallory"');
      writeFileSync(f, lines.join('\n') + '\n');
    });
    const v = await verifyCaseFile(out);
    expect(v.problems.map((p) => p.message)).toContain('custody log entry 2 changed (entry 3 records a different hash of it)');
  });

  it('a dropped custody entry', async () => {
    const out = await tampered('custody-drop', (dir) => {
      const f = path.join(dir, MEMBERS.custody);
      const lines = custodyLinesOf(readFileSync(f, 'utf8'));
      writeFileSync(f, lines.filter((_, i) => i !== 2).join('\n') + '\n');
    });
    const v = await verifyCaseFile(out);
    expect(v.problems.map((p) => p.message)).toContain('custody log entry 3 is missing (line 3 is entry 4)');
  });

  it('a manifest rewritten to match a changed member is caught by the archive comment', async () => {
    const out = await tampered('manifest-forged', (dir) => {
      flipByte(path.join(dir, MEMBERS.capture), (n) => n - 8);
      const mf = path.join(dir, MEMBERS.manifest);
      const m = JSON.parse(readFileSync(mf, 'utf8')) as { members: { name: string; sha256: string }[] };
      m.members.find((x) => x.name === MEMBERS.capture)!.sha256 = sha256Hex(readFileSync(path.join(dir, MEMBERS.capture)));
      writeFileSync(mf, JSON.stringify(m, null, 2) + '\n');
    });
    const v = await verifyCaseFile(out);
    expect(v.problems.map((p) => p.member)).toEqual([MEMBERS.manifest]);
  });

  it('a byte flipped in the archive itself names the damaged member', async () => {
    const out = path.join(work, 'raw-flip.wwcase');
    const bytes = readFileSync(caseFile);
    // Inside capture.pcapng's compressed data: just after its local header and name.
    const at = bytes.indexOf(Buffer.from(MEMBERS.capture)) + MEMBERS.capture.length + 40;
    bytes[at] = bytes[at] ^ 0xff;
    writeFileSync(out, bytes);
    const v = await verifyCaseFile(out);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.member)).toContain(MEMBERS.capture);
  });

  it('refuses a newer format version clearly (CLI exit 2)', async () => {
    let comment = '';
    const out = await tampered('newer', (dir) => {
      const mf = path.join(dir, MEMBERS.manifest);
      const m = JSON.parse(readFileSync(mf, 'utf8')) as { format_version: number };
      m.format_version = 2;
      const text = JSON.stringify(m, null, 2) + '\n';
      writeFileSync(mf, text);
      comment = COMMENT_PREFIX + sha256Hex(text);
    }).then(async () => {
      // Rewrite again with the matching comment: only the version differs.
      const dir = mkdtempSync(path.join(work, 'newer2-'));
      await extractMembers(path.join(work, 'newer.wwcase'), ALL_MEMBERS, dir);
      const target = path.join(work, 'newer-sealed.wwcase');
      await writeArchive(target, ALL_MEMBERS.map((m) => ({ name: m, file: path.join(dir, m) })), comment, { force: true });
      return target;
    });
    await expect(verifyCaseFile(out)).rejects.toBeInstanceOf(NewerCaseFormatError);
    const r = wirewho(['case', 'verify', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/case file format version 2 is newer than this Wirewho reads \(up to 1\)/);
    const o = wirewho(['case', 'open', out, '--dir', path.join(work, 'never')]);
    expect(o.status).toBe(2);
    expect(existsSync(path.join(work, 'never'))).toBe(false);
  });

  it('CLI verify: exit 0 and OK; exit 1 naming the member', async () => {
    const ok = wirewho(['case', 'verify', caseFile]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/OK — 6 members match the manifest/);
    const bad = wirewho(['case', 'verify', path.join(work, `byte-${MEMBERS.index}.wwcase`)]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/index\.sqlite: index\.sqlite changed: SHA-256/);
  });
});

describe('case export refuses and cleans up', () => {
  it('an existing --out without --force', () => {
    const r = wirewho(['case', 'export', '--case', caseDir, '--out', caseFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already exists \(use --force to replace it\)/);
    expect(sha256Hex(readFileSync(caseFile))).toBeTruthy();
  });

  it('killed mid-way, it leaves no file that looks complete', async () => {
    const big = path.join(corpusRoot, 'captures/netem_client.pcap');
    const bigCase = path.join(work, 'big-case');
    expect(wirewho(['ingest', big, '--case', bigCase]).status).toBe(0);
    const dir = mkdtempSync(path.join(work, 'kill-'));
    const out = path.join(dir, 'big.wwcase');
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'apps/cli/src/main.ts'), 'case', 'export', '--case', bigCase, '--out', out],
      { cwd: repoRoot, stdio: 'ignore' });
    // Kill once its work folder exists (it is hashing or exporting by then).
    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (readdirSync(dir).some((n) => n.includes('.work-'))) { clearInterval(poll); child.kill('SIGKILL'); resolve(); }
        else if (Date.now() - t0 > 60_000) { clearInterval(poll); reject(new Error('export never started')); }
      }, 2);
    });
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(out)).toBe(false);
    for (const name of readdirSync(dir)) expect(name.startsWith('.big.wwcase.')).toBe(true);
  }, 180_000);
});
