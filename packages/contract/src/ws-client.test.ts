import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WirewhoService } from './api.js';
import type { CaptureStatusDto } from './capture-api.js';
import { connectWsApi } from './ws-client.js';
import { startWsServer } from './ws-server.js';

const idleCaptureStatus: CaptureStatusDto = {
  state: 'idle', kind: null, interfaces: [], filter: null, command: null, startedAt: null, endedAt: null, frames: 0, bytes: 0, indexed: 0,
  drops: 0, perInterface: [], attribution: null, kernelHooks: null, files: [], reason: null, message: null, hint: null, warnings: [], stderr: '',
  exitCode: null, exitSignal: null,
};

const service: WirewhoService = {
  caseSummary: async () => ({ caseDir: '/c', evidence: [], frameCount: 0, firstTsNs: null, lastTsNs: null }),
  framesPage: async (a) => ({ offset: a.offset, total: 0, rows: [] }),
  frameDetail: async () => { throw new Error('no frames'); },
  openEvidence: async (a) => ({ jobId: 'j', path: a.path }),
  cancelIngest: async () => ({ cancelled: false }),
  streamsPage: async (a) => ({ offset: a.offset, total: 0, rows: [] }),
  followStream: async () => { throw new Error('no streams'); },
  processesPage: async (a) => ({ offset: a.offset, total: 0, rows: [] }),
  processActivity: async (a) => ({ startNs: '0', bucketNs: '1', buckets: a.buckets, series: [] }),
  checkFilter: async () => ({ ok: true, empty: true, fields: [] }),
  completeField: async () => [],
  filterFields: async () => [],
  findFrame: async () => ({ number: null }),
  framePosition: async () => ({ position: -1 }),
  exportPreview: async () => ({ frames: 0, dependents: 0, estimatedBytes: 0, attributedFrames: 0, processes: 0, notes: 0, notices: [] }),
  exportPackets: async () => { throw new Error('no frames'); },
  exportCaseFile: async () => { throw new Error('no frames'); },
  annotations: async () => [],
  addAnnotation: async () => { throw new Error('no frames'); },
  removeAnnotation: async () => ({ removed: false }),
  custodyLog: async () => ({ entries: [], problems: [] }),
  dissectors: async () => ({ folder: null, files: [], loadedAt: null }),
  setDissectorFolder: async (a) => ({ folder: a.folder, files: [], loadedAt: null }),
  setDissectorEnabled: async () => ({ folder: null, files: [], loadedAt: null }),
  reloadDissectors: async () => ({ folder: null, files: [], loadedAt: null }),
  openCaseFile: async (a) => ({ opened: false, path: a.path, problems: [{ member: 'manifest.json', message: 'changed' }], caseFile: null }),
  closeCaseFile: async () => ({ closed: false }),
  listInterfaces: async () => ({ interfaces: [{ name: 'lo', description: null, loopback: true, up: true, running: true, addresses: [] }], unavailable: null }),
  interfaceCounters: async () => ({ at: 0, source: null, counters: [] }),
  validateCaptureFilter: async (a) => ({ ok: a.filter !== 'bad', message: a.filter === 'bad' ? 'syntax error' : null }),
  startCapture: async () => idleCaptureStatus,
  stopCapture: async () => idleCaptureStatus,
  captureStatus: async () => idleCaptureStatus,
  startCommandCapture: async () => idleCaptureStatus,
};

describe('WebSocket transport', () => {
  it('round-trips calls, validates arguments, and fails fast once closed', async () => {
    const server = await startWsServer({ service });
    const api = await connectWsApi({ baseUrl: server.url, token: server.token, WebSocketImpl: WebSocket as never });
    expect((await api.caseSummary({})).caseDir).toBe('/c');
    await expect(api.framesPage({ offset: -1, limit: 5 })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(api.framesPage({ offset: 0, limit: 5, extra: 1 } as never)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(api.frameDetail({ number: 1 })).rejects.toMatchObject({ code: 'internal' });
    await server.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(api.caseSummary({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('refuses a connection without the token', async () => {
    const server = await startWsServer({ service });
    await expect(connectWsApi({ baseUrl: server.url, token: 'nope', WebSocketImpl: WebSocket as never })).rejects.toMatchObject({ code: 'forbidden' });
    await server.close();
  });
});
