/** The report escapes everything it is given and carries no script or external reference. */
import { describe, expect, it } from 'vitest';
import { esc } from './html.js';
import { renderReport, type ReportData } from './report.js';

const hostile = `<img src=x onerror=alert(1)>"'&\u0000\u001b`;

function data(): ReportData {
  return {
    tool: { name: 'Wirewho', version: '0.1.0' }, createdAt: '2026-01-01T00:00:00.000Z', analyst: hostile, caseDir: '/c',
    evidence: [{ id: 1, path: `/e/${hostile}.pcap`, file_name: 'x', size: 1, sha256: 'ab', format: 'pcap', status: 'complete', frames: 1, verified: true }],
    selection: { filter: hostile }, counts: { frames: 1 }, timeSpan: { first: null, last: null },
    processes: [{ pid: 7, name: hostile, exe: hostile, args: hostile, user: hostile, uid: null, frames: 1, framesSent: 1, framesReceived: 0, bytesSent: 60, bytesReceived: 0, firstFrame: 1, lastFrame: 1, source: 'ptcpdump' }],
    talkers: [{ address: hostile, frames: 1, bytes: 60 }],
    timeline: { startNs: '1000000000', bucketNs: '1000', frames: [1, 0, 3], attributed: [1, 0, 0] },
    facts: [{ frame: 1, field: 'dns.qry.name', value: hostile }], factsTruncated: false,
    bookmarks: [{ frame: 1, sourceFrame: 9, time: null, src: hostile, dst: '', protocol: 'DNS', label: hostile, author: hostile, process: hostile, notes: [hostile] }],
    custody: [{ seq: 1, time: 't', operator: hostile, event: 'import', prev: '0', details: { path: hostile } }],
  };
}

describe('renderReport', () => {
  it('escapes every value, keeps no markup from the data', () => {
    const html = renderReport(data());
    expect(html).not.toContain('<img');
    expect(html).not.toContain('\u0000');
    expect(html).not.toContain('\u001b');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;\\x00\\x1b');
    expect(html.match(/<script/gi)).toBeNull();
    expect(html).toContain("default-src 'none'");
    // Three buckets: two bars for the frames, one for the attributed ones.
    expect(html.match(/<rect /g)).toHaveLength(3);
  });

  it('esc formats numbers and objects as text', () => {
    expect(esc(12)).toBe('12');
    expect(esc({ a: '<' })).toBe('{&quot;a&quot;:&quot;&lt;&quot;}');
    expect(esc(null)).toBe('');
  });
});
