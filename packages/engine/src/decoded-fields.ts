/**
 * Values of fields the index does not store (ip.ttl, tcp.len, vlan.id, ...), decoded from the frame's
 * bytes when a display filter asks: the detail tree (@wirewho/protocols dissectFrame) is flattened
 * into field -> occurrences, converted to the storage a filter compares against (ints as numbers,
 * MACs as 48-bit integers, addresses as text, byte fields as the bytes they cover).
 *
 * A filter evaluates several predicates per frame and often re-runs over the same frames (typing in
 * the filter bar), so decoded frames are kept in a bounded LRU.
 */
import type { Kind } from '@wirewho/filter';
import { CaseIndex, type FrameRowDb } from '@wirewho/index';
import { dissectFrame, dissectReassembledPayload, type DetailNode } from '@wirewho/protocols';
import { EvidenceAccess } from './evidence-access.js';
import { ReassembledDatagrams } from './reassembled-datagrams.js';
import { TcpStreamLayers } from './tcp-stream-layers.js';
import { storedTsNs } from './timestamps.js';

type SqlValue = number | bigint | string | Uint8Array | null;

/** `src`: the bytes the range points into when not the frame's (a reassembled datagram). */
interface Occurrence { value: string | undefined; start: number; length: number; src?: Uint8Array }

interface Decoded { bytes: Uint8Array; fields: Map<string, Occurrence[]> }

interface Reader { index: CaseIndex; access: EvidenceAccess; datagrams: ReassembledDatagrams; layers: TcpStreamLayers }

/** Frames kept decoded (a 13k-frame capture fits; memory stays in the tens of MB). */
const CACHE_FRAMES = 16_384;

function parseIntText(v: string): number | bigint | null {
  const t = v.trim();
  if (/^-?[0-9]+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : BigInt(t);
  }
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) {
    const n = BigInt(t);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  if (/^true$/i.test(t)) return 1;
  if (/^false$/i.test(t)) return 0;
  return null;
}

function macNumber(v: string): number | null {
  const hex = v.replace(/[:.-]/g, '');
  return /^[0-9a-fA-F]{12}$/.test(hex) ? parseInt(hex, 16) : null;
}

export class DecodedFields {
  private readonly cache = new Map<number, Decoded>();
  private reader: Reader | null = null;

  /**
   * The SQL functions run while the filter's query holds the main connection, which cannot run a
   * second statement then: frame rows are read through a read-only connection of the same case.
   */
  constructor(private readonly caseDir: string) {}

  private get index(): CaseIndex {
    return this.open().index;
  }

  private get access(): EvidenceAccess {
    return this.open().access;
  }

  private open(): Reader {
    if (!this.reader) {
      const index = CaseIndex.open(this.caseDir, { readonly: true });
      const access = new EvidenceAccess(index);
      this.reader = { index, access, datagrams: new ReassembledDatagrams(index, access), layers: new TcpStreamLayers(index, access) };
    }
    return this.reader;
  }

  close(): void {
    this.reader?.access.close();
    this.reader?.index.close();
    this.reader = null;
    this.cache.clear();
  }

  /** Occurrences of `field` in frame `frame`, converted for a field of value kind `kind`. */
  values(frame: number, field: string, kind: Kind): SqlValue[] {
    const d = this.decode(frame);
    if (!d) return [];
    const occ = d.fields.get(field);
    if (!occ) return [];
    const out: SqlValue[] = [];
    for (const o of occ) {
      const v = this.convert(o, kind, d.bytes);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  /** `length` captured bytes of a frame from `offset` (the `frame` protocol and its slices). */
  frameBytes(frame: number, offset: number, length: number): Uint8Array | null {
    let bytes = this.cache.get(frame)?.bytes;
    if (!bytes) {
      const row = this.index.frame(frame);
      if (!row) return null;
      bytes = this.access.frameBytes(row);
    }
    if (offset > bytes.length) return null;
    return bytes.subarray(offset, Math.min(bytes.length, offset + length));
  }

  clear(): void {
    this.cache.clear();
    this.reader?.layers.clear();
  }

  /**
   * A frame that completed an IP reassembly shows the reassembled datagram's transport layer, as
   * Wireshark does: the frame's own layers up to the (innermost) IP header, then the datagram's,
   * and frame.protocols with the datagram's protocols instead of the fragment's ":data".
   */
  private reassembledLayers(frame: number, tree: DetailNode[]): { frameTree: DetailNode[]; nodes: DetailNode[]; payload: Uint8Array } | null {
    const ip = ipFragment(tree);
    if (ip === null) return null;
    const d = this.open().datagrams.completedIn(frame);
    if (!d) return null;
    const layers = dissectReassembledPayload(d.payload, d.protocol);
    const frameTree = tree.slice(0, ip + 1).map((n) => (n.field === 'frame' ? withProtocols(n, layers.protocols) : n));
    return { frameTree, nodes: layers.nodes, payload: d.payload };
  }

  private convert(o: Occurrence, kind: Kind, bytes: Uint8Array): SqlValue | undefined {
    switch (kind) {
      case 'none': case 'protocol': return null;
      case 'int': case 'bool': return o.value === undefined ? undefined : parseIntText(o.value) ?? undefined;
      case 'ether': return o.value === undefined ? undefined : macNumber(o.value) ?? undefined;
      case 'bytes': return o.length > 0 || o.value !== undefined ? (o.src ?? bytes).slice(o.start, o.start + o.length) : undefined;
      case 'double': { const n = o.value === undefined ? NaN : Number(o.value); return Number.isFinite(n) ? n : undefined; }
      default: return o.value;
    }
  }

  private decode(frame: number): Decoded | null {
    const hit = this.cache.get(frame);
    if (hit) {
      // LRU: most recently used last.
      this.cache.delete(frame);
      this.cache.set(frame, hit);
      return hit;
    }
    const row: FrameRowDb | undefined = this.index.frame(frame);
    if (!row) return null;
    const bytes = this.access.frameBytes(row);
    const iface = this.access.iface(row.evidenceId, row.ifaceId);
    const ctx = {
      number: row.number, linkType: iface?.linkType ?? -1, tsNs: storedTsNs(row) ?? 0n,
      capLen: row.capLen, origLen: row.origLen, interfaceId: row.ifaceId,
    };
    let tree: DetailNode[];
    try {
      tree = dissectFrame(bytes, ctx);
      // A fragment that went into a reassembly: its payload is data, as Wireshark shows it.
      if (ipFragment(tree) && this.open().datagrams.isMember(frame)) tree = dissectFrame(bytes, { ...ctx, fragmentsAsData: true });
    } catch {
      // The detail decoder reports truncation inside the tree; anything else: no decoded fields.
      tree = [];
    }
    const fields = new Map<string, Occurrence[]>();
    const walk = (nodes: readonly DetailNode[], src?: Uint8Array) => {
      for (const n of nodes) {
        if (n.field) {
          let list = fields.get(n.field);
          if (!list) fields.set(n.field, (list = []));
          list.push({ value: n.value, start: n.start, length: n.length, ...(src ? { src } : {}) });
        }
        if (n.children) walk(n.children, src);
      }
    };
    const reassembled = this.reassembledLayers(frame, tree);
    walk(reassembled ? reassembled.frameTree : tree);
    if (reassembled) walk(reassembled.nodes, reassembled.payload);
    // Above TCP, Wireshark's layers depend on the whole conversation (desegmentation, SEQ analysis).
    for (const o of fields.get('frame.protocols') ?? []) if (o.value !== undefined) o.value = this.open().layers.protocols(row, o.value);
    const d = { bytes, fields };
    if (this.cache.size >= CACHE_FRAMES) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(frame, d);
    return d;
  }
}

/**
 * Index of the innermost IP layer when it is a fragment (IPv4 with MF set or a non-zero offset, IPv6
 * with a fragment header), else null.
 */
function ipFragment(tree: readonly DetailNode[]): number | null {
  let ip = -1;
  for (let i = tree.length - 1; i >= 0 && ip < 0; i--) if (tree[i].field === 'ip' || tree[i].field === 'ipv6') ip = i;
  if (ip < 0) return null;
  let frag = false;
  const visit = (nodes: readonly DetailNode[] | undefined) => {
    for (const n of nodes ?? []) {
      if (n.field === 'ipv6.fraghdr' || (n.field === 'ip.flags.mf' && n.value === '1') || (n.field === 'ip.frag_offset' && n.value !== '0')) frag = true;
      else visit(n.children);
    }
  };
  visit(tree[ip].children);
  return frag ? ip : null;
}

/** The frame node with frame.protocols ending in the reassembled datagram's protocols. */
function withProtocols(frameNode: DetailNode, tail: string): DetailNode {
  const children = frameNode.children?.map((c) => {
    if (c.field !== 'frame.protocols' || c.value === undefined) return c;
    const v = (c.value.endsWith(':data') ? c.value.slice(0, -5) : c.value) + tail;
    return { ...c, value: v, label: `[Protocols in frame: ${v}]` };
  });
  return { ...frameNode, ...(children ? { children } : {}) };
}
