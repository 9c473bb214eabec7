import { describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayloads, EventSource } from '@wirewho/contract';
import { ingestSequentially } from './startup-ingest.js';

function fakeEvents() {
  let listener: (<E extends EventName>(event: E, payload: EventPayloads[E]) => void) | null = null;
  const source: EventSource = { subscribe: (l) => { listener = l; return () => { listener = null; }; } };
  return { source, emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => listener?.(event, payload), active: () => listener !== null };
}

const finished = (jobId: string) => ({ jobId, path: '', evidenceId: 1, status: 'complete' as const, frames: 1, seconds: 0, error: null });

describe('ingestSequentially', () => {
  it('starts the next capture only when the previous one finished', async () => {
    const events = fakeEvents();
    let n = 0;
    const openEvidence = vi.fn(async ({ path }: { path: string }) => ({ jobId: `job-${++n}`, path }));
    const done = ingestSequentially(['/a.pcap', '/b.pcap'], { openEvidence }, events.source, vi.fn());
    await vi.waitFor(() => expect(openEvidence).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    events.emit('ingestFinished', finished('job-1'));
    await vi.waitFor(() => expect(openEvidence).toHaveBeenCalledTimes(2));
    expect(openEvidence.mock.calls[1][0]).toEqual({ path: '/b.pcap' });
    await Promise.resolve();
    events.emit('ingestFinished', finished('job-2'));
    await done;
    expect(events.active()).toBe(false);
  });

  it('copes with a job that finishes before its reply arrives', async () => {
    const events = fakeEvents();
    const openEvidence = vi.fn(async ({ path }: { path: string }) => {
      events.emit('ingestFinished', finished('fast'));
      return { jobId: 'fast', path };
    });
    await ingestSequentially(['/a.pcap'], { openEvidence }, events.source, vi.fn());
    expect(openEvidence).toHaveBeenCalledOnce();
  });

  it('reports a capture that cannot be opened and goes on', async () => {
    const events = fakeEvents();
    const reportError = vi.fn();
    const openEvidence = vi.fn(async () => { throw new Error('no such file'); });
    await ingestSequentially(['/missing.pcap'], { openEvidence }, events.source, reportError);
    expect(reportError).toHaveBeenCalledWith('/missing.pcap', 'no such file');
  });
});
