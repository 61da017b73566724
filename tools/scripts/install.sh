#!/usr/bin/env bash
# Installs the project's npm dependencies exactly as locked. Skipped when node_modules already
# matches package-lock.json (npm records what it installed in node_modules/.package-lock.json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

command -v node >/dev/null || { echo "error: Node.js 20.19+ is required (node not found)" >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { echo "error: Node.js 20.19+ is required, found $(node --version)" >&2; exit 1; }
command -v java >/dev/null || { echo "error: Java 17+ is required for the local stack (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "error: Maven is required to fetch the local stack's jars (mvn not found)" >&2; exit 1; }

if [[ "${KEEL_FORCE_INSTALL:-0}" != 1 && -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "[install] node_modules is up to date with package-lock.json"
else
  echo "[install] npm ci"
  npm ci --no-audit --no-fund
fi

# The console's browser tests drive Debian's Chromium (never a downloaded browser): install it when missing.
if ! command -v "${KEEL_CHROMIUM:-chromium}" >/dev/null 2>&1 && [[ "${KEEL_SKIP_CHROMIUM:-0}" != 1 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "[install] apt-get install chromium (for the console's browser tests)"
    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  else
    echo "warning: Chromium is missing: install the Debian package (sudo apt-get install chromium) for the console's browser tests" >&2
  fi
fi
