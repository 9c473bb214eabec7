import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseIndex } from './case-index.js';
import { CUSTODY_GENESIS, CustodyLog, sha256Hex, verifyCustodyLines } from './custody-log.js';
import { Annotations } from './annotations.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
function openCase(): CaseIndex {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wirewho-custody-'));
  dirs.push(d);
  return CaseIndex.open(d);
}

function logOf(n: number): { log: CustodyLog; idx: CaseIndex } {
  const idx = openCase();
  const log = new CustodyLog(idx.db);
  for (let i = 0; i < n; i++) log.append(i === 0 ? 'import' : 'export', 'alice', { n: i }, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
  return { log, idx };
}

describe('CustodyLog', () => {
  it('chains each entry to the hash of the line before, in UTC', () => {
    const { log, idx } = logOf(3);
    const [a, b, c] = log.entries();
    const lines = log.lines();
    expect(a.prev).toBe(CUSTODY_GENESIS);
    expect(b.prev).toBe(sha256Hex(lines[0]));
    expect(c.prev).toBe(sha256Hex(lines[1]));
    expect(a.time).toBe('2026-01-01T00:00:00.000Z');
    expect(log.head()).toEqual({ sha256: sha256Hex(lines[2]), count: 3 });
    expect(verifyCustodyLines(lines, log.head())).toEqual([]);
    idx.close();
  });

  it('is append-only in the index', () => {
    const { idx } = logOf(2);
    expect(() => idx.db.prepare("UPDATE custody_log SET line = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => idx.db.prepare('DELETE FROM custody_log').run()).toThrow(/append-only/);
    idx.close();
  });

  it('names a changed entry, a dropped entry, and a changed last entry', () => {
    const { log, idx } = logOf(4);
    const lines = log.lines();
    const head = log.head();
    const changed = [...lines];
    changed[1] = changed[1].replace('"alice"', '"mallory"');
    expect(verifyCustodyLines(changed, head).map((p) => p.message)).toEqual(['custody log entry 2 changed (entry 3 records a different hash of it)']);
    const dropped = lines.filter((_, i) => i !== 2);
    const msgs = verifyCustodyLines(dropped, head).map((p) => p.message);
    expect(msgs[0]).toBe('custody log entry 3 is missing (line 3 is entry 4)');
    const last = [...lines];
    last[3] = last[3].replace('"n":3', '"n":30');
    expect(verifyCustodyLines(last, head).map((p) => p.message)).toEqual(['custody log entry 4 changed (it no longer hashes to the manifest\'s log head)']);
    expect(verifyCustodyLines(lines.slice(0, 3), head)[0].message).toMatch(/3 entries, the manifest recorded 4/);
    expect(verifyCustodyLines(['not json'])[0].message).toMatch(/line 1 is not a log entry/);
    idx.close();
  });
});

describe('Annotations', () => {
  it('keeps notes, tags and bookmarks on frames, streams and processes', () => {
    const idx = openCase();
    const a = new Annotations(idx.db);
    a.add('note', { target: 'frame', frame: 3 }, 'beacon?', 'alice');
    a.add('bookmark', { target: 'frame', frame: 3 }, '', 'alice');
    a.add('note', { target: 'frame', frame: 3 }, 'second', 'bob');
    const tag = a.add('tag', { target: 'stream', evidenceId: 1, proto: 'tcp', stream: 0 }, 'c2', 'alice');
    a.add('tag', { target: 'process', processId: 9 }, 'suspect', 'alice');
    expect(tag).toMatchObject({ kind: 'tag', target: 'stream', proto: 'tcp', stream: 0, evidenceId: 1, text: 'c2' });
    expect(a.ofFrame(3).map((r) => r.kind)).toEqual(['note', 'bookmark', 'note']);
    expect([...a.frameNotes()]).toEqual([[3, ['beacon?', 'second']]]);
    expect(a.remove(tag.id)).toBe(true);
    expect(a.all()).toHaveLength(4);
    expect(() => idx.db.prepare("INSERT INTO annotations (kind, target, author, created_at) VALUES ('x', 'frame', 'a', 'now')").run()).toThrow();
    idx.close();
  });
});
