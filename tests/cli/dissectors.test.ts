/**
 * `wirewho ingest --dissectors <dir>` and `wirewho pdus --filter` with user dissectors' fields, as a
 * user runs them: the crap messages of the loopback capture are listed by `--filter crap`, also from
 * a fresh process that is not given the folder (the case recorded the dissectors and their fields),
 * and a filter on the content of a byte field (`crap.payload contains ...`) selects its message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unloadUserDissectors } from '@wirewho/engine';
import { wirewho } from '../helpers/cli.js';
import { wirewhoInProcess } from '../helpers/cli-inprocess.js';

const ROOT = path.resolve(__dirname, '../..');
const EX = path.join(ROOT, 'resources/dissectors/examples');
const capture = path.join(EX, 'declarative/captures/crap-tcp.pcap');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-cli-dissectors-'));
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe.each(['declarative', 'lua'])('wirewho pdus --filter with the %s crap dissector', (kind) => {
  const caseDir = path.join(tmp, kind);
  beforeAll(async () => {
    const r = await wirewhoInProcess(['ingest', '--case', caseDir, '--dissectors', path.join(EX, kind), capture]);
    expect(r.status, r.stderr).toBe(0);
  });
  afterAll(() => unloadUserDissectors());

  it('lists the crap messages (a fresh process without the folder: fields from the case)', () => {
    const r = wirewho(['pdus', '--case', caseDir, '--filter', 'crap', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const pdus = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>).filter((p) => p.protocol === 'crap');
    expect(pdus.map((p) => [p.offset, p.length, p.reassembled_in])).toEqual([
      [0, 13, 6], [13, 8, 8], [21, 20, 10], [41, 94, 18], [135, 9, 20], [144, 9, 20], [153, 9, 22], [162, 20, 22],
    ]);
  });

  it('filters on a field value and on a byte field\'s content', async () => {
    const byLength = await wirewhoInProcess(['pdus', '--case', caseDir, '--filter', 'crap.length == 12', '--json']);
    expect(byLength.status, byLength.stderr).toBe(0);
    const crapOf = (out: Buffer) => lines(out.toString('utf8')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((p) => p.protocol === 'crap');
    expect(crapOf(byLength.stdout).map((p) => p.reassembled_in)).toEqual([10, 22, 22]);
    const byContent = await wirewhoInProcess(['pdus', '--case', caseDir, '--filter', 'crap.payload contains "last"', '--json']);
    expect(byContent.status, byContent.stderr).toBe(0);
    expect(crapOf(byContent.stdout).map((p) => p.reassembled_in)).toEqual([22, 22]);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
