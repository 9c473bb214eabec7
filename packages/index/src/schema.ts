/**
 * The case index schema. Frames hold what filters and the packet list need; the Info column is derived
 * from the frame bytes when shown (it is not evidence and would double the insert cost), except for
 * records whose info cannot be re-derived from their bytes (pcapng custom blocks), stored in `info`.
 * MAC addresses are 48-bit integers. The case index schema, as an ordered list of migrations applied by PRAGMA user_version.
 * Secondary indexes live in a separate list: the bulk loader builds them after a load, because
 * maintaining them during the load costs half the insert rate (measured in TOOLCHAIN.md).
 */

/**
 * The fact index: frame_fields by field, value and frame (what display filters on dns./http./tls.
 * fields look up). Covering: a fact equality reads its frames from the index alone, already in frame
 * order for one value, so a filter's first page stops after its rows and a count never reads the table.
 */
const FACT_INDEX = 'CREATE INDEX IF NOT EXISTS frame_fields_value_frame ON frame_fields(field, value, frame)';

/**
 * Addresses and ports, each end with its family (ip_version, ip_proto: `ip.addr` means IPv4, `tcp.port`
 * TCP), rows of one value in frame order; and the frames whose two ends are equal (loopback, or a
 * port talking to itself) by that value. A filter on either end (`ip.addr == X`) is counted from
 * these alone as n(src = X) + n(dst = X) - n(src = dst = X), three index range counts (0.5 s for
 * 10.6M matches, where visiting each matching frame took 1.5 s).
 */
const ADDRESS_PORT_INDEXES = [
  'CREATE INDEX IF NOT EXISTS frames_ip_src_v ON frames(ip_src, ip_version) WHERE ip_src IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS frames_ip_dst_v ON frames(ip_dst, ip_version) WHERE ip_dst IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS frames_src_port_p ON frames(src_port, ip_proto) WHERE src_port IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS frames_dst_port_p ON frames(dst_port, ip_proto) WHERE dst_port IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS frames_ip_same ON frames(ip_src, ip_version, ip_dst) WHERE ip_src = ip_dst',
  'CREATE INDEX IF NOT EXISTS frames_port_same ON frames(src_port, ip_proto, dst_port) WHERE src_port = dst_port',
];

/**
 * A migration: SQL, or SQL followed by statements run only when `ifAny` returns a row (an index a
 * case with data needs now, which an empty case gets at the end of its first bulk load instead).
 */
export type Migration = string | { sql: string; ifAny: string; then: readonly string[] };

export const migrations: readonly Migration[] = [
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
  // 2: streams (issue 3): TCP/UDP conversations, the stream-byte -> frame map, gaps and conflicts,
  // application PDUs, IP reassemblies, per-frame stream/direction/analysis, and a generic fact table.
  `
  ALTER TABLE frames ADD COLUMN tcp_stream INTEGER;
  ALTER TABLE frames ADD COLUMN udp_stream INTEGER;
  ALTER TABLE frames ADD COLUMN direction INTEGER;
  ALTER TABLE frames ADD COLUMN tcp_analysis INTEGER;
  CREATE TABLE streams (
    evidence_id   INTEGER NOT NULL,
    proto         TEXT NOT NULL CHECK (proto IN ('tcp','udp')),
    id            INTEGER NOT NULL,
    ip_version    INTEGER NOT NULL,
    node0_addr    TEXT NOT NULL,
    node0_port    INTEGER NOT NULL,
    node1_addr    TEXT NOT NULL,
    node1_port    INTEGER NOT NULL,
    client        INTEGER,
    first_frame   INTEGER NOT NULL,
    last_frame    INTEGER NOT NULL,
    first_ts_sec  INTEGER,
    first_ts_nsec INTEGER,
    last_ts_sec   INTEGER,
    last_ts_nsec  INTEGER,
    packets0      INTEGER NOT NULL DEFAULT 0,
    packets1      INTEGER NOT NULL DEFAULT 0,
    bytes0        INTEGER NOT NULL DEFAULT 0,
    bytes1        INTEGER NOT NULL DEFAULT 0,
    payload0      INTEGER NOT NULL DEFAULT 0,
    payload1      INTEGER NOT NULL DEFAULT 0,
    delivered0    INTEGER NOT NULL DEFAULT 0,
    delivered1    INTEGER NOT NULL DEFAULT 0,
    gaps0         INTEGER NOT NULL DEFAULT 0,
    gaps1         INTEGER NOT NULL DEFAULT 0,
    gap_bytes0    INTEGER NOT NULL DEFAULT 0,
    gap_bytes1    INTEGER NOT NULL DEFAULT 0,
    conflicts0    INTEGER NOT NULL DEFAULT 0,
    conflicts1    INTEGER NOT NULL DEFAULT 0,
    after_close0  INTEGER NOT NULL DEFAULT 0,
    after_close1  INTEGER NOT NULL DEFAULT 0,
    close0        TEXT,
    close1        TEXT,
    mid_stream    INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL,
    app_proto     TEXT,
    PRIMARY KEY (evidence_id, proto, id)
  );
  CREATE TABLE segments (
    ord           INTEGER PRIMARY KEY,
    evidence_id   INTEGER NOT NULL,
    proto         TEXT NOT NULL,
    stream        INTEGER NOT NULL,
    direction     INTEGER NOT NULL,
    offset        INTEGER NOT NULL,
    length        INTEGER NOT NULL,
    frame         INTEGER NOT NULL,
    file_offset   INTEGER,
    data          BLOB
  );
  CREATE TABLE gaps (
    ord           INTEGER NOT NULL,
    evidence_id   INTEGER NOT NULL,
    proto         TEXT NOT NULL,
    stream        INTEGER NOT NULL,
    direction     INTEGER NOT NULL,
    offset        INTEGER NOT NULL,
    length        INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    frame_after   INTEGER
  );
  CREATE TABLE conflicts (
    evidence_id   INTEGER NOT NULL,
    proto         TEXT NOT NULL,
    stream        INTEGER NOT NULL,
    direction     INTEGER NOT NULL,
    offset        INTEGER NOT NULL,
    length        INTEGER NOT NULL,
    frame         INTEGER NOT NULL,
    kept_frame    INTEGER
  );
  CREATE TABLE pdus (
    id             INTEGER PRIMARY KEY,
    evidence_id    INTEGER NOT NULL,
    proto          TEXT NOT NULL,
    stream         INTEGER NOT NULL,
    direction      INTEGER NOT NULL,
    protocol       TEXT NOT NULL,
    offset         INTEGER NOT NULL,
    length         INTEGER NOT NULL,
    first_frame    INTEGER NOT NULL,
    reassembled_in INTEGER NOT NULL,
    frames         TEXT NOT NULL,
    truncated      INTEGER NOT NULL DEFAULT 0,
    summary        TEXT
  );
  CREATE TABLE ip_reassemblies (
    id             INTEGER PRIMARY KEY,
    evidence_id    INTEGER NOT NULL,
    family         INTEGER NOT NULL,
    src            TEXT NOT NULL,
    dst            TEXT NOT NULL,
    protocol       INTEGER NOT NULL,
    ip_id          INTEGER NOT NULL,
    fragments      TEXT NOT NULL,
    fragment_count INTEGER NOT NULL,
    length         INTEGER NOT NULL,
    reassembled_in INTEGER,
    status         TEXT NOT NULL,
    overlap        INTEGER NOT NULL DEFAULT 0,
    conflict       INTEGER NOT NULL DEFAULT 0,
    conflicts      TEXT,
    first_frame    INTEGER NOT NULL,
    last_frame     INTEGER NOT NULL
  );
  CREATE TABLE frame_fields (
    frame         INTEGER NOT NULL,
    field         TEXT NOT NULL,
    value
  );
  `,
  // 3: processes (issue 5): one row per process instance (pid + start time when known, so a reused
  // PID is two rows) with the source of the attribution. frames.process_id points at it;
  // process_dir says whether the process sent (2) or received (1) the frame, as epb_flags does;
  // process_derived = 1 when the frame carried no metadata and got its stream's process (tcpshark
  // tags outbound frames only). name is what the process goes by (comm, else the executable's base
  // name): proc.cmd. A stream's process sits at node process_node; a second local
  // process at the other end (loopback) is peer_process_id.
  `
  ALTER TABLE frames ADD COLUMN process_id INTEGER;
  ALTER TABLE frames ADD COLUMN process_dir INTEGER;
  ALTER TABLE frames ADD COLUMN process_derived INTEGER;
  ALTER TABLE streams ADD COLUMN process_id INTEGER;
  ALTER TABLE streams ADD COLUMN process_node INTEGER;
  ALTER TABLE streams ADD COLUMN peer_process_id INTEGER;
  CREATE TABLE processes (
    id             INTEGER PRIMARY KEY,
    evidence_id    INTEGER,
    pid            INTEGER NOT NULL,
    start_ns       TEXT,
    ppid           INTEGER,
    uid            INTEGER,
    user           TEXT,
    comm           TEXT,
    name           TEXT,
    exe            TEXT,
    args           TEXT,
    argv           TEXT,
    uuid           TEXT,
    details        TEXT,
    truncated      INTEGER NOT NULL DEFAULT 0,
    source         TEXT NOT NULL,
    confidence     TEXT NOT NULL,
    first_frame    INTEGER,
    last_frame     INTEGER,
    first_ts_sec   INTEGER,
    first_ts_nsec  INTEGER,
    last_ts_sec    INTEGER,
    last_ts_nsec   INTEGER,
    frames         INTEGER NOT NULL DEFAULT 0,
    streams        INTEGER NOT NULL DEFAULT 0,
    frames_sent    INTEGER NOT NULL DEFAULT 0,
    frames_received INTEGER NOT NULL DEFAULT 0,
    bytes_sent     INTEGER NOT NULL DEFAULT 0,
    bytes_received INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX processes_pid ON processes(pid);
  `,
  // 4: the analyst's work and the chain of custody (issue 6). annotations: notes, tags and bookmarks
  // on a frame, a stream or a process. custody_log: one JSON line per event (import, verification,
  // filter, export), each carrying the SHA-256 of the line before; triggers keep it append-only.
  `
  CREATE TABLE annotations (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('note','tag','bookmark')),
    target        TEXT NOT NULL CHECK (target IN ('frame','stream','process')),
    frame         INTEGER,
    evidence_id   INTEGER,
    proto         TEXT,
    stream        INTEGER,
    process_id    INTEGER,
    text          TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL
  );
  CREATE INDEX annotations_frame ON annotations(frame) WHERE frame IS NOT NULL;
  CREATE TABLE custody_log (
    seq           INTEGER PRIMARY KEY,
    line          TEXT NOT NULL,
    sha256        TEXT NOT NULL
  );
  CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
  CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
  `,
  // 5: user dissectors (issue 7): which dissector files (protocol name, file, kind, SHA-256 of the
  // file) were loaded when an evidence file's PDUs were produced, and their fields (JSON
  // [[name, type, description], ...]) so filters on them work when the case is reopened.
  `
  CREATE TABLE dissectors (
    evidence_id   INTEGER NOT NULL,
    name          TEXT NOT NULL,
    file          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('declarative','lua')),
    sha256        TEXT NOT NULL,
    fields        TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (evidence_id, name)
  );
  `,
  // 6: the evidence file's identity (size:mtime ns:ctime ns:inode) when its import finished: the
  // cheap check that the file is still the one hashed; any difference costs a full re-hash.
  `
  ALTER TABLE evidence ADD COLUMN file_stamp TEXT;
  `,
  // 7: the detail tree of a user dissector's PDU (JSON, ranges relative to the PDU), shown by
  // frameDetail in the frame it was reassembled in. The partial index holds only those PDUs.
  `
  ALTER TABLE pdus ADD COLUMN tree TEXT;
  CREATE INDEX pdus_tree ON pdus(reassembled_in) WHERE tree IS NOT NULL;
  `,
  // 8: the fact index becomes covering, (field, value) -> (field, value, frame). Built here when the
  // case has facts (inside the migration's transaction: a kill leaves version 7 and the old index).
  { sql: 'DROP INDEX IF EXISTS frame_fields_field;', ifAny: 'SELECT 1 FROM frame_fields LIMIT 1', then: [FACT_INDEX] },
  // 9: address and port indexes with each end's family (ADDRESS_PORT_INDEXES) replace the single-column ones.
  {
    sql: 'DROP INDEX IF EXISTS frames_ip_src; DROP INDEX IF EXISTS frames_ip_dst; DROP INDEX IF EXISTS frames_src_port; DROP INDEX IF EXISTS frames_dst_port;',
    ifAny: 'SELECT 1 FROM frames LIMIT 1', then: ADDRESS_PORT_INDEXES,
  },
];

/** Built after bulk loads (IF NOT EXISTS makes rebuilding after a resumed ingest harmless). */
export const secondaryIndexes: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS frames_ts ON frames(ts_sec, ts_nsec)',
  // One index serves both Follow orders: a stream's rows in delivery order (ord is the rowid), and
  // one direction's rows (ascending offsets in delivery order).
  'CREATE INDEX IF NOT EXISTS segments_stream ON segments(evidence_id, proto, stream)',
  'CREATE INDEX IF NOT EXISTS gaps_stream ON gaps(evidence_id, proto, stream, direction, offset)',
  'CREATE INDEX IF NOT EXISTS conflicts_stream ON conflicts(evidence_id, proto, stream, direction)',
  'CREATE INDEX IF NOT EXISTS pdus_protocol ON pdus(protocol)',
  // Tiny on captures without process metadata; serves pid/cmd filters and the per-process figures.
  'CREATE INDEX IF NOT EXISTS frames_process ON frames(process_id) WHERE process_id IS NOT NULL',
  // Display filters on addresses, ports and streams (ip.addr, tcp.port, tcp.stream...): an OR over
  // src/dst becomes a union of two index searches instead of a scan of every frame.
  ...ADDRESS_PORT_INDEXES,
  'CREATE INDEX IF NOT EXISTS frames_tcp_stream ON frames(tcp_stream) WHERE tcp_stream IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS frames_udp_stream ON frames(udp_stream) WHERE udp_stream IS NOT NULL',
];

/**
 * The fact index (FACT_INDEX). Built after the others, in the background: on DNS-heavy captures it
 * covers millions of rows.
 */
export const factIndexes: readonly string[] = [FACT_INDEX];

export const SCHEMA_VERSION = migrations.length;
