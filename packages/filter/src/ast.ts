/** Syntax tree of a display filter, before names are resolved against the field registry. */

export interface Span { pos: number; len: number }

/** One range of a slice, as written: [i:j] length, [i-j] inclusive end, [i] one byte, [:j], [i:]. */
export type SliceRange =
  | { kind: 'length'; start: number; length: number }
  | { kind: 'end'; start: number; end: number }
  | { kind: 'to-end'; start: number };

export type Operand =
  /** An unquoted word: a field/protocol name or a literal, decided by the compiler. */
  | (Span & { k: 'word'; text: string })
  | (Span & { k: 'string'; bytes: Uint8Array; raw: boolean; text: string })
  | (Span & { k: 'char'; value: number; text: string })
  | (Span & { k: 'call'; name: string; nameSpan: Span; args: Operand[] })
  | (Span & { k: 'slice'; base: Operand; ranges: SliceRange[]; rangeSpan: Span })
  | (Span & { k: 'bitand'; left: Operand; right: Operand; opSpan: Span });

/** Base comparison; the quantifier says whether any or all occurrences must satisfy it. */
export type CmpOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains' | 'matches';
export type Quantifier = 'any' | 'all';

export interface SetItem extends Span { lo: Operand; hi?: Operand }

export type Expr =
  | (Span & { k: 'and' | 'or' | 'xor'; items: Expr[] })
  | (Span & { k: 'not'; expr: Expr })
  /** A bare operand: existence test (or "non-zero" for a bitwise and). */
  | (Span & { k: 'test'; operand: Operand })
  | (Span & { k: 'cmp'; op: CmpOp; quant: Quantifier; opText: string; opSpan: Span; left: Operand; right: Operand })
  | (Span & { k: 'in'; quant: Quantifier; negated: boolean; opSpan: Span; left: Operand; items: SetItem[] });
