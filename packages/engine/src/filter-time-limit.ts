/**
 * A time limit on display-filter queries. better-sqlite3 runs a statement to its end on the calling
 * thread and has no sqlite3_interrupt, so the queries poll: the engine's filter SQL calls ww_check()
 * once per 1024 frames and the costly per-row functions (regexp, frame bytes, decoded fields) call the
 * check on every row. Past the deadline the check throws FilterStoppedError, which ends the statement.
 */
import { ApiError } from '@wirewho/contract';

/** The SQL term the engine ANDs to its filter queries, `frame` naming the frame number (cheap: a bit test per row). */
export function timeCheckSql(frame: string): string {
  return `(${frame} & 1023 <> 0 OR ww_check())`;
}

/** timeCheckSql over `frames f`. */
export const TIME_CHECK_SQL = timeCheckSql('f.number');

/** A filter query that ran into its time limit. `afterMs` is the limit. */
export class FilterStoppedError extends ApiError {
  constructor(readonly afterMs: number) {
    super('filter-stopped', `The display filter was stopped after ${formatSeconds(afterMs)} (the time limit of a filter query); narrow it with an indexed field such as ip.addr, tcp.port or tcp.stream.`);
  }
}

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export class QueryDeadline {
  private until = Infinity;
  private limitMs = 0;
  private now: () => number = () => performance.now();

  /** Whether a deadline is running (calls nest: the outermost one counts). */
  get active(): boolean {
    return this.until !== Infinity;
  }

  /** Runs `fn` with at most `ms` milliseconds for its queries (undefined: no limit); `clock` for tests. */
  run<T>(ms: number | undefined, fn: () => T, clock: () => number = () => performance.now()): T {
    if (ms === undefined || this.active) return fn();
    this.limitMs = ms;
    this.now = clock;
    this.until = clock() + ms;
    try {
      return fn();
    } finally {
      this.until = Infinity;
    }
  }

  check(): void {
    if (this.until !== Infinity && this.now() > this.until) throw new FilterStoppedError(this.limitMs);
  }
}
