/**
 * Export Specified Packets against the oracle: tshark opens every export; its packets carry the
 * source's bytes, timestamps, lengths and interface ids; the process comments select exactly each
 * process's frames (frame.comment, and our Lua plugin's wirewho.pid / tcpshark.pid); an export
 * re-ingested gives the same processes and per-frame PIDs; dependents, pcap, notes, refusal, abort.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Annotations, CaseIndex } from '@wirewho/index';
import {
  EvidenceAccess, exportPackets, FrameFilter, ingestEvidenceFile, OutputExistsError, selectFrames, type FrameSelection, type PacketExportOptions,
} from '@wirewho/engine';
import { CaptureParser, type InterfaceDescription } from '@wirewho/pcap';
import { corpusRoot, repoRoot } from '../helpers/corpus.js';
import { haveTshark } from '../helpers/tshark.js';
import { tsharkRecords, tsharkSelect } from './tshark-records.js';

const LUA = path.join(repoRoot, 'resources/wireshark/wirewho.lua');
const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const PTCPDUMP = ['ptcpdump_curl-user.pcapng', 'ptcpdump_dns.pcapng'].map((n) => path.join(corpusRoot, 'public/ptcpdump', n));
const TCPSHARK = path.join(corpusRoot, 'synthetic/tcpshark_layout_synthetic.pcapng');
const SNAP_PCAP = path.join(corpusRoot, 'captures/lo_mix_snap128.pcap');
const FRAG = path.join(corpusRoot, 'captures/frag_server.pcapng');

const dirs: string[] = [];
const open: { index: CaseIndex; access: EvidenceAccess }[] = [];
afterAll(() => {
  for (const o of open) { o.access.close(); o.index.close(); }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wirewho-export-'));
  dirs.push(d);
  return d;
}

interface Case { index: CaseIndex; access: EvidenceAccess; filter: FrameFilter; out: string }
const cases = new Map<string, Promise<Case>>();
function caseOf(file: string): Promise<Case> {
  let c = cases.get(file);
  if (!c) {
    c = (async () => {
      const dir = tempDir();
      const index = CaseIndex.open(path.join(dir, 'case'));
      const r = await ingestEvidenceFile(index, file, { writer: 'inline' });
      await r.factIndex;
      const access = new EvidenceAccess(index);
      open.push({ index, access });
      return { index, access, filter: new FrameFilter(index, access), out: dir };
    })();
    cases.set(file, c);
  }
  return c;
}

let n = 0;
async function exportOf(file: string, sel: FrameSelection = {}, opts: Partial<PacketExportOptions> = {}) {
  const c = await caseOf(file);
  const selected = selectFrames(c.index, c.filter, sel);
  const out = path.join(c.out, `export-${++n}.${opts.format ?? 'pcapng'}`);
  const result = await exportPackets(c.index, c.access, selected.numbers, { out, ...opts });
  return { c, out, result, numbers: Array.from(selected.numbers), dependents: selected.dependents };
}

function interfacesOf(file: string): InterfaceDescription[] {
  const p = new CaptureParser();
  p.push(readFileSync(file), { onInterface: () => {}, onFrame: () => {} });
  return p.interfaces;
}

/** PID of each frame (by number) from the index. */
function pidsByFrame(index: CaseIndex): Map<number, number> {
  const rows = index.db.prepare('SELECT f.number AS n, p.pid AS pid FROM frames f JOIN processes p ON p.id = f.process_id').all() as { n: number; pid: number }[];
  return new Map(rows.map((r) => [r.n, r.pid]));
}

const tshark = haveTshark();
const sourceRecords = new Map<string, ReturnType<typeof tsharkRecords>>();
/** The source's records (read once per file). */
function sourceOf(file: string): ReturnType<typeof tsharkRecords> {
  let r = sourceRecords.get(file);
  if (!r) { r = tsharkRecords(file); sourceRecords.set(file, r); }
  return r;
}

describe.skipIf(!tshark)('wirewho export read by tshark', () => {
  it.each([SAMPLE, ...PTCPDUMP, TCPSHARK, SNAP_PCAP, FRAG])('every frame of %s keeps its bytes, time, lengths and interface', async (file) => {
    const { out, result } = await exportOf(file);
    const src = sourceOf(file);
    const got = tsharkRecords(out).filter((r) => r.interfaceId !== null);
    expect(result.frames).toBe(src.length);
    expect(got.length).toBe(src.length);
    for (let i = 0; i < src.length; i++) {
      const [a, b] = [src[i], got[i]];
      expect({ n: i + 1, raw: b.raw, epoch: b.epoch, len: b.len, capLen: b.capLen, iface: b.interfaceId })
        .toEqual({ n: i + 1, raw: a.raw, epoch: a.epoch, len: a.len, capLen: a.capLen, iface: a.interfaceId ?? 0 });
    }
    // The IDBs are the source's: link type, name, resolution, offset, snaplen, comments.
    const pick = (d: InterfaceDescription) => ({ linkType: d.linkType, name: d.name, res: d.tsResolution, off: d.tsOffsetSeconds, snap: d.snapLen, comments: d.comments, filter: d.filter });
    expect(interfacesOf(out).map(pick)).toEqual(interfacesOf(file).map(pick));
  });

  it.each([SAMPLE, ...PTCPDUMP, TCPSHARK])('frame.comment, wirewho.pid and tcpshark.pid select exactly each process of %s', async (file) => {
    const { c, out, numbers } = await exportOf(file);
    const pids = pidsByFrame(c.index);
    const distinct = [...new Set(pids.values())];
    expect(distinct.length).toBeGreaterThan(0);
    // Export EPB k (tshark's numbering, process-information blocks are records too) is source frame numbers[k].
    const epbNumbers = tsharkRecords(out).filter((r) => r.interfaceId !== null).map((r) => r.number);
    for (const pid of distinct) {
      const expected = numbers.map((num, k) => (pids.get(num) === pid ? epbNumbers[k] : 0)).filter((x) => x > 0);
      expect(tsharkSelect(out, `frame.comment contains "PID: ${pid}"`)).toEqual(expected);
      expect(tsharkSelect(out, `wirewho.pid == ${pid}`, LUA)).toEqual(expected);
      expect(tsharkSelect(out, `tcpshark.pid == ${pid}`, LUA)).toEqual(expected);
    }
  });

  it('--pid exports only that process, with its process-information block', async () => {
    const { c, out, result } = await exportOf(TCPSHARK, { pid: 4242 });
    const expected = [...pidsByFrame(c.index)].filter(([, pid]) => pid === 4242).length;
    expect(expected).toBeGreaterThan(0);
    expect(result.frames).toBe(expected);
    expect(result.processBlocks).toBe(1);
    const recs = tsharkRecords(out);
    expect(recs.filter((r) => r.interfaceId !== null)).toHaveLength(expected);
    expect(tsharkSelect(out, 'wirewho.pid == 4242', LUA)).toHaveLength(expected);
  });

  it('round trip: an export re-ingested gives the same processes and per-frame PIDs', async () => {
    for (const file of [SAMPLE, TCPSHARK]) {
      const { c, out } = await exportOf(file);
      const again = await caseOf(out);
      const before = [...pidsByFrame(c.index).entries()].sort((a, b) => a[0] - b[0]);
      const after = [...pidsByFrame(again.index).entries()].sort((a, b) => a[0] - b[0]);
      // Process-information blocks are side blocks to our reader: frame numbers are the source's.
      expect(again.index.frameCount()).toBe(c.index.frameCount());
      expect(after).toEqual(before);
      const procs = (idx: CaseIndex) => idx.processes.all().map((p) => ({ pid: p.pid, name: p.name, args: p.args })).sort((a, b) => a.pid - b.pid);
      expect(procs(again.index)).toEqual(procs(c.index));
    }
  });

  it('--with-dependents adds the fragments of datagrams completed in the selected frames', async () => {
    const c = await caseOf(FRAG);
    const rows = c.index.db.prepare('SELECT reassembled_in AS r, fragments FROM ip_reassemblies WHERE reassembled_in IS NOT NULL ORDER BY id LIMIT 3')
      .all() as { r: number; fragments: string }[];
    expect(rows.length).toBeGreaterThan(0);
    const chosen = rows.map((r) => r.r);
    const expected = [...new Set([...chosen, ...rows.flatMap((r) => r.fragments.split(',').map(Number))])].sort((a, b) => a - b);
    const plain = await exportOf(FRAG, { frames: chosen });
    expect(plain.numbers).toEqual(chosen);
    const withDeps = await exportOf(FRAG, { frames: chosen, withDependents: true });
    expect(withDeps.numbers).toEqual(expected);
    expect(withDeps.dependents).toBe(expected.length - chosen.length);
    const src = sourceOf(FRAG);
    expect(tsharkRecords(withDeps.out).map((r) => r.raw)).toEqual(expected.map((num) => src[num - 1].raw));
  });

  it('a display filter selects what tshark selects on the source', async () => {
    const { out, result } = await exportOf(SNAP_PCAP, { filter: 'udp' });
    const expected = tsharkSelect(SNAP_PCAP, 'udp');
    expect(expected.length).toBeGreaterThan(0);
    expect(result.frames).toBe(expected.length);
    const src = sourceOf(SNAP_PCAP);
    expect(tsharkRecords(out).map((r) => [r.raw, r.epoch])).toEqual(expected.map((num) => [src[num - 1].raw, src[num - 1].epoch]));
  });

  it('pcap keeps bytes and timestamps and says what it cannot carry', async () => {
    for (const file of [SNAP_PCAP, SAMPLE]) {
      const { out, result } = await exportOf(file, {}, { format: 'pcap' });
      const src = sourceOf(file);
      const got = tsharkRecords(out);
      expect(got.map((r) => [r.raw, r.epoch, r.len])).toEqual(src.map((r) => [r.raw, r.epoch, r.len]));
      expect(result.notices.join(' ')).toMatch(/pcap cannot carry process metadata/);
      if (file === SAMPLE) expect(result.notices[0]).toMatch(/^pcap cannot carry .*: 10 frame\(s\) lost their process attribution/);
    }
  });

  it('analyst notes become comments; the source comments stay', async () => {
    const c = await caseOf(PTCPDUMP[1]);
    new Annotations(c.index.db).add('note', { target: 'frame', frame: 1 }, 'resolver query <checked>', 'alice');
    const { out, result } = await exportOf(PTCPDUMP[1], { frames: [1] }, { notes: new Annotations(c.index.db).frameNotes() });
    expect(result.notes).toBe(1);
    const rec = tsharkRecords(out).find((r) => r.interfaceId !== null)!;
    expect(rec.comments).toContain('resolver query <checked>');
    expect(rec.comments.some((x) => x.startsWith('PID: '))).toBe(true);
    // The source's own comments, once each (not duplicated by ours).
    expect(rec.comments.filter((x) => x.startsWith('PID: '))).toHaveLength(1);
  });
});

describe('export output safety', () => {
  it('refuses an existing file without force and leaves it untouched', async () => {
    const c = await caseOf(SAMPLE);
    const target = path.join(c.out, 'exists.pcapng');
    writeFileSync(target, 'keep me');
    await expect(exportPackets(c.index, c.access, [1, 2], { out: target })).rejects.toBeInstanceOf(OutputExistsError);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    const r = await exportPackets(c.index, c.access, [1, 2], { out: target, force: true });
    expect(r.frames).toBe(2);
    expect(readFileSync(target).subarray(0, 4)).toEqual(Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]));
  });

  it('a cancelled or failed export leaves neither the file nor a partial one', async () => {
    const c = await caseOf(SNAP_PCAP);
    const all = selectFrames(c.index, c.filter, {}).numbers;
    expect(all.length).toBeGreaterThan(512);
    const dir = mkdtempSync(path.join(c.out, 'abort-'));
    const ac = new AbortController();
    await expect(exportPackets(c.index, c.access, all, { out: path.join(dir, 'x.pcapng'), signal: ac.signal, onProgress: () => ac.abort() }))
      .rejects.toThrow(/cancelled/);
    expect(readdirSync(dir)).toEqual([]);
    // Frames that do not exist in the case: the error comes mid-way; nothing is left either.
    await expect(exportPackets(c.index, c.access, [1], { out: path.join(dir, 'y.pcap'), format: 'pcap' })).resolves.toBeTruthy();
    rmSync(path.join(dir, 'y.pcap'));
    await expect(exportPackets(c.index, c.access, [], { out: path.join(dir, 'z.pcap'), format: 'pcap' })).rejects.toThrow(/no frames/);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'x.pcapng'))).toBe(false);
  });
});
