/**
 * `case export`: the analyst's work as one .wwcase file. In order: every evidence file gets an import
 * entry in the custody log and is hashed again (a verification entry each; a mismatch refuses the
 * export), the selection is logged, the frames are exported to pcapng, that capture is indexed on its
 * own (the case file's self-contained index) with the source frame numbers, annotations and custody
 * log added, the report is rendered from it, the case-export entry records every member's hash, and
 * the archive is written (complete, or not at all). All work files live in a hidden folder beside the
 * output and are removed whatever happens.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CASE_FORMAT, CASE_FORMAT_VERSION, CaseFileError, COMMENT_PREFIX, MEMBERS, renderReport, writeArchive,
  type Manifest, type ManifestEvidence, type MemberEntry, type ReportBookmark,
} from '@wirewho/casefile';
import {
  adoptProcessProvenance, Annotations, CaseIndex, compactForArchive, copyCustodyLines, custodyRows, CustodyLog, factRows, insertAnnotations, sha256Hex, timeline,
  topTalkers, writeSourceFrames, type AnnotationRow,
} from '@wirewho/index';
import { currentOperator, hashFile, recordMissingImports, verifyEvidence, type EvidenceCheck } from './custody.js';
import type { EvidenceAccess } from './evidence-access.js';
import type { FrameFilter } from './frame-filter.js';
import { selectFrames, type FrameSelection } from './frame-selection.js';
import { ingestEvidenceFile } from './ingest.js';
import { exportPackets } from './packet-export.js';
import { storedTsNs } from './timestamps.js';

export { WIREWHO_VERSION } from './version.js';
import { WIREWHO_VERSION } from './version.js';

const REPORT_FACT_FIELDS = [
  'dns.qry.name', 'dns.a', 'dns.aaaa', 'dns.cname', 'http.request.method', 'http.host', 'http.request.uri', 'http.response.code',
  'tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str',
];
const REPORT_FACTS = 2000;

export interface CaseExportOptions {
  out: string;
  selection: FrameSelection;
  /** Whose analysis this is (manifest); defaults to the operator. */
  analyst?: string;
  operator?: string;
  force?: boolean;
  processBlocks?: boolean;
  onStage?: (stage: string) => void;
}

export interface CaseExportResult {
  path: string;
  bytes: number;
  sha256: string;
  manifestSha256: string;
  manifest: Manifest;
  verification: EvidenceCheck[];
}

function iso(ns: string | null): string | null {
  return ns === null ? null : new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();
}

/** Position of `n` in ascending `list` + 1 (its number in the export), or 0. */
function exportedNumber(list: Uint32Array, n: number): number {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === n) return mid + 1;
    if (list[mid] < n) lo = mid + 1; else hi = mid - 1;
  }
  return 0;
}

export async function exportCase(index: CaseIndex, access: EvidenceAccess, filter: FrameFilter, opts: CaseExportOptions): Promise<CaseExportResult> {
  const out = path.resolve(opts.out);
  if (!opts.force && existsSync(out)) throw new CaseFileError(`${out} already exists (use --force to replace it)`);
  const operator = opts.operator ?? currentOperator();
  const analyst = opts.analyst ?? operator;
  const log = new CustodyLog(index.db);
  const stage = opts.onStage ?? (() => {});

  recordMissingImports(index, operator);
  stage('verifying evidence');
  const checks = await verifyEvidence(index, operator);
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0) {
    throw new CaseFileError(`evidence no longer matches its import, case export refused: ${bad.map((c) => `${c.path} (${c.error ?? `SHA-256 now ${c.actualSha256}`})`).join('; ')}`);
  }
  const selected = selectFrames(index, filter, opts.selection);
  const selection = selectionOf(opts.selection);
  log.append('filter', operator, { ...selection, matched: selected.numbers.length - selected.dependents, dependents: selected.dependents });

  const work = mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.work-`));
  try {
    stage('exporting frames');
    const capture = path.join(work, MEMBERS.capture);
    const annotations = new Annotations(index.db);
    const exp = await exportPackets(index, access, selected.numbers, {
      out: capture, notes: annotations.frameNotes(), processBlocks: opts.processBlocks, userAppl: `Wirewho ${WIREWHO_VERSION}`,
    });

    stage('indexing the exported frames');
    const sub = CaseIndex.open(path.join(work, 'index'));
    let subClosed = false;
    try {
      const r = await ingestEvidenceFile(sub, capture, { writer: 'inline' });
      await r.factIndex;
      if (sub.frameCount() !== selected.numbers.length) {
        throw new Error(`the exported capture indexes to ${sub.frameCount()} frames, ${selected.numbers.length} were selected`);
      }
      const evidenceSha = new Map(index.listEvidence().map((e) => [e.id, e.sha256]));
      const frameEvidence = (n: number) => index.frame(n)?.evidenceId ?? -1;
      writeSourceFrames(sub.db, (function* () {
        for (let k = 0; k < selected.numbers.length; k++) {
          const n = selected.numbers[k];
          yield { number: k + 1, sourceNumber: n, sourceEvidenceSha256: evidenceSha.get(frameEvidence(n)) ?? null };
        }
      })());
      const original = index.processes.all();
      adoptProcessProvenance(sub.db, sub.processes.all().flatMap((q) => {
        const same = original.filter((p) => p.pid === q.pid);
        const p = same.find((x) => x.name === q.name) ?? same[0];
        return p ? [{ id: q.id, source: p.source, confidence: p.confidence }] : [];
      }));
      const mapped = mapAnnotations(index, sub, annotations.all(), selected.numbers);
      insertAnnotations(sub.db, mapped.map(({ sourceFrame: _s, ...a }) => a));
      copyCustodyLines(sub.db, custodyRows(index.db));

      stage('writing the report');
      const evidence: ManifestEvidence[] = index.listEvidence().map((e) => ({
        id: e.id, path: e.path, file_name: path.basename(e.path), size: e.size, sha256: e.sha256, format: e.format, status: e.status,
        frames: e.frameCount, verified: checks.find((c) => c.evidence === e.id)?.ok === true,
      }));
      const count = (sql: string) => (sub.db.prepare(sql).pluck().get() as number);
      const counts: Record<string, number> = {
        evidence_files: evidence.length, frames: exp.frames, records: exp.records, dependent_frames: selected.dependents,
        processes: sub.processes.count(), attributed_frames: exp.attributedFrames, streams: count('SELECT count(*) FROM streams'),
        pdus: count('SELECT count(*) FROM pdus'), notes: mapped.filter((a) => a.kind === 'note').length,
        tags: mapped.filter((a) => a.kind === 'tag').length, bookmarks: mapped.filter((a) => a.kind === 'bookmark').length,
      };
      const timeSpan = { first_ts_ns: exp.firstTsNs, last_ts_ns: exp.lastTsNs, first: iso(exp.firstTsNs), last: iso(exp.lastTsNs) };
      const createdAt = new Date().toISOString();
      const report = path.join(work, MEMBERS.report);
      writeFileSync(report, renderReport({
        tool: { name: 'Wirewho', version: WIREWHO_VERSION }, createdAt, analyst, caseDir: index.caseDir, evidence, selection, counts,
        timeSpan: { first: timeSpan.first, last: timeSpan.last },
        processes: sub.processes.all().map((p) => ({
          pid: p.pid, name: p.name, exe: p.exe, args: p.args, user: p.user, uid: p.uid, frames: p.frames, framesSent: p.framesSent,
          framesReceived: p.framesReceived, bytesSent: p.bytesSent, bytesReceived: p.bytesReceived, firstFrame: p.firstFrame, lastFrame: p.lastFrame, source: p.source,
        })),
        talkers: topTalkers(sub.db, 15),
        timeline: (() => { const t = timeline(sub.db, 60); return { startNs: t.startNs.toString(), bucketNs: t.bucketNs.toString(), frames: t.frames, attributed: t.attributed }; })(),
        facts: factRows(sub.db, REPORT_FACT_FIELDS, REPORT_FACTS + 1).slice(0, REPORT_FACTS),
        factsTruncated: factRows(sub.db, REPORT_FACT_FIELDS, REPORT_FACTS + 1).length > REPORT_FACTS,
        bookmarks: bookmarksOf(sub, mapped),
        custody: log.entries(),
      }));
      const annotationsFile = path.join(work, MEMBERS.annotations);
      writeFileSync(annotationsFile, JSON.stringify(mapped.map((a) => ({
        kind: a.kind, target: a.target, text: a.text, author: a.author, created_at: a.createdAt,
        ...(a.frame !== null ? { frame: a.frame, source_frame: a.sourceFrame } : {}),
        ...(a.stream !== null ? { [`${a.proto}.stream`]: a.stream } : {}),
        ...(a.processId !== null ? { process: a.processId, pid: sub.processes.get(a.processId)?.pid ?? null } : {}),
      })), null, 2) + '\n');

      compactForArchive(sub.db);
      sub.close();
      subClosed = true;
      const indexFile = path.join(work, 'index', 'index.sqlite');

      stage('sealing the case file');
      const member = async (name: string, file: string): Promise<MemberEntry> => ({ name, size: statSync(file).size, sha256: await hashFile(file) });
      const members: MemberEntry[] = [
        { name: MEMBERS.capture, size: exp.bytes, sha256: exp.sha256 },
        await member(MEMBERS.index, indexFile), await member(MEMBERS.annotations, annotationsFile), await member(MEMBERS.report, report),
      ];
      log.append('case-export', operator, { out, analyst, selection, counts, members: members.map((m) => ({ name: m.name, sha256: m.sha256, size: m.size })) });
      const custodyText = log.lines().join('\n') + '\n';
      const custodyFile = path.join(work, MEMBERS.custody);
      writeFileSync(custodyFile, custodyText);
      members.push({ name: MEMBERS.custody, size: Buffer.byteLength(custodyText), sha256: sha256Hex(custodyText) });
      const manifest: Manifest = {
        format: CASE_FORMAT, format_version: CASE_FORMAT_VERSION, tool: { name: 'Wirewho', version: WIREWHO_VERSION }, created_at: createdAt,
        analyst, operator, case_dir: index.caseDir, evidence, selection, counts, time_span: timeSpan, members, custody_head: log.head(),
      };
      const manifestText = JSON.stringify(manifest, null, 2) + '\n';
      const manifestSha256 = sha256Hex(manifestText);
      const archive = await writeArchive(out, [
        { name: MEMBERS.manifest, text: manifestText },
        { name: MEMBERS.capture, file: capture }, { name: MEMBERS.index, file: indexFile }, { name: MEMBERS.annotations, file: annotationsFile },
        { name: MEMBERS.custody, file: custodyFile }, { name: MEMBERS.report, file: report },
      ], COMMENT_PREFIX + manifestSha256, { force: opts.force });
      // Outside the archive, the case itself remembers what was handed over.
      log.append('export', operator, { out, kind: 'case-file', sha256: archive.sha256, bytes: archive.bytes, manifest_sha256: manifestSha256 });
      return { path: archive.path, bytes: archive.bytes, sha256: archive.sha256, manifestSha256, manifest, verification: checks };
    } finally {
      if (!subClosed) sub.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The selection as logs and manifests state it (keys as on the command line). */
export function selectionOf(sel: FrameSelection): Record<string, unknown> {
  return {
    filter: sel.filter ?? null,
    ...(sel.stream ? { stream: sel.stream.id, proto: sel.stream.proto ?? 'tcp', ...(sel.stream.evidenceId ? { evidence: sel.stream.evidenceId } : {}) } : {}),
    ...(sel.pid !== undefined ? { pid: sel.pid } : {}),
    ...(sel.frames ? { frames: sel.frames.length } : {}),
    with_dependents: sel.withDependents === true,
  };
}

type MappedAnnotation = Omit<AnnotationRow, 'id'> & { sourceFrame: number | null };

/** Annotations on exported frames, and on streams/processes that have exported frames, renumbered for the case file. */
function mapAnnotations(index: CaseIndex, sub: CaseIndex, rows: readonly AnnotationRow[], numbers: Uint32Array): MappedAnnotation[] {
  const out: MappedAnnotation[] = [];
  for (const a of rows) {
    const base = { kind: a.kind, target: a.target, text: a.text, author: a.author, createdAt: a.createdAt };
    if (a.target === 'frame' && a.frame !== null) {
      const n = exportedNumber(numbers, a.frame);
      if (n > 0) out.push({ ...base, frame: n, sourceFrame: a.frame, evidenceId: null, proto: null, stream: null, processId: null });
    } else if (a.target === 'stream' && a.stream !== null && a.proto !== null) {
      const column = a.proto === 'udp' ? 'udp_stream' : 'tcp_stream';
      const frames = index.db.prepare(`SELECT number FROM frames WHERE evidence_id = ? AND ${column} = ? ORDER BY number`).pluck().iterate(a.evidenceId, a.stream) as IterableIterator<number>;
      for (const f of frames) {
        const n = exportedNumber(numbers, f);
        if (n === 0) continue;
        const row = sub.frame(n);
        const stream = a.proto === 'udp' ? row?.udpStream : row?.tcpStream;
        if (row && stream !== null && stream !== undefined) out.push({ ...base, frame: null, sourceFrame: null, evidenceId: row.evidenceId, proto: a.proto, stream, processId: null });
        break;
      }
    } else if (a.target === 'process' && a.processId !== null) {
      const p = index.processes.get(a.processId);
      const match = p && sub.processes.all().find((q) => q.pid === p.pid && q.name === p.name);
      if (match) out.push({ ...base, frame: null, sourceFrame: null, evidenceId: null, proto: null, stream: null, processId: match.id });
    }
  }
  return out;
}

function bookmarksOf(sub: CaseIndex, mapped: readonly MappedAnnotation[]): ReportBookmark[] {
  const out: ReportBookmark[] = [];
  for (const b of mapped) {
    if (b.kind !== 'bookmark' || b.frame === null) continue;
    const row = sub.frame(b.frame);
    if (!row) continue;
    const ts = storedTsNs(row);
    const p = row.processId === null ? undefined : sub.processes.get(row.processId);
    out.push({
      frame: b.frame, sourceFrame: b.sourceFrame, time: ts === null ? null : iso(ts.toString()),
      src: row.ipSrc ?? '', dst: row.ipDst ?? '', protocol: row.protocol, label: b.text, author: b.author,
      process: p ? `${p.pid} ${p.name ?? ''}`.trim() : null,
      notes: mapped.filter((n) => n.kind === 'note' && n.frame === b.frame).map((n) => n.text),
    });
  }
  return out;
}
