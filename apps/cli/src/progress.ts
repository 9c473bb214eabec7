/**
 * Progress reporting on stderr: a live bar when stderr is a terminal, nothing otherwise (so logs and
 * pipes stay clean); the final summary line is always printed by the command itself.
 */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number, payload: { rate: string; frames: number }): void;
  stop(): void;
}

export function createProgress(label: string): ProgressReporter {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {frames} frames | {rate} frames/s | {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total, payload) {
      if (!started) { bar.start(Math.max(total, 1), 0, payload); started = true; }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, payload);
    },
    stop() { if (started) bar.stop(); },
  };
}
