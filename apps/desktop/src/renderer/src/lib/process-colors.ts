/** One colour per process instance (theme variables --proc-0..7), stable for a process id. */
export const PROCESS_PALETTE_SIZE = 8;

export function processColorVar(id: number): string {
  return `var(--proc-${((id % PROCESS_PALETTE_SIZE) + PROCESS_PALETTE_SIZE) % PROCESS_PALETTE_SIZE})`;
}

/** Plot ticks: about `count` round steps (1, 2, 5 × 10^k) covering [0, max]. */
export function niceTicks(max: number, count = 6): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}
