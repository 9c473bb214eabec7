/** The stream requests of the contract (streamsPage, followStream) and saving a followed direction. */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { FollowItemDto, FollowPage, ProcessRef, RequestArgs, SaveStreamArgs, StreamDto, StreamPage } from '@wirewho/contract';
import type { CaseIndex, StreamRowDb } from '@wirewho/index';
import type { EvidenceAccess } from './evidence-access.js';
import { StreamFollower } from './follow.js';
import { formatSecondsNs } from './time-format.js';
import { storedTsNs } from './timestamps.js';

/** processes.id -> the process's reference (null: none). */
export type ProcessRefLookup = (id: number | null) => ProcessRef | null;

export function toStreamDto(r: StreamRowDb, firstTsNs: bigint, processRef: ProcessRefLookup = () => null): StreamDto {
  const first = storedTsNs({ tsSec: r.firstTsSec, tsNsec: r.firstTsNsec });
  const last = storedTsNs({ tsSec: r.lastTsSec, tsNsec: r.lastTsNsec });
  const tcp = r.proto === 'tcp';
  return {
    evidenceId: r.evidenceId, proto: r.proto, stream: r.id, ipVersion: r.ipVersion,
    addressA: r.node0Addr, portA: r.node0Port, addressB: r.node1Addr, portB: r.node1Port,
    client: r.client === 0 ? 'A' : r.client === 1 ? 'B' : null,
    firstFrame: r.firstFrame, lastFrame: r.lastFrame,
    relStart: first === null ? '' : formatSecondsNs(first - firstTsNs),
    duration: first === null || last === null ? '' : formatSecondsNs(last - first),
    packetsAB: r.packets0, packetsBA: r.packets1, bytesAB: r.bytes0, bytesBA: r.bytes1,
    dataAB: tcp ? r.delivered0 : r.payload0, dataBA: tcp ? r.delivered1 : r.payload1,
    gaps: r.gaps0 + r.gaps1, gapBytes: r.gapBytes0 + r.gapBytes1, conflicts: r.conflicts0 + r.conflicts1,
    state: r.state, app: r.appProto,
    process: processRef(r.processId), peerProcess: processRef(r.peerProcessId),
  };
}

export class StreamService {
  readonly follower: StreamFollower;

  constructor(
    private readonly index: CaseIndex, access: EvidenceAccess, private readonly firstTs: () => bigint,
    private readonly processRef: ProcessRefLookup = () => null,
  ) {
    this.follower = new StreamFollower(index, access);
  }

  streamsPage(a: RequestArgs<'streamsPage'>): StreamPage {
    const q = { proto: a.proto, evidenceId: a.evidenceId };
    const total = this.index.streams.count(q);
    const rows = this.index.streams.page({ ...q, offset: a.offset, limit: a.limit, sort: a.sort, descending: a.descending });
    const first = this.firstTs();
    return { offset: a.offset, total, rows: rows.map((r) => toStreamDto(r, first, this.processRef)) };
  }

  followStream(a: RequestArgs<'followStream'>): FollowPage {
    const info = this.follower.resolve(a.proto, a.stream, a.evidenceId);
    const { row, clientNode } = info;
    const total = this.follower.viewSize(info, a.direction);
    const items: FollowItemDto[] = [];
    for (const it of this.follower.items(info, a.direction, a.offset, a.limit)) {
      const from = it.fromClient ? 'client' : 'server';
      if (it.kind === 'data') {
        const b64 = Buffer.from(it.bytes.buffer, it.bytes.byteOffset, it.bytes.length).toString('base64');
        items.push({ kind: 'data', from, offset: it.offset, frame: it.frame, length: it.bytes.length, dataBase64: b64 });
      } else {
        items.push({ kind: 'gap', from, offset: it.offset, length: it.length, reason: it.reason, frameAfter: it.frameAfter });
      }
    }
    // A window covers [offset, offset + limit) of the view's positions, whatever it held.
    const next = a.offset + a.limit;
    const node = (n: 0 | 1) => (n === 0 ? { address: row.node0Addr, port: row.node0Port } : { address: row.node1Addr, port: row.node1Port });
    const clientData = info.dataBytes[clientNode], serverData = info.dataBytes[1 - clientNode];
    return {
      evidenceId: row.evidenceId, proto: row.proto, stream: row.id, direction: a.direction,
      client: node(clientNode), server: node((1 - clientNode) as 0 | 1), clientBytes: clientData, serverBytes: serverData,
      gaps: row.gaps0 + row.gaps1, gapBytes: row.gapBytes0 + row.gapBytes1, conflicts: row.conflicts0 + row.conflicts1,
      offset: a.offset, nextOffset: next >= total ? null : next, total, items,
    };
  }

  /** Writes the reassembled bytes of one direction to a file (gaps are left out, like `follow --format raw`). */
  writeDirection(a: SaveStreamArgs, filePath: string): { bytes: number; gaps: number } {
    const info = this.follower.resolve(a.proto, a.stream, a.evidenceId);
    const fd = openSync(filePath, 'w');
    let bytes = 0, gaps = 0;
    try {
      for (const it of this.follower.items(info, a.direction)) {
        if (it.kind === 'gap') { gaps++; continue; }
        let done = 0;
        while (done < it.bytes.length) done += writeSync(fd, it.bytes, done, it.bytes.length - done);
        bytes += it.bytes.length;
      }
    } finally {
      closeSync(fd);
    }
    return { bytes, gaps };
  }
}
