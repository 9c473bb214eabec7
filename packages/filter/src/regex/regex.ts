/**
 * A bounded regular-expression engine for `matches`: a Thompson NFA simulated over the input bytes
 * (a Pike VM without captures, since `matches` only asks yes or no). Time is O(input × program) and
 * memory O(program): no pattern can backtrack exponentially — `(a+)+$` on a long run of "a"s is as
 * cheap as `a`.
 *
 * Dialect: the PCRE2 subset that needs no backtracking, in byte (non-UTF) mode like Wireshark's
 * PCRE2 use: literals, `.`, classes (ranges, negation, \d \w \s, POSIX [:alpha:]...), groups
 * (capturing, `(?:...)`, named), alternation, `* + ? {n} {n,} {n,m}` (lazy forms accepted: for a
 * yes/no match they are equivalent), anchors `^ $ \A \z \Z \b \B`, and the flags `(?i)`, `(?-i)`,
 * `(?s)`, `(?m)` (inline or scoped `(?i:...)`). Case-insensitive by default, like Wireshark.
 * Backreferences, lookaround, atomic groups, possessive quantifiers, \Q..\E, recursion and callouts
 * are rejected with a RegexError naming the offset.
 */

export class RegexError extends Error {
  override readonly name = 'RegexError';
  constructor(message: string, readonly index: number, readonly length = 1) {
    super(message);
  }
}

/** Limits: pattern text, compiled program size, group nesting, counted repetition bound. */
export const REGEX_LIMITS = { patternLength: 4096, program: 20_000, nesting: 100, repeat: 1000 } as const;

type Bits = Uint32Array; // 256-bit byte set

type Node =
  | { t: 'set'; bits: Bits }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'assert'; kind: AssertKind };

type AssertKind = 'bol' | 'eol' | 'mbol' | 'meol' | 'start' | 'end' | 'endnl' | 'wordb' | 'nwordb';

interface Flags { i: boolean; s: boolean; m: boolean }

function newBits(): Bits {
  return new Uint32Array(8);
}
function setBit(b: Bits, c: number): void {
  b[c >> 5] |= 1 << (c & 31);
}
function hasBit(b: Bits, c: number): boolean {
  return (b[c >> 5] & (1 << (c & 31))) !== 0;
}
function addRange(b: Bits, lo: number, hi: number): void {
  for (let c = lo; c <= hi; c++) setBit(b, c);
}
function fold(b: Bits): void {
  for (let c = 65; c <= 90; c++) {
    if (hasBit(b, c) || hasBit(b, c + 32)) { setBit(b, c); setBit(b, c + 32); }
  }
}
function invert(b: Bits): void {
  for (let i = 0; i < 8; i++) b[i] = ~b[i];
}

const isWordByte = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function classBits(name: string): Bits | null {
  const b = newBits();
  switch (name) {
    case 'd': case 'digit': addRange(b, 48, 57); break;
    case 'w': case 'word': addRange(b, 48, 57); addRange(b, 65, 90); addRange(b, 97, 122); setBit(b, 95); break;
    case 's': case 'space': for (const c of [9, 10, 11, 12, 13, 32]) setBit(b, c); break;
    case 'alpha': addRange(b, 65, 90); addRange(b, 97, 122); break;
    case 'alnum': addRange(b, 48, 57); addRange(b, 65, 90); addRange(b, 97, 122); break;
    case 'upper': addRange(b, 65, 90); break;
    case 'lower': addRange(b, 97, 122); break;
    case 'xdigit': addRange(b, 48, 57); addRange(b, 65, 70); addRange(b, 97, 102); break;
    case 'punct': addRange(b, 33, 47); addRange(b, 58, 64); addRange(b, 91, 96); addRange(b, 123, 126); break;
    case 'blank': setBit(b, 9); setBit(b, 32); break;
    case 'cntrl': addRange(b, 0, 31); setBit(b, 127); break;
    case 'print': addRange(b, 32, 126); break;
    case 'graph': addRange(b, 33, 126); break;
    case 'ascii': addRange(b, 0, 127); break;
    default: return null;
  }
  return b;
}

/** Pattern text as bytes (UTF-8), remembering the source index of every byte for error positions. */
function patternBytes(p: string): { bytes: number[]; at: number[] } {
  const bytes: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < p.length; i++) {
    let c = p.charCodeAt(i);
    const start = i;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < p.length) {
      const d = p.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    const enc: number[] = [];
    if (c < 0x80) enc.push(c);
    else if (c < 0x800) enc.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) enc.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else enc.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    for (const e of enc) { bytes.push(e); at.push(start); }
  }
  return { bytes, at };
}

class RegexParser {
  private i = 0;
  private depth = 0;
  private readonly b: number[];
  private readonly at: number[];

  constructor(pattern: string) {
    const pb = patternBytes(pattern);
    this.b = pb.bytes;
    this.at = pb.at;
  }

  private err(msg: string, i = this.i, len = 1): RegexError {
    const idx = i < this.at.length ? this.at[i] : (this.at.length ? this.at[this.at.length - 1] + 1 : 0);
    return new RegexError(msg, idx, len);
  }

  private peek(k = 0): number {
    return this.i + k < this.b.length ? this.b[this.i + k] : -1;
  }

  parse(flags: Flags): Node {
    const n = this.alt(flags);
    if (this.i < this.b.length) {
      if (this.peek() === 0x29) throw this.err('unmatched ")" in regular expression');
      throw this.err('unexpected character in regular expression');
    }
    return n;
  }

  /** Alternation; `flags` may be changed in place by inline (?i) for the rest of the group. */
  private alt(flags: Flags): Node {
    const items: Node[] = [this.cat(flags)];
    while (this.peek() === 0x7c) { // |
      this.i++;
      items.push(this.cat(flags));
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private cat(flags: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === -1 || c === 0x7c || c === 0x29) break;
      const atom = this.atom(flags);
      if (atom === null) continue; // inline flag group
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.peek();
      let min: number, max: number;
      const qStart = this.i;
      if (c === 0x2a) { min = 0; max = Infinity; this.i++; } // *
      else if (c === 0x2b) { min = 1; max = Infinity; this.i++; } // +
      else if (c === 0x3f) { min = 0; max = 1; this.i++; } // ?
      else if (c === 0x7b) { // {
        const q = this.counted();
        if (!q) return node;
        ({ min, max } = q);
      } else return node;
      if (node.t === 'assert') throw this.err('quantifier after an assertion', qStart);
      if (node.t === 'rep' && node !== atom) throw this.err('nested quantifier', qStart);
      if (this.peek() === 0x2b) throw this.err('possessive quantifiers are not supported', this.i);
      if (this.peek() === 0x3f) this.i++; // lazy: same yes/no answer
      node = { t: 'rep', node, min, max };
    }
  }

  /** {n}, {n,}, {n,m}; null (and no input consumed) when the brace is a literal, as in PCRE. */
  private counted(): { min: number; max: number } | null {
    const start = this.i;
    let j = this.i + 1;
    const num = (): number | null => {
      let s = '';
      while (j < this.b.length && this.b[j] >= 48 && this.b[j] <= 57) s += String.fromCharCode(this.b[j++]);
      return s === '' ? null : (s.length > 6 ? 1e9 : Number(s));
    };
    const min = num();
    if (min === null) return null;
    let max = min;
    if (this.b[j] === 0x2c) {
      j++;
      const m = num();
      max = m === null ? Infinity : m;
    }
    if (this.b[j] !== 0x7d) return null;
    j++;
    if (min > REGEX_LIMITS.repeat || (max !== Infinity && max > REGEX_LIMITS.repeat)) {
      throw this.err(`repetition count larger than ${REGEX_LIMITS.repeat}`, start, j - start);
    }
    if (max < min) throw this.err('numbers out of order in {} quantifier', start, j - start);
    this.i = j;
    return { min, max };
  }

  private byteSet(c: number, flags: Flags): Node {
    const bits = newBits();
    setBit(bits, c);
    if (flags.i) fold(bits);
    return { t: 'set', bits };
  }

  private atom(flags: Flags): Node | null {
    const c = this.peek();
    const start = this.i;
    switch (c) {
      case 0x28: return this.group(flags);
      case 0x5b: return this.charClass(flags);
      case 0x2e: { // .
        this.i++;
        const bits = newBits();
        invert(bits);
        if (!flags.s) bits[10 >> 5] &= ~(1 << 10);
        return { t: 'set', bits };
      }
      case 0x5e: this.i++; return { t: 'assert', kind: flags.m ? 'mbol' : 'bol' };
      case 0x24: this.i++; return { t: 'assert', kind: flags.m ? 'meol' : 'eol' };
      case 0x5c: return this.escape(flags, false) as Node;
      case 0x2a: case 0x2b: case 0x3f: throw this.err('quantifier does not follow a repeatable item', start);
      case 0x7b: {
        if (this.counted()) throw this.err('quantifier does not follow a repeatable item', start);
        this.i++;
        return this.byteSet(c, flags);
      }
      default:
        this.i++;
        return this.byteSet(c, flags);
    }
  }

  private group(flags: Flags): Node | null {
    const open = this.i;
    this.i++;
    if (++this.depth > REGEX_LIMITS.nesting) throw this.err('parentheses are nested too deeply', open);
    let inner: Flags = { ...flags };
    if (this.peek() === 0x3f) { // (?
      this.i++;
      const k = this.peek();
      if (k === 0x3a) { this.i++; } // (?:
      else if (k === 0x3d || k === 0x21) throw this.err('lookahead assertions are not supported', open, 3);
      else if (k === 0x3c && (this.peek(1) === 0x3d || this.peek(1) === 0x21)) throw this.err('lookbehind assertions are not supported', open, 4);
      else if (k === 0x3e) throw this.err('atomic groups are not supported', open, 3);
      else if (k === 0x7c) throw this.err('branch-reset groups are not supported', open, 3);
      else if (k === 0x23) { // (?# comment )
        while (this.peek() !== -1 && this.peek() !== 0x29) this.i++;
        if (this.peek() !== 0x29) throw this.err('missing ) after comment', open);
        this.i++;
        this.depth--;
        return null;
      } else if (k === 0x3c || k === 0x50 || k === 0x27) { // (?<name> (?P<name> (?'name'
        if (k === 0x50) {
          this.i++;
          if (this.peek() !== 0x3c) throw this.err('named back references and recursion are not supported', open, 3);
        }
        const close = this.peek() === 0x27 ? 0x27 : 0x3e;
        this.i++;
        const nameStart = this.i;
        while (this.peek() !== -1 && this.peek() !== close) {
          const ch = this.peek();
          if (!isWordByte(ch)) throw this.err('invalid character in group name', this.i);
          this.i++;
        }
        if (this.peek() !== close || this.i === nameStart) throw this.err('invalid group name', open);
        this.i++;
      } else {
        // Inline flags: (?i) (?-i) (?is-m) (?i:...)
        let on = true;
        let any = false;
        for (;;) {
          const f = this.peek();
          if (f === 0x2d) { if (!on) throw this.err('invalid inline flags', this.i); on = false; this.i++; continue; }
          if (f === 0x69) { inner.i = on; any = true; this.i++; continue; }
          if (f === 0x73) { inner.s = on; any = true; this.i++; continue; }
          if (f === 0x6d) { inner.m = on; any = true; this.i++; continue; }
          if (f === 0x29) {
            if (!any && on) throw this.err('empty inline flag group', open);
            this.i++;
            // Applies to the rest of the enclosing group.
            flags.i = inner.i; flags.s = inner.s; flags.m = inner.m;
            this.depth--;
            return null;
          }
          if (f === 0x3a) { this.i++; break; }
          if (f === 0x78 || f === 0x6e || f === 0x55 || f === 0x4a || f === 0x5e) throw this.err(`inline flag "${String.fromCharCode(f)}" is not supported`, this.i);
          if (f >= 0x30 && f <= 0x39 || f === 0x52 || f === 0x26 || f === 0x2b) throw this.err('recursion and subroutine calls are not supported', open, 3);
          if (f === 0x43) throw this.err('callouts are not supported', open, 3);
          throw this.err('unrecognized character after (?', this.i);
        }
      }
    }
    inner = { ...inner };
    const node = this.alt(inner);
    if (this.peek() !== 0x29) throw this.err('missing ) in regular expression', open);
    this.i++;
    this.depth--;
    // A group is repeatable even when it only holds an assertion: "(^)*" is valid, "^*" is not.
    return node.t === 'assert' ? { t: 'cat', items: [node] } : node;
  }

  /** Escape at \\. In a class, returns a byte set or a single byte code; outside, a node. */
  private escape(flags: Flags, inClass: boolean): Node | number {
    const start = this.i;
    this.i++;
    const c = this.peek();
    if (c === -1) throw this.err('\\ at end of pattern', start);
    this.i++;
    const ch = String.fromCharCode(c);
    const lit = (v: number): Node | number => (inClass ? v : this.byteSet(v, flags));
    switch (ch) {
      case 'n': return lit(10);
      case 'r': return lit(13);
      case 't': return lit(9);
      case 'f': return lit(12);
      case 'v': if (inClass) return 11; break;
      case 'a': return lit(7);
      case 'e': return lit(27);
      case '0': {
        let v = 0, k = 0;
        while (k < 2 && this.peek() >= 0x30 && this.peek() <= 0x37) { v = v * 8 + this.peek() - 0x30; this.i++; k++; }
        return lit(v);
      }
      case 'x': {
        let hex = '';
        if (this.peek() === 0x7b) {
          this.i++;
          while (this.peek() !== -1 && this.peek() !== 0x7d) hex += String.fromCharCode(this.b[this.i++]);
          if (this.peek() !== 0x7d || !/^[0-9a-fA-F]{1,8}$/.test(hex)) throw this.err('invalid \\x{...} escape', start);
          this.i++;
        } else {
          while (hex.length < 2 && /[0-9a-fA-F]/.test(String.fromCharCode(this.peek()))) hex += String.fromCharCode(this.b[this.i++]);
          if (hex === '') return lit(0);
        }
        const v = parseInt(hex, 16);
        if (v > 255) throw this.err('character code point value in \\x{} is too large (byte mode)', start, this.i - start);
        return lit(v);
      }
      case 'c': {
        const k = this.peek();
        if (k === -1) throw this.err('\\c at end of pattern', start);
        this.i++;
        return lit((k >= 97 && k <= 122 ? k - 32 : k) ^ 0x40);
      }
      default: break;
    }
    if ('dDwWsShHvVN'.includes(ch) && !(inClass && ch === 'N')) {
      let bits: Bits;
      const lower = ch.toLowerCase();
      if (lower === 'h') { bits = newBits(); setBit(bits, 9); setBit(bits, 32); setBit(bits, 0xa0); }
      else if (lower === 'v') { bits = newBits(); addRange(bits, 10, 13); setBit(bits, 0x85); }
      else if (ch === 'N') { bits = newBits(); setBit(bits, 10); invert(bits); return { t: 'set', bits }; }
      else bits = classBits(lower)!;
      if (ch !== lower) invert(bits);
      return { t: 'set', bits };
    }
    if (!inClass) {
      switch (ch) {
        case 'b': return { t: 'assert', kind: 'wordb' };
        case 'B': return { t: 'assert', kind: 'nwordb' };
        case 'A': return { t: 'assert', kind: 'start' };
        case 'z': return { t: 'assert', kind: 'end' };
        case 'Z': return { t: 'assert', kind: 'endnl' };
        case 'G': throw this.err('\\G is not supported', start, 2);
        case 'K': throw this.err('\\K is not supported', start, 2);
        case 'Q': case 'E': throw this.err('\\Q...\\E quoting is not supported', start, 2);
        case 'p': case 'P': case 'X': case 'R': case 'C':
          throw this.err(`\\${ch} is not supported`, start, 2);
        case 'g': case 'k': throw this.err('back references are not supported', start, 2);
        default: break;
      }
      if (c >= 0x31 && c <= 0x39) throw this.err('back references are not supported', start, 2);
    } else if (ch === 'b') return 8;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      throw this.err(`unrecognized escape sequence \\${ch}`, start, 2);
    }
    return lit(c);
  }

  private charClass(flags: Flags): Node {
    const open = this.i;
    this.i++;
    const bits = newBits();
    let negate = false;
    if (this.peek() === 0x5e) { negate = true; this.i++; }
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === -1) throw this.err('missing terminating ] for character class', open);
      if (c === 0x5d && !first) { this.i++; break; }
      first = false;
      // POSIX class [:name:]
      if (c === 0x5b && this.peek(1) === 0x3a) {
        let j = this.i + 2;
        let name = '';
        let neg = false;
        if (this.b[j] === 0x5e) { neg = true; j++; }
        while (j < this.b.length && this.b[j] >= 0x61 && this.b[j] <= 0x7a) name += String.fromCharCode(this.b[j++]);
        if (this.b[j] === 0x3a && this.b[j + 1] === 0x5d) {
          const cb = classBits(name);
          if (!cb) throw this.err(`unknown POSIX class name [:${name}:]`, this.i, j + 2 - this.i);
          if (neg) invert(cb);
          for (let k = 0; k < 8; k++) bits[k] |= cb[k];
          this.i = j + 2;
          continue;
        }
      }
      let lo: number;
      if (c === 0x5c) {
        const e = this.escape(flags, true);
        if (typeof e !== 'number') {
          const eb = (e as { bits: Bits }).bits;
          for (let k = 0; k < 8; k++) bits[k] |= eb[k];
          continue;
        }
        lo = e;
      } else {
        lo = c;
        this.i++;
      }
      // Range?
      if (this.peek() === 0x2d && this.peek(1) !== 0x5d && this.peek(1) !== -1) {
        const dash = this.i;
        this.i++;
        let hi: number;
        if (this.peek() === 0x5c) {
          const e = this.escape(flags, true);
          if (typeof e !== 'number') throw this.err('invalid range in character class', dash);
          hi = e;
        } else if (this.peek() === 0x5b && this.peek(1) === 0x3a) {
          throw this.err('invalid range in character class', dash);
        } else {
          hi = this.peek();
          this.i++;
        }
        if (hi < lo) throw this.err('range out of order in character class', dash - 1, 3);
        addRange(bits, lo, hi);
      } else {
        setBit(bits, lo);
      }
    }
    if (flags.i) fold(bits);
    if (negate) invert(bits);
    return { t: 'set', bits };
  }
}

// ---- Program ----------------------------------------------------------------------------------

const enum Op { Set, Split, Jmp, Assert, Match }

interface Inst { op: Op; bits?: Bits; x?: number; y?: number; kind?: AssertKind }

class Compiler {
  readonly prog: Inst[] = [];

  private emit(i: Inst): number {
    if (this.prog.length >= REGEX_LIMITS.program) throw new RegexError(`regular expression is too large (more than ${REGEX_LIMITS.program} instructions after expanding repetitions)`, 0);
    this.prog.push(i);
    return this.prog.length - 1;
  }

  gen(n: Node): void {
    switch (n.t) {
      case 'set': this.emit({ op: Op.Set, bits: n.bits }); return;
      case 'assert': this.emit({ op: Op.Assert, kind: n.kind }); return;
      case 'cat': for (const it of n.items) this.gen(it); return;
      case 'alt': {
        // split L1, next; L1: a; jmp end; next: split ... ; last alternative falls through
        const jumps: number[] = [];
        for (let k = 0; k < n.items.length; k++) {
          if (k < n.items.length - 1) {
            const split = this.emit({ op: Op.Split });
            this.prog[split].x = this.prog.length;
            this.gen(n.items[k]);
            jumps.push(this.emit({ op: Op.Jmp }));
            this.prog[split].y = this.prog.length;
          } else {
            this.gen(n.items[k]);
          }
        }
        for (const j of jumps) this.prog[j].x = this.prog.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) this.gen(n.node);
        if (n.max === Infinity) {
          // L: split body, end; body; jmp L
          const split = this.emit({ op: Op.Split });
          this.prog[split].x = this.prog.length;
          this.gen(n.node);
          const j = this.emit({ op: Op.Jmp });
          this.prog[j].x = split;
          this.prog[split].y = this.prog.length;
        } else {
          const splits: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            const split = this.emit({ op: Op.Split });
            this.prog[split].x = this.prog.length;
            splits.push(split);
            this.gen(n.node);
          }
          for (const s of splits) this.prog[s].y = this.prog.length;
        }
        return;
      }
    }
  }
}

export interface RegexOptions {
  /** Default true, as in Wireshark; `(?-i)` in the pattern turns it off. */
  caseInsensitive?: boolean;
}

/** A compiled pattern: test(bytes) in O(bytes × program). */
export class Regex {
  private readonly prog: Inst[];
  private readonly n: number;
  // Work lists reused across calls (the engine is synchronous).
  private readonly clist: Int32Array;
  private readonly nlist: Int32Array;
  private readonly mark: Uint32Array;
  private readonly stack: Int32Array;
  private gen = 0;

  constructor(readonly pattern: string, options: RegexOptions = {}) {
    if (pattern.length > REGEX_LIMITS.patternLength) {
      throw new RegexError(`regular expression is too long (more than ${REGEX_LIMITS.patternLength} characters)`, REGEX_LIMITS.patternLength);
    }
    const flags: Flags = { i: options.caseInsensitive ?? true, s: false, m: false };
    const ast = new RegexParser(pattern).parse(flags);
    const c = new Compiler();
    c.gen(ast);
    c.prog.push({ op: Op.Match });
    this.prog = c.prog;
    this.n = this.prog.length;
    this.clist = new Int32Array(this.n);
    this.nlist = new Int32Array(this.n);
    this.mark = new Uint32Array(this.n);
    this.stack = new Int32Array(this.n * 2 + 2);
  }

  get programSize(): number {
    return this.n;
  }

  private assertOk(kind: AssertKind, input: Uint8Array, pos: number): boolean {
    const len = input.length;
    switch (kind) {
      case 'bol': case 'start': return pos === 0;
      case 'mbol': return pos === 0 || input[pos - 1] === 10;
      case 'end': return pos === len;
      case 'eol': case 'endnl': return pos === len || (pos === len - 1 && input[pos] === 10);
      case 'meol': return pos === len || input[pos] === 10;
      case 'wordb': case 'nwordb': {
        const a = pos > 0 && isWordByte(input[pos - 1]);
        const b = pos < len && isWordByte(input[pos]);
        return (a !== b) === (kind === 'wordb');
      }
    }
  }

  /** Adds pc and its epsilon closure at pos to list; returns the new count, or -1 on Match. */
  private add(list: Int32Array, count: number, pc0: number, input: Uint8Array, pos: number): number {
    const prog = this.prog;
    const mark = this.mark;
    const gen = this.gen;
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const pc = stack[--sp];
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      const inst = prog[pc];
      switch (inst.op) {
        case Op.Jmp: stack[sp++] = inst.x!; break;
        case Op.Split: stack[sp++] = inst.y!; stack[sp++] = inst.x!; break;
        case Op.Assert: if (this.assertOk(inst.kind!, input, pos)) stack[sp++] = pc + 1; break;
        case Op.Match: return -1;
        case Op.Set: list[count++] = pc; break;
      }
    }
    return count;
  }

  private nextGen(): void {
    this.gen = (this.gen + 1) >>> 0;
    if (this.gen === 0) { this.mark.fill(0); this.gen = 1; }
  }

  /** True when the pattern matches somewhere in input. */
  test(input: Uint8Array): boolean {
    let clist = this.clist;
    let nlist = this.nlist;
    this.nextGen();
    let ccount = this.add(clist, 0, 0, input, 0);
    if (ccount < 0) return true;
    const len = input.length;
    for (let pos = 0; pos < len; pos++) {
      const byte = input[pos];
      this.nextGen();
      let ncount = 0;
      for (let k = 0; k < ccount; k++) {
        const pc = clist[k];
        const bits = this.prog[pc].bits!;
        if ((bits[byte >> 5] & (1 << (byte & 31))) !== 0) {
          ncount = this.add(nlist, ncount, pc + 1, input, pos + 1);
          if (ncount < 0) return true;
        }
      }
      // Unanchored search: a new thread starts at every position.
      ncount = this.add(nlist, ncount, 0, input, pos + 1);
      if (ncount < 0) return true;
      const t = clist; clist = nlist; nlist = t;
      ccount = ncount;
    }
    return false;
  }
}

/** Compiles (throws RegexError) — for validation at filter-compile time. */
export function compileRegex(pattern: string, options: RegexOptions = {}): Regex {
  return new Regex(pattern, options);
}
