/**
 * A declarative spec as a protocol: TCP framing through the reassembly package's PDU desegmenter
 * (fixed header + length field, or a delimiter; resynchronising on the magic when there is one), UDP
 * datagrams as PDUs, and application fragments reassembled with the FragmentReassembler.
 */
import { FragmentReassembler, INVALID, NEED_MORE, type AppMessage, type PduProtocol } from '@wirewho/reassembly';
import { decodeField, FT_OF } from './field-decode.js';
import { specBytes, type DissectorSpec, type FieldSpec } from './spec.js';
import type { DissectorField, DissectorResult, Facts, FieldValue, PduTreeNode, UdpPdu, UdpSession, UserProtocol } from './types.js';

/** Longest a delimited PDU may grow before framing gives up on it. */
const MAX_DELIMITED = 1024 * 1024;

function indexOf(b: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function matchesAt(b: Uint8Array, at: number, m: Uint8Array): boolean {
  if (at + m.length > b.length) return false;
  for (let j = 0; j < m.length; j++) if (b[at + j] !== m[j]) return false;
  return true;
}

function addFact(facts: Facts, name: string, v: FieldValue): void {
  const prev = facts[name];
  if (prev === undefined || prev === null) facts[name] = v;
  else if (Array.isArray(prev)) prev.push(v);
  else facts[name] = [prev, v];
}

export class DeclarativeProtocol implements UserProtocol {
  readonly name: string;
  readonly description: string;
  readonly fields: DissectorField[];
  readonly tcpPorts: ReadonlySet<number>;
  readonly udpPorts: ReadonlySet<number>;
  private readonly prefix: string;
  private readonly magic: Uint8Array | null;
  private readonly magicOffset: number;

  constructor(readonly spec: DissectorSpec) {
    this.name = spec.name;
    this.description = spec.description ?? `${spec.name.toUpperCase()} Protocol`;
    this.prefix = spec.filterPrefix ?? spec.name;
    this.tcpPorts = new Set(spec.tcpPorts);
    this.udpPorts = new Set(spec.udpPorts);
    this.magic = spec.heuristic ? specBytes(spec.heuristic.magic) : null;
    this.magicOffset = spec.heuristic?.offset ?? 0;
    const label = (f: FieldSpec) => f.label ?? f.name.split('.').pop()!;
    this.fields = [
      { abbr: this.prefix, name: this.description, type: 'FT_PROTOCOL' },
      ...[...spec.fields, ...spec.messageFields].map((f): DissectorField => ({ abbr: `${this.prefix}.${f.name}`, name: label(f), type: FT_OF[f.type] })),
    ];
    if (spec.fragmentation) {
      const p = this.prefix;
      this.fields.push(
        { abbr: `${p}.fragments`, name: 'Message fragments', type: 'FT_PROTOCOL' },
        { abbr: `${p}.fragment`, name: 'Message fragment (frame)', type: 'FT_FRAMENUM' },
        { abbr: `${p}.fragment.count`, name: 'Message fragment count', type: 'FT_UINT32' },
        { abbr: `${p}.fragment.overlap`, name: 'Message fragment overlap', type: 'FT_BOOLEAN' },
        { abbr: `${p}.fragment.overlap.conflicts`, name: 'Message fragment overlapping with conflicting data', type: 'FT_BOOLEAN' },
        { abbr: `${p}.fragment.multiple_tails`, name: 'Message has multiple tail fragments', type: 'FT_BOOLEAN' },
        { abbr: `${p}.fragment.too_long_fragment`, name: 'Message fragment too long', type: 'FT_BOOLEAN' },
        { abbr: `${p}.fragment.error`, name: 'Message defragmentation error', type: 'FT_STRING' },
        { abbr: `${p}.reassembled.in`, name: 'Reassembled in', type: 'FT_FRAMENUM' },
        { abbr: `${p}.reassembled.length`, name: 'Reassembled length', type: 'FT_UINT32' },
        { abbr: `${p}.incomplete`, name: 'Message incomplete (fragments missing)', type: 'FT_BOOLEAN' },
      );
    }
  }

  /** Heuristic: the magic at its offset. */
  tcpHeuristic(first: Uint8Array): boolean {
    return this.magic !== null && matchesAt(first, this.magicOffset, this.magic);
  }

  udpHeuristic(payload: Uint8Array): boolean {
    return this.tcpHeuristic(payload);
  }

  /** Fields of `list` read from `pdu`, as facts and tree children. */
  private dissectFields(list: readonly FieldSpec[], pdu: Uint8Array, facts: Facts, children: PduTreeNode[]): boolean {
    let malformed = false;
    for (const f of list) {
      const d = decodeField(f, pdu);
      const abbr = `${this.prefix}.${f.name}`;
      if (d === null) { malformed = true; continue; }
      if (d.value === null) facts[abbr] ??= null;
      else addFact(facts, abbr, d.value);
      children.push({ label: `${f.label ?? f.name}: ${d.display}`, field: abbr, value: d.display, start: d.start, length: d.length });
    }
    return malformed;
  }

  /** Dissects one whole PDU (a TCP PDU, a datagram, or a reassembled message). */
  dissectPdu(pdu: Uint8Array, fields: readonly FieldSpec[] = this.spec.fields): DissectorResult {
    const facts: Facts = { [this.prefix]: true };
    const children: PduTreeNode[] = [];
    const malformed = this.dissectFields(fields, pdu, facts, children);
    if (malformed) facts['_ws.malformed'] = true;
    const shown = children.filter((c) => c.field && !c.field.endsWith('.payload')).slice(0, 4).map((c) => c.label);
    return {
      facts,
      summary: `${this.name.toUpperCase()}${shown.length ? ' ' + shown.join(', ') : ''}${malformed ? ' [Malformed]' : ''}`,
      tree: [{ label: this.description, field: this.prefix, start: 0, length: pdu.length, children }],
    };
  }

  /** PDU length at b[o] from the framing. */
  private pduLength(b: Uint8Array, o: number): number {
    const fr = this.spec.framing!;
    if ('delimiter' in fr) {
      const d = specBytes(fr.delimiter);
      const at = indexOf(b, d, o);
      if (at < 0) return b.length - o > MAX_DELIMITED ? INVALID : NEED_MORE;
      return at + d.length - o;
    }
    if (this.magic !== null && this.magicOffset < fr.headerLength && !matchesAt(b, o + this.magicOffset, this.magic)) return INVALID;
    const lf = fr.lengthField;
    let v = 0;
    for (let i = 0; i < lf.size; i++) v = v * 256 + b[o + lf.offset + (lf.byteOrder === 'little' ? lf.size - 1 - i : i)];
    const total = v + lf.adjustment;
    return total >= Math.max(1, fr.headerLength) ? total : INVALID;
  }

  tcpSession(): (dir: 0 | 1) => PduProtocol<DissectorResult> {
    const fr = this.spec.framing!;
    const magic = this.magic, mo = this.magicOffset;
    const proto: PduProtocol<DissectorResult> = {
      name: this.name,
      fixedLength: 'delimiter' in fr ? 1 : Math.max(fr.headerLength, fr.lengthField.offset + fr.lengthField.size),
      pduLength: (b, o) => this.pduLength(b, o),
      dissect: (pdu) => this.dissectPdu(pdu),
      ...(magic ? {
        resync: (b: Uint8Array, o: number) => {
          const at = indexOf(b, magic, o + mo);
          return at < 0 ? -1 : at - mo;
        },
      } : {}),
    };
    return () => proto;
  }

  udpSession(): UdpSession {
    const frag = this.spec.fragmentation;
    if (!frag) {
      return {
        datagram: (payload, frame, direction) => [{ offset: 0, length: payload.length, frames: [frame], reassembledIn: frame, truncated: false, direction, result: this.dissectPdu(payload) }],
        finish: () => [],
      };
    }
    const incomplete: UdpPdu[] = [];
    const dirOf = new Map<string, 0 | 1>();
    const headerOf = new Map<string, [Uint8Array, number]>();
    const reasm = new FragmentReassembler((m) => incomplete.push(this.messagePdu(m, dirOf.get(m.key) ?? 0, headerOf.get(m.key))));
    const byName = new Map(this.spec.fields.map((f) => [f.name, f]));
    const num = (name: string, pdu: Uint8Array): number | null => {
      const d = decodeField(byName.get(name)!, pdu);
      if (d === null || d.value === null) return null;
      return typeof d.value === 'boolean' ? Number(d.value) : Number(d.value);
    };
    const flag = (ref: { field: string; mask?: number } | undefined, pdu: Uint8Array): boolean | null => {
      if (!ref) return null;
      const v = num(ref.field, pdu);
      return v === null ? null : ref.mask !== undefined ? (v & ref.mask) !== 0 : v !== 0;
    };
    return {
      datagram: (payload, frame, direction) => {
        const isFragment = frag.fragmentFlag ? flag(frag.fragmentFlag, payload) : true;
        const id = num(frag.messageId, payload), seq = num(frag.fragmentNumber, payload);
        if (!isFragment || id === null || seq === null || payload.length < frag.payloadOffset) {
          return [{ offset: 0, length: payload.length, frames: [frame], reassembledIn: frame, truncated: false, direction, result: this.dissectPdu(payload) }];
        }
        const key = `${direction}:${id}`;
        dirOf.set(key, direction);
        if (!headerOf.has(key)) headerOf.set(key, [payload.slice(0, frag.payloadOffset), frame]);
        const count = frag.count !== undefined ? num(frag.count, payload) ?? undefined : undefined;
        const last = frag.lastFlag ? flag(frag.lastFlag, payload) === true : undefined;
        const v = reasm.add(key, { seq: seq - frag.fragmentBase, data: payload.subarray(frag.payloadOffset), last, count, frame });
        if (!v.completed) return [];
        // The header shown is the completing datagram's own (the frame the message is shown in).
        const out = this.messagePdu(v.completed, direction, [payload.slice(0, frag.payloadOffset), frame]);
        headerOf.delete(key);
        return [out];
      },
      finish: () => {
        reasm.flush('end');
        return incomplete.splice(0);
      },
    };
  }

  /** A reassembled (or incomplete) message as a PDU with Wireshark's fragment fields. */
  private messagePdu(m: AppMessage, direction: 0 | 1, at: [Uint8Array, number] | undefined): UdpPdu {
    const p = this.prefix;
    const header = at?.[0];
    const r = this.dissectPdu(header ?? new Uint8Array(0), []);
    const root = r.tree[0];
    const children = root.children!;
    if (header) this.dissectFields(this.spec.fields.filter((f) => f.offset + (typeof f.size === 'number' ? f.size : 0) <= header.length && f.size !== 'rest'), header, r.facts, children);
    const inHeader = children.length;
    if (m.complete) this.dissectFields(this.spec.messageFields, m.payload, r.facts, children);
    // Byte ranges: header fields in their datagram, message fields in the reassembled message, whose
    // bytes are the kept fragments' payloads in fragment order.
    const mark = (n: PduTreeNode, k: (x: PduTreeNode) => void) => { k(n); n.children?.forEach((c) => mark(c, k)); };
    children.slice(0, inHeader).forEach((c) => mark(c, (x) => { x.inFrame = at![1]; }));
    children.slice(inHeader).forEach((c) => mark(c, (x) => { x.inMessage = true; }));
    Object.assign(root, { inMessage: true, start: 0, length: m.payload.length });
    const pieces: [number, number, number, number][] = [];
    let at0 = 0;
    const seen = new Set<number>();
    for (const e of m.fragments) {
      if (e.duplicate || e.tooLong || seen.has(e.seq)) continue;
      seen.add(e.seq);
      pieces.push([e.frame, this.spec.fragmentation!.payloadOffset, e.length, at0]);
      at0 += e.length;
    }
    if (m.complete && at0 === m.payload.length) root.pieces = pieces;
    else mark(root, (x) => { delete x.inMessage; x.start = 0; x.length = 0; });
    const f = r.facts;
    f[`${p}.fragments`] = true;
    f[`${p}.fragment`] = m.fragments.map((e) => e.frame);
    f[`${p}.fragment.count`] = m.count;
    if (m.overlap) f[`${p}.fragment.overlap`] = true;
    if (m.overlapConflict) f[`${p}.fragment.overlap.conflicts`] = true;
    if (m.multipleTails) f[`${p}.fragment.multiple_tails`] = true;
    if (m.tooLongFragment) f[`${p}.fragment.too_long_fragment`] = true;
    if (m.error) f[`${p}.fragment.error`] = m.error;
    if (m.complete) {
      f[`${p}.reassembled.in`] = m.reassembledIn;
      f[`${p}.reassembled.length`] = m.length;
    } else {
      f[`${p}.incomplete`] = true;
    }
    children.push({
      label: `[${m.count} Message fragments (${m.length} bytes)${m.complete ? '' : ', incomplete'}: ${m.fragments.map((e) => `#${e.frame}(${e.length})`).join(', ')}]`,
      field: `${p}.fragments`, start: 0, length: 0,
    });
    if (m.error) children.push({ label: `[Defragmentation error: ${m.error}]`, field: `${p}.fragment.error`, value: m.error, start: 0, length: 0 });
    const frames = [...m.frames].sort((a, b) => a - b);
    const summary = m.complete
      ? `${this.name.toUpperCase()} message ${m.length} bytes in ${m.count} fragments (reassembled in #${m.reassembledIn})`
      : `${this.name.toUpperCase()} incomplete message: ${m.count} fragment${m.count === 1 ? '' : 's'}, ${m.error ?? 'fragments missing'}`;
    return {
      offset: 0, length: m.length, frames, reassembledIn: m.complete ? m.reassembledIn : frames[frames.length - 1], truncated: !m.complete, direction,
      result: { facts: f, summary, tree: r.tree },
    };
  }
}
