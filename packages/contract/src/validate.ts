import { ApiError } from './errors.js';
import { isRequestName, requestSchemas, type RequestArgs, type RequestName } from './api.js';

/** Keys that could pollute prototypes if anything downstream merged objects naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

function checkShape(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw new ApiError('invalid-argument', 'arguments nested too deeply');
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ApiError('invalid-argument', `forbidden key "${key}"`);
    checkShape((value as Record<string, unknown>)[key], depth + 1);
  }
}

/** Validates a request name and its arguments against the contract; throws ApiError otherwise. */
export function validateRequest<K extends RequestName>(name: unknown, args: unknown): { name: K; args: RequestArgs<K> } {
  if (!isRequestName(name)) throw new ApiError('unknown-method', `unknown method ${JSON.stringify(String(name).slice(0, 64))}`);
  checkShape(args, 0);
  const parsed = requestSchemas[name].safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiError('invalid-argument', `${name}: ${issue?.message ?? 'invalid arguments'}${where}`);
  }
  return { name: name as K, args: parsed.data as RequestArgs<K> };
}
