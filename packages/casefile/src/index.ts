/** @wirewho/casefile — the .wwcase archive: manifest, members, verification, HTML report. */
export * from './format.js';
export { writeArchive, type ArchiveMember, type WrittenArchive } from './archive-writer.js';
export { extractMembers, scanArchive, type ScannedArchive, type ScannedMember } from './archive-reader.js';
export { custodyLinesOf, verifyCaseFile, type CaseProblem, type CaseVerification } from './verify.js';
export { renderReport, type ReportBookmark, type ReportData, type ReportFact, type ReportProcess, type ReportTalker } from './report.js';
export { esc } from './html.js';
export type { Timeline } from './timeline-svg.js';
