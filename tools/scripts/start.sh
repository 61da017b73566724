#!/usr/bin/env bash
# The README's start command: install, bring up the real local stack, load the demo catalogue,
# then build and start the six apps in the background. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD=true

bash tools/scripts/install.sh
bash tools/local-stack/stack.sh up
bash tools/platform/platform.sh start
bash tools/platform/platform.sh status
cat <<'MSG'

Keel is running. Health: http://127.0.0.1:3000/health (gateway) ... :3005 (jmh-runner).
Logs: .local-stack/logs/<app>.log    Stop: npm run stop
MSG
