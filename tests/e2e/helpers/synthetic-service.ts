/**
 * A WirewhoService over a synthetic case of any size (rows computed, nothing stored), for testing how
 * the UI copes with millions of frames without ingesting gigabytes. Records every page request.
 */
import { idleCaptureStatus } from '@wirewho/engine';
import type { CaseSummary, EventSource, FrameDetail, FramePage, FrameRow, WirewhoService } from '@wirewho/contract';

const START_NS = 1_700_000_000_000_000_000n;
const PROTOCOLS = ['TCP', 'TCP', 'DNS', 'TLSv1.3', 'HTTP', 'UDP', 'TCP', 'ARP'];

function row(number: number): FrameRow {
  const protocol = PROTOCOLS[number % PROTOCOLS.length];
  const flags = number % 97 === 0 ? '[RST, ACK]' : number % 13 === 0 ? '[SYN]' : '[ACK]';
  return {
    number,
    evidenceId: 1,
    tsNs: String(START_NS + BigInt(number) * 1000n),
    relTime: `${Math.floor(number / 1_000_000)}.${String((number % 1_000_000) * 1000).padStart(9, '0')}`,
    src: `10.0.${(number >> 8) & 255}.${number & 255}`,
    dst: '10.0.0.1',
    srcPort: 1024 + (number % 60000),
    dstPort: 443,
    protocol,
    length: 60 + (number % 1400),
    capLen: 60 + (number % 1400),
    info: protocol === 'TCP' ? `${1024 + (number % 60000)} → 443 ${flags} Seq=${number} Ack=1 Len=0` : `${protocol} synthetic frame ${number}`,
  };
}

export function createSyntheticService(frameCount: number) {
  const pageRequests: Array<{ offset: number; limit: number }> = [];
  const service: WirewhoService = {
    async caseSummary(): Promise<CaseSummary> {
      return {
        caseDir: '/synthetic',
        evidence: [{
          id: 1, path: '/synthetic/ten-million.pcapng', size: frameCount * 100, sha256: 'c0ffee'.repeat(10) + 'c0ff',
          format: 'pcapng', status: 'complete', frameCount, firstTsNs: String(START_NS + 1000n),
          lastTsNs: String(START_NS + BigInt(frameCount) * 1000n), error: null, importedAt: '2025-01-01T00:00:00Z',
        }],
        frameCount,
        firstTsNs: String(START_NS + 1000n),
        lastTsNs: String(START_NS + BigInt(frameCount) * 1000n),
      };
    },
    async framesPage({ offset, limit }): Promise<FramePage> {
      pageRequests.push({ offset, limit });
      const rows: FrameRow[] = [];
      for (let i = offset; i < Math.min(frameCount, offset + limit); i++) rows.push(row(i + 1));
      return { offset, total: frameCount, rows };
    },
    async frameDetail({ number }): Promise<FrameDetail> {
      const bytes = Buffer.alloc(60, number & 255);
      return {
        number,
        tree: [{ label: `Frame ${number}: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)`, field: 'frame', start: 0, length: 60 }],
        bytesBase64: bytes.toString('base64'),
      };
    },
    async openEvidence() { throw new Error('the synthetic case is read-only'); },
    async cancelIngest() { return { cancelled: false }; },
    async streamsPage({ offset }) { return { offset, total: 0, rows: [] }; },
    async followStream() { throw new Error('the synthetic case has no streams'); },
    async processesPage({ offset }) { return { offset, total: 0, rows: [] }; },
    async processActivity({ buckets }) { return { startNs: String(START_NS), bucketNs: '1', buckets, series: [] }; },
    async checkFilter() { return { ok: true, empty: true, fields: [] }; },
    async completeField() { return []; },
    async filterFields() { return []; },
    async findFrame() { return { number: null }; },
    async framePosition({ number }) { return { position: number - 1 }; },
    async exportPreview() { return { frames: 0, dependents: 0, estimatedBytes: 0, attributedFrames: 0, processes: 0, notes: 0, notices: [] }; },
    async exportPackets() { throw new Error('the synthetic case has no evidence to export'); },
    async exportCaseFile() { throw new Error('the synthetic case has no evidence to export'); },
    async annotations() { return []; },
    async addAnnotation() { throw new Error('the synthetic case keeps no annotations'); },
    async removeAnnotation() { return { removed: false }; },
    async custodyLog() { return { entries: [], problems: [] }; },
    async dissectors() { return { folder: null, files: [], loadedAt: null }; },
    async setDissectorFolder({ folder }) { return { folder, files: [], loadedAt: null }; },
    async setDissectorEnabled() { return { folder: null, files: [], loadedAt: null }; },
    async reloadDissectors() { return { folder: null, files: [], loadedAt: null }; },
    async openCaseFile({ path }) { throw new Error(`the synthetic case opens no case files (${path})`); },
    async closeCaseFile() { return { closed: false }; },
    async listInterfaces() { return { interfaces: [], unavailable: 'the synthetic case captures nothing' }; },
    async interfaceCounters() { return { at: Date.now(), source: null, counters: [] }; },
    async validateCaptureFilter() { return { ok: false, message: 'the synthetic case captures nothing' }; },
    async startCapture() { throw new Error('the synthetic case captures nothing'); },
    async stopCapture() { throw new Error('the synthetic case captures nothing'); },
    async captureStatus() { return idleCaptureStatus(); },
    async startCommandCapture() { throw new Error('the synthetic case captures nothing'); },
  };
  const events: EventSource = { subscribe: () => () => {} };
  return { service, events, pageRequests };
}
