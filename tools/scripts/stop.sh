#!/usr/bin/env bash
# Stops the apps, then the servers the local stack started (never the machine's databases).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash tools/platform/platform.sh stop
bash tools/local-stack/stack.sh down
