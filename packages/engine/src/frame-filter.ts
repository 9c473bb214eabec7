/**
 * Display filters over the case index: a filter is compiled by @wirewho/filter to a parameterised
 * WHERE expression over `frames f` and run on the index's connection, where the ww_* SQL functions
 * are registered with this engine's evidence access (frame bytes, decoded fields).
 *
 * Positions in a filtered list: the first page is a LIMIT query in frame order and its total a count;
 * later pages come from the list of matching frame numbers, built once per filter with one scan and
 * kept for a few recent filters (scrolling is then a key lookup, like the unfiltered list).
 *
 * Plans (SQLite has no statistics on the index, so it cannot tell a rare value from a common one): the
 * filter's top-level AND terms that SQLite answers from an index alone are probed, each counting at
 * most DRIVER_ROWS matches. The rarest one under that bound drives the query (`f.number IN (its
 * frames)`, a few thousand rowid lookups) whatever SQLite would have picked. When every such term is a
 * common OR over two indexes (ip.addr, udp.port), frames are scanned in order: the first page stops at
 * its end, and the list needs no sort (the OR plan would collect and sort every match first).
 * A fact equality (`dns.qry.name == "x"`, a short `in` set) reads its frames from the covering fact
 * index frame_fields(field, value, frame), in frame order (one value: one index range; several: a
 * merge of ranges, SQLite's compound-select MERGE). Driven by it, the first page stops after its rows,
 * and a filter that is only that term is counted and listed from the index without reading frames.
 *
 * Interactive queries (the packet list, its count, Find, Go to) run under the time limit the engine
 * gives (filter-time-limit.ts); a count stopped there keeps the matches it found, which are the first
 * frames of the filtered list.
 */
import { ApiError, type FilterCheckResult, type FieldCompletionDto, type FilterFieldDto } from '@wirewho/contract';
import {
  checkFilter, compileFilter, completeField, defaultRegistry, registerFilterFunctions, renderFilterError, FilterError,
  typeLabel, type CompiledFilter, type FactLookup,
} from '@wirewho/filter';
import type { CaseIndex, FrameRowDb } from '@wirewho/index';
import { DecodedFields } from './decoded-fields.js';
import type { EvidenceAccess } from './evidence-access.js';
import { FilterStoppedError, QueryDeadline, timeCheckSql } from './filter-time-limit.js';

/** Match lists kept (each at most 8 bytes per matching frame). */
const MATCH_LISTS = 4;
const COMPILED = 64;
/**
 * A term matching fewer frames than this drives a query (its frames are read, then checked). Probing a
 * term reads up to this many index entries and rows (a few ms).
 */
const DRIVER_ROWS = 4096;
/** Top-level terms considered as drivers (the first ones written). */
const PLANNED_TERMS = 8;
/**
 * A fact term other than an equality drives a query through the fact index when its field has at most
 * this many distinct values (listing them costs one index seek each: ~40 ms for 8,600 on 10.6M frames)
 * and at most FACT_ARMS of them pass the test (the merge reads one index range per value).
 */
const DISTINCT_VALUES = 16_384;
const FACT_ARMS = 16;

interface Compiled extends CompiledFilter { text: string }

/** How to read a filter's matches: `SELECT <key> FROM <from> WHERE <where> <group> ORDER BY <key>`. */
interface Clause {
  from: string;
  /** Values of the `?`s in `from` (a fact driver's), bound before those of the WHERE clause. */
  fromParams: unknown[];
  where: string;
  params: unknown[];
  /** The frame number in that FROM clause, in whose order its rows come: `f.number`, or a fact driver's `d.frame`. */
  key: string;
  /** `GROUP BY d.frame` when the driver can repeat a frame (a value occurring twice in one frame), else ''. */
  group: string;
}

/** Clauses for one filter on the current frames. */
interface Plan {
  /** Every match in frame order (count, match list, Find). */
  all: Clause;
  /** The first matches in frame order. */
  first: Clause;
  /** The first-page query reads every match before its first row (an IN list of facts, a sort). */
  firstReadsAll: boolean;
  /**
   * A filter that is one term on a field with two ends (`ip.addr == X`): its count as the three
   * covering-index counts n(src), n(dst), n(src and dst), when SQLite answers each from an index alone.
   */
  eitherCounts?: { sql: string; params: unknown[] }[];
}

/** A match list; `stoppedAfterMs` when its build hit the time limit (then it holds the first matches only). */
interface MatchList { numbers: Float64Array; stoppedAfterMs?: number }

export interface FrameFilterOptions {
  utc?: boolean;
  /** Time limit of interactive queries (page, count, find, positionOf) in ms; none when undefined. */
  timeLimitMs?: number;
  /** For tests: the clock of the time limit (ms), and the bound under which a term drives a query. */
  clock?: () => number;
  driverRows?: number;
  /** For tests: the bounds of a fact test's plan (DISTINCT_VALUES, FACT_ARMS). */
  distinctValues?: number;
  factArms?: number;
}

/** A filter the index cannot run: FilterError rendered like tshark, as a typed API error. */
export class InvalidFilterError extends ApiError {
  constructor(readonly filter: string, readonly error: FilterError) {
    super('invalid-filter', renderFilterError(filter, error));
  }
}

/** One deadline per connection: the SQL functions registered on it poll that one. */
const deadlines = new WeakMap<object, QueryDeadline>();

export class FrameFilter {
  readonly decoded: DecodedFields;
  private readonly compiled = new Map<string, Compiled>();
  private readonly matches = new Map<string, MatchList>();
  private readonly plans = new Map<string, Plan>();
  /** Frame count the match lists were built against; a growing case invalidates them. */
  private builtAt = -1;
  private readonly deadline: QueryDeadline;

  /**
   * `access` is accepted for callers that hold one; decoded fields read frames through their own
   * read-only connection (see DecodedFields).
   */
  constructor(private readonly index: CaseIndex, access?: EvidenceAccess, private readonly options: FrameFilterOptions = {}) {
    void access;
    this.decoded = new DecodedFields(index.caseDir);
    let deadline = deadlines.get(index.db);
    if (!deadline) {
      const d = new QueryDeadline();
      deadline = d;
      deadlines.set(index.db, d);
      registerFilterFunctions(index.db, {
        frameBytes: (frame, offset, length) => this.decoded.frameBytes(frame, offset, length),
        decoded: (frame, field, kind) => this.decoded.values(frame, field, kind),
        check: () => d.check(),
      });
    }
    this.deadline = deadline;
  }

  /** Compiles (cached); throws InvalidFilterError. An empty or blank filter is "no filter": null. */
  compile(text: string | undefined): Compiled | null {
    if (text === undefined || text.trim() === '') return null;
    let c = this.compiled.get(text);
    if (c) return c;
    try {
      c = { ...compileFilter(text, defaultRegistry, { utc: this.options.utc }), text };
    } catch (e) {
      if (e instanceof FilterError) throw new InvalidFilterError(text, e);
      throw e;
    }
    if (this.compiled.size >= COMPILED) this.compiled.delete(this.compiled.keys().next().value as string);
    this.compiled.set(text, c);
    return c;
  }

  check(text: string): FilterCheckResult {
    if (text.trim() === '') return { ok: true, empty: true, fields: [] };
    const r = checkFilter(text, defaultRegistry, { utc: this.options.utc });
    if (r.ok) return { ok: true, empty: false, fields: r.fields };
    return { ok: false, code: r.error.code, message: r.error.message, position: r.error.position, length: r.error.length, rendered: r.rendered };
  }

  complete(prefix: string, limit = 50): FieldCompletionDto[] {
    return completeField(prefix, defaultRegistry, limit).map((c) => ({ ...c, typeLabel: typeLabel(c.type) }));
  }

  fields(): FilterFieldDto[] {
    return defaultRegistry.fields().map((f) => ({
      name: f.name, type: f.type, typeLabel: typeLabel(f.type), description: f.description, aliases: [...f.aliases],
      protocol: f.protocol, source: f.source,
      ...(f.location.kind === 'unavailable' ? { unavailable: f.location.reason } : {}),
    }));
  }

  /** Number of frames the filter selects. Throws FilterStoppedError at the time limit. */
  count(text: string): number {
    const c = this.compile(text);
    if (!c) return this.index.frameCount();
    return this.bounded(() => this.countOf(c));
  }

  private countOf(c: Compiled): number {
    const list = this.cachedList(c);
    if (list && list.stoppedAfterMs === undefined) return list.numbers.length;
    const parts = this.plan(c).eitherCounts;
    if (parts) {
      const [a, b, both] = parts.map((q) => this.index.db.prepare(q.sql).pluck().get(...q.params) as number);
      return a + b - both;
    }
    const p = this.plan(c).all;
    const rows = `FROM ${p.from} WHERE ${p.where} AND ${timeCheckSql(p.key)}`;
    const sql = p.group ? `SELECT count(*) AS n FROM (SELECT 1 ${rows} ${p.group})` : `SELECT count(*) AS n ${rows}`;
    return (this.index.db.prepare(sql).get(...p.fromParams, ...p.params) as { n: number }).n;
  }

  /**
   * Matching frames at positions [offset, offset + limit) of the filtered list. `stoppedAfterMs`: the
   * count ran into the time limit and `total` counts the first matches only.
   */
  page(text: string, offset: number, limit: number): { rows: FrameRowDb[]; total: number; stoppedAfterMs?: number } {
    const c = this.compile(text);
    if (!c) return { rows: this.index.framesInRange(offset + 1, limit), total: this.index.frameCount() };
    return this.bounded(() => {
      // The first screen does not wait for the whole scan, unless its query reads every match first
      // anyway (an IN list, a sort): then one statement builds the list and the page is its start.
      // The total is a count(*) (1.5 s for 8.5M matches of 10.6M frames, where the list takes 5 s); the
      // list is built when a later page needs it.
      if (offset === 0 && !this.cachedList(c) && !this.plan(c).firstReadsAll) {
        const numbers = this.firstMatches(c, 0, limit);
        const rows = this.rowsOf(numbers);
        if (numbers.length < limit) return { rows, total: numbers.length };
        try {
          return { rows, total: this.countOf(c) };
        } catch (e) {
          if (!(e instanceof FilterStoppedError)) throw e;
          return { rows, total: numbers.length, stoppedAfterMs: e.afterMs };
        }
      }
      const list = this.matchList(c);
      if (list.stoppedAfterMs !== undefined && list.numbers.length === 0) throw new FilterStoppedError(list.stoppedAfterMs);
      const all = list.numbers;
      const numbers = Array.from(all.subarray(Math.min(offset, all.length), Math.min(offset + limit, all.length)));
      return { rows: this.rowsOf(numbers), total: all.length, ...stopped(list) };
    });
  }

  /** Matching frames with numbers > `after`, in order (the CLI's streaming reads). */
  after(text: string, after: number, limit: number): FrameRowDb[] {
    const c = this.compile(text);
    if (!c) return this.index.framesInRange(after + 1, limit);
    return this.rowsOf(this.firstMatches(c, after, limit));
  }

  /** The next (or previous) matching frame after (before) frame `from`, or null. */
  find(text: string, from: number, direction: 'next' | 'previous'): number | null {
    const c = this.compile(text);
    const [op, order] = direction === 'next' ? ['>', 'ASC'] as const : ['<', 'DESC'] as const;
    if (!c) {
      const n = this.index.db.prepare(`SELECT f.number FROM frames f WHERE f.number ${op} ? ORDER BY f.number ${order} LIMIT 1`).pluck().get(from) as number | undefined;
      return n ?? null;
    }
    return this.bounded(() => {
      const p = direction === 'next' ? this.plan(c).first : this.plan(c).all;
      const n = this.index.db.prepare(`${matchesSql(p, op)} ${order} LIMIT 1`).pluck().get(...p.fromParams, from, ...p.params) as number | undefined;
      return n ?? null;
    });
  }

  /** Every frame number the filter selects, ascending (no time limit: exports need all of them). */
  numbers(text: string): number[] {
    const c = this.compile(text);
    if (!c) return Array.from({ length: this.index.frameCount() }, (_, i) => i + 1);
    const list = this.matchList(c);
    // A list stopped by an earlier interactive query is built again, whole.
    return Array.from(list.stoppedAfterMs === undefined ? list.numbers : this.rebuild(c).numbers);
  }

  /** Whether frame `number` is selected by the filter (binary search in its match list). */
  selects(text: string, number: number): boolean {
    return this.positionOf(text, number) >= 0;
  }

  /** Position of frame `number` in the filtered list, or -1 (keeps the selection in view after Apply). */
  positionOf(text: string | undefined, number: number): number {
    const c = this.compile(text);
    if (!c) return number - 1;
    return this.bounded(() => {
      const list = this.matchList(c);
      const all = list.numbers;
      let lo = 0, hi = all.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (all[mid] === number) return mid;
        if (all[mid] < number) lo = mid + 1; else hi = mid - 1;
      }
      // Past the matches a stopped list holds, the answer is unknown.
      if (list.stoppedAfterMs !== undefined && (all.length === 0 || number > all[all.length - 1])) throw new FilterStoppedError(list.stoppedAfterMs);
      return -1;
    });
  }

  close(): void {
    this.decoded.close();
  }

  /** Forget match lists and plans (the case grew, or analysis bits changed). */
  invalidate(): void {
    this.matches.clear();
    this.plans.clear();
    this.builtAt = -1;
  }

  /** The query plan of a filter on the current frames: see the file comment. */
  explain(text: string): Plan | null {
    const c = this.compile(text);
    return c ? this.plan(c) : null;
  }

  private bounded<T>(fn: () => T): T {
    return this.deadline.run(this.options.timeLimitMs, fn, this.options.clock);
  }

  private rowsOf(numbers: readonly number[]): FrameRowDb[] {
    const out: FrameRowDb[] = [];
    for (const n of numbers) {
      const r = this.index.frame(n);
      if (r) out.push(r);
    }
    return out;
  }

  /** Up to `limit` matching frame numbers after frame `after`, ascending. */
  private firstMatches(c: Compiled, after: number, limit: number): number[] {
    const p = this.plan(c).first;
    return this.index.db.prepare(`${matchesSql(p, '>')} LIMIT ?`).pluck().all(...p.fromParams, after, ...p.params, limit) as number[];
  }

  private plan(c: Compiled): Plan {
    this.checkFresh();
    let p = this.plans.get(c.text);
    if (!p) {
      const made = this.makePlan(c);
      const q = made.first;
      const steps = this.index.db.prepare(`EXPLAIN QUERY PLAN ${matchesSql(q, '>')} LIMIT ?`)
        .all(...q.fromParams, 0, ...q.params, 1) as { detail: string }[];
      const eitherCounts = this.eitherCounts(c);
      p = { ...made, firstReadsAll: steps.some((r) => r.detail.includes('LIST SUBQUERY') || r.detail.includes('TEMP B-TREE')), ...(eitherCounts ? { eitherCounts } : {}) };
      if (this.plans.size >= COMPILED) this.plans.delete(this.plans.keys().next().value as string);
      this.plans.set(c.text, p);
    }
    return p;
  }

  private makePlan(c: Compiled): Omit<Plan, 'firstReadsAll'> {
    const whole = (from: string): Clause => ({ from, fromParams: [], where: `(${c.sql})`, params: c.params, key: 'f.number', group: '' });
    // A few terms are looked at: a long generated AND chain would cost an EXPLAIN per term.
    const terms = c.conjuncts.slice(0, PLANNED_TERMS).map((t, at) => {
      const facts = t.facts && this.factArms(t.facts);
      return { ...t, facts, at, how: facts ? 'fact' as const : this.indexUse(t.sql, t.params) };
    }).filter((t) => t.how !== null);
    const indexed = terms.filter((t) => t.how !== 'fact').length;
    const orOnly = terms.every((t) => t.how === 'or');
    const facts = terms.filter((t) => t.how === 'fact');
    // One term through one index: SQLite takes it, in frame order, and stops at the page's end.
    if (indexed === 1 && facts.length === 0 && !orOnly) return { all: whole('frames f'), first: whole('frames f') };
    const bound = this.options.driverRows ?? DRIVER_ROWS;
    let best: (typeof terms)[number] & { rows: number } | null = null;
    for (const t of terms) {
      const probe = t.facts
        ? { sql: `SELECT count(*) FROM (SELECT 1 FROM (${t.facts.arms.map((a) => a.sql).join(' UNION ')}) LIMIT ?)`, params: t.facts.arms.flatMap((a) => a.params) }
        : { sql: `SELECT count(*) FROM (SELECT 1 FROM frames f WHERE ${t.sql} LIMIT ?)`, params: t.params };
      const rows = this.index.db.prepare(probe.sql).pluck().get(...probe.params, bound) as number;
      if (!best || rows < best.rows) best = { ...t, rows };
      if (rows === 0) break;
    }
    if (best && best.rows < bound && !best.facts) {
      // CROSS JOIN keeps the driver first: left to itself, SQLite may prefer an index of another term
      // with more equalities (tcp.dstport: port and protocol) over a short list of rowids.
      const driven: Clause = {
        from: `(SELECT f.number AS frame FROM frames f WHERE ${best.sql} ORDER BY 1) AS d CROSS JOIN frames f ON f.number = d.frame`,
        fromParams: [...best.params], where: `(${c.sql})`, params: c.params, key: 'd.frame', group: '',
      };
      return { all: driven, first: driven };
    }
    // A rare fact, or every indexed term common and a fact among them: the fact's index in frame order.
    const fact = best && best.rows < bound ? best : facts[0];
    if (fact?.facts) {
      const driven = this.factDriven(c, fact.at, fact.facts);
      return { all: driven, first: driven };
    }
    // Every indexed term is common. An OR over two indexes would collect and sort most of the case
    // (5.5 s for tcp.port == 8080 on 10.6M frames); in frame order the first page is near, and the
    // whole list comes without a sort.
    const from = indexed > 0 && orOnly ? 'frames f NOT INDEXED' : 'frames f';
    return { all: whole(from), first: whole(from) };
  }

  /**
   * The filter driven by its fact term `at`: that term's frames in frame order from the fact index
   * (one range, or a MERGE of one per value, which also drops repeats), joined to frames only when
   * other terms remain (the term itself is not evaluated again: its IN list would read every match).
   */
  private factDriven(c: Compiled, at: number, facts: FactLookup): Clause {
    const { arms } = facts;
    const driver = arms.length === 1 ? `(${arms[0].sql} ORDER BY frame)` : `(${arms.map((a) => a.sql).join(' UNION ')} ORDER BY 1)`;
    const fromParams = arms.flatMap((a) => a.params);
    const group = arms.length === 1 ? 'GROUP BY d.frame' : '';
    const rest = c.conjuncts.filter((_, i) => i !== at);
    if (rest.length === 0) return { from: `${driver} AS d`, fromParams, where: '1', params: [], key: 'd.frame', group };
    const where = balancedAnd(rest);
    return { from: `${driver} AS d CROSS JOIN frames f ON f.number = d.frame`, fromParams, where: where.sql, params: where.params, key: 'd.frame', group };
  }

  /** Plan.eitherCounts of a filter, or undefined (not one either-term, or a count SQLite would not take from an index alone). */
  private eitherCounts(c: Compiled): Plan['eitherCounts'] {
    const e = c.conjuncts.length === 1 ? c.conjuncts[0].either : undefined;
    if (!e) return undefined;
    const parts = [[e.a], [e.b], e.same ? [e.a, e.b, e.same] : [e.a, e.b]].map((ends) => {
      const terms = e.cond ? [e.cond, ...ends] : ends;
      return {
        // No time check: each is one index range counted (bounded like count(*) of the case; the check cost 40%).
        sql: `SELECT count(*) FROM frames f WHERE ${terms.map((t) => `(${t.sql})`).join(' AND ')}`,
        params: terms.flatMap((t) => t.params),
      };
    });
    for (const q of parts) {
      const steps = (this.index.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail);
      if (steps.length !== 1 || !steps[0].startsWith('SEARCH f USING COVERING INDEX') || !lookup(steps[0])) return undefined;
    }
    return parts;
  }

  /**
   * A fact term's arms: as compiled for an equality; for another test of the value (matches,
   * contains...), one arm per distinct value that passes it, when the field has at most
   * DISTINCT_VALUES values and at most FACT_ARMS pass; else null (the term is then not a driver).
   */
  private factArms(facts: FactLookup): FactLookup | null {
    const test = facts.valueTest;
    if (!test) return facts;
    // safeIntegers: a 64-bit value comes back exact, so its arm finds it again.
    const { distinctValues = DISTINCT_VALUES, factArms = FACT_ARMS } = this.options;
    const rows = this.index.db.prepare(test.sql).safeIntegers(true).all(...test.params, distinctValues + 1) as { v: unknown; ok: bigint }[];
    if (rows.length > distinctValues) return null;
    const passing = rows.filter((r) => r.ok === 1n);
    if (passing.length > factArms) return null;
    // No value passes: one arm that finds nothing keeps the term a (rare) driver.
    const values = passing.length > 0 ? passing.map((r) => r.v) : [null];
    return { arms: values.map((v) => ({ sql: test.arm, params: [test.field, v] })) };
  }

  /**
   * How SQLite answers one term alone: by index lookups of values (`col=?`, or a range with both
   * ends), through one index or an OR over several; null for anything else, such as a walk over an
   * index for `col IS NOT NULL`, which would make probing it as costly as the query.
   */
  private indexUse(sql: string, params: unknown[]): 'index' | 'or' | null {
    const plan = this.index.db.prepare(`EXPLAIN QUERY PLAN SELECT f.number FROM frames f WHERE ${sql}`).all(...params) as { detail: string }[];
    const details = plan.map((r) => r.detail);
    if (details.some((d) => d.startsWith('SCAN') || d.includes('SUBQUERY') || d.includes('CO-ROUTINE') || d.includes('VIRTUAL TABLE'))) return null;
    const searches = details.filter((d) => d.startsWith('SEARCH f'));
    if (searches.length === 0 || !searches.every(lookup)) return null;
    return details.some((d) => d.startsWith('MULTI-INDEX OR')) ? 'or' : 'index';
  }

  private cachedList(c: Compiled): MatchList | undefined {
    this.checkFresh();
    return this.matches.get(c.text);
  }

  private checkFresh(): void {
    // max(number) is a rowid lookup; count(*) would scan 10M rows on every page.
    const n = (this.index.db.prepare('SELECT max(number) AS n FROM frames').get() as { n: number | null }).n ?? 0;
    if (n !== this.builtAt) {
      this.matches.clear();
      this.plans.clear();
      this.builtAt = n;
    }
  }

  /** The filter's match list, cached; `first` are its first matches when already known. */
  private matchList(c: Compiled, first?: readonly number[]): MatchList {
    const hit = this.cachedList(c);
    if (hit) {
      this.matches.delete(c.text);
      this.matches.set(c.text, hit);
      return hit;
    }
    return this.rebuild(c, first);
  }

  private rebuild(c: Compiled, first?: readonly number[]): MatchList {
    let buf = new Float64Array(1024);
    let n = 0;
    let stoppedAfterMs: number | undefined;
    const p = this.plan(c).all;
    const stmt = this.index.db.prepare(matchesSql(p)).pluck();
    try {
      for (const v of stmt.iterate(...p.fromParams, ...p.params) as IterableIterator<number>) {
        if (n === buf.length) {
          const bigger = new Float64Array(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        buf[n++] = v;
      }
    } catch (e) {
      if (!(e instanceof FilterStoppedError)) throw e;
      // The rows came in frame order: what was read is the start of the filtered list.
      stoppedAfterMs = e.afterMs;
    }
    let numbers = buf.slice(0, n);
    if (first && first.length > n) numbers = Float64Array.from(first);
    const list: MatchList = stoppedAfterMs === undefined ? { numbers } : { numbers, stoppedAfterMs };
    if (this.matches.size >= MATCH_LISTS) this.matches.delete(this.matches.keys().next().value as string);
    this.matches.set(c.text, list);
    return list;
  }
}

/**
 * `SELECT <key> FROM ... WHERE [<key> <bound> ? AND] <where> AND <time check> <group> ORDER BY <key>`;
 * its parameters are the clause's fromParams, the bound's value, then its params.
 */
function matchesSql(p: Clause, bound?: '>' | '<'): string {
  const after = bound ? `${p.key} ${bound} ? AND ` : '';
  return `SELECT ${p.key} FROM ${p.from} WHERE ${after}${p.where} AND ${timeCheckSql(p.key)} ${p.group} ORDER BY ${p.key}`;
}

/** Terms ANDed as a balanced tree (a long flat chain would pass SQLite's expression depth limit). */
function balancedAnd(terms: readonly { sql: string; params: unknown[] }[]): { sql: string; params: unknown[] } {
  if (terms.length === 1) return { sql: `(${terms[0].sql})`, params: terms[0].params };
  const mid = terms.length >> 1;
  const [a, b] = [balancedAnd(terms.slice(0, mid)), balancedAnd(terms.slice(mid))];
  return { sql: `(${a.sql} AND ${b.sql})`, params: [...a.params, ...b.params] };
}

/** "SEARCH f USING INDEX x (col=?)", "(col=? AND rowid>?)", "(col>? AND col<?)": values looked up, not walked. */
function lookup(detail: string): boolean {
  const m = /\(([^()]*)\)$/.exec(detail);
  if (!m) return false;
  const first = m[1].split(' AND ')[0];
  if (/=\?$/.test(first) && !/[<>]=\?$/.test(first)) return true;
  return /[>]=?\?/.test(m[1]) && /[<]=?\?/.test(m[1]);
}

function stopped(list: MatchList): { stoppedAfterMs?: number } {
  return list.stoppedAfterMs === undefined ? {} : { stoppedAfterMs: list.stoppedAfterMs };
}
