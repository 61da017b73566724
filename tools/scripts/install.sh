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

# Debian packages the checks need (command -> package), installed as root when missing.
LOG_PREFIX=install
# shellcheck source=../local-stack/lib/common.sh
source tools/local-stack/lib/common.sh
declare -A DEBIAN_PACKAGES=([shellcheck]=shellcheck)
for cmd in "${!DEBIAN_PACKAGES[@]}"; do
  command -v "$cmd" >/dev/null && continue
  if ! is_root || ! command -v apt-get >/dev/null; then
    die "'$cmd' is missing: install the Debian package ${DEBIAN_PACKAGES[$cmd]} (as root: apt-get install -y ${DEBIAN_PACKAGES[$cmd]})"
  fi
  mkdir -p .local-stack/logs
  apt_install .local-stack/logs/apt.log "${DEBIAN_PACKAGES[$cmd]}"
done

if [[ "${KEEL_FORCE_INSTALL:-0}" != 1 && -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "[install] node_modules is up to date with package-lock.json"
else
  echo "[install] npm ci"
  npm ci --no-audit --no-fund
fi
