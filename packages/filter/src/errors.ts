/**
 * Typed filter errors, positioned like Wireshark's ("tcp.prot == 1" with a caret under "tcp.prot").
 * Every failure the filter package reports for user input is a FilterError; anything else escaping
 * compileFilter is a bug (the hostile-input tests assert exactly that).
 */

export type FilterErrorCode =
  /** Lexical or grammatical error: unexpected token, unbalanced parentheses, unterminated string. */
  | 'syntax'
  /** A name that is neither a field nor a protocol. */
  | 'unknown-field'
  /** Operator or function applied to a type that does not support it, or incompatible operands. */
  | 'type'
  /** A literal that cannot be read as a value of the field's type (bad address, overflow...). */
  | 'literal'
  /** A regular expression the bounded engine does not accept. */
  | 'regex'
  /** Valid Wireshark syntax that Wirewho does not implement (layer operator, arithmetic...). */
  | 'unsupported'
  /** Size, nesting or complexity limit exceeded. */
  | 'limit';

export class FilterError extends Error {
  override readonly name = 'FilterError';
  readonly code: FilterErrorCode;
  /** Offset (UTF-16 code units) of the offending text in the filter string. */
  readonly position: number;
  /** Length of the offending text (at least 1, so a caret always shows). */
  readonly length: number;

  constructor(code: FilterErrorCode, message: string, position: number, length = 1) {
    super(message);
    this.code = code;
    this.position = Math.max(0, position);
    this.length = Math.max(1, length);
  }
}

export function isFilterError(e: unknown): e is FilterError {
  return e instanceof FilterError;
}

/**
 * Three lines like tshark's message: the message, the filter, and a caret with tildes under the
 * offending text. Control characters are shown as spaces so the caret stays aligned.
 */
export function renderFilterError(text: string, error: FilterError, indent = '    '): string {
  let shown = '';
  for (const ch of text) shown += ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? ' ' : ch;
  const pos = Math.min(error.position, shown.length);
  const len = Math.max(1, Math.min(error.length, Math.max(1, shown.length - pos)));
  const caret = ' '.repeat(pos) + '^' + '~'.repeat(len - 1);
  return `${error.message}\n${indent}${shown}\n${indent}${caret}`;
}
