#!/usr/bin/env bash
# Elasticsearch (integ-test-zip distribution from Maven Central): fetch, own user when root, start, health.
# Sourced by stack.sh (which sets the settings and the shared helpers); never run on its own.

elasticsearch_fetch() {
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
elasticsearch_ports() { echo "$ES_PORT"; }

elasticsearch_healthy() {
  curl -fsS -m 3 "http://$BIND_HOST:$ES_PORT/_cluster/health" 2>/dev/null \
    | grep -Eq '"status":"(green|yellow)"'
}

elasticsearch_ensure_user() {
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
elasticsearch_prepare() {
  local data="$DATA_DIR/elasticsearch" es_logs="$LOG_DIR/elasticsearch"
  mkdir -p "$data" "$es_logs"
  is_root || return 0
  elasticsearch_ensure_user
  chown -R "$ES_USER:" "$ES_HOME" "$data" "$es_logs"
  runuser -u "$ES_USER" -- test -x "$ES_HOME/bin/elasticsearch" \
    || die "User '$ES_USER' cannot reach $ES_HOME (a parent folder of KEEL_STACK_HOME=$STACK_HOME is not world-executable). Put KEEL_STACK_HOME somewhere readable, e.g. /var/tmp/keel-stack."
}

elasticsearch_start() {
  local data="$DATA_DIR/elasticsearch" es_logs="$LOG_DIR/elasticsearch"
  local cmd=()   # elasticsearch_prepare ran in cmd_up
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

