/**
 * `case verify`: recomputes the SHA-256 of every member and compares it with the manifest, checks the
 * manifest against the hash in the archive comment, and walks the custody log's hash chain. Every
 * difference is named (member, or custody log entry). A newer format version is refused, not guessed at.
 */
import { sha256Hex, verifyCustodyLines } from '@wirewho/index';
import { scanArchive, type ScannedMember } from './archive-reader.js';
import { CaseFileError, checkManifest, COMMENT_PREFIX, MEMBERS, NewerCaseFormatError, type Manifest } from './format.js';

export interface CaseProblem {
  /** Member the problem is in (manifest.json, capture.pcapng, custody.jsonl, ...). */
  member: string;
  message: string;
}

export interface CaseVerification {
  ok: boolean;
  manifest: Manifest | null;
  problems: CaseProblem[];
  members: ScannedMember[];
  /** The custody log's lines as read (and checked) here; null when it could not be read. */
  custody: string[] | null;
}

export function custodyLinesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function verifyCaseFile(file: string): Promise<CaseVerification> {
  const scan = await scanArchive(file, new Set([MEMBERS.manifest, MEMBERS.custody]));
  const problems: CaseProblem[] = [];
  const byName = new Map(scan.members.map((m) => [m.name, m]));
  const manifestText = scan.texts.get(MEMBERS.manifest);
  let manifest: Manifest | null = null;
  if (manifestText === undefined) {
    problems.push({ member: MEMBERS.manifest, message: `${MEMBERS.manifest} is missing or unreadable${byName.get(MEMBERS.manifest)?.error ? `: ${byName.get(MEMBERS.manifest)!.error}` : ''}` });
  } else {
    const recorded = scan.comment.startsWith(COMMENT_PREFIX) ? scan.comment.slice(COMMENT_PREFIX.length).trim() : null;
    const actual = sha256Hex(manifestText);
    if (recorded === null) problems.push({ member: MEMBERS.manifest, message: 'the archive comment holding the manifest hash is missing' });
    else if (recorded !== actual) problems.push({ member: MEMBERS.manifest, message: `${MEMBERS.manifest} changed: SHA-256 ${actual}, the archive comment records ${recorded}` });
    try {
      manifest = checkManifest(JSON.parse(manifestText));
    } catch (e) {
      if (e instanceof NewerCaseFormatError) throw e;
      problems.push({ member: MEMBERS.manifest, message: e instanceof CaseFileError ? e.message : `${MEMBERS.manifest} is not valid JSON` });
    }
  }
  if (manifest !== null) {
    const listed = new Set<string>([MEMBERS.manifest]);
    for (const want of manifest.members) {
      listed.add(want.name);
      const got = byName.get(want.name);
      if (got === undefined) problems.push({ member: want.name, message: `${want.name} is missing from the archive` });
      else if (got.error !== undefined) problems.push({ member: want.name, message: `${want.name} is damaged: ${got.error}` });
      else if (got.sha256 !== want.sha256 || got.size !== want.size) {
        problems.push({ member: want.name, message: `${want.name} changed: SHA-256 ${got.sha256} (${got.size} bytes), the manifest records ${want.sha256} (${want.size} bytes)` });
      }
    }
    for (const m of scan.members) if (!listed.has(m.name)) problems.push({ member: m.name, message: `${m.name} is not listed in the manifest` });
    const custody = scan.texts.get(MEMBERS.custody);
    if (custody !== undefined) {
      for (const p of verifyCustodyLines(custodyLinesOf(custody), manifest.custody_head)) problems.push({ member: MEMBERS.custody, message: p.message });
    }
  }
  const custodyText = scan.texts.get(MEMBERS.custody);
  return { ok: problems.length === 0, manifest, problems, members: scan.members, custody: custodyText === undefined ? null : custodyLinesOf(custodyText) };
}
