/**
 * Display filters on the command line: compiled once up front so a bad filter fails before any
 * output, with tshark's three-line message (message, filter, caret) and exit status 2.
 */
import { FrameFilter, InvalidFilterError } from '@wirewho/engine';
import type { CaseIndex } from '@wirewho/index';
import { CliError } from './errors.js';

/** Exit status for a filter that does not compile (tshark exits 2 as well). */
export const BAD_FILTER_EXIT = 2;

export function openFilter(index: CaseIndex, text: string | undefined): FrameFilter {
  const filter = new FrameFilter(index);
  try {
    filter.compile(text);
  } catch (err) {
    filter.close();
    if (err instanceof InvalidFilterError) throw new CliError(`invalid display filter: ${err.message}`, BAD_FILTER_EXIT);
    throw err;
  }
  return filter;
}
