import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { validateRequest } from './validate.js';

describe('validateRequest', () => {
  it('accepts a well-formed request', () => {
    expect(validateRequest('framesPage', { offset: 0, limit: 500 }).args).toEqual({ offset: 0, limit: 500 });
  });

  it.each([
    ['unknown method', 'dropTables', {}],
    ['prototype key', 'framesPage', JSON.parse('{"offset":0,"limit":1,"__proto__":{"x":1}}')],
    ['wrong type', 'framesPage', { offset: '0', limit: 1 }],
    ['too large', 'framesPage', { offset: 0, limit: 1e9 }],
    ['extra key', 'frameDetail', { number: 1, also: 2 }],
    ['NUL in path', 'openEvidence', { path: 'a\0b' }],
    ['huge string', 'openEvidence', { path: 'x'.repeat(100_000) }],
    ['deep nesting', 'caseSummary', JSON.parse('{"a":'.repeat(50) + '1' + '}'.repeat(50))],
  ])('refuses %s with a typed error', (_why, name, args) => {
    try {
      validateRequest(name, args);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect(['invalid-argument', 'unknown-method']).toContain((err as ApiError).code);
    }
  });
});
