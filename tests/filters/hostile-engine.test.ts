/**
 * Hostile display filters through the ENGINE path (contract validation, compile, SQL on the case
 * index with the engine's SQL functions, decoded fields read from evidence): every one of 1,000+
 * generated and hand-written filters ends in a typed `invalid-filter` error or an answer — never an
 * SQL error, an internal error, a hang or a crash — and the index is unchanged afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, validateRequest } from '@wirewho/contract';
import { Engine } from '@wirewho/engine';
import { defaultRegistry } from '@wirewho/filter';
import { corpusRoot } from '../helpers/corpus.js';

const CAPTURE = path.join(corpusRoot, 'captures/lo_mix_snap128.pcap');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-hostile-filters-'));
let engine: Engine;
let frames = 0;
let schema = '';
const stats = { total: 0, answered: 0, rejected: 0, invalidArgs: 0, slowest: { ms: 0, filter: '' } };

beforeAll(async () => {
  engine = new Engine({ caseDir: tmp, writer: 'inline' });
  engine.openEvidence({ path: CAPTURE });
  await engine.idle();
  frames = engine.index.frameCount();
  schema = JSON.stringify(engine.index.db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all());
});

afterAll(async () => {
  await engine.close();
  rmSync(tmp, { recursive: true, force: true });
});

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const FIELDS = defaultRegistry.fields().flatMap((f) => [f.name, ...f.aliases]);
const SQLISH = ["' OR 1=1 --", '" OR 1=1 --', "'; DROP TABLE frames; --", '1) OR (1=1', 'UNION SELECT * FROM sqlite_master', '--',
  ';', '?', '?1', ':x', '@x', '$x', 'NULL', 'f.number', 'ATTACH DATABASE', 'PRAGMA writable_schema=1', "x'||'y", '/* */'];
const VALUES = ['80', '-1', '0x1f', '99999999999999999999999999', '1e309', '10.0.0.0/8', '10.0.0.0/99', '::1', 'fe80::/10', '1::2::3',
  '00:11:22:33:44:55', '47:45:54', 'True', '"GET"', '"a\\"b"', "'c'", '"\\x00"', '"\\377"', '"😀"', '""', 'localhost', '{80, 443}', '{1..5}'];
const OPS = ['==', '!=', '===', '!==', '<', '>=', 'contains', 'matches', '~', 'in', 'not in', '&', 'any_eq', 'all_ne'];
const REGEXES = ['(a+)+$', '(a|aa)*c', '(.*)*x', '.*.*.*.*.*.*.*=', '(x+x+)+y', '\\1', '[', 'a{1000}', 'a{1001}', '(?<n>x)'];
const WEIRD = ['\u0000', '\n', '\u202e', '\ud800', '#', '$', '`', "'", '"', '(', ')', '{', '}', '[', ']', '..', ','];

function soup(r: () => number): string {
  const parts: string[] = [];
  for (let i = 0, n = 1 + Math.floor(r() * 12); i < n; i++) {
    const k = r();
    parts.push(k < 0.35 ? pick(r, FIELDS) : k < 0.5 ? pick(r, OPS) : k < 0.7 ? pick(r, VALUES) : k < 0.8 ? pick(r, ['&&', '||', '!', 'and', 'or', 'not'])
      : k < 0.9 ? pick(r, SQLISH) : pick(r, WEIRD));
  }
  return parts.join(r() < 0.8 ? ' ' : '');
}

function slot(r: () => number): string {
  const evil = pick(r, [...SQLISH, ...VALUES, ...WEIRD]);
  const esc = evil.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return pick(r, [
    `http.host == "${esc}"`, `dns.qry.name contains "${esc}"`, `tcp.port == ${evil}`, `ip.addr == ${evil}`, `eth.src == ${evil}`,
    `tcp.payload contains "${esc}"`, `frame matches "${pick(r, REGEXES).replace(/\\/g, '\\\\')}"`, `ip.ttl == ${evil}`,
    `tcp.payload[${evil}] == 00`, `cmd contains "${esc}"`, `tls.handshake.extensions_server_name matches "${esc}"`, `${evil}`,
  ]);
}

const HAND = [
  "tcp.port == 80'; DROP TABLE frames; --", 'http.host == "\'); DELETE FROM frames; --"', 'ip.addr == 1.2.3.4) OR (1=1',
  'frame contains "\\x00\\x00\\x00"', 'frame matches "(a+)+$"', 'tcp.payload matches "(.*a){20}"', 'frame matches "(x+x+)+y"',
  'frame matches "' + '(a?)'.repeat(30) + 'a'.repeat(30) + '"', 'tcp.port == ' + '9'.repeat(5000), 'http.host == "' + 'A'.repeat(50_000) + '"',
  '('.repeat(10_000) + 'tcp' + ')'.repeat(10_000), '!'.repeat(10_000) + 'tcp', 'tcp && '.repeat(3000) + 'tcp',
  'tcp.port in {' + Array.from({ length: 5000 }, (_, i) => i).join(', ') + '}', 'ip.addr == ' + '1.'.repeat(5000) + '1',
  'x'.repeat(100_001), '\u0000', 'tcp\u0000.port == 80', 'frame[-99999999999:5] == 00', 'frame[0:99999999999] == 00',
  'len(frame) > 18446744073709551616', 'frame.time > "99999-01-01"', 'tcp.seq == 1', 'tcp.analysis.ack_rtt > 0', '', '   ',
  'pid == 1 || cmd matches "(a|a)*$"', 'lower(upper(lower(http.host))) == "x"', 'count(count(tcp.port)) == 1',
];

function exercise(filter: string): Promise<void> {
  return (async () => {
    stats.total++;
    // What a transport would do first: the contract's schema.
    try {
      validateRequest('framesPage', { offset: 0, limit: 50, filter });
    } catch (e) {
      expect(e).toMatchObject({ code: 'invalid-argument' });
      stats.invalidArgs++;
      return;
    }
    const t0 = performance.now();
    try {
      const page = await engine.service.framesPage({ offset: 0, limit: 50, filter });
      expect(page.total).toBeLessThanOrEqual(frames);
      expect(page.rows.length).toBeLessThanOrEqual(50);
      const later = await engine.service.framesPage({ offset: 10, limit: 20, filter });
      expect(later.total).toBe(page.total);
      const next = await engine.service.findFrame({ filter, from: 0, direction: 'next' });
      expect(next.number === null ? 0 : 1).toBe(page.total === 0 ? 0 : 1);
      stats.answered++;
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'invalid-filter') {
        throw new Error(`not a typed filter error for ${JSON.stringify(filter.slice(0, 200))}: ${String(e)}`, { cause: e });
      }
      const check = await engine.service.checkFilter({ filter });
      expect(check.ok, filter.slice(0, 200)).toBe(false);
      stats.rejected++;
    }
    const ms = performance.now() - t0;
    if (ms > stats.slowest.ms) stats.slowest = { ms, filter: filter.slice(0, 80) };
  })();
}

describe('hostile display filters through the engine', () => {
  it('hand-written: SQL fragments, NULs, huge literals, 10,000 parentheses, catastrophic regexes', async () => {
    for (const f of HAND) await exercise(f);
  });

  it('1,000 generated token soups and hostile literals', async () => {
    const r = rng(0x5eed);
    for (let i = 0; i < 1000; i++) await exercise(i % 2 ? soup(r) : slot(r));
  });

  it('nothing changed the index, nothing was slow', () => {
    expect(engine.index.frameCount()).toBe(frames);
    expect(JSON.stringify(engine.index.db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all())).toBe(schema);
    expect(stats.total).toBeGreaterThanOrEqual(1000);
    expect(stats.answered).toBeGreaterThan(50);
    expect(stats.rejected).toBeGreaterThan(50);
    // A hang would show here (and in the test timeout): each filter answers in well under 2 s.
    expect(stats.slowest.ms, stats.slowest.filter).toBeLessThan(2000);
    console.log(`hostile filters via engine: ${stats.total} (${stats.answered} answered, ${stats.rejected} typed errors, `
      + `${stats.invalidArgs} refused by the contract schema); slowest ${stats.slowest.ms.toFixed(0)} ms: ${stats.slowest.filter}`);
  });
});
