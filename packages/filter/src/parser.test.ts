import { describe, expect, it } from 'vitest';
import type { Expr, Operand } from './ast.js';
import { FilterError } from './errors.js';
import { MAX_NESTING, parseFilter } from './parser.js';

/** Compact S-expression of a tree, for readable assertions. */
function show(e: Expr): string {
  switch (e.k) {
    case 'and': case 'or': case 'xor': return `(${e.k} ${e.items.map(show).join(' ')})`;
    case 'not': return `(not ${show(e.expr)})`;
    case 'test': return op(e.operand);
    case 'cmp': return `(${e.quant === 'all' ? 'all ' : ''}${e.op} ${op(e.left)} ${op(e.right)})`;
    case 'in': return `(${e.negated ? 'notin' : 'in'} ${op(e.left)} {${e.items.map((i) => (i.hi ? `${op(i.lo)}..${op(i.hi)}` : op(i.lo))).join(' ')}})`;
  }
}
function op(o: Operand): string {
  switch (o.k) {
    case 'word': return o.text;
    case 'string': return JSON.stringify(Buffer.from(o.bytes).toString());
    case 'char': return `'${o.value}'`;
    case 'call': return `${o.name}(${o.args.map(op).join(',')})`;
    case 'slice': return `${op(o.base)}[${o.ranges.map((r) => JSON.stringify(r)).join(',')}]`;
    case 'bitand': return `(& ${op(o.left)} ${op(o.right)})`;
  }
}

function parseError(s: string): FilterError {
  try {
    parseFilter(s);
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    return e;
  }
  throw new Error(`no error for ${s}`);
}

describe('parser', () => {
  it('precedence: not > and > xor > or', () => {
    expect(show(parseFilter('a or b and c'))).toBe('(or a (and b c))');
    expect(show(parseFilter('a && b || c && d'))).toBe('(or (and a b) (and c d))');
    expect(show(parseFilter('not a and b'))).toBe('(and (not a) b)');
    expect(show(parseFilter('!a == 1'))).toBe('(not (eq a 1))');
    expect(show(parseFilter('a ^^ b && c || d'))).toBe('(or (xor a (and b c)) d)');
    expect(show(parseFilter('a and b and c and d'))).toBe('(and a b c d)');
    expect(show(parseFilter('(a or b) and c'))).toBe('(and (or a b) c)');
  });

  it('comparison operators, English and C-like, with their quantifiers', () => {
    expect(show(parseFilter('x eq 1'))).toBe('(eq x 1)');
    expect(show(parseFilter('x ne 1'))).toBe('(all ne x 1)');
    expect(show(parseFilter('x != 1'))).toBe('(all ne x 1)');
    expect(show(parseFilter('x === 1'))).toBe('(all eq x 1)');
    expect(show(parseFilter('x all_eq 1'))).toBe('(all eq x 1)');
    expect(show(parseFilter('x !== 1'))).toBe('(ne x 1)');
    expect(show(parseFilter('x any_ne 1'))).toBe('(ne x 1)');
    expect(show(parseFilter('x ~ "a"'))).toBe('(matches x "a")');
    expect(show(parseFilter('x matches "a"'))).toBe('(matches x "a")');
    expect(show(parseFilter('x contains "a"'))).toBe('(contains x "a")');
    expect(show(parseFilter('x lt 1 and x le 2 and x gt 3 and x ge 4'))).toBe('(and (lt x 1) (le x 2) (gt x 3) (ge x 4))');
    expect(show(parseFilter('all x > 1'))).toBe('(all gt x 1)');
    expect(show(parseFilter('any x != 1'))).toBe('(ne x 1)');
  });

  it('sets, ranges and not in', () => {
    expect(show(parseFilter('p in {80 443}'))).toBe('(in p {80 443})');
    expect(show(parseFilter('p in {80, 443, 8000..8080}'))).toBe('(in p {80 443 8000..8080})');
    expect(show(parseFilter('m in {"HEAD" "GET"}'))).toBe('(in m {"HEAD" "GET"})');
    expect(show(parseFilter('p not in {1}'))).toBe('(notin p {1})');
  });

  it('slices, functions, bitwise and', () => {
    expect(show(parseFilter('tcp.payload[0:4] == "crap"'))).toBe('(eq tcp.payload[{"kind":"length","start":0,"length":4}] "crap")');
    expect(show(parseFilter('f[1-3]'))).toBe('f[{"kind":"end","start":1,"end":3}]');
    expect(show(parseFilter('f[2]'))).toBe('f[{"kind":"length","start":2,"length":1}]');
    expect(show(parseFilter('f[-1]'))).toBe('f[{"kind":"length","start":-1,"length":1}]');
    expect(show(parseFilter('f[:4]'))).toBe('f[{"kind":"length","start":0,"length":4}]');
    expect(show(parseFilter('f[2:]'))).toBe('f[{"kind":"to-end","start":2}]');
    expect(show(parseFilter('f[ -4 : ]'))).toBe('f[{"kind":"to-end","start":-4}]');
    expect(show(parseFilter('f[1,3-5,9:]'))).toBe('f[{"kind":"length","start":1,"length":1},{"kind":"end","start":3,"end":5},{"kind":"to-end","start":9}]');
    expect(show(parseFilter('len(tcp.payload) > 10'))).toBe('(gt len(tcp.payload) 10)');
    expect(show(parseFilter('lower(upper(h)) == "x"'))).toBe('(eq lower(upper(h)) "x")');
    expect(show(parseFilter('tcp.flags & 0x02'))).toBe('(& tcp.flags 0x02)');
    expect(show(parseFilter('tcp.flags & 0x12 == 0x12'))).toBe('(eq (& tcp.flags 0x12) 0x12)');
    expect(show(parseFilter("x == 'a'"))).toBe("(eq x '97')");
  });

  it('records spans', () => {
    const e = parseFilter('  tcp.port  ==  80 ');
    expect(e).toMatchObject({ k: 'cmp', pos: 2, len: 16, opSpan: { pos: 12, len: 2 } });
    const p = parseFilter('(a)');
    expect(p).toMatchObject({ pos: 0, len: 3 });
  });

  it('reports unbalanced parentheses and unexpected tokens', () => {
    expect(parseError('((tcp)')).toMatchObject({ code: 'syntax', position: 0, message: expect.stringContaining('never closed') });
    expect(parseError('tcp)')).toMatchObject({ code: 'syntax', position: 3, message: expect.stringContaining('without a matching') });
    expect(parseError('')).toMatchObject({ code: 'syntax', message: expect.stringContaining('empty') });
    expect(parseError('   ')).toMatchObject({ code: 'syntax' });
    expect(parseError('tcp and')).toMatchObject({ code: 'syntax', position: 4 });
    expect(parseError('tcp.port ==')).toMatchObject({ code: 'syntax', position: 9 });
    expect(parseError('== 80')).toMatchObject({ code: 'syntax', position: 0 });
    expect(parseError('tcp udp')).toMatchObject({ code: 'syntax', position: 4 });
    expect(parseError('()')).toMatchObject({ code: 'syntax', position: 0 });
    expect(parseError('p in 80')).toMatchObject({ code: 'syntax' });
    expect(parseError('p in {80')).toMatchObject({ code: 'syntax' });
    expect(parseError('p in {}')).toMatchObject({ code: 'syntax' });
    expect(parseError('p in {1,,2}')).toMatchObject({ code: 'syntax' });
    expect(parseError('f[0:4')).toMatchObject({ code: 'syntax' });
    expect(parseError('f[a]')).toMatchObject({ code: 'syntax' });
    expect(parseError('f[99999999999999]')).toMatchObject({ code: 'literal' });
    expect(parseError('len(x')).toMatchObject({ code: 'syntax' });
    expect(parseError('all tcp')).toMatchObject({ code: 'syntax' });
    expect(parseError('tcp not udp')).toMatchObject({ code: 'syntax' });
    expect(parseError('a & 1 & 1 & 1 & 1 & 1 & 1 & 1 & 1 & 1 & 1')).toMatchObject({ code: 'limit' });
  });

  it('caps nesting with a typed error instead of overflowing the stack', () => {
    for (const f of [
      '('.repeat(10_000) + 'tcp' + ')'.repeat(10_000),
      '('.repeat(10_000),
      '!'.repeat(10_000) + 'tcp',
      'not '.repeat(10_000) + 'tcp',
      'len('.repeat(10_000) + 'x' + ')'.repeat(10_000),
      '(!'.repeat(5_000) + 'tcp' + ')'.repeat(5_000),
    ]) {
      expect(parseError(f)).toMatchObject({ code: 'limit' });
    }
    expect(() => parseFilter('('.repeat(MAX_NESTING) + 'tcp' + ')'.repeat(MAX_NESTING))).not.toThrow();
  });

  it('long flat chains parse without deep recursion', () => {
    const e = parseFilter(Array.from({ length: 15_000 }, () => 'ip').join('||'));
    expect(e.k === 'or' && e.items.length).toBe(15_000);
  });
});
