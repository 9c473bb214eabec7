/**
 * Scanner for the display-filter language. Like Wireshark's, it does not decide what an unquoted
 * word means: `tcp.port`, `10.0.0.0/8`, `00:11:22`, `fe80::1`, `0x1f` and `and` are all words; the
 * parser picks keywords out and the compiler reads the others as field names or as literals of the
 * type of the field they are compared with.
 */
import { FilterError } from './errors.js';
import { pushCodePoint } from './utf8.js';

export type TokenKind =
  | 'word' | 'string' | 'char'
  | '(' | ')' | '{' | '}' | '[' | ']' | ',' | '..'
  | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: including the quotes). */
  text: string;
  pos: number;
  len: number;
  /** Decoded bytes of a string literal. */
  bytes?: Uint8Array;
  /** String literal written as r"..." (backslashes kept). */
  raw?: boolean;
  /** Value of a character constant. */
  value?: number;
}

/** Characters an unquoted word is made of. */
export function isWordChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '.' || c === ':' || c === '-' || c === '/';
}

const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '^^', '~=', '<', '>', '~', '!', '&'];

export const MAX_FILTER_LENGTH = 100_000;

export class Lexer {
  private i = 0;
  private peeked: Token | null = null;

  constructor(readonly text: string) {
    if (text.length > MAX_FILTER_LENGTH) {
      throw new FilterError('limit', `Filter is too long (${text.length} characters, maximum ${MAX_FILTER_LENGTH}).`, MAX_FILTER_LENGTH, 1);
    }
  }

  peek(): Token {
    if (!this.peeked) this.peeked = this.scan();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  /**
   * After a consumed `[`: the raw text up to the matching `]` (slices have their own little syntax,
   * "0:4", "1-3", "-1", ":4", "2:", "1,3-5"). Consumes the `]`.
   */
  sliceBody(open: Token): { text: string; pos: number } {
    if (this.peeked) throw new Error('lexer: sliceBody with a buffered token');
    const start = this.i;
    const end = this.text.indexOf(']', start);
    if (end < 0) throw new FilterError('syntax', 'Unclosed "[": missing "]".', open.pos, 1);
    this.i = end + 1;
    return { text: this.text.slice(start, end), pos: start };
  }

  private scan(): Token {
    const s = this.text;
    while (this.i < s.length && /\s/.test(s[this.i])) this.i++;
    const pos = this.i;
    if (pos >= s.length) return { kind: 'eof', text: '', pos, len: 0 };
    const c = s[pos];

    if ((c === 'r' || c === 'R') && s[pos + 1] === '"') return this.string(pos, true);
    if (c === '"') return this.string(pos, false);
    if (c === "'") return this.charConst(pos);

    if (c === '.' && s[pos + 1] === '.') {
      this.i += 2;
      return { kind: '..', text: '..', pos, len: 2 };
    }
    if (isWordChar(c)) {
      let j = pos;
      while (j < s.length && isWordChar(s[j]) && !(s[j] === '.' && s[j + 1] === '.')) j++;
      this.i = j;
      return { kind: 'word', text: s.slice(pos, j), pos, len: j - pos };
    }
    if ('(){}[],'.includes(c)) {
      this.i++;
      return { kind: c as TokenKind, text: c, pos, len: 1 };
    }
    for (const op of OPERATORS) {
      if (s.startsWith(op, pos)) {
        this.i += op.length;
        return { kind: 'op', text: op, pos, len: op.length };
      }
    }
    if (c === '=') throw new FilterError('syntax', '"=" is not an operator; did you mean "=="?', pos, 1);
    if (c === '|') throw new FilterError('syntax', '"|" is not an operator; did you mean "||"?', pos, 1);
    if (c === '#') throw new FilterError('unsupported', 'The layer operator "#" is not supported.', pos, 1);
    if (c === '$') throw new FilterError('unsupported', 'Field references ("${...}") are not supported.', pos, 1);
    if ('+*%'.includes(c)) throw new FilterError('unsupported', `Arithmetic ("${c}") is not supported.`, pos, 1);
    const cp = s.codePointAt(pos)!;
    const shown = cp < 0x20 || cp === 0x7f ? `\\x${cp.toString(16).padStart(2, '0')}` : String.fromCodePoint(cp);
    throw new FilterError('syntax', `"${shown}" was unexpected in this context.`, pos, cp > 0xffff ? 2 : 1);
  }

  private string(pos: number, raw: boolean): Token {
    const s = this.text;
    let j = pos + (raw ? 2 : 1);
    const out: number[] = [];
    for (;;) {
      if (j >= s.length) throw new FilterError('syntax', 'The string is missing its closing double quote.', pos, 1);
      const c = s[j];
      if (c === '"') { j++; break; }
      if (c === '\\') {
        if (raw) {
          // Raw strings keep the backslash; \" still does not end the string.
          out.push(0x5c);
          if (s[j + 1] === '"' || s[j + 1] === '\\') { out.push(s.charCodeAt(j + 1)); j += 2; } else j++;
          continue;
        }
        j = this.escape(j, out);
        continue;
      }
      j = this.literalChar(j, out);
    }
    this.i = j;
    return { kind: 'string', text: s.slice(pos, j), pos, len: j - pos, bytes: Uint8Array.from(out), raw };
  }

  /** Appends the UTF-8 bytes of the code point at j; returns the next index. */
  private literalChar(j: number, out: number[]): number {
    const s = this.text;
    const c = s.charCodeAt(j);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(j + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pushCodePoint(out, 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        return j + 2;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) throw new FilterError('literal', 'Invalid character (lone UTF-16 surrogate) in string.', j, 1);
    pushCodePoint(out, c);
    return j + 1;
  }

  /** Decodes the escape at s[j] === '\\' into out; returns the next index. */
  private escape(j: number, out: number[]): number {
    const s = this.text;
    const e = s[j + 1];
    const simple: Record<string, number> = { "'": 0x27, '"': 0x22, '\\': 0x5c, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (e === undefined) throw new FilterError('syntax', 'The string is missing its closing double quote.', j, 1);
    if (e in simple) { out.push(simple[e]); return j + 2; }
    if (e >= '0' && e <= '7') {
      let k = j + 1;
      let v = 0;
      while (k < j + 4 && s[k] >= '0' && s[k] <= '7') { v = v * 8 + (s.charCodeAt(k) - 48); k++; }
      if (v > 255) throw new FilterError('literal', `Octal escape "${s.slice(j, k)}" is greater than \\377.`, j, k - j);
      out.push(v);
      return k;
    }
    if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(j + 2, j + 4));
      if (!m) throw new FilterError('literal', 'Invalid hexadecimal escape "\\x": expected one or two hex digits.', j, 2);
      out.push(parseInt(m[0], 16));
      return j + 2 + m[0].length;
    }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const digits = s.slice(j + 2, j + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) {
        throw new FilterError('literal', `Invalid Unicode escape "\\${e}": expected ${n} hex digits.`, j, 2 + digits.length);
      }
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw new FilterError('literal', `"\\${e}${digits}" is not a valid Unicode code point.`, j, 2 + n);
      }
      pushCodePoint(out, cp);
      return j + 2 + n;
    }
    throw new FilterError('literal', `Invalid escape sequence "\\${e}".`, j, 2);
  }

  private charConst(pos: number): Token {
    const s = this.text;
    const out: number[] = [];
    let j = pos + 1;
    if (j >= s.length) throw new FilterError('syntax', 'The character constant is missing its closing quote.', pos, 1);
    if (s[j] === '\\') j = this.escape(j, out);
    else if (s[j] === "'") throw new FilterError('literal', 'Empty character constant.', pos, 2);
    else j = this.literalChar(j, out);
    if (s[j] !== "'") {
      const close = s.indexOf("'", j);
      const len = (close < 0 ? s.length : close + 1) - pos;
      throw new FilterError('literal', `${s.slice(pos, pos + len)} is not a valid character constant.`, pos, len);
    }
    j++;
    if (out.length !== 1) throw new FilterError('literal', `${s.slice(pos, j)} is not a single-byte character constant.`, pos, j - pos);
    this.i = j;
    return { kind: 'char', text: s.slice(pos, j), pos, len: j - pos, value: out[0] };
  }
}

/** All tokens of a filter (for tests and tools); the parser pulls them one at a time instead. */
export function tokenize(text: string): Token[] {
  const lx = new Lexer(text);
  const out: Token[] = [];
  for (;;) {
    const t = lx.next();
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}
