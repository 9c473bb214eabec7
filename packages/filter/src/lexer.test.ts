import { describe, expect, it } from 'vitest';
import { FilterError } from './errors.js';
import { tokenize, MAX_FILTER_LENGTH } from './lexer.js';

const kinds = (s: string) => tokenize(s).map((t) => (t.kind === 'word' || t.kind === 'op' ? `${t.kind}:${t.text}` : t.kind));

function lexError(s: string): FilterError {
  try {
    tokenize(s);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError);
    return e as FilterError;
  }
  throw new Error(`no error for ${s}`);
}

describe('lexer', () => {
  it('reads field names, addresses and numbers as words', () => {
    expect(kinds('tcp.port==80')).toEqual(['word:tcp.port', 'op:==', 'word:80', 'eof']);
    expect(kinds('ip.addr == 10.0.0.0/8')).toEqual(['word:ip.addr', 'op:==', 'word:10.0.0.0/8', 'eof']);
    expect(kinds('eth.src[0:3] == 00:11:22')).toEqual(['word:eth.src', '[', 'word:0:3', ']', 'op:==', 'word:00:11:22', 'eof']);
    expect(kinds('ipv6.addr == fe80::1')).toEqual(['word:ipv6.addr', 'op:==', 'word:fe80::1', 'eof']);
    expect(kinds('eth.addr == 00-11-22-33-44-55')).toEqual(['word:eth.addr', 'op:==', 'word:00-11-22-33-44-55', 'eof']);
    expect(kinds('x == 0x1F')).toEqual(['word:x', 'op:==', 'word:0x1F', 'eof']);
  });

  it('splits ranges on ".."', () => {
    expect(kinds('{1..5}')).toEqual(['{', 'word:1', '..', 'word:5', '}', 'eof']);
    expect(kinds('{10.0.0.5..10.0.0.9}')).toEqual(['{', 'word:10.0.0.5', '..', 'word:10.0.0.9', '}', 'eof']);
    expect(kinds('{1 .. 5, 7}')).toEqual(['{', 'word:1', '..', 'word:5', ',', 'word:7', '}', 'eof']);
  });

  it('reads every operator', () => {
    const ops = ['==', '!=', '===', '!==', '<', '>', '<=', '>=', '~', '&&', '||', '!', '^^', '&', '~='];
    for (const op of ops) expect(kinds(`a ${op} b`)).toEqual(['word:a', `op:${op}`, 'word:b', 'eof']);
    expect(kinds('!tcp')).toEqual(['op:!', 'word:tcp', 'eof']);
    expect(kinds('a!==b')).toEqual(['word:a', 'op:!==', 'word:b', 'eof']);
  });

  it('decodes string escapes to bytes', () => {
    const s = tokenize(String.raw`"a\nb\t\\\"\x41\101\u00e9\U0001F600\'\a\b\f\r\v"`)[0];
    expect(s.kind).toBe('string');
    expect(Array.from(s.bytes!)).toEqual([0x61, 10, 0x62, 9, 0x5c, 0x22, 0x41, 0x41, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0x27, 7, 8, 12, 13, 11]);
    expect(Array.from(tokenize('"é"')[0].bytes!)).toEqual([0xc3, 0xa9]);
    expect(Array.from(tokenize(String.raw`"\x0"`)[0].bytes!)).toEqual([0]);
    expect(Array.from(tokenize(String.raw`"\0"`)[0].bytes!)).toEqual([0]);
  });

  it('keeps backslashes in raw strings', () => {
    const s = tokenize(String.raw`r"\\SERVER\SHARE\"x"`)[0];
    expect(s.raw).toBe(true);
    expect(Buffer.from(s.bytes!).toString()).toBe(String.raw`\\SERVER\SHARE\"x`);
  });

  it('reads character constants', () => {
    expect(tokenize("'a'")[0].value).toBe(97);
    expect(tokenize(String.raw`'\n'`)[0].value).toBe(10);
    expect(tokenize(String.raw`'\x0a'`)[0].value).toBe(10);
    expect(tokenize(String.raw`'\012'`)[0].value).toBe(10);
  });

  it('reports positions', () => {
    const t = tokenize('  tcp.port  ==  80');
    expect(t.map((x) => [x.pos, x.len])).toEqual([[2, 8], [12, 2], [16, 2], [18, 0]]);
  });

  it('rejects bad input with positioned errors', () => {
    expect(lexError('tcp.port = 80')).toMatchObject({ code: 'syntax', position: 9 });
    expect(lexError('a | b')).toMatchObject({ code: 'syntax', position: 2 });
    expect(lexError('http.host == "abc')).toMatchObject({ code: 'syntax', position: 13, message: expect.stringContaining('closing double quote') });
    expect(lexError(String.raw`x == "\q"`)).toMatchObject({ code: 'literal', position: 6 });
    expect(lexError(String.raw`x == "\xZZ"`)).toMatchObject({ code: 'literal' });
    expect(lexError(String.raw`x == "\777"`)).toMatchObject({ code: 'literal' });
    expect(lexError(String.raw`x == "\uD800"`)).toMatchObject({ code: 'literal' });
    expect(lexError("x == 'ab'")).toMatchObject({ code: 'literal' });
    expect(lexError("x == ''")).toMatchObject({ code: 'literal' });
    expect(lexError('ip.addr#2 == 1.2.3.4')).toMatchObject({ code: 'unsupported', position: 7 });
    expect(lexError('${frame.number}')).toMatchObject({ code: 'unsupported' });
    expect(lexError('a + b')).toMatchObject({ code: 'unsupported' });
    expect(lexError('tcp\u0000')).toMatchObject({ code: 'syntax', position: 3, message: expect.stringContaining('\\x00') });
    expect(lexError('tcp ☃')).toMatchObject({ code: 'syntax', position: 4 });
    expect(lexError('x'.repeat(MAX_FILTER_LENGTH + 1))).toMatchObject({ code: 'limit' });
  });
});
