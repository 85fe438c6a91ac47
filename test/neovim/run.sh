#!/usr/bin/env bash
# npm run test:neovim — the language server in a headless Neovim with its built-in LSP client
# (test/neovim/check.lua): diagnostics, a hover and a quick fix on an aws-node manifest.
#  1. Debian's neovim package, installed with apt when nvim is missing (as test/vscode/install.sh
#     installs its packages).
#  2. The bundled server (npm run build when dist/server.js is missing).
#  3. A copy of examples/kubernetes/aws-node-daemonset.yaml in a temp folder, opened by Neovim.
# Closing line (read by CI): "neovim: N failed".
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
log() { echo "[neovim] $*"; }

if ! command -v nvim >/dev/null 2>&1; then
  log "installing Debian package neovim"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi
log "$(nvim --version | head -1)"

[ -f dist/server.js ] || npm run build

TMP="$(mktemp -d "${TMPDIR:-/tmp}/eksnet-neovim.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
cp examples/kubernetes/aws-node-daemonset.yaml "$TMP/"

# --clean -u NONE: no user configuration or plugins, only what Neovim ships.
EKSNET_SERVER="$REPO_ROOT/dist/server.js" EKSNET_FILE="$TMP/aws-node-daemonset.yaml" \
  timeout 180 nvim --headless --clean -u NONE -c "luafile $REPO_ROOT/test/neovim/check.lua"
