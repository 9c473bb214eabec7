/**
 * The detail tree of a frame that completed an IP reassembly, as Wireshark shows it: after the
 * frame's own IP header, "[N IPv4 Fragments (L bytes): #a(x), #b(y)]" listing every fragment, then
 * the layers above IP dissected from the reassembled datagram — in their own byte source,
 * "Reassembled IPv4 (L bytes)", which the bytes pane offers as a tab. What the frame's tree showed
 * above IP (the last fragment's bytes alone, e.g. "Data") gives way to them. Every other fragment's
 * IP layer says where its datagram was reassembled.
 */
import type { DataSourceDto, DetailNodeDto } from '@wirewho/contract';
import { dissectReassembledPayload } from '@wirewho/protocols';
import type { RebuiltDatagram } from './reassembled-datagrams.js';

/** Ranges of the reassembled payload's dissection point into its own byte source. */
function intoSource(nodes: readonly DetailNodeDto[], source: number): DetailNodeDto[] {
  return nodes.map((n) => ({ ...n, source, ...(n.children?.length ? { children: intoSource(n.children, source) } : {}) }));
}

function fragmentsNode(d: RebuiltDatagram, source: number): DetailNodeDto {
  const ip = d.family === 4 ? 'ip' : 'ipv6';
  const name = d.family === 4 ? 'IPv4' : 'IPv6';
  const total = d.payload.length;
  const summary = d.fragments.map((f) => `#${f.frame}${f.length === null ? '' : `(${f.length})`}`).join(', ');
  const children: DetailNodeDto[] = d.fragments.map((f) => {
    const extent = f.offset === null || f.length === null ? '' : `, payload: ${f.offset}-${f.offset + f.length - 1} (${f.length} byte${f.length === 1 ? '' : 's'})`;
    const node: DetailNodeDto = { label: `[Frame: ${f.frame}${extent}]`, field: `${ip}.fragment`, value: String(f.frame), start: 0, length: 0 };
    if (f.offset !== null && f.length !== null && f.offset < total) {
      node.start = f.offset;
      node.length = Math.min(f.length, total - f.offset);
      node.source = source;
    }
    return node;
  });
  if (d.overlap) children.push({ label: '[Fragment overlap: True]', field: `${ip}.fragment.overlap`, value: 'True', start: 0, length: 0 });
  if (d.conflict) {
    children.push({ label: '[Conflicting data in fragment overlap: True]', field: `${ip}.fragment.overlap.conflict`, value: 'True', start: 0, length: 0 });
  }
  children.push(
    { label: `[Fragment count: ${d.fragments.length}]`, field: `${ip}.fragment.count`, value: String(d.fragments.length), start: 0, length: 0 },
    { label: `[Reassembled ${name} length: ${total}]`, field: `${ip}.reassembled.length`, value: String(total), start: 0, length: 0 },
  );
  return {
    label: `[${d.fragments.length} ${name} Fragments (${total} bytes): ${summary}]`, field: `${ip}.fragments`,
    start: 0, length: total, source, children,
  };
}

/**
 * `tree` (the frame's own dissection) with the reassembled datagram in place of what followed the
 * frame's IP header; the reassembled bytes are added to `sources`.
 */
export function withReassembledDatagram(tree: DetailNodeDto[], d: RebuiltDatagram, sources: DataSourceDto[]): DetailNodeDto[] {
  const ipField = d.family === 4 ? 'ip' : 'ipv6';
  let last = -1;
  tree.forEach((n, i) => { if (n.field === ipField) last = i; });
  if (last < 0) return tree;
  sources.push({ label: `Reassembled ${d.family === 4 ? 'IPv4' : 'IPv6'} (${d.payload.length} bytes)`, bytesBase64: Buffer.from(d.payload).toString('base64') });
  const source = sources.length - 1;
  const above = dissectReassembledPayload(d.payload, d.protocol).nodes;
  return [...tree.slice(0, last + 1), fragmentsNode(d, source), ...intoSource(above, source)];
}

/** "[Reassembled IPv4 in frame: N]" as the last line of the frame's (innermost) IP layer. */
export function markReassembledIn(tree: DetailNodeDto[], frame: number): void {
  const ip = [...tree].reverse().find((n) => n.field === 'ip' || n.field === 'ipv6');
  if (ip?.field === undefined) return;
  const name = ip.field === 'ip' ? 'IPv4' : 'IPv6';
  ip.children = [...(ip.children ?? []), { label: `[Reassembled ${name} in frame: ${frame}]`, field: `${ip.field}.reassembled_in`, value: String(frame), start: 0, length: 0 }];
}
