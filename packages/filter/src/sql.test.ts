/**
 * End-to-end: compile filters and run the SQL on an in-memory SQLite database (frames + frame_fields),
 * checking the matching frame numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { matching } from '../testing/db.js';
import { FIXTURE_CASES, fixtureDb } from '../testing/fixture.js';
import { compileFilter } from './index.js';

let db: Database.Database;

beforeAll(() => {
  db = fixtureDb();
});

const cases = FIXTURE_CASES;

describe('filters run on SQLite', () => {
  it.each(cases)('%s', (filter, expected) => {
    expect(matching(db, filter)).toEqual(expected);
  });

  it('same answers with every filter wrapped in not(): complement', () => {
    const all = matching(db, 'frame');
    for (const [filter, expected] of cases) {
      const negated = matching(db, `!(${filter})`);
      expect(negated, filter).toEqual(all.filter((n) => !expected.includes(n)));
    }
  });

  it('long or-chains stay under the SQLite expression depth limit', () => {
    const f = Array.from({ length: 3000 }, (_, i) => `frame.number == ${i + 1}`).join(' || ');
    expect(matching(db, f)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const g = Array.from({ length: 3000 }, () => 'frame').join(' && ');
    expect(matching(db, g)).toHaveLength(12);
  });

  it('a 4,000-value set', () => {
    const f = `frame.len in {${Array.from({ length: 4000 }, (_, i) => i).join(', ')}}`;
    expect(matching(db, f)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('the deepest accepted nesting runs', () => {
    const f = '('.repeat(100) + '!'.repeat(40) + 'dns.qry.name contains "evil"' + ')'.repeat(100);
    expect(matching(db, f)).toEqual([4]);
  });

  it('never puts a value into the SQL text', () => {
    const evil = `x' OR 1=1; DROP TABLE frames; --`;
    const c = compileFilter(`http.host == "${evil}" || dns.qry.name contains "${evil}" || tcp.port == 443`);
    expect(c.sql).not.toContain('DROP');
    expect(c.sql).not.toContain('443');
    expect(c.params).toContain(evil);
    expect(matching(db, `http.host == "${evil}"`)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM frames').get()).toEqual({ n: 12 });
  });
});
