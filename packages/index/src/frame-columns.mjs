// Shared by the in-process writer and the writer worker (plain JS so a worker thread can load it
// without a TypeScript loader). One batch = columnar arrays; see frame-batch.ts for the shape.

const FRAME_COLUMNS = `number, evidence_id, file_offset, cap_len, orig_len, ts_sec, ts_nsec, iface_id, eth_src,
  eth_dst, ip_version, ip_src, ip_dst, ip_proto, src_port, dst_port, tcp_flags, protocol, info, comments, epb_flags`;
const COLUMN_COUNT = 21;
/** Rows per INSERT statement: one statement call per 32 rows cuts the per-call overhead by a third. */
const ROWS_PER_STATEMENT = 32;
const ONE_ROW = `(${Array(COLUMN_COUNT).fill('?').join(',')})`;

export const FRAME_INSERT_SQL = `INSERT INTO frames (${FRAME_COLUMNS}) VALUES ${ONE_ROW}`;
const MULTI_INSERT_SQL = `INSERT INTO frames (${FRAME_COLUMNS}) VALUES ${Array(ROWS_PER_STATEMENT).fill(ONE_ROW).join(',')}`;

const orNull = (v) => (v < 0 ? null : v);

/** Writes row k of the batch into params starting at p; returns the next position. */
function putRow(params, p, c, k) {
  params[p] = c.number[k];
  params[p + 1] = c.evidenceId;
  params[p + 2] = c.fileOffset[k];
  params[p + 3] = c.capLen[k];
  params[p + 4] = c.origLen[k];
  params[p + 5] = c.hasTs[k] ? c.tsSec[k] : null;
  params[p + 6] = c.hasTs[k] ? c.tsNsec[k] : null;
  params[p + 7] = c.ifaceId[k];
  params[p + 8] = orNull(c.ethSrc[k]);
  params[p + 9] = orNull(c.ethDst[k]);
  params[p + 10] = c.ipVersion[k];
  params[p + 11] = c.ipSrc[k];
  params[p + 12] = c.ipDst[k];
  params[p + 13] = orNull(c.ipProto[k]);
  params[p + 14] = orNull(c.srcPort[k]);
  params[p + 15] = orNull(c.dstPort[k]);
  params[p + 16] = orNull(c.tcpFlags[k]);
  params[p + 17] = c.protocol[k];
  params[p + 18] = c.info[k];
  params[p + 19] = c.comments[k];
  params[p + 20] = orNull(c.epbFlags[k]);
  return p + COLUMN_COUNT;
}

/**
 * Returns a function that writes one batch (and the evidence progress) in a single transaction,
 * so the evidence row always names the last frame that really is in the index.
 */
export function createBatchInserter(db) {
  const insert = db.prepare(FRAME_INSERT_SQL);
  const insertMany = db.prepare(MULTI_INSERT_SQL);
  const oneParams = new Array(COLUMN_COUNT);
  const multiParams = new Array(COLUMN_COUNT * ROWS_PER_STATEMENT);
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
    let k = 0;
    for (; k + ROWS_PER_STATEMENT <= n; k += ROWS_PER_STATEMENT) {
      let p = 0;
      for (let j = 0; j < ROWS_PER_STATEMENT; j++) p = putRow(multiParams, p, c, k + j);
      insertMany.run(multiParams);
    }
    for (; k < n; k++) {
      putRow(oneParams, 0, c, k);
      insert.run(oneParams);
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
