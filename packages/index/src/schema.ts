/**
 * The case index schema. Frames hold what filters and the packet list need; the Info column is derived
 * from the frame bytes when shown (it is not evidence and would double the insert cost), except for
 * records whose info cannot be re-derived from their bytes (pcapng custom blocks), stored in `info`.
 * MAC addresses are 48-bit integers. The case index schema, as an ordered list of migrations applied by PRAGMA user_version.
 * Secondary indexes live in a separate list: the bulk loader builds them after a load, because
 * maintaining them during the load costs half the insert rate (measured in TOOLCHAIN.md).
 */

export const migrations: readonly string[] = [
  // 1: evidence, interfaces, frames
  `
  CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT,
    format        TEXT,
    status        TEXT NOT NULL CHECK (status IN ('ingesting','complete','incomplete','failed')),
    frame_count   INTEGER NOT NULL DEFAULT 0,
    first_frame   INTEGER,
    first_ts_ns   TEXT,
    last_ts_ns    TEXT,
    bytes_indexed INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    error_offset  INTEGER,
    error_frame   INTEGER,
    imported_at   TEXT NOT NULL,
    finished_at   TEXT
  );
  CREATE TABLE interfaces (
    evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
    iface_id      INTEGER NOT NULL,
    section       INTEGER NOT NULL,
    local_id      INTEGER NOT NULL,
    link_type     INTEGER NOT NULL,
    snaplen       INTEGER NOT NULL,
    name          TEXT,
    description   TEXT,
    filter        TEXT,
    os            TEXT,
    tsresol       TEXT NOT NULL,
    tsoffset      INTEGER NOT NULL DEFAULT 0,
    fcs_len       INTEGER,
    PRIMARY KEY (evidence_id, iface_id)
  );
  CREATE TABLE frames (
    number        INTEGER PRIMARY KEY,
    evidence_id   INTEGER NOT NULL,
    file_offset   INTEGER NOT NULL,
    cap_len       INTEGER NOT NULL,
    orig_len      INTEGER NOT NULL,
    ts_sec        INTEGER,
    ts_nsec       INTEGER,
    iface_id      INTEGER NOT NULL,
    eth_src       INTEGER,
    eth_dst       INTEGER,
    ip_version    INTEGER NOT NULL,
    ip_src        TEXT,
    ip_dst        TEXT,
    ip_proto      INTEGER,
    src_port      INTEGER,
    dst_port      INTEGER,
    tcp_flags     INTEGER,
    protocol      TEXT NOT NULL,
    info          TEXT,
    comments      TEXT,
    epb_flags     INTEGER
  );
  `,
];

/** Built after bulk loads (IF NOT EXISTS makes rebuilding after a resumed ingest harmless). */
export const secondaryIndexes: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS frames_ts ON frames(ts_sec, ts_nsec)',
];

export const SCHEMA_VERSION = migrations.length;
