/**
 * Text from evidence may carry characters that make it lie about itself: bidi overrides and isolates
 * (U+202E turns "invoice<RLO>fdp.exe" into "invoiceexe.pdf" on screen) and invisible format
 * characters (zero-width spaces splitting a name a search would find). The UI shows them as visible
 * escapes instead, like Wireshark's \x escapes for bytes it cannot print.
 */
// Zero-width (non-)joiners are left alone: emoji sequences and several scripts need them.
const INVISIBLE = /[\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
