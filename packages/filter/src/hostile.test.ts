/**
 * Hostile input: thousands of generated and hand-written filters (SQL fragments, quotes, NULs, huge
 * literals, deep nesting, random tokens and characters, mutations of valid filters). Each must either
 * compile to SQL that SQLite runs without error, or throw a FilterError — nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { FIXTURE_CASES, fixtureDb } from '../testing/fixture.js';
import { checkFilter, compileFilter, defaultRegistry, FilterError, MAX_FILTER_LENGTH } from './index.js';

let db: Database.Database;
const stats = { total: 0, compiled: 0, rejected: 0, codes: new Map<string, number>() };

let tables: unknown;

beforeAll(() => {
  db = fixtureDb();
  tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get();
});

afterAll(() => {
  // The statements never change the database.
  expect(db.prepare('SELECT count(*) AS n FROM frames').get()).toEqual({ n: 12 });
  expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual(tables);
});

/** Registry snippets are the only quoted SQL text a compiled filter may contain. */
const REGISTRY_QUOTED = new Set(["'IPv4'", "'IPv6'", "'ARP'", "'RARP'", "'pcapng'", "'dns.id'"]);

function exercise(filter: string): void {
  stats.total++;
  let compiled;
  try {
    compiled = compileFilter(filter);
  } catch (e) {
    if (!(e instanceof FilterError)) throw new Error(`non-FilterError for ${JSON.stringify(filter.slice(0, 200))}: ${String(e)}`, { cause: e });
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(filter.length);
    expect(e.message.length).toBeGreaterThan(0);
    stats.rejected++;
    stats.codes.set(e.code, (stats.codes.get(e.code) ?? 0) + 1);
    expect(checkFilter(filter).ok).toBe(false);
    return;
  }
  stats.compiled++;
  const { sql, params } = compiled;
  expect(sql.split('?').length - 1, filter).toBe(params.length);
  for (const quoted of sql.match(/'[^']*'/g) ?? []) expect(REGISTRY_QUOTED.has(quoted), `${quoted} in SQL of ${filter}`).toBe(true);
  let rows: unknown[];
  try {
    rows = db.prepare(`SELECT f.number FROM frames f WHERE ${sql}`).all(...(params as never[]));
  } catch (e) {
    throw new Error(`SQL error for ${JSON.stringify(filter.slice(0, 300))}: ${String(e)}\n${sql.slice(0, 2000)}`, { cause: e });
  }
  expect(rows.length).toBeLessThanOrEqual(12);
}

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

const FIELDS = defaultRegistry.fields().flatMap((f) => [f.name, ...f.aliases]);
const SQLISH = [
  "' OR 1=1 --", '" OR 1=1 --', "'; DROP TABLE frames; --", '"; DROP TABLE frames; --', '1) OR (1=1', ') OR 1=1 --', '/* x */',
  'UNION SELECT * FROM sqlite_master', '--', ';', '`', '?', '?1', ':name', '@x', '$x', 'NULL', "x'||'y", 'f.number', 'frames',
  "0x27", "CHAR(39)", "'", '"', '\\', '\\"', 'ATTACH DATABASE', 'PRAGMA writable_schema=1',
];
const LITERALS = [
  '80', '0', '-1', '0x1f', '0b101', '017', '99999999999999999999999999', '1e309', '1.5', '.5', '-0', '10.0.0.1', '10.0.0.0/8',
  '10.0.0.0/99', '1.2.3', '256.1.1.1', '::1', 'fe80::/10', '::ffff:1.2.3.4', '1::2::3', '00:11:22:33:44:55', '00-11-22',
  '0011.2233.4455', 'ff', '47:45:54', 'True', 'FALSE', 'maybe', '"GET"', '"a\\"b"', 'r"raw\\"', "'c'", "'\\n'", '"\\x00"',
  '"\\0\\0"', '"\\377\\376"', '"\\u00e9"', '"\\U0001F600"', '"2026-11-23 09:03:00.36"', '"Nov 23, 2026 09:03:00 UTC"',
  '"not a time"', '""', '"\\\\"', 'localhost', 'www.example.com', '{80 443}', '{1..5}', '{"a", "b"}',
];
const OPS = ['==', '!=', '===', '!==', '~=', '<', '>', '<=', '>=', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'any_eq', 'all_ne', 'all_eq',
  'any_ne', 'contains', 'matches', '~', 'in', 'not in', '&', 'bitwise_and'];
const LOGIC = ['&&', '||', '!', '^^', 'and', 'or', 'not', 'xor', 'any', 'all'];
const PUNCT = ['(', ')', '{', '}', '[', ']', ',', '..', '[0:4]', '[1-3]', '[-1]', '[:2]', '[2:]', '[99999999:1]', '[0:0]', '[a]'];
const FUNCS = ['len(', 'lower(', 'upper(', 'count(', 'string(', 'max(', 'abs(', 'foo('];
const WEIRD = ['\u0000', '\u0001', '\t', '\n', '\r', '\u00a0', '\u202e', '☃', '😀', '\ud800', '\udfff', '\uffff', '#', '$', '%', '+',
  '*', '=', '|', '^', '@', '`', "'", '"'];
const REGEXES = ['(a+)+$', '(a|aa)*c', '.*.*.*.*.*=', '(?=x)', '\\1', '[', '(?i)x', '(?-i)X', 'a{1000}', 'a{1001}', '(((((a)))))',
  '\\x{ff}', '\\x{100}', '[[:alpha:]]+', '\\', '(?<n>x)', '^\\d{1,3}\\.', '(?s).', '\\Q', '\u0000'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function tokenSoup(r: () => number): string {
  const n = 1 + Math.floor(r() * 14);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.3) parts.push(pick(r, FIELDS));
    else if (k < 0.45) parts.push(pick(r, OPS));
    else if (k < 0.6) parts.push(pick(r, LITERALS));
    else if (k < 0.7) parts.push(pick(r, LOGIC));
    else if (k < 0.8) parts.push(pick(r, PUNCT));
    else if (k < 0.87) parts.push(pick(r, SQLISH));
    else if (k < 0.93) parts.push(pick(r, FUNCS));
    else parts.push(pick(r, WEIRD));
  }
  return parts.join(r() < 0.8 ? ' ' : '');
}

/** A well-formed comparison with a hostile value in the literal slot. */
function hostileSlot(r: () => number): string {
  const evil = pick(r, [...SQLISH, ...LITERALS, ...WEIRD]);
  const esc = evil.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const templates = [
    `http.host == "${esc}"`, `dns.qry.name contains "${esc}"`, `tcp.port == ${evil}`, `ip.addr == ${evil}`, `eth.src == ${evil}`,
    `frame.time > "${esc}"`, `tcp.payload contains "${esc}"`, `cmd matches "${pick(r, REGEXES).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    `args contains r"${evil.replace(/"/g, '')}"`, `frame[${evil}] == 00`, `tcp.port in {${evil} 80}`, `${evil} == 1`, `${evil}`,
    `len(${evil}) > 1`, `proc.pid == ${evil} || pid != ${evil}`, `frame.comment == "${esc}"`, `tcpshark.Cmd ~ "${esc}"`,
  ];
  return pick(r, templates);
}

function mutate(r: () => number, s: string): string {
  let out = s;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (out.length + 1));
    const k = r();
    const ch = pick(r, [...'()[]{}"\'\\!&|=<>~.,:-/0123456789abcxyz \u0000', '..', '==', 'or', 'not']);
    if (k < 0.4) out = out.slice(0, at) + ch + out.slice(at);
    else if (k < 0.7) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + ch + out.slice(at + 1);
  }
  return out;
}

function randomChars(r: () => number): string {
  const n = Math.floor(r() * 40);
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = r();
    s += k < 0.7 ? String.fromCharCode(32 + Math.floor(r() * 95)) : String.fromCharCode(Math.floor(r() * 0x10000));
  }
  return s;
}

describe('hostile filters', () => {
  it('hand-written: injection, quotes, NULs, limits', () => {
    const cases = [
      "http.host == \"' OR 1=1 --\"", 'http.host == "\\"; DROP TABLE frames; --"', 'tcp.port == 80; DROP TABLE frames',
      "tcp.port == 80' OR '1'='1", 'tcp.port == 80 -- comment', 'tcp.port == 80 /* x */', 'frames', 'f.number == 1', 'sqlite_master',
      'ip.src == 1.2.3.4) OR (1=1', 'tcp.port in {80) OR (1=1}', 'http.host == "\u0000"', 'http.host == "\\x00"', 'http.host contains "a\u0000b"',
      'tcp\u0000', '\u0000', 'tcp.payload contains "\\377\\000"', 'http.host == "\\377"', 'http.host matches "\\x00"',
      `http.host == "${'A'.repeat(90_000)}"`, `tcp.port == ${'9'.repeat(90_000)}`, `${'x'.repeat(MAX_FILTER_LENGTH + 1)}`,
      `tcp.port == 1${'0'.repeat(30)}`, `frame[${'9'.repeat(50)}]`, `tcp.port in {${'1, '.repeat(5000)}1}`,
      '('.repeat(10_000) + 'tcp' + ')'.repeat(10_000), ')'.repeat(10_000), '('.repeat(10_000), '!'.repeat(10_000) + 'tcp',
      'not '.repeat(10_000) + 'tcp', 'len('.repeat(10_000), '[' .repeat(10_000), '{'.repeat(10_000), '"'.repeat(10_000),
      Array.from({ length: 8000 }, () => 'tcp.port == 1').join(' || ').slice(0, MAX_FILTER_LENGTH),
      Array.from({ length: 5000 }, () => 'ip.addr == 10.0.0.0/8').join(' && ').slice(0, MAX_FILTER_LENGTH),
      Array.from({ length: 6000 }, () => 'tcp.port in {1 2 3}').join('||').slice(0, MAX_FILTER_LENGTH),
      'http.host matches "(a+)+$"', 'http.host matches "(?=x)"', `http.host matches "${'('.repeat(500)}"`, 'http.host matches "a{99999}"',
      'frame.time > "9999-12-31 23:59:59"', 'frame.time > "0001-01-01 00:00:00"', 'frame.time_relative > 1e308', 'frame.time_relative > 99999999999999999999999',
      'ip.addr == 10.0.0.0/', 'ip.addr == /8', 'ipv6.addr == ::/129', 'eth.src[0:3] == 00:11', 'eth.src[-100:1] == 00',
      'tcp.flags & 0xffffffffffffffffffff', 'tcp.flags & -1', 'count(frame) == 1', 'count(tcp) > 0', 'count(tcp.port[0:1]) == 1',
      'string(frame.time) == "x"', 'lower(frame) == "x"', 'upper(tcp.payload) == "x"', 'len(tcp) == 1', 'frame[0:1] & 00',
      'frame & 0x01', 'http.request.method == GET ) ( tcp', '{}', '[]', '()', ',', '..', 'in', 'and', 'all', 'any',
      '\u202etcp', 'tcp.port == ٨٠', 'ip.src == １.２.３.４', 'tcp.port == 0x', 'tcp.port == 08', 'tcp.port == 0b2',
    ];
    for (const f of cases) exercise(f);
  });

  it('1,500 random token soups', () => {
    const r = rng(1);
    for (let i = 0; i < 1500; i++) exercise(tokenSoup(r));
  });

  it('1,000 well-formed comparisons with hostile values', () => {
    const r = rng(2);
    for (let i = 0; i < 1000; i++) exercise(hostileSlot(r));
  });

  it('1,500 mutations of valid filters', () => {
    const r = rng(3);
    for (let i = 0; i < 1500; i++) exercise(mutate(r, FIXTURE_CASES[Math.floor(r() * FIXTURE_CASES.length)][0]));
  });

  it('500 strings of random characters', () => {
    const r = rng(4);
    for (let i = 0; i < 500; i++) exercise(randomChars(r));
  });

  it('random deep nestings', () => {
    const r = rng(5);
    for (let i = 0; i < 200; i++) {
      const depth = Math.floor(r() * 400);
      let f = pick(r, ['tcp', 'ip.addr == 10.0.0.1', 'dns.qry.name contains "x"', 'count(dns.qry.name) == 2', 'frame[0] == 46']);
      for (let d = 0; d < depth; d++) {
        const k = r();
        f = k < 0.4 ? `(${f})` : k < 0.6 ? `!${f}` : k < 0.8 ? `(${f} || tcp)` : `(udp && ${f})`;
      }
      exercise(f);
    }
  });

  it('summary: thousands of filters, all typed errors or answers', () => {
    expect(stats.total).toBeGreaterThan(4500);
    expect(stats.compiled).toBeGreaterThan(300);
    expect(stats.rejected).toBeGreaterThan(1000);
    for (const code of ['syntax', 'unknown-field', 'type', 'literal', 'limit', 'unsupported', 'regex']) {
      expect(stats.codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });
});
