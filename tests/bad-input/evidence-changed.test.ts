/**
 * The index refuses to read frames from an evidence file that is no longer the one it imported. A
 * copy of a corpus capture is imported, then touched, altered in place (mtime restored, size kept),
 * truncated: the engine and the CLI answer with an error naming the file and never show its bytes;
 * a file that was only touched is re-hashed once and accepted.
 */
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, ingestEvidenceFile } from '@wirewho/engine';
import { corpusRoot } from '../helpers/corpus.js';
import { wirewho } from '../helpers/cli.js';

const SOURCE = path.join(corpusRoot, 'captures/lo_mix_snap128.pcap');

describe('evidence changed since import', () => {
  let dir: string;
  let evidence: string;
  let caseDir: string;

  const withEngine = async <T>(fn: (e: Engine) => T | Promise<T>): Promise<T> => {
    const engine = new Engine({ caseDir });
    try {
      return await fn(engine);
    } finally {
      await engine.close();
    }
  };

  /** Overwrites `bytes` at `offset` and puts the modification time back, as someone covering tracks would. */
  const tamper = (offset: number, bytes: Buffer) => {
    const before = statSync(evidence);
    const fd = openSync(evidence, 'r+');
    writeSync(fd, bytes, 0, bytes.length, offset);
    closeSync(fd);
    utimesSync(evidence, before.atime, before.mtime);
    expect(statSync(evidence).mtimeMs).toBe(before.mtimeMs);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-changed-'));
    evidence = path.join(dir, 'copy.pcap');
    copyFileSync(SOURCE, evidence);
    caseDir = path.join(dir, 'case');
    await withEngine(async (engine) => {
      const r = await ingestEvidenceFile(engine.index, evidence, { writer: 'inline' });
      await r.factIndex;
      expect(r.evidence.status).toBe('complete');
      expect(r.evidence.fileStamp).toMatch(/^\d+:\d+:\d+:\d+$/);
    });
  });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('reads an untouched file on the cheap path (no re-hash)', async () => {
    await withEngine(async (engine) => {
      expect((await engine.service.frameDetail({ number: 5 })).number).toBe(5);
      expect((await engine.service.framesPage({ offset: 0, limit: 100 })).rows).toHaveLength(100);
      expect(engine.access.integrity.rehashes).toBe(0);
    });
  });

  it('re-hashes a touched file once, accepts it and remembers its new stamp', async () => {
    utimesSync(evidence, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    await withEngine(async (engine) => {
      expect((await engine.service.frameDetail({ number: 5 })).number).toBe(5);
      await engine.service.frameDetail({ number: 6 });
      expect(engine.access.integrity.rehashes).toBe(1);
    });
    await withEngine(async (engine) => {
      await engine.service.frameDetail({ number: 5 });
      expect(engine.access.integrity.rehashes).toBe(0);
    });
  });

  it('refuses a file altered in place with its mtime put back: every frame, every view, and the CLI', async () => {
    const row = await withEngine((engine) => engine.index.frame(20)!);
    const original = await withEngine(async (engine) => Buffer.from((await engine.service.frameDetail({ number: 20 })).bytesBase64, 'base64'));
    tamper(row.fileOffset + row.capLen - 1, Buffer.from([original[original.length - 1] ^ 0xff]));
    await withEngine(async (engine) => {
      for (const call of [
        () => engine.service.frameDetail({ number: 20 }),
        () => engine.service.frameDetail({ number: 1 }),
        () => engine.service.framesPage({ offset: 0, limit: 50 }),
        () => engine.service.followStream({ proto: 'tcp', stream: 0, direction: 'both', offset: 0, limit: 4096 }),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'evidence-changed', message: expect.stringContaining(evidence) as unknown });
      }
    });
    const cli = wirewho(['frames', '--case', caseDir, '--limit', '3']);
    expect(cli.status).not.toBe(0);
    expect(cli.stdout).toBe('');
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toContain(`evidence file ${evidence} has changed since it was imported (SHA-256 `);
    // Put the byte back: the same file again, accepted after one re-hash.
    tamper(row.fileOffset + row.capLen - 1, original.subarray(original.length - 1));
    await withEngine(async (engine) => {
      expect(Buffer.from((await engine.service.frameDetail({ number: 20 })).bytesBase64, 'base64')).toEqual(original);
    });
  });

  it('notices a change made while the case is open', async () => {
    await withEngine(async (engine) => {
      const before = Buffer.from((await engine.service.frameDetail({ number: 3 })).bytesBase64, 'base64');
      const row = engine.index.frame(3)!;
      tamper(row.fileOffset, Buffer.from([before[0] ^ 0xff]));
      await expect(engine.service.frameDetail({ number: 3 })).rejects.toMatchObject({ code: 'evidence-changed' });
      tamper(row.fileOffset, before.subarray(0, 1));
    });
  });

  it('refuses a truncated file at once, naming both sizes', async () => {
    const size = statSync(evidence).size;
    truncateSync(evidence, size - 100);
    await withEngine(async (engine) => {
      await expect(engine.service.frameDetail({ number: 1 })).rejects.toMatchObject({
        code: 'evidence-changed', message: expect.stringContaining(`(${size - 100} bytes now, ${size} bytes at import)`) as unknown,
      });
      expect(engine.access.integrity.rehashes).toBe(0);
    });
  });
});

describe('saving stream bytes never overwrites evidence or the index', () => {
  it('refuses the evidence file (also through a symlink) and the case folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-save-'));
    try {
      const evidence = path.join(dir, 'copy.pcap');
      copyFileSync(SOURCE, evidence);
      const engine = new Engine({ caseDir: path.join(dir, 'case') });
      try {
        await (await ingestEvidenceFile(engine.index, evidence, { writer: 'inline' })).factIndex;
        symlinkSync(evidence, path.join(dir, 'link.pcap'));
        const args = { proto: 'tcp', stream: 0, direction: 'client' } as const;
        for (const target of [evidence, path.join(dir, 'link.pcap'), path.join(dir, 'case', 'index.sqlite'), path.join(dir, 'case', 'x.bin')]) {
          expect(() => engine.saveStreamBytes(args, target), target).toThrow(expect.objectContaining({ code: 'forbidden' }));
        }
        expect(statSync(evidence).size).toBe(statSync(SOURCE).size);
        expect(engine.saveStreamBytes(args, path.join(dir, 'out.bin')).bytes).toBeGreaterThan(0);
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
