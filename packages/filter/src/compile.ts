/**
 * Semantic check and SQL generation. Names are resolved against the registry, each comparison is
 * type-checked (literals are read according to the type of the field they meet, as Wireshark does),
 * and the result is one WHERE-clause expression over `frames f` with `?` parameters.
 *
 * Occurrence semantics (Wireshark >= 3.6): a field may have zero, one, two ("either end": ip.addr) or
 * many (side tables) values in a frame. Every field access offers any(body) — some occurrence makes
 * body true — and all(body) — the field exists and every occurrence does. `==` `<` `contains`
 * `matches` `in` `!==` use any; `!=` and `===` use all, so `ip.addr != X` is "no occurrence equals X"
 * and, like every comparison, implies the field exists.
 */
import type { CmpOp, Expr, Operand, Span } from './ast.js';
import { FilterError } from './errors.js';
import {
  cidrRange, formatIPv4, formatIPv6, ipv4Bytes, parseAbsoluteTime, parseByteString, parseDouble, parseInteger, parseIPv4,
  parseIPv6, parseMac, parseSecondsNs, splitCidr, bytesToBigInt, type TimeOptions,
} from './literals.js';
import { parseFilter, sliceSpec } from './parser.js';
import { compileRegex, RegexError } from './regex/regex.js';
import { FRAME_FIELDS_TABLE, type FieldDef, type FieldRegistry } from './registry.js';
import { balanced, join, P, q, R, Sql } from './sql.js';
import { intRange, kindLabel, kindOf, typeLabel, type FieldType, type Kind } from './types.js';
import { decodeUtf8Strict } from './utf8.js';
import { NSTIME_PLAIN_WINDOW_NS } from './nstime.js';

export interface CompiledFilter {
  /** Boolean SQL expression over the frames table aliased `f`, for `SELECT ... FROM frames f WHERE <sql>`. */
  sql: string;
  /** Values for the `?` placeholders, in order (number, bigint, string or Uint8Array). */
  params: unknown[];
  /** Canonical names of the fields the filter uses. */
  fields: string[];
  /**
   * The top-level AND terms, each a boolean expression over `frames f` on its own (their AND is `sql`):
   * a query planner may drive a query from the most selective one (see the engine's frame filter).
   */
  conjuncts: { sql: string; params: unknown[]; facts?: FactLookup; either?: EitherTerm }[];
}

/**
 * A top-level term on a field with two ends (`ip.addr == X`: `cond AND (a OR b)`, a on the source,
 * b on the destination), in parts over `frames f`: a planner may count it as n(cond AND a) +
 * n(cond AND b) - n(cond AND a AND b [AND same]), three index range counts, instead of visiting every match.
 */
export interface EitherTerm {
  cond?: { sql: string; params: unknown[] };
  a: { sql: string; params: unknown[] };
  b: { sql: string; params: unknown[] };
  /** `src = dst`, implied by a AND b when the term is an equality to one value (n(a AND b) reads only such frames). */
  same?: { sql: string; params: unknown[] };
}

/**
 * A top-level term that says "some occurrence of a fact field equals one of these values". Its
 * frames are the union of one `arms` query per value, each reading the covering fact index
 * frame_fields(field, value, frame) in frame order, so a planner can merge them and stop early
 * (same predicate as the term's own SQL, value by value).
 */
export interface FactLookup {
  /** `SELECT <frame> AS frame FROM ... WHERE <field> = ? AND <value> = ?`, one per value. */
  arms: { sql: string; params: unknown[] }[];
  /**
   * Any other test of the value (`matches`, `contains`, `<`...): no arms yet. `sql` lists the field's
   * distinct values, at most the number bound last, each with `ok` = the test on it (one index seek
   * per value, the test run once per value instead of once per fact); a planner makes an arm (`arm`,
   * params [field, value]) of each value that passes, when the field has few values.
   */
  valueTest?: { sql: string; params: unknown[]; arm: string; field: unknown };
}

export type CompileOptions = TimeOptions;

/** SQLite allows 32766 host parameters; stay well below. */
export const MAX_PARAMS = 20_000;

const INT64_MAX = (1n << 63n) - 1n;
/** IPv4 CIDR prefixes needing up to 2^5 = 32 text ranges are compiled to ranges; shorter ones use ww_inet. */
const MAX_PREFIX_BITS = 5;

type Body = (v: Sql) => Sql;

/** The values of a field (or of a function of a field) in the current frame. */
interface Values {
  kind: Kind;
  ftype: FieldType;
  /** How messages name it: "tcp.port", "len(tcp.payload)". */
  label: string;
  span: Span;
  /** False for labels (FT_NONE) and protocols whose bytes the index does not have. */
  hasValue: boolean;
  exists(): Sql;
  any(body: Body): Sql;
  all(body: Body): Sql;
  /** Number of occurrences (only for a plain field). */
  count?: () => Sql;
  /** Cheap length for frame-bytes fields (len(frame) = cap_len without reading bytes). */
  lengthExpr?: Sql;
  /** The registry field when the operand is a bare field name. */
  plain?: FieldDef;
}

type Literal = Extract<Operand, { k: 'word' | 'string' | 'char' }>;

interface Const {
  value: Sql;
  /** CIDR network (IP kinds) when the prefix is shorter than the address. */
  cidr?: { bits: number; lo: Uint8Array; hi: Uint8Array; textRanges?: [string, string][]; textIn?: string[] };
  /** Raw bytes of IP literals (for ordering through ww_inet). */
  ipBytes?: Uint8Array;
  /** A string literal that is not valid UTF-8: compare against the text's bytes. */
  blob?: boolean;
  /** A time offset literal in nanoseconds (reltime comparisons follow nstime_cmp). */
  timeNs?: bigint;
}

const FUNCTIONS = ['len', 'lower', 'upper', 'count', 'string'];
const UNSUPPORTED_FUNCTIONS = ['max', 'min', 'abs'];

const SQL_OP: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

function isLiteral(v: Values | Literal): v is Literal {
  return 'k' in v;
}

function spanOf(o: { pos: number; len: number }): Span {
  return { pos: o.pos, len: o.len };
}

function safeInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function ordered(k: Kind): boolean {
  return k !== 'none' && k !== 'protocol';
}

export function compileFilter(text: string, registry: FieldRegistry, options: CompileOptions = {}): CompiledFilter {
  const ast = parseFilter(text);
  const c = new Compiler(text, registry, options);
  // Compiled term by term: the same text as c.expr(ast), with each top-level term kept apart.
  const terms = ast.k === 'and' ? ast.items.map((x) => c.expr(x)) : [c.expr(ast)];
  const sql = balanced(terms, 'AND');
  if (sql.params.length > MAX_PARAMS) {
    throw new FilterError('limit', `Filter is too complex (${sql.params.length} values; the maximum is ${MAX_PARAMS}).`, 0, text.length);
  }
  return {
    sql: sql.text, params: [...sql.params], fields: [...c.fields].sort(),
    conjuncts: terms.map((t) => {
      const facts = c.factLookups.get(t);
      const either = c.eitherTerms.get(t);
      return { sql: t.text, params: [...t.params], ...(facts ? { facts } : {}), ...(either ? { either } : {}) };
    }),
  };
}

/** Stands for a fact's value while a comparison body is inspected (never reaches a query). */
const PROBE = '__fact_value__';

/** The values of a body that is exactly `v = ?` or `v IN (?, ...)`, else null. */
function equalityValues(body: Body): unknown[] | null {
  const probe = body(R(PROBE));
  const n = probe.params.length;
  if (n === 1 && probe.text === `${PROBE} = ?`) return [...probe.params];
  if (n > 1 && probe.text === `${PROBE} IN (${Array(n).fill('?').join(', ')})`) return [...probe.params];
  return null;
}

/** Fact lookups with more values than this stay one IN list (a merge has one arm per value). */
const MAX_FACT_ARMS = 16;

class Compiler {
  readonly fields = new Set<string>();
  /** Terms that are fact equalities (see FactLookup), by the Sql object `any` returned. */
  readonly factLookups = new Map<Sql, FactLookup>();
  /** Terms that test a field with two ends (see EitherTerm), likewise. */
  readonly eitherTerms = new Map<Sql, EitherTerm>();
  private alias = 0;

  constructor(private readonly text: string, private readonly registry: FieldRegistry, private readonly options: CompileOptions) {}

  // ---- errors ----------------------------------------------------------------------------------

  private err(code: FilterError['code'], msg: string, at: Span): FilterError {
    return new FilterError(code, msg, at.pos, at.len);
  }

  private unknownName(w: { text: string; pos: number; len: number }): FilterError {
    const s = this.registry.suggest(w.text);
    const shown = w.text.length > 60 ? w.text.slice(0, 57) + '...' : w.text;
    return this.err('unknown-field', `${shown} is neither a field nor a protocol name.${s ? ` Did you mean ${s}?` : ''}`, w);
  }

  /** A word that failed to read as a literal: blame the name if it looks like a misspelt field. */
  private badLiteral(w: Literal, what: string): FilterError {
    if (w.k === 'word' && /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/.test(w.text) && !/^[0-9a-fA-F.:-]+$/.test(w.text)) {
      const s = this.registry.suggest(w.text);
      if (s) return this.err('unknown-field', `${w.text} is neither a field nor a valid ${what}. Did you mean ${s}?`, w);
    }
    const shown = w.text.length > 60 ? w.text.slice(0, 57) + '...' : w.text;
    return this.err('literal', `"${shown}" is not a valid ${what}.`, w);
  }

  private cannot(v: Values, opText: string, at: Span): FilterError {
    const t = v.plain ? typeLabel(v.ftype) : kindLabel(v.kind);
    const what = opText === 'contains' || opText === 'matches' ? opText : `"${opText}"`;
    return this.err('type', `${v.label} (type=${t}) cannot participate in ${what} comparison.`, at);
  }

  // ---- expressions -----------------------------------------------------------------------------

  expr(e: Expr): Sql {
    switch (e.k) {
      case 'and': return balanced(e.items.map((x) => this.expr(x)), 'AND');
      case 'or': return balanced(e.items.map((x) => this.expr(x)), 'OR');
      case 'xor': {
        const terms = e.items.map((x) => q`((${this.expr(x)}) IS 1)`);
        return q`((${join(terms, ' + ')}) % 2 = 1)`;
      }
      case 'not': return q`((${this.expr(e.expr)}) IS NOT 1)`;
      case 'test': return this.test(e.operand);
      case 'cmp': return this.compare(e);
      case 'in': return this.membership(e);
    }
  }

  private test(o: Operand): Sql {
    const v = this.resolve(o);
    if (isLiteral(v)) {
      if (v.k === 'word') throw this.unknownName(v);
      throw this.err('syntax', `A ${v.k === 'string' ? 'string' : 'character constant'} cannot be used as a test; compare it with a field.`, v);
    }
    if (o.k === 'bitand') return v.kind === 'bytes' ? v.any((x) => q`${x} <> zeroblob(length(${x}))`) : v.any((x) => q`${x} <> 0`);
    return v.exists();
  }

  private compare(e: Extract<Expr, { k: 'cmp' }>): Sql {
    const left = this.resolve(e.left);
    if (isLiteral(left)) {
      if (left.k === 'word' && !this.looksLikeLiteral(left.text)) throw this.unknownName(left);
      throw this.err('syntax', `Left side of "${e.opText}" expression must be a field or function, not ${left.text.length > 40 ? 'a literal' : left.text}.`, left);
    }
    this.checkOp(left, e.op, e.opText, e.opSpan);
    const right = this.resolve(e.right);
    let pred: Body;
    if (isLiteral(right)) {
      const c = e.op === 'matches' ? this.pattern(right) : this.literal(right, left, e.op);
      pred = (v) => this.constPred(e.op, left, v, c, e);
    } else {
      this.checkCompatible(left, right, e.op, e.opText);
      if (e.quant === 'any') return left.any((a) => right.any((b) => this.pairPred(e.op, left.kind, a, b)));
      return left.all((a) => right.all((b) => this.pairPred(e.op, left.kind, a, b)));
    }
    return e.quant === 'any' ? left.any(pred) : left.all(pred);
  }

  private looksLikeLiteral(t: string): boolean {
    return /^[-+]?[0-9]/.test(t) || /^[0-9a-fA-F]{1,2}([:.-][0-9a-fA-F]{1,2})+$/.test(t) || t.includes(':');
  }

  private membership(e: Extract<Expr, { k: 'in' }>): Sql {
    const left = this.values(e.left, '"in"');
    this.checkOp(left, 'eq', 'in', e.opSpan);
    const plain: Sql[] = [];
    const others: Body[] = [];
    const literalOf = (o: Operand): Literal => {
      const r = this.resolve(o);
      if (!isLiteral(r)) throw this.err('unsupported', 'Set elements must be literal values, not fields.', o);
      return r;
    };
    for (const item of e.items) {
      if (item.hi) {
        if (!ordered(left.kind) || left.kind === 'bool') throw this.cannot(left, '..', item);
        const lo = this.literal(literalOf(item.lo), left, 'ge');
        const hi = this.literal(literalOf(item.hi), left, 'le');
        if (lo.cidr || hi.cidr) throw this.err('type', 'A range bound cannot be a CIDR network.', item);
        others.push((v) => this.rangePred(left.kind, v, lo, hi));
        continue;
      }
      const c = this.literal(literalOf(item.lo), left, 'eq');
      if (c.cidr || c.blob) others.push((v) => this.constPred('eq', left, v, c, e));
      else plain.push(c.value);
    }
    const pred: Body = (v) => {
      const parts: Sql[] = [];
      if (plain.length === 1) parts.push(q`${v} = ${plain[0]}`);
      else if (plain.length > 1) parts.push(q`${v} IN (${join(plain, ', ')})`);
      for (const o of others) parts.push(o(v));
      return parts.length === 1 ? parts[0] : q`(${balanced(parts, 'OR')})`;
    };
    const hit = e.quant === 'any' ? left.any(pred) : left.all(pred);
    if (e.negated) return q`(${left.exists()} AND (${hit}) IS NOT 1)`;
    return hit;
  }

  // ---- operands --------------------------------------------------------------------------------

  /** A field-valued operand; a literal here is an error. */
  private values(o: Operand, context: string): Values {
    const v = this.resolve(o);
    if (!isLiteral(v)) return v;
    if (v.k === 'word' && !this.looksLikeLiteral(v.text)) throw this.unknownName(v);
    throw this.err('type', `${context} needs a field, not the literal ${v.text.length > 40 ? v.text.slice(0, 37) + '...' : v.text}.`, v);
  }

  private resolve(o: Operand): Values | Literal {
    switch (o.k) {
      case 'word': {
        const def = this.registry.get(o.text);
        return def ? this.field(def, o) : o;
      }
      case 'string': case 'char': return o;
      case 'call': return this.call(o);
      case 'slice': return this.slice(o);
      case 'bitand': return this.bitand(o);
    }
  }

  private nextAlias(prefix: string): string {
    return `${prefix}${++this.alias}`;
  }

  private field(def: FieldDef, at: Span): Values {
    this.fields.add(def.name);
    const kind = kindOf(def.type);
    const loc = def.location;
    const base = {
      kind, ftype: def.type, label: def.name, span: spanOf(at), plain: def,
      hasValue: kind !== 'none' && (kind !== 'protocol' || loc.kind === 'frame-bytes'),
    };
    const cond = 'when' in loc && loc.when ? R(`(${loc.when})`) : null;
    const guard = (x: Sql): Sql => (cond ? q`(${cond} AND ${x})` : x);
    switch (loc.kind) {
      case 'column': case 'derived': case 'frame-bytes': {
        const v = loc.kind === 'column' ? R(`f.${loc.column}`)
          : loc.kind === 'derived' ? R(`(${loc.expr})`)
            : R(`ww_frame_bytes(f.number, (${loc.offset}), (${loc.length}))`);
        const exists = loc.kind === 'frame-bytes' ? () => cond ?? R('1') : () => guard(q`${v} IS NOT NULL`);
        return {
          ...base,
          exists,
          any: (body) => guard(body(v)),
          all: (body) => guard(q`(${v} IS NOT NULL AND ${body(v)})`),
          count: () => q`(CASE WHEN ${exists()} THEN 1 ELSE 0 END)`,
          ...(loc.kind === 'frame-bytes' ? { lengthExpr: R(`(${loc.length})`) } : {}),
        };
      }
      case 'either': {
        const [a, b] = [R(`(${loc.exprs[0]})`), R(`(${loc.exprs[1]})`)];
        return {
          ...base,
          exists: () => guard(q`(${a} IS NOT NULL OR ${b} IS NOT NULL)`),
          any: (body) => {
            const [onA, onB] = [body(a), body(b)];
            const term = guard(q`(${onA} OR ${onB})`);
            const part = (x: Sql) => ({ sql: x.text, params: [...x.params] });
            // Both ends equal to one value: the ends are equal (what the same-value indexes hold).
            const same = equalityValues(body)?.length === 1 ? { same: { sql: `${a.text} = ${b.text}`, params: [] } } : {};
            this.eitherTerms.set(term, { ...(cond ? { cond: part(cond) } : {}), a: part(onA), b: part(onB), ...same });
            return term;
          },
          all: (body) => guard(q`(${a} IS NOT NULL AND ${b} IS NOT NULL AND ${body(a)} AND ${body(b)})`),
          count: () => (cond
            ? q`(CASE WHEN ${cond} THEN (${a} IS NOT NULL) + (${b} IS NOT NULL) ELSE 0 END)`
            : q`((${a} IS NOT NULL) + (${b} IS NOT NULL))`),
        };
      }
      case 'unavailable':
        throw this.err('unsupported', `${def.name} is not in the case index yet: ${loc.reason}.`, at);
      case 'side-table': case 'decoded': {
        let from: (t: string) => Sql;
        let val: (t: string) => Sql;
        if (loc.kind === 'decoded') {
          // Frames that cannot have the field are skipped before their bytes are read.
          from = (t) => q`FROM ww_decoded(f.number, ${P(def.name)}, ${P(kind)}) AS ${R(t)} WHERE ${cond ?? R('1')}`;
          val = (t) => R(`${t}.value`);
        } else {
          // Uncorrelated: `f.number IN (SELECT frame ...)` runs the fact lookup once through the
          // (field, value) index and drives the frames by rowid; a correlated EXISTS would probe the
          // facts once per frame (10M probes on a large case).
          const keyed = (t: string): Sql => {
            const head = R(`SELECT ${t}.${loc.frameColumn} FROM ${loc.table} AS ${t} WHERE 1`);
            const k = loc.keyColumn ? q`${head} AND ${R(`${t}.${loc.keyColumn}`)} = ${P(loc.key)}` : head;
            return loc.onlyValue === undefined ? k : q`${k} AND ${R(`${t}.${loc.valueColumn}`)} = ${P(loc.onlyValue)}`;
          };
          const sval = (t: string): Sql => R(loc.hex ? `ww_hexint(${t}.${loc.valueColumn})` : `${t}.${loc.valueColumn}`);
          return {
            ...base,
            exists: () => q`f.number IN (${keyed(this.nextAlias('s'))})`,
            any: (body) => {
              const t = this.nextAlias('s');
              const term = q`f.number IN (${keyed(t)} AND ${body(sval(t))})`;
              // Facts in frame_fields have the covering index a lookup reads.
              if (loc.table === FRAME_FIELDS_TABLE && loc.keyColumn && !loc.hex && loc.onlyValue === undefined) {
                const arm = `SELECT ${loc.frameColumn} AS frame FROM ${loc.table} WHERE ${loc.keyColumn} = ? AND ${loc.valueColumn} = ?`;
                const values = equalityValues(body);
                if (values && values.length <= MAX_FACT_ARMS) {
                  this.factLookups.set(term, { arms: values.map((v) => ({ sql: arm, params: [loc.key, v] })) });
                } else if (!values && !/\bf\./.test(body(R('dv.v')).text)) {
                  // (A test reading the frame's other fields, `dns.qry.name == http.host`, has no value alone.)
                  const test = body(R('dv.v'));
                  const next = (bound: string) => `(SELECT ${loc.valueColumn} FROM ${loc.table} WHERE ${loc.keyColumn} = ? AND ${loc.valueColumn} ${bound} ORDER BY ${loc.valueColumn} LIMIT 1)`;
                  const sql = `WITH RECURSIVE dv(v) AS (SELECT ${next('IS NOT NULL')} UNION ALL SELECT ${next('> dv.v')} FROM dv WHERE dv.v IS NOT NULL) `
                    + `SELECT dv.v AS v, (${test.text}) IS 1 AS ok FROM dv WHERE dv.v IS NOT NULL LIMIT ?`;
                  this.factLookups.set(term, { arms: [], valueTest: { sql, params: [loc.key, loc.key, ...test.params], arm, field: loc.key } });
                }
              }
              return term;
            },
            // The frame column is NOT NULL, so NOT IN has no NULL trap here.
            all: (body) => {
              const t1 = this.nextAlias('s');
              const t2 = this.nextAlias('s');
              return q`(f.number IN (${keyed(t1)}) AND f.number NOT IN (${keyed(t2)} AND (${body(sval(t2))}) IS NOT 1))`;
            },
            count: () => {
              const t = this.nextAlias('s');
              return q`(SELECT count(*) FROM (${keyed(t)} AND ${R(`${t}.${loc.frameColumn}`)} = f.number))`;
            },
          };
        }
        return {
          ...base,
          exists: () => q`EXISTS (SELECT 1 ${from(this.nextAlias('s'))})`,
          any: (body) => { const t = this.nextAlias('s'); return q`EXISTS (SELECT 1 ${from(t)} AND ${body(val(t))})`; },
          all: (body) => {
            const t1 = this.nextAlias('s');
            const t2 = this.nextAlias('s');
            return q`(EXISTS (SELECT 1 ${from(t1)}) AND NOT EXISTS (SELECT 1 ${from(t2)} AND (${body(val(t2))}) IS NOT 1))`;
          },
          count: () => q`(SELECT count(*) ${from(this.nextAlias('s'))})`,
        };
      }
      case 'lookup': {
        // One value per frame (or none): any and all differ only in requiring the value to exist.
        const rows = (body: Body | null): Sql => {
          const t = this.nextAlias('l');
          const v = R(`${t}.${loc.valueColumn}`);
          const head = R(`f.${loc.via} IN (SELECT ${t}.${loc.keyColumn} FROM ${loc.table} AS ${t} WHERE ${t}.${loc.valueColumn} IS NOT NULL`);
          return body ? q`${head} AND ${body(v)})` : q`${head})`;
        };
        return {
          ...base,
          exists: () => rows(null),
          any: (body) => rows(body),
          all: (body) => rows(body),
          count: () => q`(CASE WHEN ${rows(null)} THEN 1 ELSE 0 END)`,
        };
      }
      case 'json-array': {
        const src = (t: string) => R(`json_each(CASE WHEN json_valid(f.${loc.column}) THEN f.${loc.column} END) AS ${t}`);
        return {
          ...base,
          exists: () => q`EXISTS (SELECT 1 FROM ${src(this.nextAlias('j'))})`,
          any: (body) => { const t = this.nextAlias('j'); return q`EXISTS (SELECT 1 FROM ${src(t)} WHERE ${body(R(`${t}.value`))})`; },
          all: (body) => {
            const t1 = this.nextAlias('j');
            const t2 = this.nextAlias('j');
            return q`(EXISTS (SELECT 1 FROM ${src(t1)}) AND NOT EXISTS (SELECT 1 FROM ${src(t2)} WHERE (${body(R(`${t2}.value`))}) IS NOT 1))`;
          },
          count: () => q`(SELECT count(*) FROM ${src(this.nextAlias('j'))})`,
        };
      }
      case 'presence': {
        const noValue = (): never => { throw new Error(`filter compiler: ${def.name} has no value`); };
        return { ...base, hasValue: false, exists: () => cond!, any: noValue, all: noValue, count: () => q`(CASE WHEN ${cond!} THEN 1 ELSE 0 END)` };
      }
    }
  }

  /** Values derived occurrence by occurrence from a base (function results, slices, masks). */
  private mapped(base: Values, f: (v: Sql) => Sql, props: { kind: Kind; ftype: FieldType; label: string; span: Span; exists?: () => Sql }): Values {
    return {
      kind: props.kind, ftype: props.ftype, label: props.label, span: props.span, hasValue: true,
      exists: props.exists ?? (() => base.exists()),
      any: (body) => base.any((v) => body(f(v))),
      all: (body) => base.all((v) => body(f(v))),
    };
  }

  private call(o: Extract<Operand, { k: 'call' }>): Values {
    const name = o.name.toLowerCase();
    if (UNSUPPORTED_FUNCTIONS.includes(name)) throw this.err('unsupported', `The function ${o.name}() is not supported.`, o.nameSpan);
    if (!FUNCTIONS.includes(name)) {
      const near = FUNCTIONS.find((f) => f.startsWith(name.slice(0, 2)));
      throw this.err('syntax', `"${o.name}" is not a valid function.${near ? ` Did you mean ${near}()?` : ''}`, o.nameSpan);
    }
    if (o.args.length !== 1) throw this.err('type', `${name}() takes exactly one argument, not ${o.args.length}.`, o);
    const arg = this.values(o.args[0], `${name}()`);
    const label = `${name}(${arg.label})`;
    const span = spanOf(o);
    if (!arg.hasValue && name !== 'count') throw this.err('type', `${name}() cannot be applied to ${arg.label} (type=${typeLabel(arg.ftype)}): it has no value in the index.`, o.args[0]);
    switch (name) {
      case 'count': {
        if (!arg.count) throw this.err('type', 'count() takes a field name.', o.args[0]);
        const n = arg.count();
        return { kind: 'int', ftype: 'FT_UINT32', label, span, hasValue: true, exists: () => R('1'), any: (b) => b(n), all: (b) => b(n) };
      }
      case 'len': {
        if (arg.lengthExpr) {
          const n = arg.lengthExpr;
          return { kind: 'int', ftype: 'FT_UINT32', label, span, hasValue: true, exists: () => arg.exists(), any: (b) => arg.any(() => b(n)), all: (b) => arg.all(() => b(n)) };
        }
        const f: Record<string, (v: Sql) => Sql> = {
          string: (v) => q`length(CAST(${v} AS BLOB))`,
          bytes: (v) => q`length(${v})`,
          protocol: (v) => q`length(${v})`,
          ether: (v) => q`length(ww_int_bytes(${v}, 6))`,
          ipv4: (v) => q`(CASE WHEN ${v} IS NULL THEN NULL ELSE 4 END)`,
          ipv6: (v) => q`(CASE WHEN ${v} IS NULL THEN NULL ELSE 16 END)`,
        };
        if (!f[arg.kind]) throw this.err('type', `len() needs a string, byte or address field; ${arg.label} is ${kindLabel(arg.kind)}.`, o.args[0]);
        return this.mapped(arg, f[arg.kind], { kind: 'int', ftype: 'FT_UINT32', label, span });
      }
      case 'lower': case 'upper': {
        if (arg.kind !== 'string') throw this.err('type', `${name}() needs a string field; ${arg.label} is ${kindLabel(arg.kind)}.`, o.args[0]);
        return this.mapped(arg, (v) => q`${R(name)}(${v})`, { kind: 'string', ftype: 'FT_STRING', label, span });
      }
      case 'string': {
        if (arg.kind === 'int' || arg.kind === 'bool') return this.mapped(arg, (v) => q`CAST(${v} AS TEXT)`, { kind: 'string', ftype: 'FT_STRING', label, span });
        if (arg.kind === 'ipv4' || arg.kind === 'ipv6') return this.mapped(arg, (v) => v, { kind: 'string', ftype: 'FT_STRING', label, span });
        throw this.err('type', `string() cannot convert ${arg.label} (${kindLabel(arg.kind)}).`, o.args[0]);
      }
    }
    throw new Error('unreachable');
  }

  private slice(o: Extract<Operand, { k: 'slice' }>): Values {
    const base = this.values(o.base, 'A slice');
    const toBlob: Record<string, (v: Sql) => Sql> = {
      string: (v) => q`CAST(${v} AS BLOB)`, bytes: (v) => v, protocol: (v) => v, ether: (v) => q`ww_int_bytes(${v}, 6)`,
    };
    if (!toBlob[base.kind] || !base.hasValue) {
      throw this.err('type', `${base.label} (type=${base.plain ? typeLabel(base.ftype) : kindLabel(base.kind)}) cannot be sliced.`, o.rangeSpan);
    }
    const spec = sliceSpec(o.ranges);
    const f = (v: Sql) => q`ww_slice(${toBlob[base.kind](v)}, ${P(spec)})`;
    return {
      ...this.mapped(base, f, { kind: 'bytes', ftype: 'FT_BYTES', label: `${base.label}[${spec}]`, span: spanOf(o) }),
      exists: () => base.any((v) => q`${f(v)} IS NOT NULL`),
    };
  }

  private bitand(o: Extract<Operand, { k: 'bitand' }>): Values {
    const left = this.values(o.left, '"&"');
    const r = this.resolve(o.right);
    if (!isLiteral(r)) throw this.err('unsupported', 'The right side of "&" must be a constant.', o.right);
    if (left.kind === 'bytes' && left.hasValue) {
      // Slices: the mask is a byte string of the same length (a hex integer up to 0xff is one byte).
      const m = P(this.byteString(r));
      return this.mapped(left, (v) => q`ww_bytes_and(${v}, ${m})`, { kind: 'bytes', ftype: 'FT_BYTES', label: `${left.label} & ${r.text}`, span: spanOf(o) });
    }
    if (left.kind !== 'int' && left.kind !== 'bool') {
      throw this.err('type', `${left.label} (type=${left.plain ? typeLabel(left.ftype) : kindLabel(left.kind)}) cannot participate in a bitwise "&".`, o.opSpan);
    }
    const mask = this.literal(r, { ...left, kind: 'int' }, 'eq');
    return this.mapped(left, (v) => q`(${v} & ${mask.value})`, { kind: 'int', ftype: left.ftype, label: `${left.label} & ${r.text}`, span: spanOf(o) });
  }

  // ---- type checks ---------------------------------------------------------------------------

  private checkOp(v: Values, op: CmpOp, opText: string, at: Span): void {
    if (!v.hasValue) throw this.cannot(v, opText, at);
    if (op === 'contains' && !['string', 'bytes', 'protocol', 'ether'].includes(v.kind)) throw this.cannot(v, opText, at);
    if (op === 'matches' && !['string', 'bytes', 'protocol'].includes(v.kind)) throw this.cannot(v, opText, at);
  }

  private checkCompatible(a: Values, b: Values, op: CmpOp, opText: string): void {
    const norm = (k: Kind) => (k === 'protocol' ? 'bytes' : k);
    if (!b.hasValue) throw this.cannot(b, opText, b.span);
    if (op === 'matches') throw this.err('type', 'The right side of "matches" must be a double-quoted regular expression, not a field.', b.span);
    if (norm(a.kind) !== norm(b.kind)) {
      throw this.err('type', `${a.label} and ${b.label} are of incompatible types (${kindLabel(a.kind)} and ${kindLabel(b.kind)}).`, { pos: a.span.pos, len: b.span.pos + b.span.len - a.span.pos });
    }
  }

  // ---- predicates ----------------------------------------------------------------------------

  private constPred(op: CmpOp, left: Values, v: Sql, c: Const, at: Span): Sql {
    const k = left.kind;
    if (op === 'matches') return q`ww_regexp(${c.value}, ${v})`;
    if (op === 'contains') {
      if (k === 'ether') return q`instr(ww_int_bytes(${v}, 6), ${c.value}) > 0`;
      if (k === 'string' && c.blob) return q`instr(CAST(${v} AS BLOB), ${c.value}) > 0`;
      return q`instr(${v}, ${c.value}) > 0`;
    }
    const sqlOp = R(SQL_OP[op]);
    if (k === 'ipv4' || k === 'ipv6') {
      if (c.cidr) {
        if (op !== 'eq' && op !== 'ne') throw this.err('type', 'A CIDR network can only be compared with "==", "!=" or "in".', at);
        const inNet = this.cidrPred(v, c);
        return op === 'eq' ? inNet : q`NOT ${inNet}`;
      }
      if (op === 'eq' || op === 'ne') return q`${v} ${sqlOp} ${c.value}`;
      return q`ww_inet(${v}) ${sqlOp} ${P(c.ipBytes)}`;
    }
    if (k === 'string' && c.blob) return q`CAST(${v} AS BLOB) ${sqlOp} ${c.value}`;
    if (k === 'reltime' && c.timeNs !== undefined) {
      // Wireshark compares the seconds as (int)(a - b): more than 2^31 s apart, ask nstime_cmp.
      const clamp = (x: bigint) => safeInt(x > INT64_MAX ? INT64_MAX : x < -INT64_MAX ? -INT64_MAX : x);
      const lo = P(clamp(c.timeNs - NSTIME_PLAIN_WINDOW_NS)), hi = P(clamp(c.timeNs + NSTIME_PLAIN_WINDOW_NS));
      return q`(CASE WHEN ${v} BETWEEN ${lo} AND ${hi} THEN ${v} ${sqlOp} ${c.value} ELSE ww_nstime_cmp(${v}, ${c.value}) ${sqlOp} 0 END)`;
    }
    return q`${v} ${sqlOp} ${c.value}`;
  }

  private cidrPred(v: Sql, c: Const): Sql {
    const n = c.cidr!;
    if (n.bits === 0) return q`(${v} IS NOT NULL)`;
    if (n.textIn) return q`${v} IN (${join(n.textIn.map((t) => P(t)), ', ')})`;
    if (n.textRanges) {
      const parts = n.textRanges.map(([lo, hi]) => q`(${v} >= ${P(lo)} AND ${v} < ${P(hi)})`);
      return parts.length === 1 ? parts[0] : q`(${balanced(parts, 'OR')})`;
    }
    return q`(ww_inet(${v}) BETWEEN ${P(n.lo)} AND ${P(n.hi)})`;
  }

  private rangePred(k: Kind, v: Sql, lo: Const, hi: Const): Sql {
    if (k === 'ipv4' || k === 'ipv6') return q`(ww_inet(${v}) BETWEEN ${P(lo.ipBytes)} AND ${P(hi.ipBytes)})`;
    if (k === 'string' && (lo.blob || hi.blob)) return q`(CAST(${v} AS BLOB) BETWEEN ${lo.value} AND ${hi.value})`;
    return q`(${v} BETWEEN ${lo.value} AND ${hi.value})`;
  }

  private pairPred(op: CmpOp, k: Kind, a: Sql, b: Sql): Sql {
    if (op === 'contains') {
      if (k === 'ether') return q`instr(ww_int_bytes(${a}, 6), ww_int_bytes(${b}, 6)) > 0`;
      return q`instr(${a}, ${b}) > 0`;
    }
    const sqlOp = R(SQL_OP[op]);
    if ((k === 'ipv4' || k === 'ipv6') && op !== 'eq' && op !== 'ne') return q`ww_inet(${a}) ${sqlOp} ww_inet(${b})`;
    return q`${a} ${sqlOp} ${b}`;
  }

  // ---- literals ------------------------------------------------------------------------------

  private pattern(lit: Literal): Const {
    if (lit.k !== 'string') throw this.err('type', '"matches" needs a double-quoted regular expression.', lit);
    const text = decodeUtf8Strict(lit.bytes);
    if (text === null) throw this.err('regex', 'The regular expression is not valid UTF-8.', lit);
    try {
      compileRegex(text);
    } catch (e) {
      if (!(e instanceof RegexError)) throw e;
      // Exact position when the literal has no escapes, else the whole literal.
      const inner = lit.text.slice(lit.raw ? 2 : 1, -1);
      const exact = inner === text && !lit.raw;
      const at = exact ? { pos: lit.pos + 1 + e.index, len: e.length } : spanOf(lit);
      throw this.err('regex', `Invalid regular expression: ${e.message}.`, at);
    }
    return { value: P(text) };
  }

  private literal(lit: Literal, target: Values, op: CmpOp): Const {
    const k = op === 'contains' && target.kind === 'ether' ? 'bytes' : target.kind;
    switch (k) {
      case 'int': return { value: P(safeInt(this.integer(lit, target.ftype, target))) };
      case 'bool': return { value: P(this.boolean(lit)) };
      case 'double': {
        const v = lit.k === 'word' ? parseDouble(lit.text) : null;
        if (v === null) throw this.badLiteral(lit, 'floating-point number');
        return { value: P(v) };
      }
      case 'reltime': {
        const ns = lit.k === 'word' ? parseSecondsNs(lit.text) : null;
        if (ns === null) throw this.badLiteral(lit, 'time offset in seconds (e.g. 1.5)');
        if (ns > INT64_MAX || ns < -INT64_MAX) throw this.err('literal', `"${lit.text.slice(0, 40)}" is out of range for a time offset.`, lit);
        return { value: P(safeInt(ns)), timeNs: ns };
      }
      case 'abstime': {
        const text = lit.k === 'string' ? decodeUtf8Strict(lit.bytes) : lit.k === 'word' ? lit.text : null;
        const ns = text === null ? null : parseAbsoluteTime(text, this.options);
        if (ns === null) {
          throw this.err('literal', `${lit.text.length > 60 ? 'The value' : lit.text} is not a valid absolute time. Example: "2026-11-23 09:03:00.36" or "Nov 23, 2026 09:03:00.36 UTC".`, lit);
        }
        // Nanoseconds since the epoch in a signed 64-bit integer: years 1678 to 2261.
        if (ns > INT64_MAX || ns < -INT64_MAX) throw this.err('literal', 'The time is out of range (years 1678 to 2261).', lit);
        return { value: P(safeInt(ns)) };
      }
      case 'string': {
        if (lit.k === 'char') throw this.err('type', `A character constant cannot be compared with ${target.label} (Character string); use a double-quoted string.`, lit);
        if (lit.k === 'word') return { value: P(lit.text) };
        const s = decodeUtf8Strict(lit.bytes);
        return s === null ? { value: P(Uint8Array.from(lit.bytes)), blob: true } : { value: P(s) };
      }
      case 'bytes': case 'protocol': return { value: P(this.byteString(lit)) };
      case 'ether': {
        if (lit.k !== 'word') throw this.err('type', `${typeLabel('FT_ETHER')} cannot be converted from a ${lit.k === 'string' ? 'string' : 'character constant'} (${lit.text}).`, lit);
        const b = parseMac(lit.text) ?? ((x) => (x && x.length === 6 ? x : null))(parseByteString(lit.text));
        if (!b) throw this.badLiteral(lit, 'Ethernet address');
        return { value: P(Number(bytesToBigInt(b))) };
      }
      case 'ipv4': case 'ipv6': return this.ip(lit, k);
      default: throw this.cannot(target, op, lit);
    }
  }

  private integer(lit: Literal, ftype: FieldType, target: Values): bigint {
    const range = intRange(ftype);
    const label = target.plain ? typeLabel(ftype) : 'integer';
    let v: bigint;
    if (lit.k === 'char') v = BigInt(lit.value);
    else if (lit.k === 'string') throw this.err('type', `${label[0].toUpperCase() + label.slice(1)} cannot be converted from a string (${lit.text.length > 40 ? lit.text.slice(0, 37) + '..."' : lit.text}).`, lit);
    else {
      const r = parseInteger(lit.text);
      if (r === null) throw this.badLiteral(lit, label.toLowerCase() === label ? label : `${label} value`);
      if (r === 'overflow') throw this.err('literal', `"${lit.text.slice(0, 40)}${lit.text.length > 40 ? '...' : ''}" causes an integer overflow.`, lit);
      v = r;
    }
    if (v > range.max) throw this.err('literal', `"${lit.text.length > 40 ? lit.text.slice(0, 37) + '...' : lit.text}" too big for this field, maximum ${range.max}.`, lit);
    if (v < range.min) throw this.err('literal', `"${lit.text.length > 40 ? lit.text.slice(0, 37) + '...' : lit.text}" too small for this field, minimum ${range.min}.`, lit);
    return v;
  }

  private boolean(lit: Literal): number {
    if (lit.k === 'char') return lit.value !== 0 ? 1 : 0;
    if (lit.k === 'word') {
      const t = lit.text.toLowerCase();
      if (t === 'true') return 1;
      if (t === 'false') return 0;
      const r = parseInteger(lit.text);
      if (r === 'overflow') return 1;
      if (r !== null) return r !== 0n ? 1 : 0;
    }
    throw this.badLiteral(lit, 'boolean (True, False or a number)');
  }

  private byteString(lit: Literal): Uint8Array {
    if (lit.k === 'string') return Uint8Array.from(lit.bytes);
    if (lit.k === 'char') return Uint8Array.of(lit.value);
    const b = parseByteString(lit.text);
    if (b) return b;
    // A hex integer up to 0xff is one byte (Wireshark's rule); decimal and octal are not.
    if (/^0[xX][0-9a-fA-F]{1,2}$/.test(lit.text)) return Uint8Array.of(parseInt(lit.text.slice(2), 16));
    throw this.badLiteral(lit, 'byte string (e.g. 47:45:54 or "GET")');
  }

  private ip(lit: Literal, k: 'ipv4' | 'ipv6'): Const {
    const what = k === 'ipv4' ? 'IPv4 address' : 'IPv6 address';
    if (lit.k !== 'word') throw this.err('type', `${what} cannot be converted from a ${lit.k === 'string' ? 'string' : 'character constant'} (${lit.text.length > 40 ? 'literal' : lit.text}).`, lit);
    const { addr, bits, bad } = splitCidr(lit.text);
    const full = k === 'ipv4' ? 32 : 128;
    let bytes: Uint8Array | null;
    let text: string;
    if (k === 'ipv4') {
      const v = parseIPv4(addr);
      bytes = v === null ? null : ipv4Bytes(v);
      text = v === null ? '' : formatIPv4(v);
    } else {
      bytes = parseIPv6(addr);
      text = bytes ? formatIPv6(bytes) : '';
    }
    if (!bytes) {
      if (k === 'ipv4' && /^[A-Za-z]/.test(addr) && !this.registry.suggest(addr)) {
        throw this.err('literal', `"${addr.slice(0, 60)}" is not a valid IPv4 address (host names are not resolved).`, lit);
      }
      if (k === 'ipv4') {
        if (parseIPv6(addr)) throw this.err('literal', `"${addr}" is an IPv6 address; use ipv6.* fields for IPv6.`, lit);
        throw this.badLiteral(lit, 'hostname or IPv4 address');
      }
      if (parseIPv4(addr) !== null) throw this.err('literal', `"${addr}" is an IPv4 address; use ip.* fields for IPv4 (or ::ffff:${addr} for a mapped address).`, lit);
      throw this.badLiteral(lit, 'IPv6 address');
    }
    if (bad || (bits !== null && bits > full)) throw this.err('literal', `"${lit.text}": the CIDR prefix must be a number from 0 to ${full}.`, lit);
    const c: Const = { value: P(text), ipBytes: bytes };
    if (bits !== null && bits < full) {
      const { lo, hi } = cidrRange(bytes, bits);
      c.cidr = { bits, lo, hi };
      if (k === 'ipv4' && bits > 0 && (bits % 8 === 0 || 8 - (bits % 8) <= MAX_PREFIX_BITS)) {
        // IPv4 networks are unions of text prefixes of the dotted quad: "10." <= x < "10/" for 10/8,
        // "172.16." .. "172.31." for 172.16/12. Plain comparisons, so SQLite can use an index.
        const whole = Math.ceil(bits / 8);
        const head = Array.from(lo.subarray(0, whole - 1));
        const ranges: [string, string][] = [];
        if (whole === 4) {
          // A /25../31 network: the addresses themselves.
          const list: string[] = [];
          for (let o = lo[3]; o <= hi[3]; o++) list.push([...head, o].join('.'));
          c.cidr.textIn = list;
        } else {
          for (let o = lo[whole - 1]; o <= hi[whole - 1]; o++) {
            const prefix = [...head, o].join('.') + '.';
            ranges.push([prefix, prefix.slice(0, -1) + '/']);
          }
          c.cidr.textRanges = ranges;
        }
      }
    }
    return c;
  }
}
