/**
 * User dissectors end to end on real loopback captures (resources/dissectors/examples): the declarative
 * and the Lua crap dissectors find every message with its boundaries, frames and reassembled-in frame;
 * filters on their fields select the right frames; the Lua dissector agrees with tshark running the
 * same file; the frag spec reassembles UDP fragments byte-exact and reports the incomplete message;
 * a Lua dissector that never returns does not stop the ingest.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine, ingestEvidenceFile, loadUserDissectors, recordUserDissectors, unloadUserDissectors } from '@wirewho/engine';
import { compileFilter, defaultRegistry } from '@wirewho/filter';

const ROOT = path.resolve(__dirname, '../..');
const EX = path.join(ROOT, 'resources/dissectors/examples');
const CRAP = path.join(EX, 'declarative/captures/crap-tcp.pcap');
const FRAG = path.join(EX, 'udp-fragments/captures/frag-udp.pcap');
const work = mkdtempSync(path.join(tmpdir(), 'ww-dissectors-'));
afterAll(() => { unloadUserDissectors(); rmSync(work, { recursive: true, force: true }); });

/** The crap messages of the capture (make-crap-capture.py): stream offset, length, frames, reassembled in. */
const CRAP_PDUS = [
  [0, 13, '4,6', 6], [13, 8, '6,8', 8], [21, 20, '8,10', 10], [41, 94, '10,12,14,16,18', 18],
  [135, 9, '18,20', 20], [144, 9, '20', 20], [153, 9, '22', 22], [162, 20, '22', 22],
];
const CRAP_LENGTHS = [5, 0, 12, 86, 1, 1, 1, 12];

async function ingestWith(folder: string, capture: string, name: string) {
  const set = await loadUserDissectors(folder, { lua: { milliseconds: 200 } });
  const engine = new Engine({ caseDir: path.join(work, name), writer: 'inline' });
  const r = await ingestEvidenceFile(engine.index, capture, { writer: 'inline' });
  await r.factIndex;
  recordUserDissectors(engine.index, r.evidence.id);
  return { engine, set, result: r };
}

function framesMatching(engine: Engine, filter: string): number[] {
  const c = compileFilter(filter, defaultRegistry);
  return (engine.index.db.prepare(`SELECT number FROM frames f WHERE ${c.sql} ORDER BY number`).all(...c.params) as { number: number }[]).map((r) => r.number);
}

for (const kind of ['declarative', 'lua'] as const) {
  describe(`crap, ${kind} dissector`, () => {
    it('finds every message with its boundaries, frames and reassembled-in frame; filters on its fields', async () => {
      const { engine, set, result } = await ingestWith(path.join(EX, kind), CRAP, `crap-${kind}`);
      try {
        expect(set.files.filter((f) => f.error)).toEqual([]);
        expect(result.evidence.status).toBe('complete');
        const pdus = engine.index.db.prepare("SELECT offset, length, frames, reassembled_in AS r, truncated FROM pdus WHERE protocol = 'crap' ORDER BY offset").all() as { offset: number; length: number; frames: string; r: number; truncated: number }[];
        expect(pdus.map((p) => [p.offset, p.length, p.frames, p.r])).toEqual(CRAP_PDUS);
        expect(pdus.every((p) => p.truncated === 0)).toBe(true);
        const lengths = engine.index.db.prepare("SELECT value FROM frame_fields WHERE field = 'crap.length' ORDER BY frame, rowid").all() as { value: number }[];
        expect(lengths.map((l) => l.value)).toEqual(CRAP_LENGTHS);
        expect(framesMatching(engine, 'crap.length == 1')).toEqual([20, 22]);
        expect(framesMatching(engine, 'crap')).toEqual([6, 8, 10, 18, 20, 22]);
        expect(framesMatching(engine, 'crap.magic == "crap" && crap.length > 50')).toEqual([18]);
        // Byte fields are stored as BLOBs: contains, slices and byte comparisons see their content.
        expect(framesMatching(engine, 'crap.payload contains "split"')).toEqual([10]);
        expect(framesMatching(engine, 'crap.payload contains "spans three"')).toEqual([18]);
        expect(framesMatching(engine, 'crap.payload == 78')).toEqual([20]);
        expect(framesMatching(engine, 'crap.payload[0:4] == "last"')).toEqual([22]);
        expect(framesMatching(engine, 'crap.payload matches "^h.llo$"')).toEqual([6]);
        // Detail tree: frame 20 completes "x" (begun in frame 18: its bytes are a reassembled data
        // source) and holds all of "y" (ranges in the frame's own bytes).
        const d = await engine.service.frameDetail({ number: 20 });
        const crap = d.tree.filter((n) => n.field === 'crap');
        expect(crap).toHaveLength(2);
        const frameBytes = Buffer.from(d.bytesBase64, 'base64');
        const sourceBytes = (d.sources ?? []).map((s) => Buffer.from(s.bytesBase64, 'base64'));
        const text = (n: { start: number; length: number; source?: number }) =>
          (n.source === undefined ? frameBytes : sourceBytes[n.source]).subarray(n.start, n.start + n.length).toString('latin1');
        const fieldsOf = (n: (typeof crap)[number]) => Object.fromEntries((n.children ?? []).map((c) => [c.field, text(c)]));
        expect(crap[0].source).toBe(0);
        expect(d.sources?.[0].label).toBe('Reassembled CRAP over TCP (9 bytes)');
        expect(text(crap[0])).toBe('crap\0\0\0\x01x');
        expect(fieldsOf(crap[0])).toEqual({ 'crap.magic': 'crap', 'crap.length': '\0\0\0\x01', 'crap.payload': 'x' });
        expect(crap[1].source).toBeUndefined();
        expect(fieldsOf(crap[1])).toEqual({ 'crap.magic': 'crap', 'crap.length': '\0\0\0\x01', 'crap.payload': 'y' });
        expect(crap[1].children?.find((c) => c.field === 'crap.length')?.label).toBe('Length: 1');
        // A frame that completes no message shows no crap entry.
        expect((await engine.service.frameDetail({ number: 19 })).tree.some((n) => n.field === 'crap')).toBe(false);
        const recorded = engine.index.db.prepare('SELECT name, kind, length(sha256) AS n FROM dissectors').all();
        expect(recorded).toEqual([{ name: 'crap', kind, n: 64 }]);
      } finally {
        await engine.close();
      }
    });
  });
}

describe('the Lua crap dissector agrees with tshark running the same file', () => {
  const tshark = spawnSync('tshark', ['--version']).status === 0;
  it.skipIf(!tshark)('same frames, lengths and magics', async () => {
    const out = execFileSync('tshark', ['-X', `lua_script:${path.join(EX, 'lua/crap.lua')}`, '-r', CRAP, '-Y', 'crap', '-T', 'fields',
      '-e', 'frame.number', '-e', 'crap.length', '-e', 'crap.magic'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const theirs = out.trim().split('\n').map((l) => l.split('\t'));
    const { engine } = await ingestWith(path.join(EX, 'lua'), CRAP, 'crap-vs-tshark');
    try {
      const rows = engine.index.db.prepare("SELECT frame, field, value FROM frame_fields WHERE field IN ('crap.length','crap.magic') ORDER BY frame, rowid").all() as { frame: number; field: string; value: string | number }[];
      const byFrame = new Map<number, { len: string[]; magic: string[] }>();
      for (const r of rows) {
        const e = byFrame.get(r.frame) ?? { len: [], magic: [] };
        byFrame.set(r.frame, e);
        (r.field === 'crap.length' ? e.len : e.magic).push(String(r.value));
      }
      const ours = [...byFrame].map(([f, e]) => [String(f), e.len.join(','), e.magic.join(',')]);
      expect(ours).toEqual(theirs);
    } finally {
      await engine.close();
    }
  });
});

describe('frag: UDP application fragments', () => {
  it('reassembles every message byte-exact with its fragments and reports the incomplete one', async () => {
    const { engine } = await ingestWith(path.join(EX, 'udp-fragments'), FRAG, 'frag');
    try {
      const pdus = engine.index.db.prepare("SELECT frames, reassembled_in AS r, truncated, length FROM pdus WHERE protocol = 'frag' ORDER BY id").all();
      expect(pdus).toEqual([
        { frames: '1,2,3', r: 3, truncated: 0, length: 44 },
        { frames: '4,5,6,7,8', r: 8, truncated: 0, length: 61 },
        { frames: '11', r: 11, truncated: 0, length: 19 },
        { frames: '9,10', r: 10, truncated: 1, length: 22 },
      ]);
      const text = (frame: number) => (engine.index.db.prepare("SELECT value FROM frame_fields WHERE frame = ? AND field = 'frag.text'").get(frame) as { value: string }).value;
      expect(text(3)).toBe('The quick brown fox jumps over the lazy dog.');
      expect(text(8)).toBe('Pack my box with five dozen liquor jugs, then ship it by sea.');
      expect(framesMatching(engine, 'frag.fragment.overlap')).toEqual([8]);
      expect(framesMatching(engine, 'frag.reassembled.in == 8')).toEqual([8]);
      expect(framesMatching(engine, 'frag.incomplete')).toEqual([10]);
      expect(framesMatching(engine, 'frag.fragment == 6')).toEqual([8]);
      // Detail tree: the message's fields point into a source rebuilt from its fragments (the duplicate
      // left out), the header's into the completing datagram.
      for (const [frame, message, msgid] of [[3, 'The quick brown fox jumps over the lazy dog.', 1], [8, 'Pack my box with five dozen liquor jugs, then ship it by sea.', 2]] as const) {
        const d = await engine.service.frameDetail({ number: frame });
        const root = d.tree.find((n) => n.field === 'frag')!;
        expect(d.sources?.map((x) => x.label)).toEqual([`Reassembled FRAG (${message.length} bytes)`]);
        const src = Buffer.from(d.sources![0].bytesBase64, 'base64');
        expect(src.toString('latin1')).toBe(message);
        expect([root.source, root.start, root.length]).toEqual([0, 0, message.length]);
        const node = (f: string) => root.children!.find((c) => c.field === f)!;
        expect([node('frag.text').source, node('frag.text').start, node('frag.text').length]).toEqual([0, 0, message.length]);
        const id = node('frag.msgid');
        expect(id.source).toBeUndefined();
        const bytes = Buffer.from(d.bytesBase64, 'base64');
        expect(bytes.readUInt16BE(id.start)).toBe(msgid);
        expect(id.length).toBe(2);
      }
      // The incomplete message has no reassembled bytes: its tree is shown without a source.
      const inc = await engine.service.frameDetail({ number: 10 });
      expect(inc.sources ?? []).toEqual([]);
      expect(inc.tree.find((n) => n.field === 'frag')?.children?.some((c) => c.field === 'frag.fragments')).toBe(true);
    } finally {
      await engine.close();
    }
  });
});

describe('a Lua dissector that loops forever', () => {
  it('is stopped by its CPU limit and switched off; the ingest goes on', async () => {
    const dir = path.join(work, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'loop.lua'), [
      'local p = Proto("looper", "Looper")',
      'p.fields = { ProtoField.uint8("looper.x", "X") }',
      'function p.dissector(tvb, pinfo, tree) while true do end end',
      'DissectorTable.get("tcp.port"):add(1337, p)',
    ].join('\n'));
    const { engine, set, result } = await ingestWith(dir, CRAP, 'loop');
    try {
      expect(result.evidence.status).toBe('complete');
      expect(result.frames).toBe(26);
      const errs = set.runErrors();
      expect(errs[0].disabled).toBe(true);
      expect(errs[0].errors[0].message).toMatch(/CPU limit exceeded/);
    } finally {
      await engine.close();
    }
  });
});

describe('a Lua post-dissector', () => {
  it('runs on every frame; its fields land in frame_fields and filter', async () => {
    const dir = path.join(work, 'post');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'flen.lua'), [
      'local p = Proto("flen", "Frame length")',
      'local f_len = ProtoField.uint32("flen.len", "Captured length")',
      'local f_src = ProtoField.string("flen.src", "Source")',
      'local f_dport = ProtoField.uint16("flen.dport", "Destination port")',
      'p.fields = { f_len, f_src, f_dport }',
      'function p.dissector(tvb, pinfo, tree)',
      '  local t = tree:add(p, tvb())',
      '  t:add(f_len, tvb(), tvb:captured_len())',
      '  t:add(f_src, tvb(), tostring(pinfo.src))',
      '  if pinfo.dst_port ~= 0 then t:add(f_dport, tvb(), pinfo.dst_port) end',
      'end',
      'register_postdissector(p)',
    ].join('\n'));
    const { engine, set, result } = await ingestWith(dir, CRAP, 'post');
    try {
      expect(set.files.filter((f) => f.error)).toEqual([]);
      expect(result.evidence.status).toBe('complete');
      const rows = engine.index.db.prepare(`SELECT f.number, f.cap_len AS cap, f.ip_src AS src, ff.value FROM frames f
        LEFT JOIN frame_fields ff ON ff.frame = f.number AND ff.field = 'flen.len' ORDER BY f.number`).all() as { number: number; cap: number; src: string; value: number }[];
      expect(rows).toHaveLength(26);
      expect(rows.every((r) => r.value === r.cap)).toBe(true);
      const srcs = engine.index.db.prepare("SELECT frame, value FROM frame_fields WHERE field = 'flen.src' ORDER BY frame").all() as { frame: number; value: string }[];
      expect(srcs.map((s) => s.value)).toEqual(rows.map((r) => r.src));
      expect(framesMatching(engine, 'flen.len > 100')).toEqual(rows.filter((r) => r.cap > 100).map((r) => r.number));
      expect(framesMatching(engine, 'flen.dport == 1337')).toEqual(framesMatching(engine, 'tcp.dstport == 1337'));
      expect(framesMatching(engine, 'flen')).toHaveLength(26);
    } finally {
      await engine.close();
    }
  });
});

describe('a Lua UDP heuristic dissector', () => {
  it('claims UDP streams no port names, with Pinfo addresses and ports filled', async () => {
    const dir = path.join(work, 'heur-udp');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'fragh.lua'), [
      'local p = Proto("fragh", "Frag by heuristic")',
      'local f_flags = ProtoField.uint8("fragh.flags", "Flags", base.HEX)',
      'local f_id = ProtoField.uint16("fragh.msgid", "Message id")',
      'local f_src = ProtoField.string("fragh.src", "Source")',
      'local f_dst = ProtoField.string("fragh.dst", "Destination")',
      'local f_sport = ProtoField.uint16("fragh.srcport", "Source port")',
      'local f_dport = ProtoField.uint16("fragh.dstport", "Destination port")',
      'p.fields = { f_flags, f_id, f_src, f_dst, f_sport, f_dport }',
      'local function heur(tvb, pinfo, tree)',
      '  if tvb:len() < 5 or tvb(0, 1):uint() > 3 then return false end',
      '  pinfo.cols.protocol = "FRAGH"',
      '  local t = tree:add(p, tvb())',
      '  t:add(f_flags, tvb(0, 1))',
      '  t:add(f_id, tvb(1, 2))',
      '  t:add(f_src, tvb(), tostring(pinfo.src))',
      '  t:add(f_dst, tvb(), tostring(pinfo.dst))',
      '  t:add(f_sport, tvb(), pinfo.src_port)',
      '  t:add(f_dport, tvb(), pinfo.dst_port)',
      '  return true',
      'end',
      'p:register_heuristic("udp", heur)',
    ].join('\n'));
    const { engine, set } = await ingestWith(dir, FRAG, 'heur-udp');
    try {
      expect(set.files.filter((f) => f.error)).toEqual([]);
      const udp = engine.index.db.prepare('SELECT number, ip_src AS src, ip_dst AS dst, src_port AS sp, dst_port AS dp FROM frames WHERE udp_stream IS NOT NULL ORDER BY number')
        .all() as { number: number; src: string; dst: string; sp: number; dp: number }[];
      expect(udp.length).toBeGreaterThan(5);
      const pdus = engine.index.db.prepare("SELECT reassembled_in AS r FROM pdus WHERE protocol = 'fragh' ORDER BY r").all() as { r: number }[];
      expect(pdus.map((p) => p.r)).toEqual(udp.map((u) => u.number));
      const field = (name: string) => (engine.index.db.prepare('SELECT frame, value FROM frame_fields WHERE field = ? ORDER BY frame').all(name) as { frame: number; value: unknown }[])
        .map((r) => [r.frame, r.value]);
      expect(field('fragh.src')).toEqual(udp.map((u) => [u.number, u.src]));
      expect(field('fragh.dst')).toEqual(udp.map((u) => [u.number, u.dst]));
      expect(field('fragh.srcport')).toEqual(udp.map((u) => [u.number, u.sp]));
      expect(field('fragh.dstport')).toEqual(udp.map((u) => [u.number, u.dp]));
      const ids = field('fragh.msgid');
      const first = ids[0][1] as number;
      expect(framesMatching(engine, `fragh.msgid == ${first}`)).toEqual(ids.filter(([, v]) => v === first).map(([f]) => f));
    } finally {
      await engine.close();
    }
  });
});
