/**
 * Scrolling for lists taller than a browser can lay out (see lib/scroll-scale.ts). The virtual scroll
 * offset is the source of truth: the scrollbar shows it scaled down, wheel and keyboard move it in
 * exact virtual pixels (so a wheel notch moves a few rows even in ten million), and dragging the
 * scrollbar maps the real position back. For lists that fit, this is plain native scrolling.
 */
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { scrollScale } from '../lib/scroll-scale.js';

export interface ScaledScrollOptions {
  element: Ref<HTMLElement | null>;
  /** Full height of the list content (rows × row height). */
  virtualHeight: Ref<number>;
  /** Height of the visible list area (the scroller minus its sticky header). */
  viewHeight: Ref<number>;
  /** Pixels a "line" wheel step moves (Firefox-style deltaMode 1). */
  lineHeight: number;
}

type OffsetCallback = (offset: number, isScrolling: boolean) => void;

const IDLE_AFTER_MS = 150;

export function useScaledScroll({ element, virtualHeight, viewHeight, lineHeight }: ScaledScrollOptions) {
  const scale = computed(() => scrollScale(virtualHeight.value, viewHeight.value));
  const virtualOffset = ref(0);
  const realScrollTop = ref(0);
  let notify: OffsetCallback | null = null;
  /** The real scrollTop we wrote; its scroll event must not overwrite the exact virtual offset. */
  let expectedTop: number | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let detachWheel: (() => void) | null = null;

  const maxVirtual = (): number => Math.max(0, virtualHeight.value - viewHeight.value);
  const clamp = (v: number): number => Math.max(0, Math.min(maxVirtual(), v));

  function settleLater(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => notify?.(virtualOffset.value, false), IDLE_AFTER_MS);
  }

  function onScroll(): void {
    const el = element.value;
    if (!el) return;
    const top = el.scrollTop;
    realScrollTop.value = top;
    if (expectedTop === null || Math.abs(top - expectedTop) > 1) virtualOffset.value = clamp(top * scale.value.factor);
    expectedTop = null;
    notify?.(virtualOffset.value, true);
    settleLater();
  }

  /** Scrolls so that `offset` (virtual px) is at the top of the visible area. */
  function scrollToVirtual(offset: number): void {
    const el = element.value;
    const target = clamp(offset);
    virtualOffset.value = target;
    if (!el) return;
    const top = target / scale.value.factor;
    expectedTop = top;
    el.scrollTop = top;
    realScrollTop.value = el.scrollTop;
    // No scroll event comes when the rounded position did not move; forget the expectation next frame.
    requestAnimationFrame(() => { expectedTop = null; });
    notify?.(target, false);
  }

  function onWheel(event: WheelEvent): void {
    // Native scrolling is exact when the list fits; pinch/Ctrl+wheel zooms; sideways stays native.
    if (scale.value.factor <= 1 || event.ctrlKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
    event.preventDefault();
    const unit = event.deltaMode === 1 ? lineHeight : event.deltaMode === 2 ? viewHeight.value : 1;
    scrollToVirtual(virtualOffset.value + event.deltaY * unit);
  }

  watch(element, (el, _old, onCleanup) => {
    if (!el) return;
    el.addEventListener('wheel', onWheel, { passive: false });
    detachWheel = () => el.removeEventListener('wheel', onWheel);
    onCleanup(() => detachWheel?.());
  }, { immediate: true });

  // When the list grows (ingest) the scale changes: keep the same rows on screen.
  watch(() => scale.value.factor, () => {
    if (element.value) scrollToVirtual(virtualOffset.value);
  });

  onBeforeUnmount(() => {
    if (idleTimer) clearTimeout(idleTimer);
    detachWheel?.();
  });

  return {
    scale,
    virtualOffset,
    realScrollTop,
    scrollToVirtual,
    /** For the virtualizer's `observeElementOffset` option. */
    observeOffset(scrollElement: HTMLElement | null, callback: OffsetCallback): () => void {
      notify = callback;
      if (!scrollElement) return () => {};
      scrollElement.addEventListener('scroll', onScroll, { passive: true });
      callback(virtualOffset.value, false);
      return () => {
        scrollElement.removeEventListener('scroll', onScroll);
        if (notify === callback) notify = null;
      };
    },
  };
}
