/**
 * `case open`: a case file becomes a case folder to browse with the usual commands and `serve`. The
 * archive is verified first (a damaged or altered one is refused) and never modified; its capture
 * and index are extracted to a cache folder named after the manifest's hash, the index is pointed at
 * the extracted capture, and the capture is made read-only like evidence. A folder from an earlier
 * open is reused only while its capture still hashes to the manifest's and its index to what the
 * extraction wrote; anything changed since (notes, a custody entry, tampering) means a fresh copy.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseFileError, extractMembers, MEMBERS, verifyCaseFile, type CaseVerification } from '@wirewho/casefile';
import { CaseIndex, relocateEvidence, sha256Hex } from '@wirewho/index';
import { hashFile } from './custody.js';

export interface OpenedCaseFile {
  caseDir: string;
  capture: string;
  verification: CaseVerification;
  reused: boolean;
}

const MARKER = '.wwcase-manifest-sha256';

export function caseCacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME !== '' ? process.env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'wirewho', 'cases');
}

export interface OpenCaseFileOptions {
  /** Where to extract (default: the cache folder named after the manifest). */
  dir?: string;
  /** A verification of `file` just made by the caller (the app shows it before opening); else verified here. */
  verification?: CaseVerification;
  /** Extract again even when the folder holds this manifest's members already. */
  fresh?: boolean;
}

export async function openCaseFile(file: string, options: OpenCaseFileOptions = {}): Promise<OpenedCaseFile> {
  const verification = options.verification ?? await verifyCaseFile(file);
  if (!verification.ok || verification.manifest === null) {
    throw new CaseFileError(`${file} does not verify, not opened:\n  ${verification.problems.map((p) => p.message).join('\n  ')}`);
  }
  const manifestSha = sha256Hex(JSON.stringify(verification.manifest));
  const caseDir = path.resolve(options.dir ?? path.join(caseCacheRoot(), manifestSha.slice(0, 20)));
  const capture = path.join(caseDir, MEMBERS.capture);
  const captureSha = verification.manifest.members.find((m) => m.name === MEMBERS.capture)?.sha256;
  if (!options.fresh && await unchangedExtraction(caseDir, manifestSha, captureSha)) {
    return { caseDir, capture, verification, reused: true };
  }
  // Extract beside, then move into place, so a half-extracted folder is never taken for a case.
  const staging = `${caseDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const expected = new Map(verification.manifest.members.map((m) => [m.name, m.sha256]));
    await extractMembers(file, [MEMBERS.capture, MEMBERS.index, MEMBERS.manifest, MEMBERS.custody, MEMBERS.annotations, MEMBERS.report], staging, expected);
    const index = CaseIndex.open(staging);
    try {
      const evidence = index.listEvidence();
      if (evidence.length !== 1) throw new CaseFileError(`${file}: its index has ${evidence.length} evidence files, expected 1`);
      relocateEvidence(index.db, evidence[0].id, capture);
    } finally {
      index.close();
    }
    chmodSync(path.join(staging, MEMBERS.capture), 0o444);
    // The relocated index's hash, so a later open can tell it is still what this extraction wrote.
    writeFileSync(path.join(staging, MARKER), `${manifestSha} ${await hashFile(path.join(staging, MEMBERS.index))}`);
    rmSync(caseDir, { recursive: true, force: true });
    mkdirSync(path.dirname(caseDir), { recursive: true });
    renameSync(staging, caseDir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return { caseDir, capture, verification, reused: false };
}

/** An earlier extraction of this manifest whose capture and index are byte for byte as extracted. */
async function unchangedExtraction(caseDir: string, manifestSha: string, captureSha: string | undefined): Promise<boolean> {
  const marker = path.join(caseDir, MARKER);
  if (captureSha === undefined || !existsSync(marker)) return false;
  const [sha, indexSha] = readFileSync(marker, 'utf8').split(' ');
  if (sha !== manifestSha || indexSha === undefined) return false;
  // SQLite side files mean the index was opened for writing since (its main file may lag behind).
  if (existsSync(path.join(caseDir, `${MEMBERS.index}-wal`)) && statSync(path.join(caseDir, `${MEMBERS.index}-wal`)).size > 0) return false;
  try {
    return await hashFile(path.join(caseDir, MEMBERS.index)) === indexSha && await hashFile(path.join(caseDir, MEMBERS.capture)) === captureSha;
  } catch {
    return false;
  }
}
