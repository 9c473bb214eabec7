/** The case summary: evidence files, frame count and time span, refreshed when the case changes. */
import { shallowRef } from 'vue';
import type { CaseSummary, WirewhoApi } from '@wirewho/contract';
import type { NoticeStore } from './notice-store.js';

export function createCaseStore(api: Pick<WirewhoApi, 'caseSummary'>, notices: NoticeStore) {
  const summary = shallowRef<CaseSummary | null>(null);
  let latestRequest = 0;
  return {
    summary,
    async refresh(): Promise<CaseSummary | null> {
      const request = ++latestRequest;
      try {
        const result = await api.caseSummary({});
        // An older answer must not overwrite a newer one.
        if (request === latestRequest) summary.value = result;
        return result;
      } catch (err) {
        notices.error('Cannot read the case', err);
        return null;
      }
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
