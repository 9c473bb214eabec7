/**
 * Reassembles application messages carried in numbered fragments (several UDP datagrams, or several
 * PDUs of any transport), like Wireshark's fragment_add_seq_check: fragments may arrive out of order
 * and more than once. The first copy of a fragment number wins; a later copy is an overlap, and an
 * overlap with different bytes a conflict. The end is known from a last-fragment flag or a fragment
 * count; a second, different tail is "multiple tails" (the first stands), and a fragment numbered past
 * the tail is "too long" (its bytes are not used). Memory is bounded: messages in progress, their size
 * and the fragment numbers are capped, and whatever is given up is reported, never dropped silently.
 */
import type { AppFragment, AppMessage, FragmentEntry, FragmentReassemblyOptions, FragmentVerdict } from './types.js';

interface Pending {
  key: string;
  entries: FragmentEntry[];
  data: Map<number, Uint8Array>;
  /** Fragment number of the tail (-1 until known). */
  lastSeq: number;
  bytes: number;
  overlap: boolean;
  conflict: boolean;
  multipleTails: boolean;
  tooLong: boolean;
  errors: string[];
}

interface Completed {
  message: AppMessage;
  /** Start of each fragment number's bytes in message.payload (and its length). */
  spans: Map<number, [number, number]>;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

export class FragmentReassembler {
  private readonly pending = new Map<string, Pending>();
  private readonly completed = new Map<string, Completed>();
  private readonly maxBytes: number;
  private readonly maxPending: number;
  private readonly maxFragments: number;
  private readonly remember: number;

  constructor(
    /** Messages given up (never completed): at flush(), when too large, or evicted. */
    private readonly onIncomplete: (m: AppMessage) => void,
    options: FragmentReassemblyOptions = {},
  ) {
    this.maxBytes = options.maxMessageBytes ?? 1024 * 1024;
    this.maxPending = options.maxPending ?? 4096;
    this.maxFragments = options.maxFragments ?? 4095;
    this.remember = options.rememberCompleted ?? 1024;
  }

  /** Messages in progress. */
  get size(): number {
    return this.pending.size;
  }

  add(key: string, f: AppFragment): FragmentVerdict {
    const done = this.completed.get(key);
    if (done !== undefined) {
      const span = done.spans.get(f.seq);
      if (span !== undefined) {
        const kept = done.message.payload.subarray(span[0], span[0] + span[1]);
        return { completed: null, duplicate: true, conflict: !same(kept, f.data), reassembledIn: done.message.reassembledIn };
      }
      // A fragment number the completed message did not have: the id was reused for a new message.
      this.completed.delete(key);
    }
    let p = this.pending.get(key);
    if (p === undefined) {
      if (this.pending.size >= this.maxPending) {
        const oldest = this.pending.values().next().value as Pending;
        this.giveUp(oldest, 'evicted');
      }
      p = { key, entries: [], data: new Map(), lastSeq: -1, bytes: 0, overlap: false, conflict: false, multipleTails: false, tooLong: false, errors: [] };
      this.pending.set(key, p);
    }
    const entry: FragmentEntry = { seq: f.seq, frame: f.frame, length: f.data.length, duplicate: false, conflict: false, tooLong: false };
    const verdict: FragmentVerdict = { completed: null, duplicate: false, conflict: false, reassembledIn: -1 };

    // The tail: a last flag, or a count (fragments 0..count-1).
    const tail = f.last ? f.seq : f.count !== undefined && f.count > 0 ? f.count - 1 : -1;
    if (tail >= 0) {
      if (p.lastSeq < 0) {
        p.lastSeq = tail;
        // Fragments already held past the new tail are too long.
        for (const e of p.entries) {
          if (e.seq > tail && !e.tooLong) {
            e.tooLong = true;
            p.tooLong = true;
            const d = p.data.get(e.seq);
            if (d) { p.bytes -= d.length; p.data.delete(e.seq); }
          }
        }
      } else if (p.lastSeq !== tail) {
        p.multipleTails = true;
        p.errors.push(`multiple tails (fragment ${tail} in frame ${f.frame}; the tail stays ${p.lastSeq})`);
      }
    }

    if (f.seq < 0 || f.seq > this.maxFragments) {
      entry.tooLong = true;
      p.tooLong = true;
      p.errors.push(`fragment number ${f.seq} out of range (frame ${f.frame})`);
    } else if (p.lastSeq >= 0 && f.seq > p.lastSeq) {
      entry.tooLong = true;
      p.tooLong = true;
      p.errors.push(`fragment ${f.seq} past the last fragment ${p.lastSeq} (frame ${f.frame})`);
    } else {
      const held = p.data.get(f.seq);
      if (held !== undefined) {
        entry.duplicate = verdict.duplicate = true;
        p.overlap = true;
        if (!same(held, f.data)) {
          entry.conflict = verdict.conflict = true;
          p.conflict = true;
          p.errors.push(`fragment ${f.seq} in frame ${f.frame} differs from the copy kept`);
        }
      } else {
        p.data.set(f.seq, f.data.slice());
        p.bytes += f.data.length;
      }
    }
    // Entries in fragment-number order, arrival order among equal numbers.
    let i = p.entries.length;
    while (i > 0 && p.entries[i - 1].seq > entry.seq) i--;
    p.entries.splice(i, 0, entry);

    if (p.bytes > this.maxBytes) {
      this.giveUp(p, 'too-large');
      return verdict;
    }
    if (p.lastSeq >= 0 && p.data.size === p.lastSeq + 1) {
      const m = this.message(p, true, f.frame);
      this.pending.delete(key);
      const spans = new Map<number, [number, number]>();
      let o = 0;
      for (let s = 0; s <= p.lastSeq; s++) {
        const n = p.data.get(s)!.length;
        spans.set(s, [o, n]);
        o += n;
      }
      this.completed.set(key, { message: m, spans });
      if (this.completed.size > this.remember) this.completed.delete(this.completed.keys().next().value as string);
      verdict.completed = m;
      verdict.reassembledIn = f.frame;
    }
    return verdict;
  }

  /** Reports every message still in progress as incomplete (end of the capture). */
  flush(reason: AppMessage['reason'] = 'end'): void {
    for (const p of [...this.pending.values()]) this.giveUp(p, reason);
  }

  private giveUp(p: Pending, reason: NonNullable<AppMessage['reason']>): void {
    this.pending.delete(p.key);
    const m = this.message(p, false, -1);
    m.reason = reason;
    this.onIncomplete(m);
  }

  private message(p: Pending, complete: boolean, frame: number): AppMessage {
    const seqs = [...p.data.keys()].sort((a, b) => a - b);
    const payload = new Uint8Array(p.bytes);
    let o = 0;
    for (const s of seqs) {
      const d = p.data.get(s)!;
      payload.set(d, o);
      o += d.length;
    }
    const frames: number[] = [];
    for (const e of p.entries) if (!frames.includes(e.frame)) frames.push(e.frame);
    const errors = [...p.errors];
    if (!complete) {
      const missing: number[] = [];
      const top = p.lastSeq >= 0 ? p.lastSeq : seqs.length ? seqs[seqs.length - 1] : -1;
      for (let s = 0; s <= top && missing.length < 16; s++) if (!p.data.has(s)) missing.push(s);
      if (missing.length) errors.push(`missing fragment${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      if (p.lastSeq < 0) errors.push('last fragment not seen');
    }
    return {
      key: p.key, complete, payload, fragments: p.entries, frames, count: p.data.size, expected: p.lastSeq >= 0 ? p.lastSeq + 1 : -1,
      reassembledIn: complete ? frame : -1, length: payload.length, overlap: p.overlap, overlapConflict: p.conflict,
      multipleTails: p.multipleTails, tooLongFragment: p.tooLong, error: errors.length ? errors.join('; ') : null,
    };
  }
}
