/** The case workspace the main process hosts: the window's case folder, or a .wwcase shown read-only. */
import { openWorkspace } from '@wirewho/engine';

export type CaseEngine = Awaited<ReturnType<typeof openWorkspace>>;

export function openCaseEngine(caseDir: string): Promise<CaseEngine> {
  return openWorkspace({ caseDir });
}
