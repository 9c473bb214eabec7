/**
 * The analyst's notes, tags and bookmarks on frames, streams and processes (annotations, migration 4).
 * Frame comments among them are written into exports as opt_comment.
 */
import type Database from 'better-sqlite3';

export type AnnotationKind = 'note' | 'tag' | 'bookmark';

export type AnnotationTarget =
  | { target: 'frame'; frame: number }
  | { target: 'stream'; evidenceId: number; proto: 'tcp' | 'udp'; stream: number }
  | { target: 'process'; processId: number };

export interface AnnotationRow {
  id: number;
  kind: AnnotationKind;
  target: 'frame' | 'stream' | 'process';
  frame: number | null;
  evidenceId: number | null;
  proto: string | null;
  stream: number | null;
  processId: number | null;
  text: string;
  author: string;
  createdAt: string;
}

const COLUMNS = `id, kind, target, frame, evidence_id AS evidenceId, proto, stream, process_id AS processId, text, author,
  created_at AS createdAt`;

export class Annotations {
  constructor(private readonly db: Database.Database) {}

  add(kind: AnnotationKind, on: AnnotationTarget, text: string, author: string, time = new Date()): AnnotationRow {
    const id = Number(this.db.prepare(`INSERT INTO annotations (kind, target, frame, evidence_id, proto, stream, process_id, text, author, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      kind, on.target, on.target === 'frame' ? on.frame : null, on.target === 'stream' ? on.evidenceId : null,
      on.target === 'stream' ? on.proto : null, on.target === 'stream' ? on.stream : null, on.target === 'process' ? on.processId : null,
      text, author, time.toISOString(),
    ).lastInsertRowid);
    return this.get(id)!;
  }

  get(id: number): AnnotationRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE id = ?`).get(id) as AnnotationRow | undefined;
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM annotations WHERE id = ?').run(id).changes > 0;
  }

  all(): AnnotationRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM annotations ORDER BY id`).all() as AnnotationRow[];
  }

  /** Annotations of one frame, oldest first. */
  ofFrame(frame: number): AnnotationRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE frame = ? ORDER BY id`).all(frame) as AnnotationRow[];
  }

  /** Frame numbers that carry a note (these become opt_comment in exports). */
  frameNotes(): Map<number, string[]> {
    const out = new Map<number, string[]>();
    const rows = this.db.prepare(`SELECT frame, text FROM annotations WHERE target = 'frame' AND kind = 'note' ORDER BY id`).all() as { frame: number; text: string }[];
    for (const r of rows) {
      const list = out.get(r.frame);
      if (list) list.push(r.text); else out.set(r.frame, [r.text]);
    }
    return out;
  }
}
