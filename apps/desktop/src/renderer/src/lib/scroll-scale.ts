/**
 * Browsers cap an element's height (Chromium near 33.5M layout px, less at high zoom), so a list of
 * millions of rows cannot be laid out at full height. Past MAX_SCROLL_HEIGHT the scrollable height is
 * compressed and scroll positions are mapped linearly between the real and the virtual range, with the
 * ends matching exactly (top shows the first row, bottom the last).
 */
export const MAX_SCROLL_HEIGHT = 12_000_000;

export interface ScrollScale {
  /** Height of the scrollable content the browser lays out. */
  realHeight: number;
  /** Virtual px per real px (1 for lists that fit). */
  factor: number;
}

export function scrollScale(virtualHeight: number, viewportHeight: number, maxHeight = MAX_SCROLL_HEIGHT): ScrollScale {
  if (virtualHeight <= maxHeight) return { realHeight: virtualHeight, factor: 1 };
  const view = Math.max(0, viewportHeight);
  return { realHeight: maxHeight, factor: (virtualHeight - view) / Math.max(1, maxHeight - view) };
}

/**
 * Where the viewport must scroll (virtual px) to show the row [rowTop, rowTop + rowHeight), or null
 * when it is already fully visible.
 */
export function offsetToReveal(rowTop: number, rowHeight: number, scrollOffset: number, viewHeight: number): number | null {
  if (rowTop < scrollOffset) return rowTop;
  if (rowTop + rowHeight > scrollOffset + viewHeight) return rowTop + rowHeight - viewHeight;
  return null;
}
