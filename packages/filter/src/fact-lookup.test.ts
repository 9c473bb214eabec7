/**
 * Fact lookups: top-level terms "a fact equals one of these values" carry one index query per value,
 * whose union (without repeats) must be exactly the frames the term selects.
 */
import { describe, expect, it } from 'vitest';
import { createTestDb, insertFields, insertFrames } from '../testing/db.js';
import { compileFilter } from './index.js';

const facts = (f: string) => compileFilter(f).conjuncts.map((t) => t.facts?.arms.map((a) => a.params) ?? null);

describe('fact lookups', () => {
  it('come with equality and plain sets on frame_fields facts, one arm per value', () => {
    expect(facts('dns.qry.name == "a.test"')).toEqual([[['dns.qry.name', 'a.test']]]);
    expect(facts('dns.qry.name in {"a.test" "b.test"}')).toEqual([[['dns.qry.name', 'a.test'], ['dns.qry.name', 'b.test']]]);
    expect(facts('dns.id == 7 && udp.srcport == 53')).toEqual([[['dns.id', 7]], null]);
    expect(compileFilter('http.host == "x"').conjuncts[0].facts?.arms[0].sql)
      .toBe('SELECT frame AS frame FROM frame_fields WHERE field = ? AND value = ?');
  });

  it('come as a test of each distinct value for any other test of one fact', () => {
    for (const f of ['dns.qry.name contains "a"', 'dns.qry.name matches "a"', 'dns.id in {1..5}', 'lower(dns.qry.name) == "a"', 'dns.id > 3']) {
      const [term] = compileFilter(f).conjuncts;
      expect(term.facts?.arms, f).toEqual([]);
      expect(term.facts?.valueTest, f).toMatchObject({ field: f.startsWith('dns.id') ? 'dns.id' : 'dns.qry.name', arm: 'SELECT frame AS frame FROM frame_fields WHERE field = ? AND value = ?' });
    }
  });

  it('do not come with anything else', () => {
    for (const f of ['dns.qry.name != "a"', 'not dns.qry.name == "a"', 'dns.qry.name == "a" || udp.port == 53', 'dns.qry.name',
      'dns.qry.name not in {"a" "b"}', 'dns.qry.name === "a"', 'udp.port == 53', 'dns.qry.name == http.host',
      'dns.qry.name in {"a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q"}']) {
      expect(compileFilter(f).conjuncts.map((t) => t.facts ?? null), f).toEqual(compileFilter(f).conjuncts.map(() => null));
    }
  });

  it('a value test lists each distinct value once, and the passing values select the same frames as the term', () => {
    const db = createTestDb();
    insertFrames(db, Array.from({ length: 9 }, (_, i) => ({ number: i + 1 })));
    insertFields(db, [[1, 'dns.qry.name', 'a.test'], [2, 'dns.qry.name', 'b.test'], [3, 'dns.qry.name', 'a.test'], [3, 'dns.qry.name', 'ab.test'],
      [4, 'dns.qry.name', 'A.TEST'], [5, 'http.host', 'a.test'], [6, 'dns.qry.name', 'c.test'], [6, 'dns.qry.name', 'b.test'], [7, 'dns.id', 7],
      [8, 'dns.id', 2], [9, 'http.content_length', 9007199254740993n], [8, 'http.content_length', 9007199254740992n], [9, 'dns.qry.name', null]]);
    for (const f of ['dns.qry.name contains "a"', 'dns.qry.name matches "^a"', 'dns.qry.name > "b"', 'dns.id in {1..8}', 'http.content_length > 9007199254740992',
      'upper(dns.qry.name) == "B.TEST"']) {
      const c = compileFilter(f);
      const term = db.prepare(`SELECT f.number FROM frames f WHERE ${c.sql} ORDER BY 1`).pluck().all(...c.params);
      const test = c.conjuncts[0].facts!.valueTest!;
      const rows = db.prepare(test.sql).safeIntegers(true).all(...test.params, 100) as { v: unknown; ok: bigint }[];
      expect(new Set(rows.map((r) => String(r.v))).size, f).toBe(rows.length);
      const passing = rows.filter((r) => r.ok === 1n).map((r) => r.v);
      const union = passing.length === 0 ? [] : db.prepare(`SELECT DISTINCT frame FROM (${passing.map(() => test.arm).join(' UNION ')}) ORDER BY 1`)
        .pluck().all(...passing.flatMap((v) => [test.field, v]));
      expect(union, f).toEqual(term);
      expect(term.length, f).toBeGreaterThan(0);
    }
  });

  it('select the same frames as their term', () => {
    const db = createTestDb();
    insertFrames(db, Array.from({ length: 8 }, (_, i) => ({ number: i + 1 })));
    insertFields(db, [[1, 'dns.qry.name', 'a.test'], [2, 'dns.qry.name', 'b.test'], [3, 'dns.qry.name', 'a.test'], [3, 'dns.qry.name', 'a.test'],
      [4, 'dns.qry.name', 'A.TEST'], [5, 'http.host', 'a.test'], [6, 'dns.qry.name', 'c.test'], [6, 'dns.qry.name', 'b.test'], [7, 'dns.id', 7], [8, 'dns.id', '7']]);
    for (const f of ['dns.qry.name == "a.test"', 'dns.qry.name in {"a.test" "b.test"}', 'dns.qry.name in {"b.test" "a.test" "b.test"}', 'dns.id == 7']) {
      const c = compileFilter(f);
      const term = db.prepare(`SELECT f.number FROM frames f WHERE ${c.sql} ORDER BY 1`).pluck().all(...c.params);
      const arms = c.conjuncts[0].facts!.arms;
      const union = db.prepare(`SELECT DISTINCT frame FROM (${arms.map((a) => a.sql).join(' UNION ')}) ORDER BY 1`).pluck().all(...arms.flatMap((a) => a.params));
      expect(union, f).toEqual(term);
      expect(term.length, f).toBeGreaterThan(0);
    }
  });
});
