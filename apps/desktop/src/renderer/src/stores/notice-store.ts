/** Messages for the banner: errors (with the engine's message, which names file offset and frame) and notes. */
import { reactive } from 'vue';

export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  title: string;
  message: string;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

export function createNoticeStore(limit = 5) {
  const notices = reactive<Notice[]>([]);
  let nextId = 1;
  const push = (kind: Notice['kind'], title: string, message: string): Notice => {
    // The same message twice in a row (e.g. every page request failing) is shown once.
    const last = notices[notices.length - 1];
    if (last && last.title === title && last.message === message) return last;
    const notice: Notice = { id: nextId++, kind, title, message };
    notices.push(notice);
    while (notices.length > limit) notices.shift();
    return notice;
  };
  return {
    notices,
    error: (title: string, err: unknown) => push('error', title, errorText(err)),
    warning: (title: string, message: string) => push('warning', title, message),
    info: (title: string, message: string) => push('info', title, message),
    dismiss(id: number): void {
      const i = notices.findIndex((n) => n.id === id);
      if (i >= 0) notices.splice(i, 1);
    },
    clear(): void {
      notices.splice(0, notices.length);
    },
  };
}

export type NoticeStore = ReturnType<typeof createNoticeStore>;
