/**
 * The engine's filter query plans and time limit on a real case (lo_mix_snap128.pcap, 668 frames):
 * whatever plan the frame filter picks (driven by its rarest indexed term, a frame-order scan for the
 * first page, or SQLite's own), every answer — first page, later pages, count, Find, positions — is
 * the plain `SELECT ... WHERE <compiled filter>`; and a query past its time limit stops, keeping the
 * first matches of the list it was counting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, FilterStoppedError, FrameFilter } from '@wirewho/engine';
import { compileFilter } from '@wirewho/filter';
import { corpusRoot } from '../helpers/corpus.js';

const CAPTURE = path.join(corpusRoot, 'captures/lo_mix_snap128.pcap');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-filter-plans-'));
let engine: Engine;

beforeAll(async () => {
  engine = new Engine({ caseDir: tmp, writer: 'inline' });
  engine.openEvidence({ path: CAPTURE });
  await engine.idle();
});

afterAll(async () => {
  await engine.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The answer without any planning: the compiled filter as SQLite runs it. */
function reference(filter: string): number[] {
  const c = compileFilter(filter);
  return engine.index.db.prepare(`SELECT f.number FROM frames f WHERE ${c.sql} ORDER BY f.number`).pluck().all(...c.params) as number[];
}

const FILTERS = [
  'tcp.port == 8080',
  'tcp.port == 40005',
  'tcp.srcport == 8080 && tcp.dstport == 40003',
  'ip.src == 127.0.0.1 && tcp.dstport == 40001 && tcp.flags.syn == 1',
  'ip.src == 10.77.0.1 && tcp.dstport == 8080 && tcp.flags.syn == 1',
  'tcp.stream == 3',
  'tcp.stream == 3 && tcp.port == 8080 && tcp.len > 0',
  'dns.qry.name contains "corpus" && udp.port == 53',
  '!(tcp.port == 8080) && frame.len > 60',
  'tcp.port in {40001 40002} && tcp.len > 0',
  'frame.number == 5 || tcp.port == 40004',
  'frame.number == 100 && tcp',
  'ip.addr == 127.0.0.0/8 && tcp.port == 40002',
  // One term on a field with two ends: counted as n(src) + n(dst) - n(both) (loopback: src = dst).
  'ip.addr == 127.0.0.1',
  'ip.addr == 10.77.0.1',
  'udp.port == 53',
  'tcp.port in {8080 40001}',
  'ipv6.addr == ::1',
  // Fact equalities, driven from the covering fact index (one value, a merge of several, with other terms).
  'dns.qry.name == "static.corpus.test"',
  'dns.qry.name in {"web.corpus.test" "big.corpus.test" "nx.corpus.test"}',
  'dns.qry.name == "static.corpus.test" && udp.srcport == 53',
  'udp.port == 53 && dns.qry.name in {"web.corpus.test" "nx.corpus.test"} && frame.len > 60',
  'dns.qry.name in {"web.corpus.test" "nx.corpus.test"} && http.host == "127.0.0.1:8080"',
  'dns.qry.name == "nothing.corpus.test"',
  // Other tests of a fact's value: the field's distinct values tested once each, passing ones merged.
  'dns.qry.name matches "^(web|nx)\\\\."',
  'dns.qry.name contains "corpus" && frame.len > 60',
  'dns.qry.name contains "nothing-like-this"',
  'dns.qry.name > "m" && udp.srcport == 53',
  'http.content_length > 1000',
  'dns.qry.name == http.host || dns.qry.name contains "web"',
];

describe('frame filter plans give the plain answers', () => {
  // 50: the case's common terms (tcp.port == 8080: hundreds of frames) and rare ones both occur.
  // Tiny fact bounds: fact tests fall back to the compiled term (too many values, too many passing).
  const bounds = [{ driverRows: 50 }, {}, { distinctValues: 2 }, { factArms: 1 }];
  for (const bound of bounds) {
    it(`first page, pages, count, Find and positions (${JSON.stringify(bound)})`, () => {
      const ff = new FrameFilter(engine.index, undefined, { ...bound, timeLimitMs: 60_000 });
      try {
        for (const f of FILTERS) {
          const want = reference(f);
          expect(ff.count(f), f).toBe(want.length);
          expect(ff.after(f, 0, 7).map((r) => r.number), f).toEqual(want.slice(0, 7));
          ff.invalidate();
          const first = ff.page(f, 0, 5);
          expect(first.rows.map((r) => r.number), f).toEqual(want.slice(0, 5));
          expect(first.total, f).toBe(want.length);
          expect(first.stoppedAfterMs).toBeUndefined();
          expect(ff.page(f, 5, 5).rows.map((r) => r.number), f).toEqual(want.slice(5, 10));
          expect(ff.numbers(f), f).toEqual(want);
          if (want.length > 2) {
            expect(ff.find(f, want[0], 'next'), f).toBe(want[1]);
            expect(ff.find(f, want[2], 'previous'), f).toBe(want[1]);
            expect(ff.positionOf(f, want[2]), f).toBe(2);
          }
          expect(ff.find(f, want.at(-1) ?? 0, 'next'), f).toBeNull();
        }
      } finally {
        ff.close();
      }
    });
  }

  it('drives a query from its rarest indexed term, scans in frame order for a common OR, leaves one index to SQLite', () => {
    const ff = new FrameFilter(engine.index, undefined, { driverRows: 50 });
    try {
      expect(reference('tcp.port == 8080').length).toBeGreaterThan(50);
      expect(reference('tcp.dstport == 40003').length).toBeLessThan(50);
      const compound = ff.explain('tcp.srcport == 8080 && tcp.dstport == 40003')!;
      expect(compound.all.from).toMatch(/^\(SELECT f\.number AS frame FROM frames f WHERE .*dst_port = \?\) ORDER BY 1\) AS d CROSS JOIN frames f ON f\.number = d\.frame$/);
      expect(compound.all.fromParams).toEqual([40003]);
      // No such address: its probe finds nothing and it drives.
      expect(ff.explain('ip.src == 10.77.0.1 && tcp.dstport == 8080')!.all.fromParams).toEqual(['10.77.0.1']);
      const common = ff.explain('tcp.port == 8080')!;
      expect(common.first.from).toBe('frames f NOT INDEXED');
      expect(common.all).toMatchObject({ from: 'frames f NOT INDEXED', where: `(${compileFilter('tcp.port == 8080').sql})` });
      const single = ff.explain('tcp.stream == 3')!;
      expect(single.first.from).toBe('frames f');
      expect(single.all.where).toBe(`(${compileFilter('tcp.stream == 3').sql})`);
      // A single either-term is counted from three covering-index ranges; anything more is not.
      const either = ff.explain('ip.addr == 127.0.0.1')!.eitherCounts!;
      expect(either.map((q) => q.params)).toEqual([['127.0.0.1'], ['127.0.0.1'], ['127.0.0.1', '127.0.0.1']]);
      const steps = (q: { sql: string; params: unknown[] }) => (engine.index.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail);
      expect(either.map(steps)).toEqual([
        ['SEARCH f USING COVERING INDEX frames_ip_src_v (ip_src=? AND ip_version=?)'],
        ['SEARCH f USING COVERING INDEX frames_ip_dst_v (ip_dst=? AND ip_version=?)'],
        ['SEARCH f USING COVERING INDEX frames_ip_same (ip_src=? AND ip_version=? AND ip_dst=?)'],
      ]);
      expect(ff.explain('tcp.port == 8080')!.eitherCounts).toHaveLength(3);
      // Two values: src and dst may differ, and no index holds n(both); SQLite counts the term itself.
      expect(ff.explain('tcp.port in {8080 40001}')!.eitherCounts).toBeUndefined();
      expect(ff.explain('ip.addr == 127.0.0.1 && tcp')!.eitherCounts).toBeUndefined();
      expect(ff.explain('ip.addr != 127.0.0.1')!.eitherCounts).toBeUndefined();
      // tcp.flags.syn is no index lookup (at most a walk over src_port IS NOT NULL): never a driver.
      expect(ff.explain('tcp.flags.syn == 1 && tcp.port == 8080')!.all.where.startsWith('f.number IN')).toBe(false);
    } finally {
      ff.close();
    }
  });

  it('reads a fact equality from the covering fact index in frame order: no frames for the term alone, no sort, no list', () => {
    const ff = new FrameFilter(engine.index, undefined, { driverRows: 50 });
    try {
      const plan = (f: string) => {
        const p = ff.explain(f)!;
        const q = p.first;
        const steps = (engine.index.db.prepare(`EXPLAIN QUERY PLAN SELECT ${q.key} FROM ${q.from} WHERE ${q.key} > ? AND ${q.where} ${q.group} ORDER BY ${q.key} LIMIT 1`)
          .all(...q.fromParams, 0, ...q.params) as { detail: string }[]).map((r) => r.detail);
        return { p, steps };
      };
      const one = plan('dns.qry.name == "static.corpus.test"');
      expect(one.p).toMatchObject({ firstReadsAll: false, first: { key: 'd.frame', where: '1' } });
      expect(one.steps).toEqual(['SEARCH frame_fields USING COVERING INDEX frame_fields_value_frame (field=? AND value=? AND frame>?)']);
      const set = plan('dns.qry.name in {"web.corpus.test" "big.corpus.test"} && frame.len > 60');
      expect(set.p.firstReadsAll).toBe(false);
      expect(set.steps).toContain('MERGE (UNION)');
      expect(set.steps).toContain('SEARCH f USING INTEGER PRIMARY KEY (rowid=?)');
      expect(set.steps.filter((d) => d.includes('COVERING INDEX frame_fields_value_frame'))).toHaveLength(2);
      expect(set.steps.some((d) => d.includes('TEMP B-TREE') || d.includes('LIST SUBQUERY'))).toBe(false);
      // A rarer indexed term still drives (its frames are few).
      expect(ff.explain('dns.qry.name == "static.corpus.test" && ip.src == 10.77.0.1')!.first).toMatchObject({ key: 'd.frame', fromParams: ['10.77.0.1'] });
      // A contains or matches: the field's few distinct values are tested once each, the passing
      // ones read like an equality (one value: one range; several: a merge).
      const contains = plan('dns.qry.name contains "static"');
      expect(contains.p).toMatchObject({ firstReadsAll: false, first: { key: 'd.frame', where: '1', fromParams: ['dns.qry.name', 'static.corpus.test'] } });
      const matches = plan('dns.qry.name matches "^(web|nx)\\\\." && frame.len > 60');
      expect(matches.p.firstReadsAll).toBe(false);
      expect(matches.steps).toContain('MERGE (UNION)');
      expect(matches.p.first.fromParams).toEqual(['dns.qry.name', 'nx.corpus.test', 'dns.qry.name', 'web.corpus.test']);
      // Past the bounds (more distinct values, more passing ones), SQLite runs the term.
      for (const bound of [{ distinctValues: 2 }, { factArms: 1 }]) {
        const small = new FrameFilter(engine.index, undefined, bound);
        expect(small.explain('dns.qry.name matches "^(web|nx)\\\\."')!.first.key, JSON.stringify(bound)).toBe('f.number');
        small.close();
      }
      // A test that reads another field of the frame has no answer per value: SQLite runs the term.
      expect(ff.explain('dns.qry.name == http.host')!.first.key).toBe('f.number');
    } finally {
      ff.close();
    }
  });
});

describe('time limit', () => {
  /** A clock that advances 1 ms each time it is read: the limit is then a number of checks. */
  function ticking(): () => number {
    let t = 0;
    return () => ++t;
  }
  // Each frame costs checks (frame bytes read, regexp run): a few frames exhaust a limit of 6.
  const SLOW = 'frame matches "."';

  it('a count stopped at the limit keeps the first matches: the list is their prefix, the count refuses', () => {
    const want = reference(SLOW);
    expect(want.length).toBeGreaterThan(100);
    const ff = new FrameFilter(engine.index, undefined, { timeLimitMs: 6, clock: ticking() });
    try {
      // The first page came, its count was stopped: the page is what the list shows.
      expect(ff.page(SLOW, 0, 2)).toMatchObject({ total: 2, stoppedAfterMs: 6 });
      expect(ff.page(SLOW, 0, 2).rows.map((r) => r.number)).toEqual(want.slice(0, 2));
      // A later page builds the list, which stops too: it keeps the first matches, in order.
      const later = ff.page(SLOW, 1, 1000);
      expect(later.stoppedAfterMs).toBe(6);
      expect(later.total).toBeGreaterThanOrEqual(2);
      expect(later.total).toBeLessThan(want.length);
      expect(later.rows.map((r) => r.number)).toEqual(want.slice(1, later.total));
      expect(ff.page(SLOW, 0, 1000).rows.map((r) => r.number)).toEqual(want.slice(0, later.total));
      expect(() => ff.count(SLOW)).toThrow(FilterStoppedError);
      expect(() => ff.positionOf(SLOW, want.at(-1)!)).toThrow(FilterStoppedError);
      // Exports have no limit: the whole list, which then serves the pages.
      expect(ff.numbers(SLOW)).toEqual(want);
      expect(ff.page(SLOW, 0, 2)).toMatchObject({ total: want.length });
    } finally {
      ff.close();
    }
  });

  it('a first page stopped at the limit is a typed filter-stopped error; the CLI paths have no limit', () => {
    const ff = new FrameFilter(engine.index, undefined, { timeLimitMs: 1, clock: ticking() });
    try {
      let err: unknown;
      try {
        ff.page(SLOW, 0, 500);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FilterStoppedError);
      expect(err).toMatchObject({ code: 'filter-stopped', afterMs: 1 });
      expect((err as Error).message).toMatch(/^The display filter was stopped after 1 ms \(the time limit of a filter query\)/);
      expect(() => ff.find(SLOW, 0, 'next')).toThrow(FilterStoppedError);
      // A filter whose first page reads a whole IN list first (an OR of fact tests): the page is the
      // list's start, and a list stopped before its first match is the same typed error.
      const LISTED = 'dns.qry.name matches "corpus" || http.host matches "corpus"';
      expect(() => ff.page(LISTED, 0, 500)).toThrow(FilterStoppedError);
      expect(ff.explain(LISTED)?.firstReadsAll).toBe(true);
      expect(ff.explain(SLOW)?.firstReadsAll).toBe(false);
      expect(ff.after(SLOW, 0, 500).map((r) => r.number)).toEqual(reference(SLOW).slice(0, 500));
    } finally {
      ff.close();
    }
  });
});
