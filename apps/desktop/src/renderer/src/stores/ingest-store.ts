/**
 * Evidence ingest as the user sees it: the running job's progress (from ingestProgress events), a
 * queue of further files, cancel, and the outcome. Jobs started elsewhere (the menu, `--open`) are
 * adopted from their first progress event.
 */
import { ref, shallowRef } from 'vue';
import type { IngestFinished, IngestProgress, WirewhoApi } from '@wirewho/contract';
import { baseName } from '../lib/format.js';
import type { NoticeStore } from './notice-store.js';

export interface RunningIngest {
  jobId: string;
  path: string;
  frames: number;
  bytesRead: number;
  totalBytes: number;
  framesPerSecond: number;
  cancelling: boolean;
}

export function createIngestStore(api: Pick<WirewhoApi, 'openEvidence' | 'cancelIngest'>, notices: NoticeStore) {
  const running = shallowRef<RunningIngest | null>(null);
  const queue = ref<string[]>([]);
  const starting = ref(false);
  const lastFinished = shallowRef<IngestFinished | null>(null);
  // A small file may finish before openEvidence's reply arrives; such a job must not look running.
  const recentlyFinished: string[] = [];

  async function startNext(): Promise<void> {
    if (running.value || starting.value) return;
    const path = queue.value.shift();
    if (path === undefined) return;
    starting.value = true;
    try {
      const job = await api.openEvidence({ path });
      // A progress event may have adopted the job already (keep its numbers), or it finished already.
      const adopted = (running.value as RunningIngest | null)?.jobId === job.jobId;
      if (!adopted && !recentlyFinished.includes(job.jobId)) {
        running.value = { jobId: job.jobId, path: job.path, frames: 0, bytesRead: 0, totalBytes: 0, framesPerSecond: 0, cancelling: false };
      }
    } catch (err) {
      notices.error(`Cannot open ${baseName(path)}`, err);
    } finally {
      starting.value = false;
    }
    if (!running.value) void startNext();
  }

  return {
    running,
    queue,
    starting,
    lastFinished,

    /** Queues capture files for ingest, one at a time. */
    open(...paths: string[]): void {
      queue.value.push(...paths.map((p) => p.trim()).filter((p) => p.length > 0));
      void startNext();
    },

    async cancel(): Promise<void> {
      const job = running.value;
      if (!job || job.cancelling) return;
      running.value = { ...job, cancelling: true };
      queue.value = [];
      try {
        await api.cancelIngest({ jobId: job.jobId });
      } catch (err) {
        notices.error('Cannot cancel the ingest', err);
        if (running.value?.jobId === job.jobId) running.value = { ...running.value, cancelling: false };
      }
    },

    onProgress(progress: IngestProgress): void {
      const current = running.value;
      if (current && current.jobId !== progress.jobId) return;
      running.value = {
        jobId: progress.jobId,
        path: progress.path,
        frames: progress.frames,
        bytesRead: progress.bytesRead,
        totalBytes: progress.totalBytes,
        framesPerSecond: progress.framesPerSecond,
        cancelling: current?.cancelling ?? false,
      };
    },

    onFinished(finished: IngestFinished): void {
      lastFinished.value = finished;
      recentlyFinished.push(finished.jobId);
      if (recentlyFinished.length > 16) recentlyFinished.shift();
      if (running.value?.jobId === finished.jobId) running.value = null;
      const name = baseName(finished.path);
      if (finished.status === 'failed') notices.error(`Ingest of ${name} failed`, finished.error ?? 'unknown error');
      else if (finished.status === 'incomplete') {
        notices.warning(`${name} is incomplete`, finished.error ?? 'the file ends early; frames up to the damage were ingested');
      } else if (finished.status === 'cancelled') notices.info(`Ingest of ${name} cancelled`, `${finished.frames} frames were ingested before the cancel.`);
      void startNext();
    },
  };
}

export type IngestStore = ReturnType<typeof createIngestStore>;
