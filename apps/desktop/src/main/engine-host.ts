/** The case engine the main process hosts (one per window's case folder). */
import { openEngine } from '@wirewho/engine';

export type CaseEngine = Awaited<ReturnType<typeof openEngine>>;

export function openCaseEngine(caseDir: string): Promise<CaseEngine> {
  return openEngine({ caseDir });
}
