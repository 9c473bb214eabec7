/**
 * Filter history (most recent first, deduplicated) and saved filters, kept in the renderer's
 * localStorage: they are the analyst's habits, not case evidence.
 */
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'> | null;

const HISTORY_KEY = 'wirewho.filterHistory';
const SAVED_KEY = 'wirewho.savedFilters';
const HISTORY_MAX = 50;

function read(storage: Storage, key: string): string[] {
  try {
    const v: unknown = JSON.parse(storage?.getItem(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 200) : [];
  } catch {
    return [];
  }
}

function write(storage: Storage, key: string, list: readonly string[]): void {
  try { storage?.setItem(key, JSON.stringify(list)); } catch { /* storage full or disabled: keep it in memory */ }
}

export class FilterHistory {
  history: string[];
  saved: string[];

  constructor(private readonly storage: Storage) {
    this.history = read(storage, HISTORY_KEY);
    this.saved = read(storage, SAVED_KEY);
  }

  /** Records an applied filter at the top of the history. */
  push(text: string): void {
    const t = text.trim();
    if (!t) return;
    this.history = [t, ...this.history.filter((h) => h !== t)].slice(0, HISTORY_MAX);
    write(this.storage, HISTORY_KEY, this.history);
  }

  save(text: string): void {
    const t = text.trim();
    if (!t || this.saved.includes(t)) return;
    this.saved = [...this.saved, t];
    write(this.storage, SAVED_KEY, this.saved);
  }

  unsave(text: string): void {
    this.saved = this.saved.filter((s) => s !== text);
    write(this.storage, SAVED_KEY, this.saved);
  }
}

/** The field name being typed at `caret` (for autocomplete), with where it starts. */
export function wordAt(text: string, caret: number): { start: number; word: string } {
  let start = caret;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1])) start--;
  return { start, word: text.slice(start, caret) };
}

/** A filter that selects a detail-tree field's value (`tcp.port == 443`, strings quoted). */
export function filterForField(field: string, value: string | undefined): string {
  if (value === undefined || value === '') return field;
  const quoted = /^[A-Za-z0-9_.:/-]+$/.test(value) && !/^[A-Za-z]/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `${field} == ${quoted}`;
}

/** Prepare-as-filter variants: combine a new term with what is in the bar. */
export function combineFilter(current: string, term: string, how: 'replace' | 'and' | 'or' | 'not' | 'and-not' | 'or-not'): string {
  const cur = current.trim();
  const neg = `!(${term})`;
  switch (how) {
    case 'replace': return term;
    case 'not': return neg;
    case 'and': return cur ? `(${cur}) && ${term}` : term;
    case 'or': return cur ? `(${cur}) || ${term}` : term;
    case 'and-not': return cur ? `(${cur}) && ${neg}` : neg;
    case 'or-not': return cur ? `(${cur}) || ${neg}` : neg;
  }
}
