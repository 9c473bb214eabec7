import type { StreamRowDb } from '@wirewho/index';
import { writeLine } from '../output.js';
import { openCaseReadonly } from './frames.js';
import { CliError } from '../errors.js';

export interface StreamsCommandOptions { case: string; json?: boolean; proto?: string }

/** Direction keys as in the tshark oracles: node0 is the source of the stream's first frame (tshark's Node 0). */
export function streamJson(r: StreamRowDb): Record<string, unknown> {
  const tcp = r.proto === 'tcp';
  return {
    [`${r.proto}.stream`]: r.id,
    proto: r.proto,
    evidence: r.evidenceId,
    ip_version: r.ipVersion,
    node0: { ip: r.node0Addr, port: r.node0Port },
    node1: { ip: r.node1Addr, port: r.node1Port },
    client: r.client === 0 ? 'node0' : r.client === 1 ? 'node1' : null,
    first_frame: r.firstFrame,
    last_frame: r.lastFrame,
    packets: { node0_to_node1: r.packets0, node1_to_node0: r.packets1 },
    frame_bytes: { node0_to_node1: r.bytes0, node1_to_node0: r.bytes1 },
    [tcp ? 'reassembled_bytes' : 'payload_bytes']: { node0_to_node1: tcp ? r.delivered0 : r.payload0, node1_to_node0: tcp ? r.delivered1 : r.payload1 },
    ...(tcp ? {
      gaps: { node0_to_node1: r.gaps0, node1_to_node0: r.gaps1 },
      gap_bytes: { node0_to_node1: r.gapBytes0, node1_to_node0: r.gapBytes1 },
      conflicts: { node0_to_node1: r.conflicts0, node1_to_node0: r.conflicts1 },
      closed: { node0: r.close0, node1: r.close1 },
      mid_stream: r.midStream === 1,
      state: r.state,
    } : {}),
    app: r.appProto,
  };
}

const endpoint = (addr: string, port: number) => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

/** `wirewho streams`: one line (or JSON object) per TCP/UDP conversation, in tcp.stream/udp.stream order. */
export async function runStreams(opts: StreamsCommandOptions): Promise<number> {
  if (opts.proto !== undefined && opts.proto !== 'tcp' && opts.proto !== 'udp') throw new CliError(`--proto must be tcp or udp, not "${opts.proto}"`);
  const index = openCaseReadonly(opts.case);
  try {
    const multi = index.listEvidence().length > 1;
    for (const r of index.streams.iterate({ proto: opts.proto })) {
      let line: string;
      if (opts.json) line = JSON.stringify(streamJson(r));
      else {
        const a = endpoint(r.node0Addr, r.node0Port), b = endpoint(r.node1Addr, r.node1Port);
        const arrow = r.client === 1 ? '←' : '→';
        const gaps = r.gaps0 + r.gaps1;
        const data = r.proto === 'tcp' ? `${r.delivered0}/${r.delivered1}` : `${r.payload0}/${r.payload1}`;
        line = [
          `${r.proto}.stream ${r.id}`.padEnd(15), multi ? `ev ${r.evidenceId}` : '', `${a} ${arrow} ${b}`,
          `frames ${r.firstFrame}-${r.lastFrame}`, `packets ${r.packets0}/${r.packets1}`, `bytes ${r.bytes0}/${r.bytes1}`, `data ${data}`,
          gaps ? `gaps ${gaps} (${r.gapBytes0 + r.gapBytes1} B)` : '', r.conflicts0 + r.conflicts1 ? `conflicts ${r.conflicts0 + r.conflicts1}` : '',
          r.state, r.appProto ?? '',
        ].filter(Boolean).join('  ');
      }
      if (!(await writeLine(line))) break;
    }
  } finally {
    index.close();
  }
  return 0;
}
