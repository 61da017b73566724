#!/usr/bin/env bash
# The README's start command: install, bring up the real local stack, load the demo catalogue and
# build its search index (first time only), then build and start the apps in the background.
# Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD=true NX_TUI=false
DEMO_PRODUCTS="${KEEL_DEMO_PRODUCTS:-20000}"
ES_URL="${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"

bash tools/scripts/install.sh
bash tools/local-stack/stack.sh up

# a shop DB from an earlier version gets the pending migrations (e.g. the DB-kept document versions)
npx nx run catalog:migrate --outputStyle=static
echo "[start] demo catalogue: $DEMO_PRODUCTS products in the shop DB (kept if it already has products)"
npx nx run catalog:seed --products "$DEMO_PRODUCTS" --if-empty --outputStyle=static

npx nx run-many -t build --outputStyle=static >/dev/null
if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$ES_URL/_alias/${PRODUCTS_ALIAS:-products}")" != 200 ]]; then
  echo "[start] no search index yet: building it with indexer-recovery"
  node dist/apps/indexer-recovery/cli.js run >/dev/null
fi

bash tools/platform/platform.sh start
echo "[start] this machine's JDKs and JVMs into jdk-inventory (jdk-scan, with this host's agent key)"
host="$(hostname)"
KEEL_HOSTNAME="$host" KEEL_AGENT_KEY="$(node dist/apps/jdk-inventory/cli.js agent-key issue --host "$host")" \
node dist/apps/jdk-scan/main.js scan --send "http://127.0.0.1:${KEEL_JDK_INVENTORY_PORT:-3004}" \
  --label team=platform --label environment=dev >/dev/null ||
  echo "[start] warning: jdk-scan could not report (see above); the platform runs anyway" >&2
if [[ "${KEEL_DEMO_FLEET:-1}" != 0 ]]; then
  echo "[start] demo fleet: ${KEEL_DEMO_FLEET_HOSTS:-2000} hosts x ${KEEL_DEMO_FLEET_WEEKS:-8} weeks of reports, labelled demo=true (KEEL_DEMO_FLEET=0 skips it)"
  node dist/apps/jdk-inventory/demo-fleet.js ||
    echo "[start] warning: the demo fleet could not be loaded (see above); the platform runs anyway" >&2
fi
bash tools/platform/platform.sh status
cat <<'MSG'

Keel is running. Health: http://127.0.0.1:3000/health (gateway) ... :3006 (supervisor).
GraphQL: http://127.0.0.1:3000/graphql, console: http://127.0.0.1:3000/console, with a token from
  node dist/apps/gateway/cli.js token create --name me --role operator
Logs: .local-stack/logs/<app>.log    Stop: npm run stop
MSG
