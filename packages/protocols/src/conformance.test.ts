/**
 * Conformance against tshark 4.0 on the shared corpus: for every frame, our outermost IP addresses
 * and first TCP/UDP ports must equal the FIRST value tshark prints for ip.src, ip.dst, ipv6.src,
 * ipv6.dst, tcp.srcport, tcp.dstport, udp.srcport, udp.dstport. The Protocol column is only measured.
 *
 * Test-only file: it uses node:fs / node:child_process (the decoders themselves use none) and
 * carries its own tiny pcap/pcapng reader so it does not depend on packages/pcap.
 *
 * Allowed differences (by design, each checked by a predicate on our summary, counted and printed):
 *  - frag-first:    first IP fragment (offset 0, MF): we read the transport header that is there;
 *                   tshark defers the payload to IP reassembly and prints no ports for it.
 *  - frag-reassembled: non-first fragment: we decode no transport header; tshark prints the ports of
 *                   the datagram it reassembled in this frame. (A second test below runs tshark with
 *                   reassembly off and requires exact equality on the fragment captures.)
 *  - icmp-quoted:   ICMP/ICMPv6 error: tshark prints the ports of the quoted datagram; an ICMP frame
 *                   has no ports of its own in our summary.
 *  - tunnel-inner:  the outermost IP carries a tunnel (VXLAN/Teredo/GRE/IP-in-IP...): tshark prints the
 *                   inner transport/other-family IP fields; we keep the outermost layer only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeFrame } from './summary.js';
import type { FrameSummary } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const corpus = process.env.WIREWHO_CORPUS ?? resolve(repoRoot, '../shared/corpus');
const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';

// ---- tiny capture reader (test only) ---------------------------------------------------------

interface Rec {
  linkType: number;
  data: Uint8Array;
  origLen: number;
  /** A pcapng record tshark 4.0 numbers as a frame but that holds no packet (custom block). */
  nonPacket?: boolean;
}

function readPcap(buf: Uint8Array): Rec[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicLE = dv.getUint32(0, true);
  const known = [0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34];
  let le: boolean;
  if (known.includes(magicLE)) le = true;
  else if (known.includes(dv.getUint32(0, false))) le = false;
  else throw new Error('not pcap');
  const magic = dv.getUint32(0, le);
  const hdrExtra = magic === 0xa1b2cd34 ? 8 : 0;
  const ltField = dv.getUint32(20, le);
  const linkType = ltField & 0xffff;
  const fcs = ltField & 0x04000000 ? (ltField >>> 28) * 2 : 0;
  const out: Rec[] = [];
  let p = 24;
  while (p + 16 + hdrExtra <= buf.length) {
    const caplen = dv.getUint32(p + 8, le);
    const origlen = dv.getUint32(p + 12, le);
    const start = p + 16 + hdrExtra;
    if (start + caplen > buf.length) break; // cut short, as tshark reports
    out.push(strip(linkType, buf.subarray(start, start + caplen), origlen, fcs));
    p = start + caplen;
  }
  return out;
}

function strip(linkType: number, data: Uint8Array, origLen: number, fcs: number): Rec {
  if (fcs > 0 && data.length === origLen && data.length >= fcs) return { linkType, data: data.subarray(0, data.length - fcs), origLen: origLen - fcs };
  return { linkType, data, origLen };
}

function readPcapng(buf: Uint8Array): Rec[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Rec[] = [];
  let le = true;
  let ifaces: { linkType: number; snap: number; fcs: number }[] = [];
  let p = 0;
  while (p + 12 <= buf.length) {
    const type = dv.getUint32(p, le);
    if (type === 0x0a0d0d0a) {
      const bom = dv.getUint32(p + 8, true);
      le = bom === 0x1a2b3c4d;
      ifaces = [];
      // tshark 4.0 stops at a section of an unknown major version (le_test901: "unknown SHB version 2.0").
      if (dv.getUint16(p + 12, le) !== 1) break;
    }
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || p + len > buf.length) break;
    const body = p + 8;
    if (type === 1) {
      const linkType = dv.getUint16(body, le);
      const snap = dv.getUint32(body + 4, le);
      let fcs = 0;
      let o = body + 8;
      while (o + 4 <= p + len - 4) {
        const code = dv.getUint16(o, le), ol = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 13 && ol >= 1) fcs = buf[o + 4];
        o += 4 + ((ol + 3) & ~3);
      }
      ifaces.push({ linkType, snap, fcs });
    } else if (type === 6 || type === 2) {
      const ifid = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const caplen = dv.getUint32(body + 12, le);
      const origlen = dv.getUint32(body + 16, le);
      const iface = ifaces[ifid];
      if (iface) out.push(strip(iface.linkType, buf.subarray(body + 20, body + 20 + caplen), origlen, iface.fcs));
    } else if (type === 3) {
      const origlen = dv.getUint32(body, le);
      const iface = ifaces[0];
      const room = len - 16;
      const caplen = Math.min(origlen, room, iface && iface.snap ? iface.snap : origlen);
      if (iface) out.push(strip(iface.linkType, buf.subarray(body + 4, body + 4 + caplen), origlen, iface.fcs));
    } else if (type === 0x00000bad || type === 0x40000bad) {
      out.push({ linkType: -1, data: new Uint8Array(0), origLen: 0, nonPacket: true });
    }
    p += len;
  }
  return out;
}

function readCapture(path: string): Rec[] {
  const buf = new Uint8Array(readFileSync(path));
  if (buf.length < 24) return [];
  const m = (buf[0] << 24) | (buf[1] << 16) | (buf[2] << 8) | buf[3];
  if (m === 0x0a0d0d0a) return readPcapng(buf);
  return readPcap(buf);
}

function findCaptures(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (recursive) out.push(...findCaptures(full, true));
    } else if (/\.pcap(ng)?$/.test(name)) out.push(full);
  }
  return out;
}

// ---- tshark ----------------------------------------------------------------------------------

// The brief's nine fields, plus the Info column at the end (only measured, for non-TCP frames:
// tshark's TCP Info uses relative sequence numbers, ours the raw ones).
const FIELDS = ['ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', '_ws.col.Protocol', '_ws.col.Info'] as const;

function tshark(path: string, extra: string[] = []): string[][] {
  const args = ['-r', path, ...extra, '-T', 'fields', '-E', 'separator=/t', ...FIELDS.flatMap((f) => ['-e', f])];
  const r = spawnSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = (r.stdout ?? '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t'));
}

/** Our value for a tshark field: what the outermost layers give, '' when absent. */
function ours(s: FrameSummary, field: string): string {
  switch (field) {
    case 'ip.src': return s.ipVersion === 4 ? s.ipSrc ?? '' : '';
    case 'ip.dst': return s.ipVersion === 4 ? s.ipDst ?? '' : '';
    case 'ipv6.src': return s.ipVersion === 6 ? s.ipSrc ?? '' : '';
    case 'ipv6.dst': return s.ipVersion === 6 ? s.ipDst ?? '' : '';
    case 'tcp.srcport': return s.ipProto === 6 && s.srcPort !== undefined ? String(s.srcPort) : '';
    case 'tcp.dstport': return s.ipProto === 6 && s.dstPort !== undefined ? String(s.dstPort) : '';
    case 'udp.srcport': return s.ipProto === 17 && s.srcPort !== undefined ? String(s.srcPort) : '';
    case 'udp.dstport': return s.ipProto === 17 && s.dstPort !== undefined ? String(s.dstPort) : '';
    default: return '';
  }
}

const TUNNEL_PROTOS = new Set([4, 41, 47, 97, 115, 137]);

/** Which documented by-design difference explains a mismatch, or undefined. */
function allowed(s: FrameSummary, field: string, mine: string, theirs: string): string | undefined {
  const isPort = field.startsWith('tcp.') || field.startsWith('udp.');
  if (isPort && s.ipFragment && mine !== '' && theirs === '') return 'frag-first';
  if (isPort && s.ipFragment && mine === '' && theirs !== '') return 'frag-reassembled';
  if (isPort && (s.ipProto === 1 || s.ipProto === 58) && mine === '' && theirs !== '') return 'icmp-quoted';
  if (mine === '' && theirs !== '' && s.ipVersion !== 0) {
    const carriesTunnel = TUNNEL_PROTOS.has(s.ipProto ?? -1) || s.ipProto === 17;
    const otherFamily = (field.startsWith('ipv6.') && s.ipVersion === 4) || (field.startsWith('ip.') && s.ipVersion === 6);
    const otherTransport = isPort && ((field.startsWith('tcp.') && s.ipProto !== 6) || (field.startsWith('udp.') && s.ipProto !== 17));
    if (carriesTunnel && (otherFamily || otherTransport)) return 'tunnel-inner';
  }
  return undefined;
}

// ---- the tests -------------------------------------------------------------------------------

const haveTshark = existsSync(TSHARK);
const files = [...findCaptures(join(corpus, 'public'), true), ...findCaptures(join(corpus, 'captures'), false)];

const totals = { files: 0, frames: 0, fieldsCompared: 0, mismatches: 0, protoMatch: 0, protoTotal: 0, infoMatch: 0, infoTotal: 0 };
const infoMismatch: string[] = [];
const allowedCounts = new Map<string, number>();
const protoMismatch = new Map<string, number>();
const perFile: string[] = [];
const failures: string[] = [];

describe.skipIf(!haveTshark || files.length === 0)('conformance with tshark 4.0 (first occurrence)', () => {
  it.each(files.map((f) => [relative(corpus, f), f]))('%s', (_name, path) => {
    let recs: Rec[];
    try {
      recs = readCapture(path);
    } catch {
      return; // not a format this tiny reader handles
    }
    const rows = tshark(path);
    totals.files++;
    let fileMis = 0, fileProto = 0, fileFrames = 0;
    const n = Math.min(rows.length, recs.length);
    for (let i = 0; i < n; i++) {
      const rec = recs[i];
      if (rec.nonPacket) continue;
      const row = rows[i];
      const s = summarizeFrame(rec.linkType, rec.data, rec.origLen);
      fileFrames++;
      for (let k = 0; k < 8; k++) {
        const field = FIELDS[k];
        const theirs = (row[k] ?? '').split(',')[0];
        const mine = ours(s, field);
        totals.fieldsCompared++;
        if (mine === theirs) continue;
        const why = allowed(s, field, mine, theirs);
        if (why) {
          allowedCounts.set(why, (allowedCounts.get(why) ?? 0) + 1);
          continue;
        }
        fileMis++;
        if (failures.length < 40) failures.push(`${relative(corpus, path)} frame ${i + 1} ${field}: ours=${JSON.stringify(mine)} tshark=${JSON.stringify(theirs)}`);
      }
      const col = row[8] ?? '';
      totals.protoTotal++;
      if (col === s.protocol) {
        totals.protoMatch++;
        fileProto++;
      } else {
        const key = `${s.protocol} vs ${col}`;
        protoMismatch.set(key, (protoMismatch.get(key) ?? 0) + 1);
      }
      if (col === s.protocol && col !== 'TCP' && col !== 'MPTCP' && col !== 'HTTP' && !col.startsWith('TLS')) {
        totals.infoTotal++;
        if ((row[9] ?? '') === s.info) totals.infoMatch++;
        else if (infoMismatch.length < Number(process.env.INFO_SAMPLES ?? 12) && !/\(request in \d+\)$/.test(row[9] ?? '')) infoMismatch.push(`  ${relative(corpus, path)} #${i + 1} ${col}: ours ${JSON.stringify(s.info.slice(0, 90))} tshark ${JSON.stringify((row[9] ?? '').slice(0, 90))}`);
      }
    }
    totals.frames += fileFrames;
    totals.mismatches += fileMis;
    perFile.push(`${relative(corpus, path).padEnd(58)} frames ${String(fileFrames).padStart(6)}  mismatches ${fileMis}  protocol ${fileProto}/${fileFrames}` +
      (rows.length !== recs.length ? `  (tshark ${rows.length} rows, reader ${recs.length} records)` : ''));
    // A reader/tshark count difference would misalign every later frame: fail loudly.
    expect(rows.length, 'tshark rows vs records read').toBe(recs.length);
    expect(fileMis, failures.join('\n')).toBe(0);
  });

  afterAll(() => {
    const lines = [
      '',
      `tshark conformance: ${totals.files} captures, ${totals.frames} frames, ${totals.fieldsCompared} field values compared, ${totals.mismatches} unexplained mismatches`,
      `allowed by design: ${[...allowedCounts].map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`,
      `Protocol column: ${totals.protoMatch}/${totals.protoTotal} = ${(100 * totals.protoMatch / Math.max(1, totals.protoTotal)).toFixed(2)}% equal`,
      `Protocol differences (ours vs tshark): ${[...protoMismatch].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k}: ${v}`).join('; ')}`,
      `Info column (frames with equal Protocol, excluding TCP/MPTCP/HTTP/TLS): ${totals.infoMatch}/${totals.infoTotal} = ${(100 * totals.infoMatch / Math.max(1, totals.infoTotal)).toFixed(2)}% equal`,
      ...(process.env.CONFORMANCE_VERBOSE ? infoMismatch : []),
      ...(process.env.CONFORMANCE_VERBOSE ? perFile : []),
      ...failures,
    ];
    console.log(lines.join('\n'));
  });
});

/** Captures with IP fragments: with reassembly off, tshark decodes exactly what we decode. */
const FRAGMENT_CAPTURES = ['captures/frag_client.pcap', 'captures/frag_server.pcapng', 'public/pcapplusplus/ip4_fragments.pcap',
  'public/pcapplusplus/ip6_fragments.pcap', 'public/pcapplusplus/frag_http_req.pcap', 'public/pcapplusplus/frag_with_padding.pcap',
  'public/pcapplusplus/VlanPackets.pcap'].map((f) => join(corpus, f)).filter((f) => existsSync(f));

describe.skipIf(!haveTshark || FRAGMENT_CAPTURES.length === 0)('fragments vs tshark with reassembly off', () => {
  it.each(FRAGMENT_CAPTURES.map((f) => [relative(corpus, f), f]))('%s', (_name, path) => {
    const recs = readCapture(path);
    const rows = tshark(path, ['-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE']);
    expect(rows.length).toBe(recs.length);
    const bad: string[] = [];
    let fragments = 0;
    for (let i = 0; i < recs.length; i++) {
      const s = summarizeFrame(recs[i].linkType, recs[i].data, recs[i].origLen);
      if (s.ipFragment) fragments++;
      for (let k = 0; k < 8; k++) {
        const theirs = (rows[i][k] ?? '').split(',')[0];
        const mine = ours(s, FIELDS[k]);
        if (mine !== theirs && !allowed(s, FIELDS[k], mine, theirs)?.startsWith('icmp')) bad.push(`frame ${i + 1} ${FIELDS[k]}: ours=${mine} tshark=${theirs}`);
      }
    }
    expect(bad.slice(0, 20).join('\n')).toBe('');
    expect(fragments).toBeGreaterThanOrEqual(0);
  });
});
