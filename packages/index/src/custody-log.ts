/**
 * The chain of custody: an append-only list of JSON lines, each naming the SHA-256 of the line before
 * it (the first names 64 zeros), so changing or dropping any entry breaks the chain at that entry.
 * The exact line text is what is hashed and stored (custody_log, migration 4) and what a case file
 * carries; verification works on the lines alone.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export type CustodyEventKind = 'import' | 'verification' | 'filter' | 'export' | 'case-export';

export interface CustodyEntry {
  seq: number;
  /** UTC, ISO 8601 with milliseconds. */
  time: string;
  operator: string;
  event: CustodyEventKind;
  /** SHA-256 (hex) of the previous line; GENESIS for the first. */
  prev: string;
  details: Record<string, unknown>;
}

export const CUSTODY_GENESIS = '0'.repeat(64);

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The line for an entry: fixed key order, so the same entry always hashes the same. */
export function custodyLine(e: CustodyEntry): string {
  return JSON.stringify({ seq: e.seq, time: e.time, operator: e.operator, event: e.event, prev: e.prev, details: e.details });
}

export interface CustodyProblem {
  /** 1-based position of the line in the log. */
  line: number;
  /** seq the entry claims (or should have) when it can be told. */
  seq: number | null;
  message: string;
}

/**
 * Checks a log's lines: each parses, numbers follow 1, 2, 3..., and each names the hash of the one
 * before. A changed line shows up as the next line naming a different hash ("entry N changed"); a
 * dropped line as a gap in the numbers. `head` (the hash of the last line, as a manifest records it)
 * catches a change to the last line, which no later line covers.
 */
export function verifyCustodyLines(lines: readonly string[], head?: { sha256: string; count: number }): CustodyProblem[] {
  const problems: CustodyProblem[] = [];
  let prevHash = CUSTODY_GENESIS;
  let prevSeq = 0;
  lines.forEach((line, i) => {
    let e: Partial<CustodyEntry> | null = null;
    try { e = JSON.parse(line) as Partial<CustodyEntry>; } catch { /* reported below */ }
    if (e === null || typeof e !== 'object' || typeof e.seq !== 'number' || typeof e.prev !== 'string') {
      problems.push({ line: i + 1, seq: null, message: `custody log line ${i + 1} is not a log entry` });
    } else {
      if (e.seq !== prevSeq + 1) {
        problems.push(e.seq > prevSeq + 1
          ? { line: i + 1, seq: prevSeq + 1, message: `custody log entry ${prevSeq + 1}${e.seq > prevSeq + 2 ? `-${e.seq - 1}` : ''} is missing (line ${i + 1} is entry ${e.seq})` }
          : { line: i + 1, seq: e.seq, message: `custody log line ${i + 1} repeats or reorders entry ${e.seq}` });
      } else if (e.prev !== prevHash) {
        problems.push({ line: i, seq: prevSeq, message: `custody log entry ${prevSeq} changed (entry ${e.seq} records a different hash of it)` });
      }
      prevSeq = e.seq;
    }
    prevHash = sha256Hex(line);
  });
  if (head !== undefined) {
    if (lines.length !== head.count) {
      problems.push({ line: lines.length, seq: null, message: `custody log has ${lines.length} entries, the manifest recorded ${head.count}` });
    } else if (lines.length > 0 && prevHash !== head.sha256) {
      problems.push({ line: lines.length, seq: prevSeq, message: `custody log entry ${prevSeq} changed (it no longer hashes to the manifest's log head)` });
    }
  }
  return problems;
}

/** The custody log of one case index (its connection must be writable to append). */
export class CustodyLog {
  constructor(private readonly db: Database.Database) {}

  /** Appends an event now (UTC) and returns the entry; one transaction, so two writers cannot fork the chain. */
  append(event: CustodyEventKind, operator: string, details: Record<string, unknown>, time = new Date()): CustodyEntry {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, sha256 FROM custody_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; sha256: string } | undefined;
      const entry: CustodyEntry = {
        seq: (last?.seq ?? 0) + 1, time: time.toISOString(), operator, event, prev: last?.sha256 ?? CUSTODY_GENESIS, details,
      };
      const line = custodyLine(entry);
      this.db.prepare('INSERT INTO custody_log (seq, line, sha256) VALUES (?, ?, ?)').run(entry.seq, line, sha256Hex(line));
      return entry;
    }).immediate();
  }

  /** Every line in order. */
  lines(): string[] {
    return this.db.prepare('SELECT line FROM custody_log ORDER BY seq').pluck().all() as string[];
  }

  entries(): CustodyEntry[] {
    return this.lines().map((l) => JSON.parse(l) as CustodyEntry);
  }

  /** Hash of the last line and the count (what a manifest pins). */
  head(): { sha256: string; count: number } {
    const last = this.db.prepare('SELECT seq, sha256 FROM custody_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; sha256: string } | undefined;
    return { sha256: last?.sha256 ?? CUSTODY_GENESIS, count: last?.seq ?? 0 };
  }
}
