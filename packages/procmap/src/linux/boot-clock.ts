/**
 * Process start time in ns since the epoch = btime (/proc/stat, boot time in whole seconds) +
 * starttime ticks / CLK_TCK. CLK_TCK is a userspace constant (100 on every Linux ABI Wirewho runs
 * on); `getconf CLK_TCK` is asked once to be sure, 100 if it can't answer.
 */
import { execFileSync } from 'node:child_process';

export interface BootClock {
  btimeSeconds: number;
  clkTck: number;
}

export function parseBtime(procStat: string): number | undefined {
  const m = /^btime\s+(\d+)\s*$/m.exec(procStat);
  return m === null ? undefined : Number(m[1]);
}

export function ticksToEpochNs(clock: BootClock, ticks: number): bigint {
  return BigInt(clock.btimeSeconds) * 1_000_000_000n + (BigInt(ticks) * 1_000_000_000n) / BigInt(clock.clkTck);
}

let cachedClkTck: number | undefined;

export function systemClkTck(): number {
  if (cachedClkTck === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim());
      cachedClkTck = Number.isInteger(n) && n > 0 ? n : 100;
    } catch {
      cachedClkTck = 100;
    }
  }
  return cachedClkTck;
}
