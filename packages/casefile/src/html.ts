/** HTML escaping for the report: everything that came from evidence or an analyst goes through here. */
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    // Control characters (other than tab and newline) are shown as escapes, never passed through.
    if ((code < 0x20 && code !== 9 && code !== 10) || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ESC[c] ?? c;
  }
  return out;
}

/** A table from already-escaped header labels and raw cell values (escaped here). */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[], empty = 'none'): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
