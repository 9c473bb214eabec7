/**
 * @wirewho/filter — Wireshark display filters compiled to parameterised SQL over the case index.
 *
 *   compileFilter('tcp.port == 443 && pid == 4242')
 *     -> { sql: '<boolean expression over frames f>', params: [...], fields: ['proc.pid', 'tcp.port'] }
 *
 * Run it as `SELECT ... FROM frames f WHERE ${sql}` with the params, on a connection where
 * registerFilterFunctions() has installed the ww_* SQL functions.
 */
import { compileFilter as compileWith, type CompiledFilter, type CompileOptions } from './compile.js';
import { FilterError, renderFilterError } from './errors.js';
import { defaultRegistry } from './fields.js';
import type { FieldCompletion, FieldRegistry } from './registry.js';

export { FilterError, isFilterError, renderFilterError, type FilterErrorCode } from './errors.js';
export { MAX_PARAMS, type CompiledFilter, type CompileOptions, type EitherTerm, type FactLookup } from './compile.js';
export { defaultRegistry, defaultFieldDefs } from './fields.js';
export {
  FieldRegistry, FRAME_FIELDS_TABLE, frameField, editDistance,
  type FieldDef, type FieldInfo, type FieldCompletion, type Location,
} from './registry.js';
export { FIELD_TYPES, kindOf, typeLabel, type FieldType, type Kind } from './types.js';
export { parseFilter, MAX_NESTING } from './parser.js';
export type { Expr, Operand } from './ast.js';
export { tokenize, MAX_FILTER_LENGTH, type Token } from './lexer.js';
export { compileRegex, Regex, RegexError, REGEX_LIMITS } from './regex/regex.js';
export {
  registerFilterFunctions, SQL_FUNCTION_NAMES, wwRegexp, wwSlice, wwInet, wwIntBytes, wwBytesAnd, wwHexInt, makeFrameBytes,
  type FrameBytesReader, type DecodedFieldReader, type FunctionHost,
} from './sql-functions.js';

/** Compiles a display filter to a WHERE-clause expression over `frames f`. Throws FilterError. */
export function compileFilter(text: string, registry: FieldRegistry = defaultRegistry, options: CompileOptions = {}): CompiledFilter {
  return compileWith(text, registry, options);
}

export type FilterCheck =
  | { ok: true; fields: string[] }
  | { ok: false; error: FilterError; /** Message, filter and caret on three lines. */ rendered: string };

/** Validate-as-you-type: the whole compile (syntax, names, types, literals), without running anything. */
export function checkFilter(text: string, registry: FieldRegistry = defaultRegistry, options: CompileOptions = {}): FilterCheck {
  try {
    return { ok: true, fields: compileWith(text, registry, options).fields };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e, rendered: renderFilterError(text, e) };
    throw e;
  }
}

/** Autocomplete: fields and aliases starting with `prefix` (case-insensitive), with type and description. */
export function completeField(prefix: string, registry: FieldRegistry = defaultRegistry, limit = 100): FieldCompletion[] {
  return registry.complete(prefix, limit);
}
