/** Fuzz worker process: runs cases on request and reports each begin/end, so the parent can time them. */
import { makeCase } from './cases.js';
import { runCase } from './fuzz-case.js';

process.on('message', (msg: { seed: number; from: number; to: number }) => {
  for (let i = msg.from; i < msg.to; i++) {
    process.send!({ type: 'begin', i });
    const c = makeCase(msg.seed, i);
    try {
      const o = runCase(c.bytes);
      process.send!({ type: 'end', i, ms: o.ms, fault: o.fault?.code ?? null, rss: process.memoryUsage().rss });
    } catch (err) {
      process.send!({ type: 'crash', i, label: c.label, message: (err as Error).stack ?? String(err) });
    }
  }
  process.send!({ type: 'done' });
});
