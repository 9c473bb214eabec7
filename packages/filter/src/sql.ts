/**
 * SQL fragments that carry their parameters. Text and parameters are concatenated together, so a
 * fragment's `?`s and its params always line up; user values only ever enter through P().
 */

export class Sql {
  constructor(readonly text: string, readonly params: readonly unknown[]) {}
}

/** A bound parameter. */
export function P(value: unknown): Sql {
  return new Sql('?', [value]);
}

/** Trusted SQL text (registry snippets, keywords). Never user input. */
export function R(text: string): Sql {
  return new Sql(text, []);
}

/** Tagged template: q`${a} AND ${b}` with Sql interpolations only. */
export function q(strings: TemplateStringsArray, ...vals: Sql[]): Sql {
  let text = strings[0];
  const params: unknown[] = [];
  for (let i = 0; i < vals.length; i++) {
    text += vals[i].text + strings[i + 1];
    const p = vals[i].params;
    for (let k = 0; k < p.length; k++) params.push(p[k]);
  }
  return new Sql(text, params);
}

export function join(items: readonly Sql[], sep: string): Sql {
  let text = '';
  const params: unknown[] = [];
  items.forEach((it, i) => {
    if (i > 0) text += sep;
    text += it.text;
    for (const p of it.params) params.push(p);
  });
  return new Sql(text, params);
}

/**
 * a OP b OP c ... as a balanced tree of parentheses, so a long chain stays shallow for SQLite's
 * expression-depth limit (SQLite parses a flat chain as a left-deep tree).
 */
export function balanced(items: readonly Sql[], op: 'AND' | 'OR'): Sql {
  if (items.length === 1) return items[0];
  const mid = items.length >> 1;
  return q`(${balanced(items.slice(0, mid), op)} ${R(op)} ${balanced(items.slice(mid), op)})`;
}
