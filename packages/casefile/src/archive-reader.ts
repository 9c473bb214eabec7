/**
 * Reads a case archive member by member, streaming: each member's SHA-256 and size, the text of the
 * small ones the verifier parses, or the members extracted to a folder. A damaged member (bad
 * deflate data, wrong size) is reported against its name instead of failing the whole read.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { CaseFileError } from './format.js';

export interface ScannedMember {
  name: string;
  size: number;
  sha256: string | null;
  /** Why the member could not be read back, when it could not. */
  error?: string;
}

export interface ScannedArchive {
  comment: string;
  members: ScannedMember[];
  /** UTF-8 text of the members asked for in `keepText`. */
  texts: Map<string, string>;
}

/** Text members kept in memory are bounded (a custody log of a million entries is ~300 MB; refuse past this). */
const MAX_TEXT = 256 * 1024 * 1024;

async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (e) {
    throw new CaseFileError(`${file} is not a readable case file: ${(e as Error).message}`);
  }
}

export async function scanArchive(file: string, keepText: ReadonlySet<string> = new Set()): Promise<ScannedArchive> {
  const zip = await openZip(file);
  const out: ScannedArchive = { comment: zip.comment, members: [], texts: new Map() };
  try {
    for await (const entry of zip.eachEntry()) {
      const m: ScannedMember = { name: entry.fileName, size: 0, sha256: null };
      const hash = createHash('sha256');
      const keep = keepText.has(entry.fileName) && entry.uncompressedSize <= MAX_TEXT ? [] as Buffer[] : null;
      try {
        const stream = await zip.openReadStreamPromise(entry);
        for await (const chunk of stream) {
          const b = chunk as Buffer;
          hash.update(b);
          m.size += b.length;
          keep?.push(b);
        }
        m.sha256 = hash.digest('hex');
        if (keep) out.texts.set(entry.fileName, Buffer.concat(keep).toString('utf8'));
      } catch (e) {
        m.error = (e as Error).message;
      }
      out.members.push(m);
    }
  } finally {
    zip.close();
  }
  return out;
}

/**
 * Extracts the named members into `dir` (which must exist); returns their paths by name. With
 * `expected` (name -> SHA-256, from a verified manifest) each member is hashed as it is written and a
 * difference is refused: the archive may have changed since it was verified.
 */
export async function extractMembers(
  file: string, names: readonly string[], dir: string, expected?: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const zip = await openZip(file);
  const wanted = new Set(names);
  const done = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (!wanted.has(entry.fileName)) continue;
      const target = path.join(dir, path.basename(entry.fileName));
      const hash = createHash('sha256');
      const hashing = new Transform({ transform(chunk: Buffer, _enc, next) { hash.update(chunk); next(null, chunk); } });
      await pipeline(await zip.openReadStreamPromise(entry), hashing, createWriteStream(target, { mode: 0o644 }));
      const want = expected?.get(entry.fileName);
      if (want !== undefined && hash.digest('hex') !== want) {
        throw new CaseFileError(`${file}: ${entry.fileName} no longer matches its verified SHA-256 (the file changed while it was opened)`);
      }
      done.set(entry.fileName, target);
    }
  } finally {
    zip.close();
  }
  for (const n of names) if (!done.has(n)) throw new CaseFileError(`${file} has no ${n}`);
  return done;
}
