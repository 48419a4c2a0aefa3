#!/usr/bin/env bash
# Installs the pinned Claude Code CLI into a folder this repository owns (never globally).
# The integration tests use it as a real client; nothing here needs a model or an API key.
set -euo pipefail
PIN="2.1.330"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/claude-code"
mkdir -p "$DIR"
if [ ! -f "$DIR/package.json" ]; then
  printf '{ "name": "claude-code-pin", "private": true }\n' > "$DIR/package.json"
fi
npm install --prefix "$DIR" --no-audit --no-fund --save-exact "@anthropic-ai/claude-code@$PIN" >/dev/null
echo "installed $("$DIR/node_modules/@anthropic-ai/claude-code-linux-x64/claude" --version 2>/dev/null || "$DIR/node_modules/.bin/claude" --version) in .cache/claude-code"
