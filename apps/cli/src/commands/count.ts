import { openFilter } from '../filter-option.js';
import { writeLine } from '../output.js';
import { openCaseReadonly } from './frames.js';

export interface CountCommandOptions { case: string }

/** `wirewho count --case <dir> '<filter>'`: prints how many frames the display filter selects. */
export async function runCount(expr: string, opts: CountCommandOptions): Promise<number> {
  const index = openCaseReadonly(opts.case);
  try {
    const filter = openFilter(index, expr);
    try {
      await writeLine(String(filter.count(expr)));
    } finally {
      filter.close();
    }
  } finally {
    index.close();
  }
  return 0;
}
