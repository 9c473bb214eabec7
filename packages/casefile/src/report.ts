/**
 * The case file's HTML report: one self-contained page (inline CSS and SVG, no script; a CSP forbids
 * anything else) with the summary, processes, top talkers, a timeline, DNS/HTTP/TLS facts, bookmarked
 * frames with their process, and the custody log. Every value from evidence or an analyst is escaped.
 */
import type { CustodyEntry } from '@wirewho/index';
import type { ManifestEvidence } from './format.js';
import { esc, table } from './html.js';
import { timelineSvg, type Timeline } from './timeline-svg.js';

export interface ReportProcess {
  pid: number;
  name: string | null;
  exe: string | null;
  args: string | null;
  user: string | null;
  uid: number | null;
  frames: number;
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  firstFrame: number | null;
  lastFrame: number | null;
  source: string;
}

export interface ReportTalker {
  address: string;
  frames: number;
  bytes: number;
}

export interface ReportFact {
  frame: number;
  field: string;
  value: string;
}

export interface ReportBookmark {
  frame: number;
  /** The frame's number in the source case. */
  sourceFrame: number | null;
  time: string | null;
  src: string;
  dst: string;
  protocol: string;
  label: string;
  author: string;
  process: string | null;
  notes: string[];
}

export interface ReportData {
  tool: { name: string; version: string };
  createdAt: string;
  analyst: string;
  caseDir: string;
  evidence: ManifestEvidence[];
  selection: Record<string, unknown>;
  counts: Record<string, number>;
  timeSpan: { first: string | null; last: string | null };
  processes: ReportProcess[];
  talkers: ReportTalker[];
  timeline: Timeline;
  facts: ReportFact[];
  factsTruncated: boolean;
  bookmarks: ReportBookmark[];
  custody: CustodyEntry[];
}

const CSS = `body{font:13px/1.4 system-ui,sans-serif;margin:24px;color:#1d1d1f}h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d0d0;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f1f3f6}
td{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all;max-width:520px}.empty{color:#777;font-style:italic}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}`;

export function renderReport(d: ReportData): string {
  const selection = Object.entries(d.selection).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const summary = `<dl>
<dt>Tool</dt><dd>${esc(`${d.tool.name} ${d.tool.version}`)}</dd>
<dt>Created (UTC)</dt><dd>${esc(d.createdAt)}</dd>
<dt>Analyst</dt><dd>${esc(d.analyst)}</dd>
<dt>Case</dt><dd>${esc(d.caseDir)}</dd>
<dt>Selection</dt><dd>${esc(selection)}</dd>
<dt>Time span (UTC)</dt><dd>${esc(d.timeSpan.first ?? '-')} — ${esc(d.timeSpan.last ?? '-')}</dd>
${Object.entries(d.counts).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}
</dl>`;
  const evidence = table(['id', 'file', 'size', 'SHA-256', 'format', 'status', 'frames', 'verified at export'],
    d.evidence.map((e) => [e.id, e.path, e.size, e.sha256 ?? '', e.format ?? '', e.status, e.frames, e.verified ? 'yes' : 'NO']));
  const processes = table(['PID', 'name', 'executable', 'arguments', 'user', 'frames', 'sent', 'received', 'bytes sent', 'bytes received', 'first frame', 'last frame', 'source'],
    d.processes.map((p) => [p.pid, p.name, p.exe, p.args, p.user ?? p.uid, p.frames, p.framesSent, p.framesReceived, p.bytesSent, p.bytesReceived, p.firstFrame, p.lastFrame, p.source]),
    'no process attribution in the exported frames');
  const talkers = table(['address', 'frames', 'bytes'], d.talkers.map((t) => [t.address, t.frames, t.bytes]));
  const facts = table(['frame', 'field', 'value'], d.facts.map((f) => [f.frame, f.field, f.value]), 'no DNS, HTTP or TLS facts');
  const bookmarks = table(['frame', 'source frame', 'time (UTC)', 'source', 'destination', 'protocol', 'process', 'bookmark', 'by', 'notes'],
    d.bookmarks.map((b) => [b.frame, b.sourceFrame, b.time, b.src, b.dst, b.protocol, b.process, b.label, b.author, b.notes.join(' | ')]), 'no bookmarked frames');
  const custody = table(['#', 'time (UTC)', 'operator', 'event', 'details', 'previous entry SHA-256'],
    d.custody.map((e) => [e.seq, e.time, e.operator, e.event, JSON.stringify(e.details), e.prev]));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Wirewho case report</title><style>${CSS}</style></head>
<body>
<h1>Wirewho case report</h1>
<h2>Summary</h2>
${summary}
<h2>Evidence</h2>
${evidence}
<h2>Processes</h2>
${processes}
<h2>Top talkers</h2>
${talkers}
<h2>Timeline</h2>
${timelineSvg(d.timeline)}
<h2>DNS, HTTP and TLS facts</h2>
${facts}${d.factsTruncated ? '<p class="empty">(first entries only; the index in this case file has all of them)</p>' : ''}
<h2>Bookmarked frames</h2>
${bookmarks}
<h2>Chain of custody</h2>
${custody}
</body></html>
`;
}
