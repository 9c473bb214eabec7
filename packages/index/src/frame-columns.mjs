// Shared by the in-process writer and the writer worker (plain JS so a worker thread can load it
// without a TypeScript loader). One batch = columnar arrays; see frame-batch.ts for the shape.

export const FRAME_INSERT_SQL = `INSERT INTO frames (number, evidence_id, file_frame, file_offset, cap_len, orig_len, ts_sec, ts_nsec,
  iface_id, eth_src, eth_dst, ip_version, ip_src, ip_dst, ip_proto, src_port, dst_port, tcp_flags, protocol, info,
  comments, epb_flags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

const orNull = (v) => (v < 0 ? null : v);

/**
 * Returns a function that writes one batch (and the evidence progress) in a single transaction,
 * so the evidence row always names the last frame that really is in the index.
 */
export function createBatchInserter(db) {
  const insert = db.prepare(FRAME_INSERT_SQL);
  const progress = db.prepare(
    'UPDATE evidence SET frame_count = ?, bytes_indexed = ?, first_frame = coalesce(first_frame, ?), first_ts_ns = coalesce(first_ts_ns, ?), last_ts_ns = coalesce(?, last_ts_ns) WHERE id = ?');
  const insertIface = db.prepare(`INSERT OR REPLACE INTO interfaces (evidence_id, iface_id, section, local_id, link_type, snaplen,
    name, description, filter, os, tsresol, tsoffset, fcs_len) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  return db.transaction((batch) => {
    for (const i of batch.interfaces) {
      insertIface.run(i.evidenceId, i.ifaceId, i.section, i.localId, i.linkType, i.snapLen, i.name, i.description,
        i.filter, i.os, i.tsresol, i.tsOffset, i.fcsLen);
    }
    const n = batch.count;
    const c = batch;
    for (let k = 0; k < n; k++) {
      insert.run(c.number[k], c.evidenceId, c.fileFrame[k], c.fileOffset[k], c.capLen[k], c.origLen[k], c.hasTs[k] ? c.tsSec[k] : null, c.hasTs[k] ? c.tsNsec[k] : null,
        c.ifaceId[k], c.ethSrc[k], c.ethDst[k], c.ipVersion[k], c.ipSrc[k], c.ipDst[k], orNull(c.ipProto[k]),
        orNull(c.srcPort[k]), orNull(c.dstPort[k]), orNull(c.tcpFlags[k]), c.protocol[k], c.info[k], c.comments[k],
        orNull(c.epbFlags[k]));
    }
    if (n > 0 || batch.bytesIndexed > 0) {
      progress.run(batch.framesTotal, batch.bytesIndexed, n > 0 ? c.number[0] : null, batch.firstTsNs, batch.lastTsNs, c.evidenceId);
    }
  });
}

/** Pragmas for a bulk load: WAL keeps readers (the UI) working while ingest writes. */
export function applyWriterPragmas(db) {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.defaultSafeIntegers(false);
}
