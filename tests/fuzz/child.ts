/**
 * Fuzz worker process: loads the example dissectors once, runs cases on request and reports each
 * begin/end, so the parent can time them.
 */
import { makeCase } from './cases.js';
import { loadProfiles, type LoadedProfiles } from './dissector-profiles.js';
import { runCase } from './fuzz-case.js';

let loaded: LoadedProfiles = await loadProfiles();

process.on('message', (msg: { seed: number; from: number; to: number }) => {
  void (async () => {
    for (let i = msg.from; i < msg.to; i++) {
      process.send!({ type: 'begin', i });
      const c = makeCase(msg.seed, i);
      try {
        const o = runCase(c.bytes, loaded.profiles[c.profile].protocols);
        const off = loaded.luaSwitchedOff();
        process.send!({ type: 'end', i, ms: o.ms, fault: o.fault?.code ?? null, pdus: o.pdus, rss: process.memoryUsage().rss, luaOff: off.length ? c.label : null });
        // A Lua file switched off stays off for the process: reload so later cases still reach Lua.
        if (off.length) { loaded.close(); loaded = await loadProfiles(); }
      } catch (err) {
        process.send!({ type: 'crash', i, label: c.label, message: (err as Error).stack ?? String(err) });
      }
    }
    process.send!({ type: 'done' });
  })();
});
process.send!({ type: 'ready' });
