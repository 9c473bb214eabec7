/** Go encoding/json of map[string]string, as ptcpdump writes labels. */
import { describe, expect, it } from 'vitest';
import { goJsonString, goJsonStringMap, parseGoJsonStringMap } from './go-json-map.js';

describe('Go JSON string maps', () => {
  it('escapes like Go: HTML-safe, short forms, lowercase \\u00xx, U+2028/9, lone surrogates', () => {
    expect(goJsonString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goJsonString('<x>&\u007f')).toBe('"\\u003cx\\u003e\\u0026\u007f"');
    expect(goJsonString('\b\f\n\r\t\u001f\u0000')).toBe('"\\b\\f\\n\\r\\t\\u001f\\u0000"');
    expect(goJsonString('\u2028\u2029\ud800x😀')).toBe('"\\u2028\\u2029\\ufffdx😀"');
  });

  it('sorts keys bytewise (code points), not by UTF-16 units', () => {
    // U+FF01 sorts before U+1F600 in UTF-8, after it in UTF-16.
    expect(goJsonStringMap({ '😀': '1', '！': '2', b: '3', a: '4' })).toBe('{"a":"4","b":"3","！":"2","😀":"1"}');
    expect(goJsonStringMap({})).toBe('{}');
    expect(goJsonStringMap(undefined)).toBe('{}');
  });

  it('reads like ptcpdump: errors give an empty map, non-strings are skipped', () => {
    expect(parseGoJsonStringMap('{"a":"1","n":2,"o":{}}')).toEqual({ a: '1' });
    expect(parseGoJsonStringMap('[1]')).toEqual({});
    expect(parseGoJsonStringMap('null')).toEqual({});
    expect(parseGoJsonStringMap('{')).toEqual({});
  });
});
