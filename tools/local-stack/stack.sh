#!/usr/bin/env bash
# Local stack: real ZooKeeper, Kafka (KRaft) and Elasticsearch on 127.0.0.1, no Docker,
# plus checks (and databases) on the PostgreSQL and MariaDB servers of the machine.
#
#   bash tools/local-stack/stack.sh up       fetch once, start what is not healthy, wait for health
#   bash tools/local-stack/stack.sh status   one line per server; exit 0 only if all are healthy
#   bash tools/local-stack/stack.sh down     stop what `up` started (pid files); never the databases
#   bash tools/local-stack/stack.sh reset    down, then wipe the data and log folders (keeps the cache)
#
# See README.md next to this file for the environment variables and folders.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

# Keep in sync with the properties in pom.xml.
ZK_VERSION=3.9.4
KAFKA_VERSION=4.1.1
ES_VERSION=8.19.21
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

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
log()  { printf '[local-stack] %s\n' "$*"; }
warn() { printf '[local-stack] WARNING: %s\n' "$*" >&2; }
die()  { printf '[local-stack] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" == 0 ]]; }
now_s()   { date +%s; }

need_cmd() { # need_cmd <command> <hint>
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

is_local_host() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

# True when something accepts TCP connections on host:port.
port_open() {
  # shellcheck disable=SC2016 # \$0/\$1 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Describe who listens on a port (best effort, needs ss).
port_owner() {
  local port="$1" line
  command -v ss >/dev/null 2>&1 || { echo "unknown process"; return; }
  line="$(ss -ltnpH "( sport = :$port )" 2>/dev/null | head -n1)"
  if [[ "$line" =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]} (pid ${BASH_REMATCH[2]})"
  else
    echo "unknown process"
  fi
}

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# Pid recorded by `up` for a server, if that process is still alive and still ours
# (its command line mentions our stack folder). Stale pid files are removed.
owned_pid() {
  local name="$1" file pid
  file="$(pid_file "$name")"
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" \
     && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$STACK_HOME"; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# /proc/<pid>/stat after the "(comm)" field: state ppid pgrp ...
proc_stat_fields() { local line; { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1; echo "${line##*) }"; }

# Alive and not a zombie (zombies still answer kill -0).
alive() {
  local fields
  fields="$(proc_stat_fields "$1")" || return 1
  [[ "${fields%% *}" != Z ]]
}

# Process group of a pid (servers are started with setsid, so pgid == pid).
pgid_of() { local f; f="$(proc_stat_fields "$1")" || return 0; read -r _ _ f _ <<<"$f"; echo "$f"; }

# Live pids in the process group led by $1 (the server and any child JVM, e.g. Elasticsearch's).
group_pids() {
  local leader="$1" f line state pgrp
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue
    read -r state _ pgrp _ <<<"${line##*) }"
    if [[ "$pgrp" == "$leader" && "$state" != Z ]]; then f="${f#/proc/}"; echo "${f%/stat}"; fi
  done
  return 0
}

# Sum of VmRSS (kB) over the process group of $1.
group_rss_kb() {
  local total=0 pid kb
  for pid in $(group_pids "$1"); do
    kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
    total=$(( total + ${kb:-0} ))
  done
  echo "$total"
}

fmt_mb() { awk -v kb="$1" 'BEGIN { printf "%d MB", kb / 1024 }'; }

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

fetch_elasticsearch() {
  [[ -x "$ES_HOME/bin/elasticsearch" && -f "$ES_HOME/.complete" ]] && return 0
  need_cmd unzip "Debian: apt-get install -y unzip."
  local tmp="$CACHE_DIR/es-download.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  mvn_run "Elasticsearch $ES_VERSION (about 107 MB)" dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp"
  unzip -q "$tmp"/elasticsearch-*.zip -d "$tmp/x"
  rm -rf "$ES_HOME" && mv "$tmp/x/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$tmp"   # the zip stays in the local Maven repository
  touch "$ES_HOME/.complete"
  log "Unpacked Elasticsearch into $ES_HOME."
}

fetch_all() {
  mkdir -p "$CACHE_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$CONF_DIR"
  fetch_libs zookeeper "$ZK_LIB"
  fetch_libs kafka "$KAFKA_LIB"
  fetch_elasticsearch
}

# ---------------------------------------------------------------------------------------------
# Health checks (return 0 when the server answers correctly)
# ---------------------------------------------------------------------------------------------
# ZooKeeper: `ruok` says imok even when not serving; `srvr` reports a Mode only when serving.
zookeeper_healthy() {
  # shellcheck disable=SC2016 # \$0/\$1 are expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf srvr >&3 && cat <&3' "$BIND_HOST" "$ZK_PORT" 2>/dev/null \
    | grep -q '^Mode:'
}

# Kafka: send an ApiVersions v0 request (correlation id "KEEL") and expect error code 0.
# The broker only serves requests on its client listener once it has fully started.
kafka_healthy() {
  local reply
  # shellcheck disable=SC2016 # \$0/\$1 are expanded by the inner bash
  reply="$(timeout 3 bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "\x00\x00\x00\x0e\x00\x12\x00\x00KEEL\x00\x04keel" >&3
      head -c 10 <&3 | od -An -tx1' "$BIND_HOST" "$KAFKA_PORT" 2>/dev/null | tr -d ' \n')" || return 1
  [[ "$reply" =~ ^[0-9a-f]{8}4b45454c0000$ ]]
}

elasticsearch_healthy() {
  curl -fsS -m 3 "http://$BIND_HOST:$ES_PORT/_cluster/health" 2>/dev/null \
    | grep -Eq '"status":"(green|yellow)"'
}

server_ports() {
  case "$1" in
    zookeeper) echo "$ZK_PORT" ;;
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ;;
    elasticsearch) echo "$ES_PORT" ;;
  esac
}

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

start_zookeeper() {
  local data="$DATA_DIR/zookeeper"
  mkdir -p "$data"
  cat >"$CONF_DIR/zoo.cfg" <<EOF
# Generated by tools/local-stack/stack.sh
tickTime=2000
dataDir=$data
clientPort=$ZK_PORT
clientPortAddress=$BIND_HOST
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,mntr
maxClientCnxns=0
EOF
  launch zookeeper "$data" "$JAVA_BIN" -Xms64m -Xmx256m \
    -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" \
    -Dzookeeper.jmx.log4j.disable=true \
    -cp "$ZK_LIB/*" org.apache.zookeeper.server.ZooKeeperServerMain "$CONF_DIR/zoo.cfg"
}

start_kafka() {
  local data="$DATA_DIR/kafka" props="$CONF_DIR/kafka-server.properties" ports_file cluster_id
  local java_opts=(-Xms512m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
                   -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties")
  mkdir -p "$data/logs"
  cat >"$props" <<EOF
# Generated by tools/local-stack/stack.sh
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$BIND_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT,CONTROLLER://$BIND_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  # Format the storage once; the cluster id stays in the data folder.
  ports_file="$data/keel-controller-endpoint"
  if [[ ! -f "$data/logs/meta.properties" ]]; then
    cluster_id="$("$JAVA_BIN" -cp "$KAFKA_LIB/*" "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | grep -E '^[A-Za-z0-9_-]{22}$' | tail -n1 || true)"
    [[ -n "$cluster_id" ]] || die "Kafka StorageTool random-uuid printed nothing."
    log "Formatting Kafka storage (cluster id $cluster_id)."
    if ! "$JAVA_BIN" -cp "$KAFKA_LIB/*" "${java_opts[@]}" kafka.tools.StorageTool \
        format -t "$cluster_id" -c "$props" --standalone >>"$(log_file kafka-format)" 2>&1; then
      tail -n 20 "$(log_file kafka-format)" >&2
      die "Formatting Kafka storage failed (log: $(log_file kafka-format))."
    fi
    echo "$cluster_id" >"$data/cluster-id"
    echo "$BIND_HOST:$KAFKA_CONTROLLER_PORT" >"$ports_file"
  elif [[ -f "$ports_file" && "$(<"$ports_file")" != "$BIND_HOST:$KAFKA_CONTROLLER_PORT" ]]; then
    die "Kafka storage was formatted with controller $(<"$ports_file") but KEEL_KAFKA_CONTROLLER_PORT gives $KAFKA_CONTROLLER_PORT. Run 'stack.sh reset' (wipes data) or use the old port."
  fi
  launch kafka "$data" "$JAVA_BIN" "${java_opts[@]}" -cp "$KAFKA_LIB/*" kafka.Kafka "$props"
}

ensure_es_user() {
  is_root || return 0
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    need_cmd useradd "Needed to create the '$ES_USER' user (Elasticsearch refuses to run as root)."
    useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$ES_USER" \
      || die "Could not create system user '$ES_USER' for Elasticsearch."
    log "Created system user '$ES_USER' (Elasticsearch refuses to run as root)."
  fi
}

# Elasticsearch refuses root: when root, run it as $ES_USER, which owns its tree, data and log
# folders. Checked before anything starts, so a bad KEEL_STACK_HOME fails early.
prepare_elasticsearch_user() {
  local data="$DATA_DIR/elasticsearch" es_logs="$LOG_DIR/elasticsearch"
  mkdir -p "$data" "$es_logs"
  is_root || return 0
  ensure_es_user
  chown -R "$ES_USER:" "$ES_HOME" "$data" "$es_logs"
  runuser -u "$ES_USER" -- test -x "$ES_HOME/bin/elasticsearch" \
    || die "User '$ES_USER' cannot reach $ES_HOME (a parent folder of KEEL_STACK_HOME=$STACK_HOME is not world-executable). Put KEEL_STACK_HOME somewhere readable, e.g. /var/tmp/keel-stack."
}

start_elasticsearch() {
  local data="$DATA_DIR/elasticsearch" es_logs="$LOG_DIR/elasticsearch"
  local cmd=()   # prepare_elasticsearch_user ran in cmd_up
  local es_env=(env "ES_JAVA_HOME=$JAVA_HOME_DIR" "ES_JAVA_OPTS=-Xms$ES_HEAP -Xmx$ES_HEAP"
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
  if is_root; then
    cmd=(runuser -u "$ES_USER" -- "${es_env[@]}")
  else
    cmd=("${es_env[@]}")
  fi
  launch elasticsearch "$ES_HOME" "${cmd[@]}" "$ES_HOME/bin/elasticsearch" \
    -E cluster.name=keel-local -E node.name=keel-local \
    -E discovery.type=single-node -E xpack.security.enabled=false \
    -E network.host="$BIND_HOST" -E http.port="$ES_PORT" \
    -E path.data="$data" -E path.logs="$es_logs" \
    -E cluster.routing.allocation.disk.threshold_enabled=false
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
  "start_$name"
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
# ---------------------------------------------------------------------------------------------
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_install() {
  log "Installing Debian package(s) $* (apt-get, we are root)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "$@" >>"$LOG_DIR/apt.log" 2>&1 \
    || { apt-get update >>"$LOG_DIR/apt.log" 2>&1 && apt-get install -y "$@" >>"$LOG_DIR/apt.log" 2>&1; } \
    || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "apt-get install $* failed (log: $LOG_DIR/apt.log)."; }
}

wait_for() { # wait_for <seconds> <command...>
  local deadline=$(( $(now_s) + $1 )); shift
  until "$@"; do
    (( $(now_s) < deadline )) || return 1
    sleep 0.5
  done
}

pg_sql() { PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tA -c "$1"; }
pg_ok()  { pg_sql 'SELECT 1' >/dev/null 2>&1; }

MYSQL_CLI=""
mysql_sql() { "$MYSQL_CLI" --protocol=TCP --connect-timeout=3 -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u root -N -B -e "$1"; }
mysql_ok()  { mysql_sql 'SELECT 1' >/dev/null 2>&1; }

pick_mysql_cli() {
  if command -v mariadb >/dev/null 2>&1; then MYSQL_CLI=mariadb
  elif command -v mysql >/dev/null 2>&1; then MYSQL_CLI=mysql
  else return 1; fi
}

start_local_postgres() {
  local version
  # shellcheck disable=SC2012 # version folder names are plain numbers
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$version" ]] || die "PostgreSQL is installed but has no cluster in /etc/postgresql (create one: pg_createcluster <version> main)."
  log "PostgreSQL is not reachable on $PG_HOST:$PG_PORT: starting cluster $version/main (pg_ctlcluster)."
  pg_ctlcluster --skip-systemctl-redirect "$version" main start \
    || die "pg_ctlcluster $version main start failed (see /var/log/postgresql/)."
}

ensure_postgres() {
  need_cmd psql "Install the client: apt-get install -y postgresql-client."
  if ! pg_ok; then
    if port_open "$PG_HOST" "$PG_PORT"; then
      die "PostgreSQL answers on $PG_HOST:$PG_PORT but 'psql -U postgres' fails: $(pg_sql 'SELECT 1' 2>&1 | head -n1). The stack expects user postgres without password (trust) on 127.0.0.1."
    fi
    is_local_host "$PG_HOST" || die "PostgreSQL on $PG_HOST:$PG_PORT is not reachable (not a local host, so not starting one)."
    if deb_installed postgresql || compgen -G "/etc/postgresql/*/main" >/dev/null; then
      start_local_postgres
    elif is_root && command -v apt-get >/dev/null 2>&1; then
      apt_install postgresql
      # Fresh Debian install: let the stack's passwordless user in on 127.0.0.1 (dev only).
      local hba
      for hba in /etc/postgresql/*/main/pg_hba.conf; do
        grep -q '^host all all 127.0.0.1/32 trust' "$hba" \
          || sed -i '1i host all all 127.0.0.1/32 trust  # added by keel tools/local-stack (dev only)' "$hba"
      done
      log "Installed PostgreSQL and allowed passwordless (trust) access from 127.0.0.1."
      start_local_postgres
    else
      die "PostgreSQL is not reachable on $PG_HOST:$PG_PORT and not installed. As root: apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
    fi
    wait_for 30 pg_ok || die "PostgreSQL was started but $PG_HOST:$PG_PORT still does not answer (is the cluster on another port? check /etc/postgresql/*/main/postgresql.conf)."
    touch "$RUN_DIR/postgresql.started-by-up"
    log "PostgreSQL started by up (it keeps running after 'down')."
  fi
  local db
  for db in "${PG_DATABASES[@]}"; do
    if [[ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
      pg_sql "CREATE DATABASE \"$db\" ENCODING 'UTF8' TEMPLATE template0" || die "Could not create PostgreSQL database $db."
      log "Created PostgreSQL database $db."
    fi
  done
  log "PostgreSQL healthy on $PG_HOST:$PG_PORT (databases: ${PG_DATABASES[*]})."
}

ensure_mariadb() {
  pick_mysql_cli || die "Neither 'mariadb' nor 'mysql' client is installed. Install it: apt-get install -y mariadb-client."
  if ! mysql_ok; then
    if port_open "$MYSQL_HOST" "$MYSQL_PORT"; then
      die "MariaDB answers on $MYSQL_HOST:$MYSQL_PORT but 'root' with empty password fails: $(mysql_sql 'SELECT 1' 2>&1 | head -n1)."
    fi
    is_local_host "$MYSQL_HOST" || die "MariaDB on $MYSQL_HOST:$MYSQL_PORT is not reachable (not a local host, so not starting one)."
    local fresh=""
    if ! deb_installed mariadb-server && [[ ! -x /usr/sbin/mariadbd ]]; then
      if is_root && command -v apt-get >/dev/null 2>&1; then
        apt_install mariadb-server
        fresh=1
      else
        die "MariaDB is not reachable on $MYSQL_HOST:$MYSQL_PORT and not installed. As root: apt-get install -y mariadb-server && start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"
      fi
    fi
    log "MariaDB is not reachable on $MYSQL_HOST:$MYSQL_PORT: starting /usr/sbin/mariadbd."
    install -d -o mysql -g mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd \
      || die "Could not start mariadbd (try it in the foreground: /usr/sbin/mariadbd)."
    if [[ -n "$fresh" ]]; then
      # Fresh Debian install: root uses unix_socket only; allow the stack's passwordless TCP root (dev only).
      wait_for 30 "$MYSQL_CLI" -u root -e 'SELECT 1' >/dev/null 2>&1 || true
      "$MYSQL_CLI" -u root -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" \
        || warn "Could not open passwordless root over TCP on the fresh MariaDB."
      log "Installed MariaDB and allowed root without password from 127.0.0.1."
    fi
    wait_for 30 mysql_ok || die "mariadbd was started but $MYSQL_HOST:$MYSQL_PORT still does not answer (check bind-address/port in /etc/mysql/)."
    touch "$RUN_DIR/mariadb.started-by-up"
    log "MariaDB started by up (it keeps running after 'down')."
  fi
  local db
  for db in "${MYSQL_DATABASES[@]}"; do
    mysql_sql "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" \
      || die "Could not create MariaDB database $db."
  done
  log "MariaDB healthy on $MYSQL_HOST:$MYSQL_PORT (databases: ${MYSQL_DATABASES[*]})."
}

# ---------------------------------------------------------------------------------------------
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
    owned_pid elasticsearch >/dev/null || [[ -n "${external[elasticsearch]:-}" ]] || prepare_elasticsearch_user
    write_log4j2_config
  fi
  # Launch everything first (they start in parallel), then wait for each.
  for name in "${to_start[@]}"; do begin_server "$name"; done
  ensure_postgres
  ensure_mariadb
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
  local name="$1" pid target deadline
  if ! pid="$(owned_pid "$name")"; then
    log "$name: not running (nothing started by up)."
    return 0
  fi
  # Signal the whole process group (Elasticsearch runs runuser -> CLI JVM -> server JVM).
  if [[ "$(pgid_of "$pid")" == "$pid" ]]; then target="-$pid"; else target="$pid"; fi
  log "Stopping $name (pid $pid)..."
  kill -TERM -- "$target" 2>/dev/null || true
  deadline=$(( $(now_s) + STOP_TIMEOUT_S ))
  while alive "$pid" || [[ -n "$(group_pids "$pid")" ]]; do
    if (( $(now_s) >= deadline )); then
      warn "$name did not stop within ${STOP_TIMEOUT_S}s: SIGKILL."
      kill -KILL -- "$target" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
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
