#!/usr/bin/env node
// `npm start`: opens the desktop app on the bundled sample evidence. Where no Electron runtime or no
// display is available it says so and serves the same UI on a loopback URL instead (`wirewho serve`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const desktopDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(desktopDir, '../..');
const sample = path.join(root, 'resources/samples/ptcpdump_curl-thread.pcapng');
const caseDir = process.env.WIREWHO_CASE ?? path.join(os.homedir(), '.local/share/wirewho/cases/sample');
const openArgs = existsSync(path.join(caseDir, 'index.sqlite')) ? [] : ['--open', sample];

function ensureBuilt() {
  const marker = path.join(desktopDir, 'out/renderer/index.html');
  if (existsSync(marker) && statSync(marker).mtimeMs > Date.now() - 365 * 864e5 && !process.env.WIREWHO_REBUILD) return;
  const r = spawnSync('pnpm', ['--filter', '@wirewho/desktop', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  try {
    const bin = createRequire(path.join(desktopDir, 'package.json'))('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

ensureBuilt();
const electron = electronBinary();
if (electron && hasDisplay()) {
  const child = spawn(electron, [desktopDir, '--case', caseDir, ...openArgs], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = !electron
    ? 'No Electron runtime is installed here (pnpm install could not download it)'
    : 'No display is available (DISPLAY/WAYLAND_DISPLAY unset)';
  console.error(`wirewho: ${why}; serving the same UI on a loopback URL instead. Open the URL below in a browser; Ctrl-C stops.`);
  const child = spawn('pnpm', ['--silent', 'wirewho', 'serve', '--case', caseDir, ...openArgs], { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
