/**
 * Custody events as they happen: an import when an evidence file is indexed, a verification when its
 * bytes are hashed again (before a case export), the filter and the export itself. The log lives in
 * the case index (CustodyLog); these helpers decide what each entry says.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import os from 'node:os';
import { CustodyLog, type CaseIndex, type CustodyEntry, type EvidenceRow } from '@wirewho/index';

/** Who is acting: WIREWHO_OPERATOR, else the OS account name. */
export function currentOperator(): string {
  const env = process.env.WIREWHO_OPERATOR;
  if (env !== undefined && env.trim() !== '') return env.trim();
  try { return os.userInfo().username; } catch { return 'unknown'; }
}

function importDetails(e: EvidenceRow): Record<string, unknown> {
  return {
    evidence: e.id, path: e.path, size: e.size, sha256: e.sha256, format: e.format, status: e.status, frames: e.frameCount,
    imported_at: e.importedAt, ...(e.error ? { error: e.error } : {}),
  };
}

export function recordImport(index: CaseIndex, e: EvidenceRow, operator = currentOperator()): CustodyEntry {
  return new CustodyLog(index.db).append('import', operator, importDetails(e));
}

/**
 * Evidence imported before the case kept a log (or by a tool that did not write one) gets its import
 * entry now, marked as recorded late, so every file in a case file has one.
 */
export function recordMissingImports(index: CaseIndex, operator = currentOperator()): number {
  const log = new CustodyLog(index.db);
  const logged = new Set(log.entries().filter((e) => e.event === 'import').map((e) => (e.details as { evidence?: number }).evidence));
  let added = 0;
  for (const e of index.listEvidence()) {
    if (logged.has(e.id) || e.status === 'ingesting') continue;
    log.append('import', operator, { ...importDetails(e), recorded_late: true });
    added++;
  }
  return added;
}

export interface EvidenceCheck {
  evidence: number;
  path: string;
  size: number;
  sha256: string | null;
  /** What the file hashes to now (null: it could not be read). */
  actualSha256: string | null;
  actualSize: number | null;
  ok: boolean;
  error?: string;
}

export async function hashFile(filePath: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 4 * 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Hashes every evidence file again and records one verification entry per file. */
export async function verifyEvidence(index: CaseIndex, operator = currentOperator()): Promise<EvidenceCheck[]> {
  const log = new CustodyLog(index.db);
  const out: EvidenceCheck[] = [];
  for (const e of index.listEvidence()) {
    const c: EvidenceCheck = { evidence: e.id, path: e.path, size: e.size, sha256: e.sha256, actualSha256: null, actualSize: null, ok: false };
    try {
      c.actualSize = statSync(e.path).size;
      c.actualSha256 = await hashFile(e.path);
      c.ok = c.actualSha256 === e.sha256 && c.actualSize === e.size;
    } catch (err) {
      c.error = err instanceof Error ? err.message : String(err);
    }
    log.append('verification', operator, {
      evidence: e.id, path: e.path, expected_sha256: e.sha256, sha256: c.actualSha256, size: c.actualSize, result: c.ok ? 'match' : 'MISMATCH',
      ...(c.error ? { error: c.error } : {}),
    });
    out.push(c);
  }
  return out;
}
