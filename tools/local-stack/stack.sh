#!/usr/bin/env bash
# Local stack: real ZooKeeper, Kafka (KRaft) and Elasticsearch on 127.0.0.1, no Docker,
# plus checks (and databases) on the PostgreSQL and MariaDB servers of the machine.
#
#   bash tools/local-stack/stack.sh up       fetch once, start what is not healthy, wait for health
#   bash tools/local-stack/stack.sh status   one line per server; exit 0 only if all are healthy
#   bash tools/local-stack/stack.sh down     stop what `up` started (pid files); never the databases
#   bash tools/local-stack/stack.sh reset    down, then wipe the data and log folders (keeps the cache)
#
# This file is the dispatcher: the settings, the steps every server shares (Java, Maven, launch,
# wait for health) and the commands. Each server's own fetch/start/health is in servers/<name>.sh,
# the shell helpers shared with tools/platform in lib/common.sh, the versions in versions.env.
# See README.md next to this file for the environment variables and folders.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"
LOG_PREFIX=local-stack
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
load_versions

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
ZK_VERSION="$ZOOKEEPER_VERSION"
ES_VERSION="$ELASTICSEARCH_VERSION"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"

STACK_HOME="${KEEL_STACK_HOME:-$REPO_ROOT/.local-stack}"
CACHE_DIR="$STACK_HOME/cache"
DATA_DIR="$STACK_HOME/data"
LOG_DIR="$STACK_HOME/logs"
RUN_DIR="$STACK_HOME/run"
CONF_DIR="$STACK_HOME/conf"

BIND_HOST=127.0.0.1
ZK_PORT="${KEEL_ZK_PORT:-2181}"
KAFKA_PORT="${KEEL_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KEEL_KAFKA_CONTROLLER_PORT:-19093}"
ES_PORT="${KEEL_ES_PORT:-9200}"
ES_HEAP="${KEEL_ES_HEAP:-1g}"
ES_USER="${KEEL_ES_USER:-keel-es}"
PG_HOST="${KEEL_PG_HOST:-127.0.0.1}"
PG_PORT="${KEEL_PG_PORT:-5432}"
MYSQL_HOST="${KEEL_MYSQL_HOST:-127.0.0.1}"
MYSQL_PORT="${KEEL_MYSQL_PORT:-3306}"
TIMEOUT_S="${KEEL_STACK_TIMEOUT_S:-120}"
STOP_TIMEOUT_S="${KEEL_STACK_STOP_TIMEOUT_S:-30}"

ZK_LIB="$CACHE_DIR/zookeeper-$ZK_VERSION/lib"
KAFKA_LIB="$CACHE_DIR/kafka-$KAFKA_VERSION/lib"
ES_HOME="$CACHE_DIR/elasticsearch-$ES_VERSION"

PG_DATABASES=(keel keel_test)
MYSQL_DATABASES=(keel_shop keel_shop_test)

# Servers this script owns (started with pid files), in start order.
OWNED_SERVERS=(zookeeper kafka elasticsearch)

# shellcheck source=servers/zookeeper.sh
source "$SCRIPT_DIR/servers/zookeeper.sh"
# shellcheck source=servers/kafka.sh
source "$SCRIPT_DIR/servers/kafka.sh"
# shellcheck source=servers/elasticsearch.sh
source "$SCRIPT_DIR/servers/elasticsearch.sh"
# shellcheck source=servers/postgresql.sh
source "$SCRIPT_DIR/servers/postgresql.sh"
# shellcheck source=servers/mariadb.sh
source "$SCRIPT_DIR/servers/mariadb.sh"

# ---------------------------------------------------------------------------------------------
# Pid and log files of the servers this script owns
# ---------------------------------------------------------------------------------------------
pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# Pid recorded by `up` for a server, if that process is still alive and still ours (its command
# line mentions our stack folder). Stale pid files are removed.
owned_pid() { pid_from_file "$(pid_file "$1")" "$STACK_HOME"; }

tail_log() { # tail_log <server>
  local file
  file="$(log_file "$1")"
  printf '\n----- last 40 lines of %s -----\n' "$file" >&2
  tail -n 40 "$file" >&2 2>/dev/null || echo "(no log yet)" >&2
  printf -- '----- end of %s -----\n\n' "$file" >&2
}

# ---------------------------------------------------------------------------------------------
# Java and Maven
# ---------------------------------------------------------------------------------------------
resolve_java() {
  local java_bin major
  if [[ -n "${KEEL_JAVA_HOME:-}" ]]; then
    JAVA_HOME_DIR="$KEEL_JAVA_HOME"
  elif [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    JAVA_HOME_DIR="$JAVA_HOME"
  else
    need_cmd java "Install a JDK 17+ (Debian: apt-get install -y openjdk-17-jdk-headless)."
    java_bin="$(readlink -f "$(command -v java)")"
    JAVA_HOME_DIR="${java_bin%/bin/java}"
  fi
  JAVA_BIN="$JAVA_HOME_DIR/bin/java"
  [[ -x "$JAVA_BIN" ]] || die "No java at $JAVA_BIN (set KEEL_JAVA_HOME to a JDK 17+)."
  major="$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null \
    || die "Java 17+ is needed (Kafka 4.1 and Elasticsearch 8.19); $JAVA_BIN is version '${major:-?}'."
}

strip_ansi() { sed -u 's/\x1b\[[0-9;]*m//g'; }

# mvn_run <description> <args...>: offline first (fast, works without network once the local
# Maven repository has everything), online if that fails. Output goes to logs/maven.log.
mvn_run() {
  local what="$1"; shift
  local mlog="$LOG_DIR/maven.log"
  # The pom has no versions of its own: they come from versions.env.
  set -- -Dzookeeper.version="$ZK_VERSION" -Dkafka.version="$KAFKA_VERSION" "$@"
  need_cmd mvn "Install Maven (Debian: apt-get install -y maven); it fetches the server jars from Maven Central."
  printf '\n=== %s: mvn --offline %s\n' "$(date -Is)" "$*" >>"$mlog"
  if mvn -o -B -q -Dstyle.color=never -f "$POM" "$@" 2>&1 | strip_ansi >>"$mlog"; then return 0; fi
  log "Downloading $what from Maven Central..."
  printf '=== (not all in the local Maven repository: the errors above are expected) mvn %s\n' "$*" >>"$mlog"
  if ! mvn -B -q -ntp -Dstyle.color=never -f "$POM" "$@" 2>&1 | strip_ansi >>"$mlog"; then
    tail -n 30 "$mlog" >&2
    die "Maven could not fetch $what (full output: $mlog)."
  fi
}

# fetch_libs <profile> <target dir>: copy the runtime dependencies of a pom profile.
fetch_libs() {
  local profile="$1" target="$2" tmp
  [[ -f "$target/.complete" ]] && return 0
  tmp="$target.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  mvn_run "$profile jars" -P"$profile" dependency:copy-dependencies -DoutputDirectory="$tmp"
  rm -rf "$target" && mkdir -p "$(dirname "$target")" && mv "$tmp" "$target"
  touch "$target/.complete"
  log "Fetched $profile jars into $target ($(du -sh "$target" | cut -f1))."
}

fetch_all() {
  local name
  mkdir -p "$CACHE_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$CONF_DIR"
  for name in "${OWNED_SERVERS[@]}"; do "${name}_fetch"; done
}

server_ports() { "${1}_ports"; }

# ---------------------------------------------------------------------------------------------
# Starting the servers
# ---------------------------------------------------------------------------------------------
# launch <server> <workdir> <command...>: start detached in its own session (survives the shell
# that ran `up`), output appended to logs/<server>.log, pid (== process group) in run/<server>.pid.
launch() {
  local name="$1" workdir="$2"; shift 2
  local lf
  lf="$(log_file "$name")"
  [[ -f "$lf" ]] && mv -f "$lf" "$lf.prev"
  printf '=== %s: starting %s\n' "$(date -Is)" "$name" >"$lf"
  # fd 9 is the `up` lock: close it so the server does not hold the lock forever.
  ( cd "$workdir" && exec setsid nohup "$@" >>"$lf" 2>&1 </dev/null 9>&- ) &
  echo "$!" >"$(pid_file "$name")"
}

write_log4j2_config() {
  cat >"$CONF_DIR/log4j2.properties" <<'EOF'
# Generated by tools/local-stack/stack.sh: everything to stdout (redirected to logs/<server>.log).
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafkaRequest.name = kafka.request.logger
logger.kafkaRequest.level = WARN
logger.kafkaController.name = kafka.controller
logger.kafkaController.level = INFO
logger.stateChange.name = state.change.logger
logger.stateChange.level = WARN
logger.zkAudit.name = org.apache.zookeeper.audit
logger.zkAudit.level = WARN
EOF
}
# True when the server's first port is open and answers that server's health check.
port_in_use_by_healthy() {
  local name="$1" port
  port="$(server_ports "$name" | cut -d' ' -f1)"
  port_open "$BIND_HOST" "$port" && "${name}_healthy"
}

# Check that none of a server's ports is taken by something that is not ours.
check_ports_free() {
  local name="$1" port
  for port in $(server_ports "$name"); do
    if port_open "$BIND_HOST" "$port"; then
      die "$name: port $BIND_HOST:$port is already used by $(port_owner "$port"), which this stack did not start. Stop it, or pick another port (see README: KEEL_*_PORT)."
    fi
  done
}

# Start one owned server unless it is already healthy. Sets STARTED[name]=1 when launched.
declare -A STARTED=()
begin_server() {
  local name="$1" pid
  if pid="$(owned_pid "$name")"; then
    if "${name}_healthy"; then
      log "$name already healthy (pid $pid)."
    else
      log "$name already running (pid $pid), waiting for it to become healthy."
      STARTED[$name]=1
    fi
    return 0
  fi
  check_ports_free "$name"
  "${name}_start"
  STARTED[$name]=1
  log "Started $name (pid $(<"$(pid_file "$name")")), log: $(log_file "$name")"
}

wait_healthy() {
  local name="$1" deadline pid
  [[ -n "${STARTED[$name]:-}" ]] || return 0
  deadline=$(( $(now_s) + TIMEOUT_S ))
  while ! "${name}_healthy"; do
    if ! pid="$(owned_pid "$name")"; then
      tail_log "$name"
      die "$name exited during start-up (log: $(log_file "$name"))."
    fi
    if (( $(now_s) >= deadline )); then
      tail_log "$name"
      die "$name was not healthy after ${TIMEOUT_S}s (KEEL_STACK_TIMEOUT_S). It is still running as pid $pid; log: $(log_file "$name"). Stop it with 'stack.sh down'."
    fi
    sleep 0.5
  done
  log "$name healthy."
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL and MariaDB (servers of the machine; started only when not reachable)
# Commands
# ---------------------------------------------------------------------------------------------
take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w 300 9 || die "Another stack.sh up/down is running (lock $RUN_DIR/.lock)."
}

cmd_up() {
  local t0 name
  t0=$(now_s)
  take_lock
  resolve_java
  # A server of the right kind already healthy on its port (another checkout's stack, a container)
  # is used as it is, like the machine's databases; `down` leaves it alone. Anything else on the port
  # fails fast, before any download.
  local -A external=()
  for name in "${OWNED_SERVERS[@]}"; do
    owned_pid "$name" >/dev/null && continue
    if port_in_use_by_healthy "$name"; then
      external[$name]=1
      log "$name: using the one already serving on port $(server_ports "$name" | cut -d' ' -f1) (not started here; down leaves it running)."
    else
      check_ports_free "$name"
    fi
  done
  local to_start=()
  for name in "${OWNED_SERVERS[@]}"; do [[ -n "${external[$name]:-}" ]] || to_start+=("$name"); done
  if ((${#to_start[@]} > 0)); then
    fetch_all
    owned_pid elasticsearch >/dev/null || [[ -n "${external[elasticsearch]:-}" ]] || elasticsearch_prepare
    write_log4j2_config
  fi
  # Launch everything first (they start in parallel), then wait for each.
  for name in "${to_start[@]}"; do begin_server "$name"; done
  postgresql_ensure
  mariadb_ensure
  for name in "${to_start[@]}"; do wait_healthy "$name"; done
  log "Stack is up in $(( $(now_s) - t0 ))s:"
  cat <<EOF
  ZOOKEEPER_CONNECT=$BIND_HOST:$ZK_PORT
  KAFKA_BROKERS=$BIND_HOST:$KAFKA_PORT
  ELASTICSEARCH_URL=http://$BIND_HOST:$ES_PORT
  PLATFORM_DB_URL=postgres://postgres@$PG_HOST:$PG_PORT/keel
  SHOP_DB_URL=mysql://root@$MYSQL_HOST:$MYSQL_PORT/keel_shop
EOF
}

stop_server() {
  local name="$1" pid
  if ! pid="$(owned_pid "$name")"; then
    log "$name: not running (nothing started by up)."
    return 0
  fi
  log "Stopping $name (pid $pid)..."
  stop_pid "$name" "$pid" "$STOP_TIMEOUT_S"
  rm -f "$(pid_file "$name")"
  log "$name stopped."
}


cmd_down() {
  local i
  take_lock
  for (( i=${#OWNED_SERVERS[@]}-1; i>=0; i-- )); do stop_server "${OWNED_SERVERS[$i]}"; done
  local db
  for db in postgresql mariadb; do
    [[ -f "$RUN_DIR/$db.started-by-up" ]] && log "$db was started by up and is left running (machine service)."
  done
  return 0
}

cmd_status() {
  local all_ok=0 name pid state rss port note total=0 kb
  printf '%-14s %-12s %-9s %-8s %-9s %s\n' SERVER PORT STATE PID RSS NOTE
  for name in "${OWNED_SERVERS[@]}"; do
    port="$(server_ports "$name" | tr ' ' ',')"
    pid="-"; rss="-"; note=""
    if pid="$(owned_pid "$name")"; then
      kb="$(group_rss_kb "$pid")"; total=$(( total + kb )); rss="$(fmt_mb "$kb")"
      if "${name}_healthy"; then state=healthy; else state=unhealthy; note="started by up, not answering"; fi
    else
      pid="-"
      state=down
      local p
      for p in $(server_ports "$name"); do
        if port_open "$BIND_HOST" "$p"; then state=foreign; note="port $p used by $(port_owner "$p")"; break; fi
      done
      if [[ $state == foreign ]] && "${name}_healthy"; then state=healthy; note="external: not started by up, answers its health check"; fi
    fi
    [[ "$state" == healthy ]] || all_ok=1
    printf '%-14s %-12s %-9s %-8s %-9s %s\n' "$name" "$port" "$state" "$pid" "$rss" "$note"
  done

  # Machine databases: healthy means a query as the stack's user works.
  state=down; note="machine service"
  if command -v psql >/dev/null 2>&1; then
    pg_ok && state=healthy
  else note="psql client missing"; fi
  [[ -f "$RUN_DIR/postgresql.started-by-up" ]] && note="machine service, started by up"
  [[ "$state" == healthy ]] || all_ok=1
  printf '%-14s %-12s %-9s %-8s %-9s %s\n' postgresql "$PG_PORT" "$state" - - "$note"

  state=down; note="machine service"
  if pick_mysql_cli; then
    mysql_ok && state=healthy
  else note="mariadb client missing"; fi
  [[ -f "$RUN_DIR/mariadb.started-by-up" ]] && note="machine service, started by up"
  [[ "$state" == healthy ]] || all_ok=1
  printf '%-14s %-12s %-9s %-8s %-9s %s\n' mariadb "$MYSQL_PORT" "$state" - - "$note"

  printf 'RSS of servers started by up: %s (VmRSS summed over each process group)\n' "$(fmt_mb "$total")"
  return "$all_ok"
}

cmd_reset() {
  cmd_down
  log "Wiping $DATA_DIR and $LOG_DIR (the download cache is kept)."
  rm -rf "$DATA_DIR" "$LOG_DIR"
}

usage() {
  cat <<EOF
Usage: bash tools/local-stack/stack.sh up|down|status|reset
  up      fetch jars/zip once, start ZooKeeper, Kafka, Elasticsearch, check PostgreSQL/MariaDB and their databases
  down    stop what up started (never the machine databases)
  status  one line per server; exit 0 only if all are healthy
  reset   down + wipe data and logs (keeps the download cache)
Stack folder: $STACK_HOME (KEEL_STACK_HOME)
EOF
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
