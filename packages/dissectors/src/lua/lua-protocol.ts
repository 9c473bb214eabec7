/**
 * The protocols a Lua file registers, as UserProtocols: port-table dissectors and heuristics run over
 * TCP through the CallbackDesegmenter (Wireshark's desegment_len/offset semantics) and over UDP per
 * datagram. Every top-level item of one of the file's Protos is one PDU; the fields below it are its
 * facts. A call that fails (a Lua error, the CPU or memory limit) records no PDU and is counted; after
 * MAX_LIMIT_HITS limit hits the file is switched off for the rest of the run, so one bad dissector
 * cannot stall an ingest.
 */
import { CallbackDesegmenter, INVALID, type DesegmentContext, type PduProtocol, type PduRecord, type PduSink } from '@wirewho/reassembly';
import type { DissectorField, DissectorFieldType, DissectorResult, Facts, FieldValue, PduTreeNode, UdpPdu, UdpSession, UserProtocol } from '../types.js';
import { latin1Bytes, LuaCallError, LuaLoadError, type LuaCallResult, type LuaDissectorState, type LuaItem, type LuaPacketMeta } from './runtime.js';

export const MAX_LIMIT_HITS = 3;

export interface LuaRunError {
  frame: number;
  message: string;
}

/** Connection endpoints a call reports through Pinfo. */
export interface LuaEndpoints {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
}

const FT_OK = new Set<string>(['FT_BOOLEAN', 'FT_UINT8', 'FT_UINT16', 'FT_UINT24', 'FT_UINT32', 'FT_UINT64', 'FT_INT8', 'FT_INT16', 'FT_INT24',
  'FT_INT32', 'FT_INT64', 'FT_STRING', 'FT_STRINGZ', 'FT_BYTES', 'FT_IPv4', 'FT_ETHER', 'FT_FRAMENUM']);

/** The value of a field item for the index. */
function indexValue(v: unknown, ftype: string | null): FieldValue | null {
  if (typeof v === 'string') {
    if (ftype === 'FT_BYTES') return latin1Bytes(v);
    if (ftype === 'FT_UINT64' || ftype === 'FT_INT64') {
      const b = BigInt(v);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    if (ftype === 'FT_ETHER') return parseInt(v.replace(/:/g, ''), 16);
    return new TextDecoder().decode(latin1Bytes(v));
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return null;
}

/** Adds a tree item's value to facts (multi-occurrence fields become arrays). */
function addFact(facts: Facts, kind: LuaItem[1], abbr: string, value: unknown, ftype: string | null): void {
  if (kind === 'proto') { facts[abbr] = true; return; }
  if (kind !== 'field') return;
  const v = indexValue(value, ftype);
  const prev = facts[abbr];
  if (v === null) facts[abbr] ??= null;
  else if (prev === undefined || prev === null) facts[abbr] = v;
  else if (Array.isArray(prev)) prev.push(v);
  else facts[abbr] = [prev, v];
}

/** Facts of every field and protocol item a call added (a post-dissector's items belong to the frame). */
export function factsOf(r: LuaCallResult): Facts | null {
  const facts: Facts = {};
  let any = false;
  for (const [, kind, abbr, , value, ftype] of r.items) if (abbr) { addFact(facts, kind, abbr, value, ftype); any = true; }
  return any ? facts : null;
}

/** PDUs of a call: each top-level item of one of `names` with its subtree. */
export function pdusOf(r: LuaCallResult, names: ReadonlySet<string>): { offset: number; length: number; result: DissectorResult }[] {
  const items = r.items;
  const children = new Map<number, number[]>();
  items.forEach((it, k) => {
    const list = children.get(it[0]);
    if (list) list.push(k + 1); else children.set(it[0], [k + 1]);
  });
  const out: { offset: number; length: number; result: DissectorResult }[] = [];
  const node = (id: number, base: number, facts: Facts): PduTreeNode => {
    const it: LuaItem = items[id - 1];
    const [, kind, abbr, text, value, ftype, off, len, disp] = it;
    if (abbr) addFact(facts, kind, abbr, value, ftype);
    const n: PduTreeNode = { label: new TextDecoder().decode(latin1Bytes(text)), start: off >= 0 ? off - base : 0, length: off >= 0 ? len : 0 };
    if (abbr) n.field = abbr;
    if (disp !== null) n.value = new TextDecoder().decode(latin1Bytes(disp));
    const kids = children.get(id);
    if (kids) n.children = kids.map((k) => node(k, base, facts));
    return n;
  };
  for (const id of children.get(0) ?? []) {
    const it = items[id - 1];
    if (it[1] !== 'proto' || !it[2] || !names.has(it[2]) || it[6] < 0) continue;
    const facts: Facts = {};
    const tree = node(id, it[6], facts);
    const info = r.info !== null ? new TextDecoder().decode(latin1Bytes(r.info)) : '';
    out.push({ offset: it[6], length: it[7], result: { facts, summary: info || tree.label, tree: [tree] } });
  }
  return out;
}

export class LuaFile {
  readonly errors: LuaRunError[] = [];
  errorCount = 0;
  limitHits = 0;
  disabled = false;
  readonly names: ReadonlySet<string>;

  constructor(readonly state: LuaDissectorState) {
    this.names = new Set(state.manifest.protos.map((p) => p.name.toLowerCase()));
    try {
      state.init();
    } catch (e) {
      state.close();
      throw new LuaLoadError(`${state.file}: Proto.init failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Runs a dissector; null when it failed (recorded) or the file is switched off. */
  run(kind: 'p' | 'h' | 'q', index: number, data: Uint8Array, meta: LuaPacketMeta): LuaCallResult | null {
    if (this.disabled) return null;
    try {
      return this.state.call(kind, index, data, meta);
    } catch (e) {
      if (!(e instanceof LuaCallError)) throw e;
      this.errorCount++;
      if (this.errors.length < 100) this.errors.push({ frame: meta.number, message: e.message });
      if (e.kind !== 'error' && ++this.limitHits >= MAX_LIMIT_HITS) {
        this.disabled = true;
        this.errors.push({ frame: meta.number, message: `switched off after ${this.limitHits} CPU/memory limit hits` });
      }
      return null;
    }
  }

  /** The UserProtocols the file registers (one per Proto with a port or a heuristic). */
  protocols(endpoints: (stream: number, dir: 0 | 1, transport: 'tcp' | 'udp') => LuaEndpoints): UserProtocol[] {
    const m = this.state.manifest;
    const out: UserProtocol[] = [];
    m.protos.forEach((p, k) => {
      const index = k + 1;
      const tcpPorts = new Set<number>(), udpPorts = new Set<number>();
      for (const [table, from, to, pi] of m.ports) {
        if (pi !== index) continue;
        for (let port = from; port <= to && port - from < 4096; port++) (table === 'tcp.port' ? tcpPorts : udpPorts).add(port);
      }
      const heurTcp = m.heuristics.findIndex(([list, pi]) => list === 'tcp' && pi === index);
      const heurUdp = m.heuristics.findIndex(([list, pi]) => list === 'udp' && pi === index);
      // A post-dissector's place in the manifest's post list (1-based), 0 for none.
      const post = m.post.indexOf(index) + 1;
      if (!tcpPorts.size && !udpPorts.size && heurTcp < 0 && heurUdp < 0 && !post) return;
      const fields: DissectorField[] = [{ abbr: p.name.toLowerCase(), name: p.desc, type: 'FT_PROTOCOL' }];
      for (const [abbr, name, ft] of p.fields) if (FT_OK.has(ft)) fields.push({ abbr, name, type: ft as DissectorFieldType });
      const up = this.protocol(p.name.toLowerCase(), p.desc, fields, tcpPorts, udpPorts, index, heurTcp, heurUdp, endpoints);
      if (post) {
        up.postDissect = (frame, fm) => {
          const r = this.run('q', post, frame, { ...fm, canDesegment: false });
          return r === null ? null : factsOf(r);
        };
      }
      out.push(up);
    });
    return out;
  }

  private protocol(
    name: string, description: string, fields: DissectorField[], tcpPorts: Set<number>, udpPorts: Set<number>, index: number,
    heurTcp: number, heurUdp: number, endpoints: (stream: number, dir: 0 | 1, transport: 'tcp' | 'udp') => LuaEndpoints,
  ): UserProtocol {
    const meta = (stream: number, dir: 0 | 1, transport: 'tcp' | 'udp', frame: number): LuaPacketMeta => ({
      number: frame, stream, transport, canDesegment: transport === 'tcp', ...endpoints(stream, dir, transport),
    });
    const probe = (h: number, b: Uint8Array, transport: 'tcp' | 'udp') => {
      const r = this.run('h', h + 1, b, { number: 0, src: '', dst: '', srcPort: 0, dstPort: 0, transport, stream: -1, canDesegment: false });
      return r !== null && r.ret > 0;
    };
    const run = (k: 'p' | 'h', i: number, b: Uint8Array, m: LuaPacketMeta) => this.run(k, i, b, m);
    const names = this.names;
    const up: UserProtocol = {
      name, description, fields, tcpPorts, udpPorts,
      tcpSession: () => {
        // Port-table dissector first; a heuristic-only protocol runs its heuristic function as the dissector.
        const kind: 'p' | 'h' = tcpPorts.size || heurTcp < 0 ? 'p' : 'h';
        const fn = kind === 'p' ? index : heurTcp + 1;
        return (dir) => {
          const proto: PduProtocol<DissectorResult> = {
            name, fixedLength: 1, pduLength: () => INVALID, dissect: () => ({ facts: {}, summary: '', tree: [] }),
            createFramer: (stream, direction, sink: PduSink<DissectorResult>) => new CallbackDesegmenter({
              dissect(buf: Uint8Array, ctx: DesegmentContext) {
                const r = run(kind, fn, buf, meta(stream, dir, 'tcp', ctx.frame));
                if (r === null) return { consumed: 0, desegmentOffset: 0, desegmentLen: 0 };
                if (r.ret !== 0) {
                  for (const p of pdusOf(r, names)) {
                    const rec: PduRecord = {
                      protocol: name, stream, direction, offset: ctx.offset + p.offset, length: p.length,
                      frames: ctx.framesOf(ctx.offset + p.offset, ctx.offset + p.offset + p.length), reassembledIn: ctx.frame, truncated: false,
                    };
                    sink.pdu(rec, p.result);
                  }
                }
                return { consumed: r.ret, desegmentOffset: r.doff, desegmentLen: r.ret === 0 ? 0 : r.dlen };
              },
            }, stream, direction, (e) => sink.framing?.(e)),
          };
          return proto;
        };
      },
    };
    if (heurTcp >= 0) up.tcpHeuristic = (b) => probe(heurTcp, b, 'tcp');
    if (heurUdp >= 0) up.udpHeuristic = (b) => probe(heurUdp, b, 'udp');
    if (udpPorts.size || heurUdp >= 0) {
      const kind: 'p' | 'h' = udpPorts.size || heurUdp < 0 ? 'p' : 'h';
      const fn = kind === 'p' ? index : heurUdp + 1;
      up.udpSession = (): UdpSession => ({
        datagram: (payload, frame, direction, stream = -1) => {
          const r = run(kind, fn, payload, meta(stream, direction, 'udp', frame));
          if (r === null || r.ret === 0) return [];
          return pdusOf(r, names).map((p): UdpPdu => ({
            offset: p.offset, length: p.length, frames: [frame], reassembledIn: frame, truncated: false, direction, result: p.result,
          }));
        },
        finish: () => [],
      });
    }
    return up;
  }

  close(): void {
    this.state.close();
  }
}
