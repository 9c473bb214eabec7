/**
 * ww_check(): how a host stops a filter query (better-sqlite3 has no sqlite3_interrupt). What the
 * host's check throws ends the statement and reaches the caller; the costly per-row functions poll it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compileFilter, registerFilterFunctions } from './index.js';

class Stop extends Error {}

function db(rows: number, check: () => void): Database.Database {
  const d = new Database(':memory:');
  d.exec('CREATE TABLE frames (number INTEGER PRIMARY KEY, cap_len INTEGER NOT NULL)');
  const ins = d.prepare('INSERT INTO frames VALUES (?, 60)');
  d.transaction(() => { for (let i = 1; i <= rows; i++) ins.run(i); })();
  registerFilterFunctions(d, { frameBytes: () => Uint8Array.of(0x47, 0x45, 0x54), check });
  return d;
}

describe('ww_check', () => {
  it('stops a pure SQL scan polled once per 1024 frames, with the host\'s own error', () => {
    let calls = 0;
    const d = db(10_000, () => { if (++calls === 3) throw new Stop('stopped'); });
    const scan = d.prepare('SELECT count(*) FROM frames f WHERE f.cap_len > 0 AND (f.number & 1023 <> 0 OR ww_check())').pluck();
    expect(() => scan.get()).toThrow(Stop);
    expect(calls).toBe(3);
    // A check that does not throw changes nothing: 9 polls for 10,000 frames.
    calls = -100;
    expect(scan.get()).toBe(10_000);
    expect(calls).toBe(-91);
  });

  it('is polled by every regexp and frame-bytes call, so a costly filter stops within a row', () => {
    let calls = 0;
    let limit = Infinity;
    const d = db(50, () => { if (++calls > limit) throw new Stop('stopped'); });
    const c = compileFilter('frame matches "get"');
    const q = d.prepare(`SELECT count(*) FROM frames f WHERE ${c.sql}`).pluck();
    expect(q.get(...c.params)).toBe(50);
    expect(calls).toBe(100);
    calls = 0;
    limit = 7;
    expect(() => q.get(...c.params)).toThrow(Stop);
    expect(calls).toBe(8);
  });
});
