/**
 * Writes a case archive: members streamed from files (never whole in memory) or small buffers, to a
 * hidden ".partial" file beside the target that is renamed only once the zip is complete and synced.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, fsyncSync, openSync, closeSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yazl from 'yazl';
import { CaseFileError } from './format.js';

export type ArchiveMember = { name: string; file: string } | { name: string; text: string };

export interface WrittenArchive {
  path: string;
  bytes: number;
  sha256: string;
}

/** Fixed member times keep the archive about its content, not the clock (the manifest has created_at). */
const EPOCH = new Date(Date.UTC(2000, 0, 1));

export async function writeArchive(target: string, members: readonly ArchiveMember[], comment: string, options: { force?: boolean } = {}): Promise<WrittenArchive> {
  const out = path.resolve(target);
  if (!options.force && existsSync(out)) throw new CaseFileError(`${out} already exists (use --force to replace it)`);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  const zip = new yazl.ZipFile();
  for (const m of members) {
    if ('file' in m) zip.addFile(m.file, m.name, { mtime: EPOCH, mode: 0o100644 });
    else zip.addBuffer(Buffer.from(m.text, 'utf8'), m.name, { mtime: EPOCH, mode: 0o100644 });
  }
  zip.end({ comment, forceZip64Format: false });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) { hash.update(chunk); bytes += chunk.length; cb(null, chunk); },
  });
  try {
    await pipeline(zip.outputStream, tap, createWriteStream(temp, { flags: 'wx', mode: 0o644 }));
    const fd = openSync(temp, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    if (!options.force && existsSync(out)) throw new CaseFileError(`${out} already exists (use --force to replace it)`);
    renameSync(temp, out);
  } catch (e) {
    try { unlinkSync(temp); } catch { /* not created */ }
    throw e;
  }
  return { path: out, bytes, sha256: hash.digest('hex') };
}
