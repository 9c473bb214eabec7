/**
 * Captures named on the command line (`--open <file>` or positional) are ingested one after another
 * once the window shows, so the renderer sees the progress events of each.
 */
import type { EventSource, IngestFinished, WirewhoService } from '@wirewho/contract';

export function ingestSequentially(
  paths: readonly string[],
  service: Pick<WirewhoService, 'openEvidence'>,
  events: EventSource,
  reportError: (path: string, message: string) => void,
): Promise<void> {
  const queue = [...paths];
  let currentJob: string | null = null;
  // A fast ingest may finish before openEvidence's reply reaches us; remember those jobs.
  const finishedBeforeReply = new Set<string>();
  return new Promise<void>((resolve) => {
    let unsubscribe: () => void = () => {};
    const next = (): void => {
      currentJob = null;
      const path = queue.shift();
      if (path === undefined) {
        unsubscribe();
        resolve();
        return;
      }
      service.openEvidence({ path }).then(
        (job) => {
          if (finishedBeforeReply.delete(job.jobId)) next();
          else currentJob = job.jobId;
        },
        (err: unknown) => {
          reportError(path, err instanceof Error ? err.message : String(err));
          next();
        },
      );
    };
    unsubscribe = events.subscribe((event, payload) => {
      if (event !== 'ingestFinished') return;
      const { jobId } = payload as IngestFinished;
      if (jobId === currentJob) next();
      else finishedBeforeReply.add(jobId);
    });
    next();
  });
}
