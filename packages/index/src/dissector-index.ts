/** The dissectors table: which user dissectors (name, file, SHA-256) produced an evidence file's PDUs. */
import type Database from 'better-sqlite3';

export interface DissectorRow {
  evidenceId: number;
  name: string;
  file: string;
  kind: 'declarative' | 'lua';
  sha256: string;
  /** [[filter name, FT_ type, description], ...] */
  fields: [string, string, string][];
}

export function recordDissectors(db: Database.Database, evidenceId: number, list: readonly Omit<DissectorRow, 'evidenceId'>[]): void {
  const ins = db.prepare('INSERT OR REPLACE INTO dissectors (evidence_id, name, file, kind, sha256, fields) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => { for (const d of list) ins.run(evidenceId, d.name, d.file, d.kind, d.sha256, JSON.stringify(d.fields)); })();
}

export function listDissectors(db: Database.Database): DissectorRow[] {
  const rows = db.prepare('SELECT evidence_id AS evidenceId, name, file, kind, sha256, fields FROM dissectors ORDER BY evidence_id, name').all() as (Omit<DissectorRow, 'fields'> & { fields: string })[];
  return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as [string, string, string][] }));
}
