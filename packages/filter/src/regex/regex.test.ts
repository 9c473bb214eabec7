import { describe, expect, it } from 'vitest';
import { compileRegex, RegexError, REGEX_LIMITS } from './regex.js';
import { wwRegexp } from '../sql-functions.js';

const b = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const test = (p: string, s: string, caseInsensitive = true) => compileRegex(p, { caseInsensitive }).test(b(s));

/** Deterministic PRNG (mulberry32). */
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

function randomPattern(r: () => number, depth = 0): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const atom = (): string => {
    const k = r();
    if (depth < 3 && k < 0.15) return `(${randomPattern(r, depth + 1)})`;
    if (depth < 3 && k < 0.22) return `(?:${randomPattern(r, depth + 1)})`;
    return pick(['a', 'b', 'A', 'c', '.', '[ab]', '[^a]', '[a-c]', '\\d', '\\w', '\\s', '\\.', '1', ' ', '\\x61']);
  };
  const piece = (): string => {
    let s = atom();
    const q = r();
    if (q < 0.12) s += '*';
    else if (q < 0.22) s += '+';
    else if (q < 0.3) s += '?';
    else if (q < 0.36) s += pick(['{2}', '{0,2}', '{1,}', '{2,3}', '*?', '+?']);
    return s;
  };
  const branch = (): string => {
    let s = '';
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) s += r() < 0.05 ? pick(['^', '$', '\\b', '\\B']) : piece();
    return s;
  };
  let s = branch();
  while (r() < 0.2) s += '|' + branch();
  return s;
}

describe('regex engine', () => {
  it('agrees with JavaScript RegExp on 5,000 random patterns × inputs (case-insensitive)', () => {
    const r = rng(42);
    let checked = 0;
    for (let i = 0; i < 5000; i++) {
      const p = randomPattern(r);
      const js = new RegExp(p, 'i');
      const ours = compileRegex(p);
      for (let k = 0; k < 6; k++) {
        const len = Math.floor(r() * 12);
        let s = '';
        for (let j = 0; j < len; j++) s += 'abcAB1 .x'[Math.floor(r() * 9)];
        expect(ours.test(b(s)), `/${p}/i on ${JSON.stringify(s)}`).toBe(js.test(s));
        checked++;
      }
    }
    expect(checked).toBe(30_000);
  });

  it('case sensitivity and inline flags', () => {
    expect(test('cldc', 'xCLDCx')).toBe(true);
    expect(test('(?-i)cldc', 'CLDC')).toBe(false);
    expect(test('(?-i)cldc', 'cldc')).toBe(true);
    expect(test('cldc', 'CLDC', false)).toBe(false);
    expect(test('(?i)cldc', 'CLDC', false)).toBe(true);
    expect(test('(?-i:a)b', 'aB')).toBe(true);
    expect(test('(?-i:a)b', 'AB')).toBe(false);
    expect(test('[a-c]+', 'ABC')).toBe(true);
    expect(test('(?-i)[^a]', 'a')).toBe(false);
    expect(test('[^a]', 'A')).toBe(false);
  });

  it('PCRE anchors, dot and newlines', () => {
    expect(test('a$', 'a\n')).toBe(true); // $ matches before a final newline
    expect(test('a\\z', 'a\n')).toBe(false);
    expect(test('a\\Z', 'a\n')).toBe(true);
    expect(test('^b', 'a\nb')).toBe(false);
    expect(test('(?m)^b', 'a\nb')).toBe(true);
    expect(test('(?m)a$', 'a\nb')).toBe(true);
    expect(test('a.b', 'a\nb')).toBe(false);
    expect(test('(?s)a.b', 'a\nb')).toBe(true);
    expect(test('\\Aab', 'xab')).toBe(false);
    expect(test('\\bfoo\\b', 'a foo b')).toBe(true);
    expect(test('\\bfoo\\b', 'afoob')).toBe(false);
    expect(test('', '')).toBe(true);
    expect(test('^$', '')).toBe(true);
    expect(test('^$', 'x')).toBe(false);
  });

  it('escapes, classes, counted repetition, literal braces', () => {
    expect(test('\\x47\\x45T', 'GET')).toBe(true);
    expect(test('\\x{41}', 'a')).toBe(true);
    expect(test('[[:alpha:]]+[[:digit:]]{2}', 'ab12')).toBe(true);
    expect(test('[[:^digit:]]', '123')).toBe(false);
    expect(test('[\\d.]+', '1.2')).toBe(true);
    expect(test('[]a]', ']')).toBe(true);
    expect(test('[a-]', '-')).toBe(true);
    expect(test('a{3}', 'aa')).toBe(false);
    expect(test('^a{2,3}$', 'aaa')).toBe(true);
    expect(test('^a{2,3}$', 'aaaa')).toBe(false);
    expect(test('a{,3}', 'a{,3}')).toBe(true); // not a quantifier in PCRE2 10.42: literal
    expect(test('x{', 'x{')).toBe(true);
    expect(test('(?<name>ab)c', 'abc')).toBe(true);
    expect(test('(?P<n>ab)c', 'abc')).toBe(true);
    expect(test('a(?#comment)b', 'ab')).toBe(true);
    expect(test('\\t\\n\\r', '\t\n\r')).toBe(true);
    expect(test('\\S+\\W', 'ab!')).toBe(true);
  });

  it('matches bytes (PCRE2 byte mode): non-ASCII text is its UTF-8 bytes', () => {
    expect(compileRegex('é').test(Uint8Array.from(Buffer.from('café')))).toBe(true);
    expect(compileRegex('^caf.$').test(Uint8Array.from(Buffer.from('café')))).toBe(false); // é is two bytes
    expect(compileRegex('^caf..$').test(Uint8Array.from(Buffer.from('café')))).toBe(true);
    expect(compileRegex('\\x00').test(Uint8Array.of(1, 0, 2))).toBe(true);
  });

  it('catastrophic patterns finish in linear time', () => {
    const long = 'a'.repeat(100_000);
    const t0 = performance.now();
    expect(test('(a+)+$', long + 'b')).toBe(false);
    expect(test('(a+)+$', long)).toBe(true);
    expect(test('(a|a)*b', long)).toBe(false);
    expect(test('(a*)*b', long)).toBe(false);
    expect(test('(a|aa)+c', long)).toBe(false);
    expect(test('(x+x+)+y', 'x'.repeat(50_000))).toBe(false);
    expect(test('^(a?){30}a{30}$', 'a'.repeat(30))).toBe(true);
    expect(test('(.*a){12}', 'a'.repeat(5_000) + 'b')).toBe(true);
    expect(test('(.*a){12}x', 'a'.repeat(5_000) + 'b')).toBe(false);
    expect(test('(\\w+\\s?)+$', 'word '.repeat(10_000) + '!')).toBe(false);
    expect(test('^(([a-z])+.)+[A-Z]([a-z])+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('rejects what it cannot run in linear time, with the offset', () => {
    const cases: [string, number, RegExp][] = [
      ['a(?=b)', 1, /lookahead/],
      ['a(?!b)', 1, /lookahead/],
      ['(?<=a)b', 0, /lookbehind/],
      ['(?<!a)b', 0, /lookbehind/],
      ['(a)\\1', 3, /back reference/],
      ['\\k<x>', 0, /back reference/],
      ['(?>a)', 0, /atomic/],
      ['a++', 2, /possessive/],
      ['\\Qa\\E', 0, /quoting/],
      ['(?x)a', 2, /not supported/],
      ['(?R)', 0, /recursion/],
      ['\\p{L}', 0, /not supported/],
      ['[z-a]', 1, /out of order/],
      ['a{2000}', 1, /larger than/],
      ['(a', 0, /missing \)/],
      ['a)', 1, /unmatched/],
      ['[abc', 0, /missing terminating/],
      ['*a', 0, /does not follow/],
      ['a**', 2, /nested quantifier/],
      ['\\', 0, /end of pattern/],
      ['\\x{100}', 0, /too large/],
      ['[[:foo:]]', 1, /POSIX/],
      ['\\q', 0, /unrecognized escape/],
      ['(?', 2, /unrecognized|missing/],
      ['^*', 1, /after an assertion/],
    ];
    for (const [p, idx, msg] of cases) {
      let err: unknown;
      try {
        compileRegex(p);
      } catch (e) {
        err = e;
      }
      expect(err, p).toBeInstanceOf(RegexError);
      expect((err as RegexError).message, p).toMatch(msg);
      expect((err as RegexError).index, p).toBe(idx);
    }
  });

  it('bounds program size and nesting', () => {
    expect(() => compileRegex('(a{1000}){1000}')).toThrow(/too large/);
    expect(() => compileRegex('('.repeat(200) + 'a' + ')'.repeat(200))).toThrow(/nested too deeply/);
    expect(() => compileRegex('a'.repeat(REGEX_LIMITS.patternLength + 1))).toThrow(/too long/);
    expect(compileRegex('(a{100}){100}').programSize).toBeLessThanOrEqual(REGEX_LIMITS.program);
  });

  it('ww_regexp: the SQL entry point', () => {
    expect(wwRegexp('^get', 'GET /')).toBe(1);
    expect(wwRegexp('^get', Uint8Array.from(Buffer.from('POST')))).toBe(0);
    expect(wwRegexp('^get', null)).toBeNull();
    expect(wwRegexp('(?=x)', 'x')).toBeNull(); // invalid pattern: never an exception inside SQLite
    expect(wwRegexp('4242', 4242)).toBe(1);
  });
});
