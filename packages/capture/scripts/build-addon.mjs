// Builds the libpcap addon during `pnpm install`, once: skipped when the built module is newer than
// its sources (pnpm re-runs install scripts often), and serialised by a lock directory so concurrent
// installs in one tree do not clean each other's build folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const built = path.join(root, 'build', 'Release', 'wirewho_pcap.node');
const sources = ['binding.gyp', 'native/pcap_addon.cc', 'native/socket_tracer.cc', 'native/socket_tracer.h'].map((f) => path.join(root, f));
const lock = path.join(root, '.build-lock');

const upToDate = () => existsSync(built) && sources.every((s) => statSync(s).mtimeMs <= statSync(built).mtimeMs);

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (let waited = 0; ; waited += 200) {
  try { mkdirSync(lock); break; } catch {
    // A lock older than 5 minutes belongs to a build that died.
    if (waited > 300_000 || Date.now() - statSync(lock).mtimeMs > 300_000) { rmSync(lock, { recursive: true, force: true }); continue; }
    sleep(200);
  }
}
try {
  if (!upToDate()) {
    const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
    try {
      // Build against the installed Node headers (node-gyp's header download does not work on Node 20).
      const env = { ...process.env };
      if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
      execFileSync(process.execPath, [nodeGyp, 'rebuild'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      console.error('wirewho: building the libpcap capture addon failed. Live capture needs the libpcap headers:\n' +
        '  Debian/Ubuntu: sudo apt-get install libpcap-dev   (then run pnpm install again)');
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
