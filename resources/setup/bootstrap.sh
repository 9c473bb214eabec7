#!/usr/bin/env bash
# Makes a fresh clone runnable: system packages (installed when root, listed otherwise), pnpm, and the
# workspace's dependencies. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # node-gyp builds against the installed headers
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
PNPM_VERSION=12.21.0

node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then
  echo "wirewho: Node.js 20 or newer is required (found $(node --version))." >&2
  exit 1
fi

# libpcap-dev: live capture; tshark/tcpdump: conformance oracles; chromium + xvfb: UI tests and the
# served UI when no Electron runtime is available.
need=()
for p in libpcap-dev tcpdump tshark chromium xvfb; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "wirewho: installing system packages: ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v dpkg >/dev/null; then
    echo "wirewho: missing system packages. Install them with:" >&2
    echo "  sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

if [[ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]]; then
  echo "wirewho: installing pnpm $PNPM_VERSION" >&2
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || {
    echo "wirewho: could not install pnpm globally; run: npm install -g pnpm@$PNPM_VERSION" >&2
    exit 1
  }
fi

if [[ ! -f node_modules/.modules.yaml ]] || [[ pnpm-lock.yaml -nt node_modules/.modules.yaml ]]; then
  pnpm install --frozen-lockfile
fi
