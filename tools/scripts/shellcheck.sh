#!/usr/bin/env bash
# Runs ShellCheck over every shell script in the repository (part of `npm run lint`); settings in .shellcheckrc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v shellcheck >/dev/null ||
  { echo "error: shellcheck is not installed (tools/scripts/install.sh installs it as root: apt-get install -y shellcheck)" >&2; exit 1; }
mapfile -t scripts < <(git ls-files --cached --others --exclude-standard '*.sh')
shellcheck "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
