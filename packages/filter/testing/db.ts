/**
 * Test fixture: an in-memory SQLite database with the case index's frames/evidence/interfaces tables
 * (copied from packages/index/src/schema.ts: filter must not import index) and the generic
 * frame_fields side table the registry points at, plus helpers to insert rows and run filters.
 */
import Database from 'better-sqlite3';
import { compileFilter, registerFilterFunctions, type FrameBytesReader } from '../src/index.js';

export const SCHEMA = `
  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT, format TEXT,
    status TEXT NOT NULL, frame_count INTEGER NOT NULL DEFAULT 0, first_frame INTEGER, first_ts_ns TEXT,
    last_ts_ns TEXT, bytes_indexed INTEGER NOT NULL DEFAULT 0, error TEXT, error_offset INTEGER,
    error_frame INTEGER, imported_at TEXT NOT NULL, finished_at TEXT
  );
  CREATE TABLE interfaces (
    evidence_id INTEGER NOT NULL, iface_id INTEGER NOT NULL, section INTEGER NOT NULL, local_id INTEGER NOT NULL,
    link_type INTEGER NOT NULL, snaplen INTEGER NOT NULL, name TEXT, description TEXT, filter TEXT, os TEXT,
    tsresol TEXT NOT NULL, tsoffset INTEGER NOT NULL DEFAULT 0, fcs_len INTEGER, PRIMARY KEY (evidence_id, iface_id)
  );
  CREATE TABLE frames (
    number INTEGER PRIMARY KEY, evidence_id INTEGER NOT NULL, file_frame INTEGER NOT NULL, file_offset INTEGER NOT NULL,
    cap_len INTEGER NOT NULL, orig_len INTEGER NOT NULL, ts_sec INTEGER, ts_nsec INTEGER, iface_id INTEGER NOT NULL,
    eth_src INTEGER, eth_dst INTEGER, ip_version INTEGER NOT NULL, ip_src TEXT, ip_dst TEXT, ip_proto INTEGER,
    src_port INTEGER, dst_port INTEGER, tcp_flags INTEGER, protocol TEXT NOT NULL, info TEXT, comments TEXT, epb_flags INTEGER,
    process_id INTEGER, tcp_stream INTEGER, udp_stream INTEGER, direction INTEGER, tcp_analysis INTEGER
  );
  CREATE TABLE processes (
    id INTEGER PRIMARY KEY, evidence_id INTEGER, pid INTEGER NOT NULL, start_ns TEXT, ppid INTEGER, uid INTEGER, user TEXT,
    comm TEXT, name TEXT, exe TEXT, args TEXT, argv TEXT, uuid TEXT, details TEXT, truncated INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL, confidence TEXT NOT NULL
  );
  CREATE TABLE frame_fields (frame INTEGER NOT NULL, field TEXT NOT NULL, value);
  CREATE INDEX frame_fields_frame ON frame_fields(frame, field);
  CREATE INDEX frame_fields_value_frame ON frame_fields(field, value, frame);
`;

export interface FrameInput {
  number: number;
  evidence_id?: number;
  file_frame?: number;
  file_offset?: number;
  cap_len?: number;
  orig_len?: number;
  ts_sec?: number | null;
  ts_nsec?: number | null;
  iface_id?: number;
  eth_src?: number | null;
  eth_dst?: number | null;
  ip_version?: number;
  ip_src?: string | null;
  ip_dst?: string | null;
  ip_proto?: number | null;
  src_port?: number | null;
  dst_port?: number | null;
  tcp_flags?: number | null;
  protocol?: string;
  info?: string | null;
  comments?: string | null;
  epb_flags?: number | null;
  process_id?: number | null;
  tcp_stream?: number | null;
  udp_stream?: number | null;
  tcp_analysis?: number | null;
}

const COLUMNS = ['number', 'evidence_id', 'file_frame', 'file_offset', 'cap_len', 'orig_len', 'ts_sec', 'ts_nsec', 'iface_id',
  'eth_src', 'eth_dst', 'ip_version', 'ip_src', 'ip_dst', 'ip_proto', 'src_port', 'dst_port', 'tcp_flags', 'protocol', 'info',
  'comments', 'epb_flags', 'process_id', 'tcp_stream', 'udp_stream', 'tcp_analysis'] as const;

/**
 * Values of decoded fields (ip.ttl, tcp.payload, ...) per database: the engine decodes them from
 * frame bytes; here insertFields rows stand in for the decoder (a SQL function cannot query the
 * connection that is running it, so they are kept in memory).
 */
const decodedValues = new WeakMap<Database.Database, Map<string, unknown[]>>();

export function createTestDb(opts: { frameBytes?: FrameBytesReader; format?: string } = {}): Database.Database {
  const db = new Database(':memory:');
  db.exec(SCHEMA);
  db.prepare(`INSERT INTO evidence (id, path, size, format, status, imported_at) VALUES (1, 'test', 0, ?, 'complete', '')`).run(opts.format ?? 'pcapng');
  db.prepare(`INSERT INTO interfaces (evidence_id, iface_id, section, local_id, link_type, snaplen, tsresol) VALUES (1, 0, 0, 0, 1, 262144, '1e-6')`).run();
  const values = new Map<string, unknown[]>();
  decodedValues.set(db, values);
  registerFilterFunctions(db, {
    ...(opts.frameBytes ? { frameBytes: opts.frameBytes } : {}),
    decoded: (frame, field) => (values.get(`${frame}\t${field}`) ?? []) as never[],
  });
  return db;
}

export function insertFrames(db: Database.Database, frames: readonly FrameInput[]): void {
  const stmt = db.prepare(`INSERT INTO frames (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const f of frames) {
      const row: Record<string, unknown> = {
        evidence_id: 1, file_frame: f.number, file_offset: 0, cap_len: f.orig_len ?? 60, orig_len: 60, ts_sec: null, ts_nsec: null,
        iface_id: 0, eth_src: null, eth_dst: null, ip_version: 0, ip_src: null, ip_dst: null, ip_proto: null, src_port: null,
        dst_port: null, tcp_flags: null, protocol: 'Ethernet', info: null, comments: null, epb_flags: null, process_id: null,
        tcp_stream: null, udp_stream: null, tcp_analysis: null, ...f,
      };
      stmt.run(COLUMNS.map((c) => row[c]));
    }
  })();
}

export function insertFields(db: Database.Database, rows: readonly (readonly [number, string, unknown])[]): void {
  const stmt = db.prepare('INSERT INTO frame_fields (frame, field, value) VALUES (?, ?, ?)');
  db.transaction(() => { for (const r of rows) stmt.run(r[0], r[1], r[2]); })();
  const values = decodedValues.get(db);
  for (const [frame, field, value] of rows) {
    const key = `${frame}\t${field}`;
    values?.set(key, [...(values.get(key) ?? []), value]);
  }
}

export interface ProcessInput {
  id: number;
  pid: number;
  ppid?: number | null;
  uid?: number | null;
  user?: string | null;
  comm?: string | null;
  name?: string | null;
  exe?: string | null;
  args?: string | null;
  source?: string;
}

export function insertProcesses(db: Database.Database, rows: readonly ProcessInput[]): void {
  const stmt = db.prepare(`INSERT INTO processes (id, evidence_id, pid, ppid, uid, user, comm, name, exe, args, source, confidence)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact')`);
  db.transaction(() => {
    for (const p of rows) {
      stmt.run(p.id, p.pid, p.ppid ?? null, p.uid ?? null, p.user ?? null, p.comm ?? null, p.name ?? p.comm ?? null, p.exe ?? null,
        p.args ?? null, p.source ?? 'ptcpdump');
    }
  })();
}

/** Frame numbers matching a filter, in order. */
export function matching(db: Database.Database, filter: string): number[] {
  const c = compileFilter(filter);
  return (db.prepare(`SELECT f.number AS n FROM frames f WHERE ${c.sql} ORDER BY f.number`).all(...(c.params as never[])) as { n: number }[]).map((r) => r.n);
}

export function mac(text: string): number {
  return parseInt(text.replace(/[:.-]/g, ''), 16);
}
