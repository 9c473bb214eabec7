/** The report's timeline: frames per time bucket as an inline SVG bar chart (no script, no external file). */
import { esc } from './html.js';

export interface Timeline {
  /** Start of bucket 0, ns since the epoch (decimal text). */
  startNs: string;
  bucketNs: string;
  /** Frames per bucket. */
  frames: number[];
  /** Frames per bucket that a process is attributed to (same length). */
  attributed: number[];
}

const W = 720, H = 160, PAD = 28;

function isoOf(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString();
}

export function timelineSvg(t: Timeline): string {
  const n = t.frames.length;
  if (n === 0) return '<p class="empty">no timestamps</p>';
  const max = Math.max(1, ...t.frames);
  const bw = (W - 2 * PAD) / n;
  const bars: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = ((H - 2 * PAD) * t.frames[i]) / max;
    const ha = ((H - 2 * PAD) * (t.attributed[i] ?? 0)) / max;
    const x = PAD + i * bw;
    if (h > 0) bars.push(`<rect x="${x.toFixed(1)}" y="${(H - PAD - h).toFixed(1)}" width="${Math.max(bw - 1, 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="#9db4d0"><title>${t.frames[i]} frames</title></rect>`);
    if (ha > 0) bars.push(`<rect x="${x.toFixed(1)}" y="${(H - PAD - ha).toFixed(1)}" width="${Math.max(bw - 1, 0.5).toFixed(1)}" height="${ha.toFixed(1)}" fill="#2f6db5"><title>${t.frames[i]} frames, ${t.attributed[i]} with a process</title></rect>`);
  }
  const start = BigInt(t.startNs);
  const end = start + BigInt(t.bucketNs) * BigInt(n);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="frames over time">
<line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" stroke="#555"/>
<text x="${PAD}" y="${H - 8}" font-size="10">${esc(isoOf(start))}</text>
<text x="${W - PAD}" y="${H - 8}" font-size="10" text-anchor="end">${esc(isoOf(end))}</text>
<text x="${PAD}" y="${PAD - 10}" font-size="10">max ${max} frames per ${esc(formatSpan(BigInt(t.bucketNs)))}; dark: attributed to a process</text>
${bars.join('\n')}
</svg>`;
}

function formatSpan(ns: bigint): string {
  if (ns >= 1_000_000_000n) return `${Number(ns) / 1e9} s`;
  if (ns >= 1_000_000n) return `${Number(ns) / 1e6} ms`;
  return `${Number(ns) / 1e3} µs`;
}
