/**
 * Files named on the command line may be case files (.wwcase): those are verified and shown
 * read-only instead of ingested. One that fails verification is not opened; the user is told which
 * members changed, in a native error box (the window may not be there yet).
 */
import type { OpenCaseFileResult, WirewhoService } from '@wirewho/contract';

export function isCaseFilePath(p: string): boolean {
  return /\.wwcase$/i.test(p);
}

/** Captures to ingest (in order) and case files to open (the last one stays on screen). */
export function splitLaunchPaths(paths: readonly string[]): { captures: string[]; caseFiles: string[] } {
  return { captures: paths.filter((p) => !isCaseFilePath(p)), caseFiles: paths.filter(isCaseFilePath) };
}

export interface CaseFileReport {
  /** A case file did not verify: each problem names the member. */
  refused(path: string, problems: OpenCaseFileResult['problems']): void;
  /** It could not be read at all (not a case file, newer format, busy). */
  failed(path: string, message: string): void;
}

/** The text of the refusal box: every problem on its own line, member first. */
export function refusalDetail(problems: OpenCaseFileResult['problems']): string {
  return `It was not opened. Verification found:\n${problems.map((p) => `• ${p.member}: ${p.message}`).join('\n')}`;
}

export async function openCaseFilesAtStartup(
  caseFiles: readonly string[],
  service: Pick<WirewhoService, 'openCaseFile'>,
  report: CaseFileReport,
): Promise<void> {
  for (const path of caseFiles) {
    try {
      const r = await service.openCaseFile({ path });
      if (!r.opened) report.refused(r.path, r.problems);
    } catch (err) {
      report.failed(path, err instanceof Error ? err.message : String(err));
    }
  }
}
