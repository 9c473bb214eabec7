/**
 * Recursive-descent parser with an explicit nesting cap: parentheses, `not` and function calls all
 * count towards MAX_NESTING, so 10,000 nested parentheses give a FilterError instead of a stack
 * overflow (and the SQL stays far below SQLite's expression-depth limit). `and`/`or`/`xor` chains are
 * collected into n-ary nodes by loops, so long chains do not deepen the tree.
 *
 * Precedence, lowest first: or (||), xor (^^), and (&&), not (!), comparison, bitwise and (&),
 * slice / function call. `xor`/`^^` are Wireshark 4.2 syntax, accepted here too.
 */
import type { CmpOp, Expr, Operand, Quantifier, SetItem, SliceRange, Span } from './ast.js';
import { FilterError } from './errors.js';
import { Lexer, type Token } from './lexer.js';

export const MAX_NESTING = 150;
export const MAX_SET_ITEMS = 4096;
const MAX_BITAND_CHAIN = 8;

const CMP_WORDS: Record<string, { op: CmpOp; quant: Quantifier }> = {
  eq: { op: 'eq', quant: 'any' }, any_eq: { op: 'eq', quant: 'any' },
  ne: { op: 'ne', quant: 'all' }, all_ne: { op: 'ne', quant: 'all' },
  all_eq: { op: 'eq', quant: 'all' }, any_ne: { op: 'ne', quant: 'any' },
  lt: { op: 'lt', quant: 'any' }, le: { op: 'le', quant: 'any' },
  gt: { op: 'gt', quant: 'any' }, ge: { op: 'ge', quant: 'any' },
  contains: { op: 'contains', quant: 'any' }, matches: { op: 'matches', quant: 'any' },
};
const CMP_OPS: Record<string, { op: CmpOp; quant: Quantifier }> = {
  '==': { op: 'eq', quant: 'any' }, '!=': { op: 'ne', quant: 'all' },
  '===': { op: 'eq', quant: 'all' }, '!==': { op: 'ne', quant: 'any' }, '~=': { op: 'ne', quant: 'any' },
  '<': { op: 'lt', quant: 'any' }, '<=': { op: 'le', quant: 'any' },
  '>': { op: 'gt', quant: 'any' }, '>=': { op: 'ge', quant: 'any' },
  '~': { op: 'matches', quant: 'any' },
};

const LOGICAL_WORDS = new Set(['and', 'or', 'xor', 'not']);
/** Words that can never start an operand. */
const RESERVED = new Set([...LOGICAL_WORDS, ...Object.keys(CMP_WORDS), 'in', 'bitwise_and']);

function span(a: Span, b: Span): Span {
  return { pos: a.pos, len: b.pos + b.len - a.pos };
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of filter' : `"${t.text}"`;
}

export function parseFilter(text: string): Expr {
  const p = new Parser(text);
  return p.parse();
}

class Parser {
  private readonly lx: Lexer;
  private depth = 0;

  constructor(private readonly text: string) {
    this.lx = new Lexer(text);
  }

  parse(): Expr {
    if (this.lx.peek().kind === 'eof') throw new FilterError('syntax', 'The filter is empty.', 0, 1);
    const e = this.parseOr();
    const t = this.lx.peek();
    if (t.kind !== 'eof') {
      if (t.kind === ')') throw new FilterError('syntax', 'Unbalanced parentheses: ")" without a matching "(".', t.pos, 1);
      throw this.unexpected(t);
    }
    return e;
  }

  private unexpected(t: Token): FilterError {
    if (t.kind === 'eof') return new FilterError('syntax', 'Unexpected end of filter expression.', t.pos, 1);
    return new FilterError('syntax', `${describe(t)} was unexpected in this context.`, t.pos, t.len);
  }

  private enter(at: Span): void {
    if (++this.depth > MAX_NESTING) {
      throw new FilterError('limit', `Filter is nested too deeply (more than ${MAX_NESTING} levels of parentheses, "not" and function calls).`, at.pos, at.len);
    }
  }

  private leave(): void {
    this.depth--;
  }

  private isWord(t: Token, ...words: string[]): boolean {
    return t.kind === 'word' && words.includes(t.text);
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.text);
  }

  private parseChain(kind: 'or' | 'xor' | 'and', words: string[], ops: string[], sub: () => Expr): Expr {
    const first = sub();
    const items = [first];
    for (;;) {
      const t = this.lx.peek();
      if (!this.isWord(t, ...words) && !this.isOp(t, ...ops)) break;
      this.lx.next();
      if (this.lx.peek().kind === 'eof') throw new FilterError('syntax', `Missing expression after "${t.text}".`, t.pos, t.len);
      items.push(sub());
    }
    if (items.length === 1) return first;
    return { k: kind, items, ...span(first, items[items.length - 1]) };
  }

  private parseOr(): Expr {
    return this.parseChain('or', ['or'], ['||'], () => this.parseXor());
  }

  private parseXor(): Expr {
    return this.parseChain('xor', ['xor'], ['^^'], () => this.parseAnd());
  }

  private parseAnd(): Expr {
    return this.parseChain('and', ['and'], ['&&'], () => this.parseNot());
  }

  private parseNot(): Expr {
    // Iterative: a run of `not`s is counted, then wrapped around the primary.
    const nots: Token[] = [];
    while (this.isWord(this.lx.peek(), 'not') || this.isOp(this.lx.peek(), '!')) {
      const t = this.lx.next();
      this.enter(t);
      nots.push(t);
    }
    let e = this.parsePrimary();
    for (let i = nots.length - 1; i >= 0; i--) {
      e = { k: 'not', expr: e, ...span(nots[i], e) };
      this.leave();
    }
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.lx.peek();
    if (t.kind === '(') {
      this.lx.next();
      this.enter(t);
      if (this.lx.peek().kind === ')') throw new FilterError('syntax', 'Empty parentheses.', t.pos, 2);
      if (this.lx.peek().kind === 'eof') throw new FilterError('syntax', 'Unbalanced parentheses: "(" is never closed.', t.pos, 1);
      const inner = this.parseOr();
      const close = this.lx.peek();
      if (close.kind !== ')') {
        if (close.kind === 'eof') throw new FilterError('syntax', 'Unbalanced parentheses: "(" is never closed.', t.pos, 1);
        throw this.unexpected(close);
      }
      this.lx.next();
      this.leave();
      return { ...inner, ...span(t, close) };
    }
    return this.parseRelation();
  }

  private parseRelation(): Expr {
    let quant: Quantifier | null = null;
    let quantTok: Token | null = null;
    const first = this.lx.peek();
    if (this.isWord(first, 'any', 'all')) {
      this.lx.next();
      quantTok = first;
      quant = first.text as Quantifier;
    }
    const left = this.parseOperand();
    const start: Span = quantTok ?? left;
    const t = this.lx.peek();

    let cmp: { op: CmpOp; quant: Quantifier } | undefined;
    if (t.kind === 'op') cmp = CMP_OPS[t.text];
    else if (t.kind === 'word') cmp = CMP_WORDS[t.text];
    if (cmp) {
      this.lx.next();
      if (this.lx.peek().kind === 'eof') throw new FilterError('syntax', `Missing value after "${t.text}".`, t.pos, t.len);
      const right = this.parseOperand();
      return {
        k: 'cmp', op: cmp.op, quant: quant ?? cmp.quant, opText: t.text, opSpan: { pos: t.pos, len: t.len }, left, right,
        ...span(start, right),
      };
    }
    // After an operand, `not` can only be the start of `not in`.
    if (this.isWord(t, 'in', 'not')) {
      return this.parseIn(left, start, quant ?? 'any');
    }
    if (quantTok) {
      throw new FilterError('syntax', `"${quantTok.text}" must be followed by a comparison.`, quantTok.pos, quantTok.len);
    }
    return { k: 'test', operand: left, pos: left.pos, len: left.len };
  }

  private parseIn(left: Operand, start: Span, quant: Quantifier): Expr {
    let negated = false;
    let t = this.lx.next();
    const opStart = t;
    if (t.text === 'not') {
      negated = true;
      t = this.lx.next();
      if (!this.isWord(t, 'in')) throw new FilterError('syntax', '"not" after a field must be followed by "in".', opStart.pos, opStart.len);
    }
    const open = this.lx.next();
    if (open.kind !== '{') throw new FilterError('syntax', `"in" must be followed by a set in braces, like {80, 443}; found ${describe(open)}.`, open.pos, Math.max(1, open.len));
    const items: SetItem[] = [];
    for (;;) {
      let n = this.lx.peek();
      if (n.kind === '}') break;
      if (n.kind === 'eof') throw new FilterError('syntax', 'The set is missing its closing "}".', open.pos, 1);
      if (items.length > 0 && n.kind === ',') {
        this.lx.next();
        n = this.lx.peek();
        if (n.kind === '}' || n.kind === ',') throw this.unexpected(n);
      }
      if (items.length >= MAX_SET_ITEMS) throw new FilterError('limit', `A set can hold at most ${MAX_SET_ITEMS} values.`, n.pos, n.len);
      const lo = this.parseOperand();
      if (this.lx.peek().kind === '..') {
        this.lx.next();
        const hi = this.parseOperand();
        items.push({ lo, hi, ...span(lo, hi) });
      } else {
        items.push({ lo, pos: lo.pos, len: lo.len });
      }
    }
    const close = this.lx.next();
    if (items.length === 0) throw new FilterError('syntax', 'The set is empty.', open.pos, close.pos + 1 - open.pos);
    return {
      k: 'in', quant, negated, opSpan: span(opStart, t), left, items,
      ...span(start, close),
    };
  }

  private parseOperand(): Operand {
    let left = this.parseTerm();
    for (let n = 0; ; n++) {
      const t = this.lx.peek();
      if (!this.isOp(t, '&') && !this.isWord(t, 'bitwise_and')) return left;
      if (n >= MAX_BITAND_CHAIN) throw new FilterError('limit', `At most ${MAX_BITAND_CHAIN} "&" in a row.`, t.pos, t.len);
      this.lx.next();
      const right = this.parseTerm();
      left = { k: 'bitand', left, right, opSpan: { pos: t.pos, len: t.len }, ...span(left, right) };
    }
  }

  private parseTerm(): Operand {
    const t = this.lx.next();
    let term: Operand;
    if (t.kind === 'word') {
      if (RESERVED.has(t.text)) throw this.unexpected(t);
      if (this.lx.peek().kind === '(') {
        term = this.parseCall(t);
      } else {
        term = { k: 'word', text: t.text, pos: t.pos, len: t.len };
      }
    } else if (t.kind === 'string') {
      term = { k: 'string', bytes: t.bytes!, raw: t.raw ?? false, text: t.text, pos: t.pos, len: t.len };
    } else if (t.kind === 'char') {
      term = { k: 'char', value: t.value!, text: t.text, pos: t.pos, len: t.len };
    } else if (t.kind === 'op' && t.text === '-') {
      throw this.unexpected(t);
    } else if (t.kind === '{') {
      throw new FilterError('unsupported', 'Arithmetic expressions in braces are not supported.', t.pos, 1);
    } else {
      throw this.unexpected(t);
    }
    while (this.lx.peek().kind === '[') term = this.parseSlice(term);
    return term;
  }

  private parseCall(name: Token): Operand {
    const open = this.lx.next(); // '('
    this.enter(open);
    const args: Operand[] = [];
    if (this.lx.peek().kind !== ')') {
      for (;;) {
        args.push(this.parseOperand());
        const n = this.lx.peek();
        if (n.kind === ',') { this.lx.next(); continue; }
        if (n.kind === ')') break;
        if (n.kind === 'eof') throw new FilterError('syntax', `Unbalanced parentheses: "(" of ${name.text}() is never closed.`, open.pos, 1);
        throw this.unexpected(n);
      }
    }
    const close = this.lx.next();
    this.leave();
    return { k: 'call', name: name.text, nameSpan: { pos: name.pos, len: name.len }, args, ...span(name, close) };
  }

  private parseSlice(base: Operand): Operand {
    const open = this.lx.next();
    const body = this.lx.sliceBody(open);
    const ranges = parseSliceRanges(body.text, body.pos);
    const end = body.pos + body.text.length + 1;
    return { k: 'slice', base, ranges, rangeSpan: { pos: open.pos, len: end - open.pos }, pos: base.pos, len: end - base.pos };
  }
}

const MAX_SLICE_OFFSET = 0x7fffffff;

/** "0:4", "1-3", "2", "-1", ":4", "2:", "1,3-5,9:" (whitespace allowed). */
export function parseSliceRanges(text: string, pos: number): SliceRange[] {
  const parts = text.split(',');
  const out: SliceRange[] = [];
  let at = pos;
  for (const raw of parts) {
    const s = raw.replace(/\s+/g, '');
    const bad = () => new FilterError('syntax', `"${raw.trim() || text}" is not a valid slice range (use [i:j], [i-j], [i], [:j] or [i:]).`, at, Math.max(1, raw.length));
    const num = (v: string): number => {
      if (v.length > 11) throw new FilterError('literal', `Slice offset ${v} is too large.`, at, raw.length);
      const n = Number(v);
      if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_SLICE_OFFSET) throw new FilterError('literal', `Slice offset ${v} is too large.`, at, raw.length);
      return n;
    };
    let m: RegExpExecArray | null;
    if ((m = /^(-?\d+):(\d+)$/.exec(s))) out.push({ kind: 'length', start: num(m[1]), length: num(m[2]) });
    else if ((m = /^:(\d+)$/.exec(s))) out.push({ kind: 'length', start: 0, length: num(m[1]) });
    else if ((m = /^(-?\d+):$/.exec(s))) out.push({ kind: 'to-end', start: num(m[1]) });
    else if ((m = /^(-?\d+)-(-?\d+)$/.exec(s))) out.push({ kind: 'end', start: num(m[1]), end: num(m[2]) });
    else if ((m = /^(-?\d+)$/.exec(s))) out.push({ kind: 'length', start: num(m[1]), length: 1 });
    else throw bad();
    at += raw.length + 1;
  }
  return out;
}

/** Normalised slice spec passed to ww_slice: "S:L", "S:" or "S~E" items joined by ";". */
export function sliceSpec(ranges: SliceRange[]): string {
  return ranges.map((r) => (r.kind === 'length' ? `${r.start}:${r.length}` : r.kind === 'to-end' ? `${r.start}:` : `${r.start}~${r.end}`)).join(';');
}
