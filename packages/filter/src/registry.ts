/**
 * The field registry: one declarative list (name, type, description, where the value lives in the
 * case index) drives name resolution, type checking, SQL generation, autocomplete and the help page.
 *
 * Locations are SQL over the frames table aliased `f`. The snippets (`when`, `expr`, offsets) are
 * trusted registry text, never user input; they are still checked for a harmless character set so a
 * registry built elsewhere cannot smuggle a statement in.
 */
import { FIELD_TYPES, type FieldType } from './types.js';

export type Location =
  /** One frames column (qualified as f.<column>); the field exists when `when` holds and the column is not NULL. */
  | { kind: 'column'; column: string; when?: string }
  /** Two values per frame ("either end": ip.addr = ip.src or ip.dst): two SQL expressions over f. */
  | { kind: 'either'; exprs: readonly [string, string]; when?: string }
  /** A value computed from frames columns (tcp.flags.syn = (f.tcp_flags & 2) != 0). */
  | { kind: 'derived'; expr: string; when?: string }
  /**
   * Zero or more occurrences in a side table: rows (frameColumn = f.number [, keyColumn = key]);
   * compiled as EXISTS subqueries. The value column may be absent for existence-only fields.
   */
  | {
    kind: 'side-table'; table: string; frameColumn: string; valueColumn: string; keyColumn?: string; key?: string;
    /** Values stored as "0x0303" text (TLS versions, cipher suites): compared as integers via ww_hexint. */
    hex?: boolean;
    /** Only rows whose value is this integer count (http.request rows are 0/1; Wireshark adds it when true). */
    onlyValue?: number;
  }
  /**
   * Zero or more occurrences decoded from the frame's bytes on demand (the detail tree), through the
   * table-valued function ww_decoded(frame, field, kind). `when` (over f) skips frames that cannot
   * have the field without reading them.
   */
  | { kind: 'decoded'; when?: string }
  /** A Wireshark field the index cannot answer yet: using it is an `unsupported` error naming `reason`. */
  | { kind: 'unavailable'; reason: string }
  /**
   * A column of a row another table keeps per frame, reached through a frames column holding its id
   * (proc.pid: frames.process_id -> processes.id -> pid). Compiled as `f.<via> IN (SELECT <key> FROM
   * <table> WHERE ...)`: the small table is searched once, frames are matched by id.
   */
  | { kind: 'lookup'; via: string; table: string; keyColumn: string; valueColumn: string }
  /** A frames column holding a JSON array of values (frame.comment). */
  | { kind: 'json-array'; column: string }
  /** Captured frame bytes [offset, offset+length) read through ww_frame_bytes. */
  | { kind: 'frame-bytes'; offset: string; length: string; when?: string }
  /** Existence only (protocols and labels that have no value in the index). */
  | { kind: 'presence'; when: string };

export interface FieldDef {
  /** Canonical name, as Wireshark spells it (tcpshark.Cmd keeps its capital). */
  name: string;
  type: FieldType;
  description: string;
  location: Location;
  /** Other names for the same field (pid -> proc.pid). Lookup is case-insensitive. */
  aliases?: readonly string[];
}

export interface FieldInfo {
  name: string;
  type: FieldType;
  description: string;
  aliases: readonly string[];
  /** Protocol the field belongs to: the part before the first dot. */
  protocol: string;
  /** Where the value comes from, for the help page: "frames", "frame_fields", "frame bytes"... */
  source: string;
  location: Location;
}

export interface FieldCompletion {
  name: string;
  type: FieldType;
  description: string;
}

/** The generic side table the registry uses for fields whose own tables do not exist yet. */
export const FRAME_FIELDS_TABLE = 'frame_fields';

/** Location of a field stored in frame_fields(frame INTEGER, field TEXT, value) under `key`. */
export function frameField(key: string, extra: { hex?: boolean; onlyValue?: number } = {}): Location {
  return { kind: 'side-table', table: FRAME_FIELDS_TABLE, frameColumn: 'frame', valueColumn: 'value', keyColumn: 'field', key, ...extra };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Registry SQL snippets: identifiers, numbers, operators, parentheses and simple single-quoted
 * constants ('IPv4'). No other quotes, no ';', no comments.
 */
const SNIPPET = /^[A-Za-z0-9_ .,()<>=!&|*+\-%~]*$/;
const SNIPPET_STRING = /'[A-Za-z0-9 ._-]*'/g;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkSnippet(field: string, what: string, s: string | undefined): void {
  if (s === undefined) return;
  const bare = s.replace(SNIPPET_STRING, "''");
  if (!SNIPPET.test(bare.replace(/''/g, '')) || bare.includes('--') || s.trim() === '') {
    throw new Error(`field registry: ${field}: ${what} ${JSON.stringify(s)} is not an allowed SQL snippet`);
  }
}

function checkIdent(field: string, what: string, s: string | undefined): void {
  if (s !== undefined && !IDENT.test(s)) throw new Error(`field registry: ${field}: ${what} ${JSON.stringify(s)} is not an identifier`);
}

function validate(def: FieldDef): void {
  if (!FIELD_NAME.test(def.name)) throw new Error(`field registry: invalid field name ${JSON.stringify(def.name)}`);
  if (!(FIELD_TYPES as readonly string[]).includes(def.type)) throw new Error(`field registry: ${def.name}: unknown type ${def.type}`);
  const l = def.location;
  switch (l.kind) {
    case 'column': checkIdent(def.name, 'column', l.column); checkSnippet(def.name, 'when', l.when); break;
    case 'either': checkSnippet(def.name, 'expr', l.exprs[0]); checkSnippet(def.name, 'expr', l.exprs[1]); checkSnippet(def.name, 'when', l.when); break;
    case 'derived': checkSnippet(def.name, 'expr', l.expr); checkSnippet(def.name, 'when', l.when); break;
    case 'side-table':
      checkIdent(def.name, 'table', l.table); checkIdent(def.name, 'frameColumn', l.frameColumn);
      checkIdent(def.name, 'valueColumn', l.valueColumn); checkIdent(def.name, 'keyColumn', l.keyColumn);
      if ((l.keyColumn === undefined) !== (l.key === undefined)) throw new Error(`field registry: ${def.name}: keyColumn and key go together`);
      break;
    case 'json-array': checkIdent(def.name, 'column', l.column); break;
    case 'lookup':
      checkIdent(def.name, 'via', l.via); checkIdent(def.name, 'table', l.table);
      checkIdent(def.name, 'keyColumn', l.keyColumn); checkIdent(def.name, 'valueColumn', l.valueColumn);
      break;
    case 'frame-bytes': checkSnippet(def.name, 'offset', l.offset); checkSnippet(def.name, 'length', l.length); checkSnippet(def.name, 'when', l.when); break;
    case 'presence': checkSnippet(def.name, 'when', l.when); break;
    case 'decoded': checkSnippet(def.name, 'when', l.when); break;
    case 'unavailable': if (!l.reason) throw new Error(`field registry: ${def.name}: unavailable needs a reason`); break;
    default: throw new Error(`field registry: ${def.name}: unknown location kind`);
  }
  for (const a of def.aliases ?? []) if (!FIELD_NAME.test(a)) throw new Error(`field registry: ${def.name}: invalid alias ${JSON.stringify(a)}`);
}

function sourceOf(l: Location): string {
  switch (l.kind) {
    case 'column': case 'either': case 'derived': case 'presence': return 'frames';
    case 'json-array': return 'frames (JSON array)';
    case 'side-table': return l.table;
    case 'lookup': return `${l.table} (via frames.${l.via})`;
    case 'frame-bytes': return 'frame bytes';
    case 'decoded': return 'decoded from frame bytes';
    case 'unavailable': return 'not indexed';
  }
}

/** Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits), capped. */
export function editDistance(a: string, b: string, cap = 8): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const m = a.length, n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[n];
}

export class FieldRegistry {
  private readonly byName = new Map<string, FieldDef>();
  private readonly defs: FieldDef[];
  /** Every lower-cased name and alias with what it resolves to, sorted for completion. */
  private readonly names: { lower: string; name: string; def: FieldDef }[] = [];

  constructor(defs: readonly FieldDef[]) {
    this.defs = [...defs];
    for (const d of defs) {
      validate(d);
      for (const n of [d.name, ...(d.aliases ?? [])]) {
        const k = n.toLowerCase();
        if (this.byName.has(k)) throw new Error(`field registry: duplicate name ${n}`);
        this.byName.set(k, d);
        this.names.push({ lower: k, name: n, def: d });
      }
    }
    this.names.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  }

  /**
   * Adds fields at run time (user dissectors): validated like the built-in ones; a name already taken
   * is an error and nothing is added. Returns a function that removes them again (reload, disable).
   */
  register(defs: readonly FieldDef[]): () => void {
    const fresh = new Map<string, FieldDef>();
    for (const d of defs) {
      validate(d);
      for (const n of [d.name, ...(d.aliases ?? [])]) {
        const k = n.toLowerCase();
        if (this.byName.has(k) || fresh.has(k)) throw new Error(`field registry: duplicate name ${n}`);
        fresh.set(k, d);
      }
    }
    for (const d of defs) {
      this.defs.push(d);
      for (const n of [d.name, ...(d.aliases ?? [])]) {
        this.byName.set(n.toLowerCase(), d);
        this.names.push({ lower: n.toLowerCase(), name: n, def: d });
      }
    }
    this.names.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
    return () => {
      for (const d of defs) {
        const i = this.defs.indexOf(d);
        if (i >= 0) this.defs.splice(i, 1);
        for (const n of [d.name, ...(d.aliases ?? [])]) if (this.byName.get(n.toLowerCase()) === d) this.byName.delete(n.toLowerCase());
      }
      for (let i = this.names.length - 1; i >= 0; i--) if (defs.includes(this.names[i].def)) this.names.splice(i, 1);
    };
  }

  /** Case-insensitive lookup of a name or alias. */
  get(name: string): FieldDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** All fields (canonical names), sorted by name: the help page. */
  fields(): FieldInfo[] {
    return [...this.defs]
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
      .map((d) => ({
        name: d.name, type: d.type, description: d.description, aliases: d.aliases ?? [],
        protocol: d.name.split('.')[0], source: sourceOf(d.location), location: d.location,
      }));
  }

  /**
   * Names (and aliases) starting with `prefix`, case-insensitively, sorted: the exact match first,
   * then the fields one level below the prefix, then deeper ones.
   */
  complete(prefix: string, limit = 100): FieldCompletion[] {
    const p = prefix.toLowerCase();
    const depth = (s: string) => s.split('.').length;
    const hits = this.names.filter((n) => n.lower.startsWith(p));
    hits.sort((a, b) => (a.lower === p ? -1 : b.lower === p ? 1 : depth(a.lower) - depth(b.lower) || (a.lower < b.lower ? -1 : 1)));
    return hits.slice(0, limit).map((n) => ({ name: n.name, type: n.def.type, description: n.def.description }));
  }

  /** Closest known name for a misspelt one ("tcp.prot" -> "tcp.port"), or undefined. */
  suggest(name: string): string | undefined {
    const q = name.toLowerCase();
    if (q.length > 100) return undefined;
    const cap = Math.max(1, Math.min(3, Math.floor(q.length / 4)));
    let best: { name: string; d: number } | undefined;
    for (const n of this.names) {
      const d = editDistance(q, n.lower, cap);
      if (d <= cap && (!best || d < best.d || (d === best.d && n.name.length < best.name.length))) best = { name: n.name, d };
    }
    return best?.name;
  }
}
