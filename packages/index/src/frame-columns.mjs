// Shared by the in-process writer and the writer worker (plain JS so a worker thread can load it
// without a TypeScript loader). One batch = columnar arrays; see frame-batch.ts for the shape.

const FRAME_COLUMNS = `number, evidence_id, file_offset, cap_len, orig_len, ts_sec, ts_nsec, iface_id, eth_src,
  eth_dst, ip_version, ip_src, ip_dst, ip_proto, src_port, dst_port, tcp_flags, protocol, info, comments, epb_flags,
  tcp_stream, udp_stream, direction, tcp_analysis, process_id, process_dir`;
const COLUMN_COUNT = 27;
/**
 * Rows per INSERT statement: one statement call per 32 rows cuts the per-call overhead by a third.
 * Every multi-row statement takes its values as spread arguments, not one array: better-sqlite3 reads
 * arguments directly but fetches array elements through a generic property lookup each, which cost
 * as much as the insert itself (about 40% of a frame row's time).
 */
const ROWS_PER_STATEMENT = 32;
const ONE_ROW = `(${Array(COLUMN_COUNT).fill('?').join(',')})`;

export const FRAME_INSERT_SQL = `INSERT INTO frames (${FRAME_COLUMNS}) VALUES ${ONE_ROW}`;
const MULTI_INSERT_SQL = `INSERT INTO frames (${FRAME_COLUMNS}) VALUES ${Array(ROWS_PER_STATEMENT).fill(ONE_ROW).join(',')}`;

const orNull = (v) => (v < 0 ? null : v);
/** evidence.first_ts_ns / last_ts_ns are decimal text (a batch carries them as bigints). */
const tsText = (ns) => (ns === null || ns === undefined ? null : String(ns));

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
  params[p + 21] = orNull(c.tcpStream[k]);
  params[p + 22] = orNull(c.udpStream[k]);
  params[p + 23] = orNull(c.direction[k]);
  params[p + 24] = c.tcpAnalysis[k] === 0 ? null : c.tcpAnalysis[k];
  params[p + 25] = orNull(c.processId[k]);
  params[p + 26] = orNull(c.processDir[k]);
  return p + COLUMN_COUNT;
}

const STREAM_COLUMNS = ['evidence_id', 'proto', 'id', 'ip_version', 'node0_addr', 'node0_port', 'node1_addr', 'node1_port',
  'client', 'first_frame', 'last_frame', 'first_ts_sec', 'first_ts_nsec', 'packets0', 'packets1', 'bytes0', 'bytes1',
  'payload0', 'payload1', 'delivered0', 'delivered1', 'gaps0', 'gaps1', 'gap_bytes0', 'gap_bytes1', 'conflicts0',
  'conflicts1', 'after_close0', 'after_close1', 'close0', 'close1', 'mid_stream', 'state', 'app_proto'];

/** PROCESS_ROW_COLUMNS of frame-batch.ts. */
const PROCESS_COLUMNS = ['id', 'evidence_id', 'pid', 'start_ns', 'ppid', 'uid', 'user', 'comm', 'name', 'exe', 'args', 'argv', 'uuid',
  'details', 'truncated', 'source', 'confidence'];

const SEG_COLUMNS = 'ord, evidence_id, proto, stream, direction, offset, length, frame, file_offset, data';
const SEG_COLUMN_COUNT = 10;
const SEGS_PER_STATEMENT = 64;
const ONE_SEG = `(${Array(SEG_COLUMN_COUNT).fill('?').join(',')})`;
const SEG_PROTO = ['tcp', 'udp'];

function putSegment(params, p, s, evidenceId, k, blobs) {
  params[p] = s.segOrd[k];
  params[p + 1] = evidenceId;
  params[p + 2] = SEG_PROTO[s.segProto[k]];
  params[p + 3] = s.segStream[k];
  params[p + 4] = s.segDir[k];
  params[p + 5] = s.segOffset[k];
  params[p + 6] = s.segLength[k];
  params[p + 7] = s.segFrame[k];
  const fo = s.segFileOffset[k];
  params[p + 8] = fo < 0 ? null : fo;
  params[p + 9] = fo < 0 ? Buffer.from(blobs.get(k) ?? new Uint8Array(0)) : null;
  return p + SEG_COLUMN_COUNT;
}

const FIELDS_PER_STATEMENT = 128;

const intOrReal = (v) => (Number.isSafeInteger(v) ? BigInt(v) : v);

function putField(params, p, c, k) {
  const kind = c.kind[k];
  params[p] = c.frame[k];
  if (kind === 3) {
    const [name, value, bytes] = JSON.parse(c.text[k]);
    params[p + 1] = name;
    params[p + 2] = bytes ? Buffer.from(value, 'hex') : typeof value === 'number' ? intOrReal(value) : value;
  } else {
    params[p + 1] = c.names[c.fieldId[k]];
    // Whole numbers as BigInt: better-sqlite3 binds JS numbers as REAL, and `value` has no affinity.
    params[p + 2] = kind === 0 ? null : kind === 1 ? intOrReal(c.num[k]) : kind === 4 ? Buffer.from(c.text[k], 'hex') : c.text[k];
  }
  return p + 3;
}

export const FRAME_FIELD_INSERT_SQL = 'INSERT INTO frame_fields (frame, field, value) VALUES (?, ?, ?)';

/** Statements writing the stream tables' rows of a batch (see SideRows in frame-batch.ts). */
function createSideInserter(db) {
  const seg = db.prepare(`INSERT INTO segments (${SEG_COLUMNS}) VALUES ${ONE_SEG}`);
  const segMany = db.prepare(`INSERT INTO segments (${SEG_COLUMNS}) VALUES ${Array(SEGS_PER_STATEMENT).fill(ONE_SEG).join(',')}`);
  const oneSeg = new Array(SEG_COLUMN_COUNT);
  const manySeg = new Array(SEG_COLUMN_COUNT * SEGS_PER_STATEMENT);
  const stream = db.prepare(`INSERT OR REPLACE INTO streams (${STREAM_COLUMNS.join(', ')}) VALUES (${STREAM_COLUMNS.map(() => '?').join(',')})`);
  const gap = db.prepare(`INSERT INTO gaps (ord, evidence_id, proto, stream, direction, offset, length, reason, frame_after)
    VALUES (?,?,?,?,?,?,?,?,?)`);
  const conflict = db.prepare(`INSERT INTO conflicts (evidence_id, proto, stream, direction, offset, length, frame, kept_frame)
    VALUES (?,?,?,?,?,?,?,?)`);
  const pdu = db.prepare(`INSERT INTO pdus (evidence_id, proto, stream, direction, protocol, offset, length, first_frame,
    reassembled_in, frames, truncated, summary, tree) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const PDUS_PER_STATEMENT = 64;
  const PDU_ROW = '(?,?,?,?,?,?,?,?,?,?,?,?,?)';
  const pduMany = db.prepare(`INSERT INTO pdus (evidence_id, proto, stream, direction, protocol, offset, length, first_frame,
    reassembled_in, frames, truncated, summary, tree) VALUES ${Array(PDUS_PER_STATEMENT).fill(PDU_ROW).join(',')}`);
  const manyPdus = new Array(13 * PDUS_PER_STATEMENT);
  const insertPdus = (rows, ev) => {
    let k = 0;
    for (; k + PDUS_PER_STATEMENT <= rows.length; k += PDUS_PER_STATEMENT) {
      let p = 0;
      for (let j = 0; j < PDUS_PER_STATEMENT; j++) {
        const r = rows[k + j];
        manyPdus[p++] = ev;
        for (let i = 0; i < 12; i++) manyPdus[p++] = r[i] ?? null;
      }
      pduMany.run(...manyPdus);
    }
    for (; k < rows.length; k++) pdu.run(ev, ...rows[k].slice(0, 11), rows[k][11] ?? null);
  };
  const ipr = db.prepare(`INSERT INTO ip_reassemblies (evidence_id, family, src, dst, protocol, ip_id, fragments, fragment_count,
    length, reassembled_in, status, overlap, conflict, conflicts, first_frame, last_frame) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const field = db.prepare(FRAME_FIELD_INSERT_SQL);
  const fieldMany = db.prepare(`INSERT INTO frame_fields (frame, field, value) VALUES ${Array(FIELDS_PER_STATEMENT).fill('(?,?,?)').join(',')}`);
  const oneField = new Array(3);
  const manyFields = new Array(3 * FIELDS_PER_STATEMENT);
  const insertFields = (c) => {
    const n = c.count;
    let k = 0;
    for (; k + FIELDS_PER_STATEMENT <= n; k += FIELDS_PER_STATEMENT) {
      let p = 0;
      for (let j = 0; j < FIELDS_PER_STATEMENT; j++) p = putField(manyFields, p, c, k + j);
      fieldMany.run(...manyFields);
    }
    for (; k < n; k++) {
      putField(oneField, 0, c, k);
      field.run(...oneField);
    }
  };
  const flags = db.prepare('UPDATE frames SET tcp_analysis = coalesce(tcp_analysis, 0) | ? WHERE number = ?');
  const stats = db.prepare(`UPDATE streams SET packets0 = ?, packets1 = ?, bytes0 = ?, bytes1 = ?, last_frame = max(last_frame, ?),
    payload0 = CASE WHEN ? < 0 THEN payload0 ELSE ? END, payload1 = CASE WHEN ? < 0 THEN payload1 ELSE ? END
    WHERE evidence_id = ? AND proto = ? AND id = ?`);
  // Upsert: a process row grows as later frames name more of it; the figures computed after the load stay.
  const upsertProcess = db.prepare(`INSERT INTO processes (${PROCESS_COLUMNS.join(', ')}) VALUES (${PROCESS_COLUMNS.map(() => '?').join(',')})
    ON CONFLICT(id) DO UPDATE SET ${PROCESS_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`);
  const times = db.prepare(`UPDATE streams SET
    first_ts_sec = (SELECT ts_sec FROM frames WHERE number = streams.first_frame),
    first_ts_nsec = (SELECT ts_nsec FROM frames WHERE number = streams.first_frame),
    last_ts_sec = (SELECT ts_sec FROM frames WHERE number = streams.last_frame),
    last_ts_nsec = (SELECT ts_nsec FROM frames WHERE number = streams.last_frame)
    WHERE evidence_id = ?`);
  return (s, ev) => {
    const n = s.segCount;
    if (n > 0) {
      const blobs = new Map(s.segBlobs);
      let k = 0;
      for (; k + SEGS_PER_STATEMENT <= n; k += SEGS_PER_STATEMENT) {
        let p = 0;
        for (let j = 0; j < SEGS_PER_STATEMENT; j++) p = putSegment(manySeg, p, s, ev, k + j, blobs);
        segMany.run(...manySeg);
      }
      for (; k < n; k++) {
        putSegment(oneSeg, 0, s, ev, k, blobs);
        seg.run(...oneSeg);
      }
    }
    for (const r of s.streams) {
      r[0] = ev;
      stream.run(r);
    }
    for (const g of s.gaps) gap.run(g[0], ev, g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
    for (const c of s.conflicts) conflict.run(ev, ...c);
    insertPdus(s.pdus, ev);
    for (const r of s.ipReassemblies) ipr.run(ev, ...r);
    insertFields(s.fields);
    for (const u of s.flagUpdates) flags.run(u[1], u[0]);
    for (const t of s.streamStats) stats.run(t[2], t[3], t[4], t[5], t[6], t[7], t[7], t[8], t[8], ev, t[0], t[1]);
    if (s.finishStreams) times.run(ev);
    for (const r of s.processes ?? []) upsertProcess.run(r);
  };
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
  const insertSide = createSideInserter(db);
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
      insertMany.run(...multiParams);
    }
    for (; k < n; k++) {
      putRow(oneParams, 0, c, k);
      insert.run(...oneParams);
    }
    if (batch.side) insertSide(batch.side, c.evidenceId);
    if (n > 0 || batch.bytesIndexed > 0) {
      progress.run(batch.framesTotal, batch.bytesIndexed, n > 0 ? c.number[0] : null, tsText(batch.firstTsNs), tsText(batch.lastTsNs),
        c.evidenceId);
    }
  });
}

/**
 * Pragmas for a bulk load: WAL keeps readers (the UI) working while ingest writes. Inserts append, so a
 * small page cache serves them; index builds after the load sort through temporary files bounded by
 * that cache, which keeps ingest RSS flat whatever the file size.
 */
export function applyWriterPragmas(db) {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // 4 MiB: measured on a 1M-frame case, the index builds after the load (sorts through temporary
  // files) run as fast as with 32 MiB, and the ingest's peak RSS is ~35 MB lower.
  db.pragma('cache_size = -4096');
  db.pragma('temp_store = FILE');
  db.defaultSafeIntegers(false);
}
