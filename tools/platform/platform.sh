#!/usr/bin/env bash
# Runs the Keel apps on this machine from their Nx build output, in the background.
#
#   bash tools/platform/platform.sh start    build the apps, start those not running, wait for /health
#   bash tools/platform/platform.sh status   one line per app: port, pid, readiness
#   bash tools/platform/platform.sh stop     stop the apps this script started (pid files)
#   bash tools/platform/platform.sh start-app <app>   start one built app, e.g. when the supervisor
#                                                     restarts a job that vanished (no build, no wait)
#
# Ports: KEEL_<APP>_PORT (e.g. KEEL_GATEWAY_PORT), defaults 3000..3005. Other settings come from the
# environment the apps read (see README.md), and their defaults point at the local stack.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STACK_HOME="${KEEL_STACK_HOME:-$REPO_ROOT/.local-stack}"
LOG_DIR="$STACK_HOME/logs"
RUN_DIR="$STACK_HOME/run"
TIMEOUT_S="${KEEL_PLATFORM_TIMEOUT_S:-90}"
LOG_PREFIX=platform
# shellcheck source=../local-stack/lib/common.sh
source "$REPO_ROOT/tools/local-stack/lib/common.sh"
cd "$REPO_ROOT"

APPS=(gateway indexer-stream indexer-batch indexer-recovery jdk-inventory jmh-runner supervisor)
declare -A DEFAULT_PORTS=(
  [gateway]=3000 [indexer-stream]=3001 [indexer-batch]=3002
  [indexer-recovery]=3003 [jdk-inventory]=3004 [jmh-runner]=3005 [supervisor]=3006
)

port_of() {
  local var
  var="KEEL_$(echo "$1" | tr 'a-z-' 'A-Z_')_PORT"
  echo "${!var:-${DEFAULT_PORTS[$1]}}"
}

# The app's pid while it runs, and is still our node process (not a recycled pid).
pid_of() { pid_from_file "$RUN_DIR/app-$1.pid" "dist/apps/$1/main.js"; }

ready() { curl -fsS --max-time 3 "http://127.0.0.1:$(port_of "$1")/health" >/dev/null 2>&1; }

start_app() {
  local app="$1" port
  port="$(port_of "$app")"
  if pid_of "$app" >/dev/null; then
    log "$app already running (pid $(pid_of "$app"))"
    return
  fi
  if curl -fsS --max-time 1 "http://127.0.0.1:$port/health/live" >/dev/null 2>&1; then
    die "port $port for $app answers but was not started by this script; stop that process or set KEEL_$(echo "$app" | tr 'a-z-' 'A-Z_')_PORT"
  fi
  log "starting $app on port $port (log: $LOG_DIR/$app.log)"
  # the local supervisor restarts the indexers through start-app when they vanish from ZooKeeper
  if [[ "$app" == supervisor && -z "${SUPERVISOR_JOBS_FILE:-}${SUPERVISOR_JOBS:-}" ]]; then
    export SUPERVISOR_JOBS_FILE="$SCRIPT_DIR/supervisor-jobs.local.json"
  fi
  PORT="$port" setsid nohup node "$REPO_ROOT/dist/apps/$app/main.js" >>"$LOG_DIR/$app.log" 2>&1 &
  echo $! >"$RUN_DIR/app-$app.pid"
}

wait_ready() {
  local app="$1" deadline=$((SECONDS + TIMEOUT_S))
  until ready "$app"; do
    if ! pid_of "$app" >/dev/null; then
      tail -n 30 "$LOG_DIR/$app.log" >&2 || true
      die "$app exited during start-up; last lines of $LOG_DIR/$app.log above"
    fi
    if ((SECONDS >= deadline)); then
      curl -sS --max-time 3 "http://127.0.0.1:$(port_of "$app")/health" >&2 || true
      tail -n 30 "$LOG_DIR/$app.log" >&2 || true
      die "$app not ready within ${TIMEOUT_S}s (KEEL_PLATFORM_TIMEOUT_S)"
    fi
    sleep 0.5
  done
  log "$app ready: http://127.0.0.1:$(port_of "$app")/health"
}

cmd_start() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  (cd "$REPO_ROOT" && npx nx run-many -t build --projects="$(IFS=,; echo "${APPS[*]}")" --outputStyle=static >/dev/null) ||
    die "build failed: run 'npx nx run-many -t build' to see why"
  for app in "${APPS[@]}"; do start_app "$app"; done
  for app in "${APPS[@]}"; do wait_ready "$app"; done
}

cmd_stop() {
  # reverse order: the supervisor goes first, or it would restart the indexers as they stop
  local i app
  for ((i = ${#APPS[@]} - 1; i >= 0; i--)); do
    app="${APPS[$i]}"
    local pid
    if pid="$(pid_of "$app")"; then
      log "stopping $app (pid $pid)"
      stop_pid "$app" "$pid" 10
    fi
    rm -f "$RUN_DIR/app-$app.pid"
  done
}

cmd_status() {
  local all_ok=0
  for app in "${APPS[@]}"; do
    local pid state
    pid="$(pid_of "$app" || echo -)"
    if ready "$app"; then state=ready; elif [[ "$pid" != - ]]; then state=unready; all_ok=1; else state=down; all_ok=1; fi
    printf '%-18s port %-5s pid %-8s %s\n' "$app" "$(port_of "$app")" "$pid" "$state"
  done
  return "$all_ok"
}

case "${1:-}" in
  start) cmd_start ;;
  start-app)
    [[ " ${APPS[*]} " == *" ${2:-} "* ]] || die "start-app: unknown app '${2:-}' (one of: ${APPS[*]})"
    [[ -f "$REPO_ROOT/dist/apps/$2/main.js" ]] || die "start-app: dist/apps/$2/main.js is missing: build first"
    mkdir -p "$LOG_DIR" "$RUN_DIR"
    start_app "$2"
    ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status|start-app <app>" >&2; exit 2 ;;
esac
