import { describe, expect, it, vi } from 'vitest';
import type { OpenCaseFileResult } from '@wirewho/contract';
import { isCaseFilePath, openCaseFilesAtStartup, refusalDetail, splitLaunchPaths } from './startup-case-file.js';

describe('case files on the command line', () => {
  it('tells case files from captures by their extension', () => {
    expect(isCaseFilePath('/c/x.wwcase')).toBe(true);
    expect(isCaseFilePath('/c/X.WWCASE')).toBe(true);
    expect(isCaseFilePath('/c/x.wwcase.pcap')).toBe(false);
    expect(splitLaunchPaths(['/a.pcap', '/b.wwcase', '/c.pcapng'])).toEqual({ captures: ['/a.pcap', '/c.pcapng'], caseFiles: ['/b.wwcase'] });
  });

  it('opens each case file, reports one that does not verify with every member named, and one that cannot be read', async () => {
    const problems = [{ member: 'capture.pcapng', message: 'capture.pcapng changed: SHA-256 aa' }, { member: 'custody.jsonl', message: 'custody log entry 2 changed' }];
    const openCaseFile = vi.fn(async ({ path }: { path: string }): Promise<OpenCaseFileResult> => {
      if (path === '/bad.wwcase') return { opened: false, path, problems, caseFile: null };
      if (path === '/zip.wwcase') throw new Error('/zip.wwcase is not a readable case file');
      return { opened: true, path, problems: [], caseFile: null };
    });
    const report = { refused: vi.fn(), failed: vi.fn() };
    await openCaseFilesAtStartup(['/bad.wwcase', '/zip.wwcase', '/good.wwcase'], { openCaseFile }, report);
    expect(openCaseFile).toHaveBeenCalledTimes(3);
    expect(report.refused).toHaveBeenCalledWith('/bad.wwcase', problems);
    expect(report.failed).toHaveBeenCalledWith('/zip.wwcase', '/zip.wwcase is not a readable case file');
    expect(refusalDetail(problems)).toBe('It was not opened. Verification found:\n• capture.pcapng: capture.pcapng changed: SHA-256 aa\n• custody.jsonl: custody log entry 2 changed');
  });
});
