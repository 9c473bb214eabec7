/**
 * Display filters over the case index: a filter is compiled by @wirewho/filter to a parameterised
 * WHERE expression over `frames f` and run on the index's connection, where the ww_* SQL functions
 * are registered with this engine's evidence access (frame bytes, decoded fields).
 *
 * Positions in a filtered list: the first page is a plain LIMIT query (fast whatever the filter);
 * later pages and the count come from the list of matching frame numbers, built once per filter with
 * one scan and kept for a few recent filters (scrolling is then a key lookup, like the unfiltered list).
 */
import { ApiError, type FilterCheckResult, type FieldCompletionDto, type FilterFieldDto } from '@wirewho/contract';
import {
  checkFilter, compileFilter, completeField, defaultRegistry, registerFilterFunctions, renderFilterError, FilterError,
  typeLabel, type CompiledFilter,
} from '@wirewho/filter';
import type { CaseIndex, FrameRowDb } from '@wirewho/index';
import { DecodedFields } from './decoded-fields.js';
import type { EvidenceAccess } from './evidence-access.js';

/** Match lists kept (each at most 8 bytes per matching frame). */
const MATCH_LISTS = 4;
const COMPILED = 64;

interface Compiled extends CompiledFilter { text: string }

/** A filter the index cannot run: FilterError rendered like tshark, as a typed API error. */
export class InvalidFilterError extends ApiError {
  constructor(readonly filter: string, readonly error: FilterError) {
    super('invalid-filter', renderFilterError(filter, error));
  }
}

const registered = new WeakSet<object>();

export class FrameFilter {
  readonly decoded: DecodedFields;
  private readonly compiled = new Map<string, Compiled>();
  private readonly matches = new Map<string, Float64Array>();
  /** Frame count the match lists were built against; a growing case invalidates them. */
  private builtAt = -1;

  /**
   * `access` is accepted for callers that hold one; decoded fields read frames through their own
   * read-only connection (see DecodedFields).
   */
  constructor(private readonly index: CaseIndex, access?: EvidenceAccess, private readonly options: { utc?: boolean } = {}) {
    void access;
    this.decoded = new DecodedFields(index.caseDir);
    if (!registered.has(index.db)) {
      registered.add(index.db);
      registerFilterFunctions(index.db, {
        frameBytes: (frame, offset, length) => this.decoded.frameBytes(frame, offset, length),
        decoded: (frame, field, kind) => this.decoded.values(frame, field, kind),
      });
    }
  }

  /** Compiles (cached); throws InvalidFilterError. An empty or blank filter is "no filter": null. */
  compile(text: string | undefined): Compiled | null {
    if (text === undefined || text.trim() === '') return null;
    let c = this.compiled.get(text);
    if (c) return c;
    try {
      c = { ...compileFilter(text, defaultRegistry, this.options), text };
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
    const r = checkFilter(text, defaultRegistry, this.options);
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

  /** Number of frames the filter selects. */
  count(text: string): number {
    const c = this.compile(text);
    if (!c) return this.index.frameCount();
    const list = this.cachedList(c);
    if (list) return list.length;
    return (this.index.db.prepare(`SELECT count(*) AS n FROM frames f WHERE ${c.sql}`).get(...c.params) as { n: number }).n;
  }

  /** Matching frames at positions [offset, offset + limit) of the filtered list. */
  page(text: string, offset: number, limit: number): { rows: FrameRowDb[]; total: number } {
    const c = this.compile(text);
    if (!c) return { rows: this.index.framesInRange(offset + 1, limit), total: this.index.frameCount() };
    if (offset === 0 && !this.cachedList(c)) {
      // The first screen does not wait for the whole scan.
      const numbers = this.index.db.prepare(`SELECT f.number FROM frames f WHERE ${c.sql} ORDER BY f.number LIMIT ?`)
        .pluck().all(...c.params, limit) as number[];
      const total = numbers.length < limit ? numbers.length : this.matchList(c).length;
      return { rows: this.rowsOf(numbers), total };
    }
    const list = this.matchList(c);
    const numbers = Array.from(list.subarray(Math.min(offset, list.length), Math.min(offset + limit, list.length)));
    return { rows: this.rowsOf(numbers), total: list.length };
  }

  /** Matching frames with numbers > `after`, in order (the CLI's streaming reads). */
  after(text: string, after: number, limit: number): FrameRowDb[] {
    const c = this.compile(text);
    if (!c) return this.index.framesInRange(after + 1, limit);
    const numbers = this.index.db.prepare(`SELECT f.number FROM frames f WHERE f.number > ? AND (${c.sql}) ORDER BY f.number LIMIT ?`)
      .pluck().all(after, ...c.params, limit) as number[];
    return this.rowsOf(numbers);
  }

  /** The next (or previous) matching frame after (before) frame `from`, or null. */
  find(text: string, from: number, direction: 'next' | 'previous'): number | null {
    const c = this.compile(text);
    const [op, order] = direction === 'next' ? ['>', 'ASC'] : ['<', 'DESC'];
    const where = c ? `f.number ${op} ? AND (${c.sql})` : `f.number ${op} ?`;
    const n = this.index.db.prepare(`SELECT f.number FROM frames f WHERE ${where} ORDER BY f.number ${order} LIMIT 1`)
      .pluck().get(from, ...(c ? c.params : [])) as number | undefined;
    return n ?? null;
  }

  /** Every frame number the filter selects, ascending. */
  numbers(text: string): number[] {
    const c = this.compile(text);
    if (!c) return Array.from({ length: this.index.frameCount() }, (_, i) => i + 1);
    return Array.from(this.matchList(c));
  }

  /** Whether frame `number` is selected by the filter (binary search in its match list). */
  selects(text: string, number: number): boolean {
    return this.positionOf(text, number) >= 0;
  }

  /** Position of frame `number` in the filtered list, or -1 (keeps the selection in view after Apply). */
  positionOf(text: string | undefined, number: number): number {
    const c = this.compile(text);
    if (!c) return number - 1;
    const list = this.matchList(c);
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] === number) return mid;
      if (list[mid] < number) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  close(): void {
    this.decoded.close();
  }

  /** Forget match lists (the case grew, or analysis bits changed). */
  invalidate(): void {
    this.matches.clear();
    this.builtAt = -1;
  }

  private rowsOf(numbers: readonly number[]): FrameRowDb[] {
    const out: FrameRowDb[] = [];
    for (const n of numbers) {
      const r = this.index.frame(n);
      if (r) out.push(r);
    }
    return out;
  }

  private cachedList(c: Compiled): Float64Array | undefined {
    this.checkFresh();
    return this.matches.get(c.text);
  }

  private checkFresh(): void {
    // max(number) is a rowid lookup; count(*) would scan 10M rows on every page.
    const n = (this.index.db.prepare('SELECT max(number) AS n FROM frames').get() as { n: number | null }).n ?? 0;
    if (n !== this.builtAt) {
      this.matches.clear();
      this.builtAt = n;
    }
  }

  private matchList(c: Compiled): Float64Array {
    const hit = this.cachedList(c);
    if (hit) {
      this.matches.delete(c.text);
      this.matches.set(c.text, hit);
      return hit;
    }
    let buf = new Float64Array(1024);
    let n = 0;
    const stmt = this.index.db.prepare(`SELECT f.number FROM frames f WHERE ${c.sql} ORDER BY f.number`).pluck();
    for (const v of stmt.iterate(...c.params) as IterableIterator<number>) {
      if (n === buf.length) {
        const bigger = new Float64Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      buf[n++] = v;
    }
    const list = buf.slice(0, n);
    if (this.matches.size >= MATCH_LISTS) this.matches.delete(this.matches.keys().next().value as string);
    this.matches.set(c.text, list);
    return list;
  }
}
