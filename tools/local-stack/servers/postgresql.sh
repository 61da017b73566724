#!/usr/bin/env bash
# PostgreSQL: the machine's server, started (or installed with apt-get as root) when missing, plus the stack's databases.
# Sourced by stack.sh (which sets the settings and the shared helpers); never run on its own.

pg_sql() { PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tA -c "$1"; }
pg_ok()  { pg_sql 'SELECT 1' >/dev/null 2>&1; }

start_local_postgres() {
  local version
  # shellcheck disable=SC2012 # version folder names are plain numbers
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$version" ]] || die "PostgreSQL is installed but has no cluster in /etc/postgresql (create one: pg_createcluster <version> main)."
  log "PostgreSQL is not reachable on $PG_HOST:$PG_PORT: starting cluster $version/main (pg_ctlcluster)."
  pg_ctlcluster --skip-systemctl-redirect "$version" main start \
    || die "pg_ctlcluster $version main start failed (see /var/log/postgresql/)."
}

postgresql_ensure() {
  need_cmd psql "Install the client: apt-get install -y postgresql-client."
  if ! pg_ok; then
    if port_open "$PG_HOST" "$PG_PORT"; then
      die "PostgreSQL answers on $PG_HOST:$PG_PORT but 'psql -U postgres' fails: $(pg_sql 'SELECT 1' 2>&1 | head -n1). The stack expects user postgres without password (trust) on 127.0.0.1."
    fi
    is_local_host "$PG_HOST" || die "PostgreSQL on $PG_HOST:$PG_PORT is not reachable (not a local host, so not starting one)."
    if deb_installed postgresql || compgen -G "/etc/postgresql/*/main" >/dev/null; then
      start_local_postgres
    elif is_root && command -v apt-get >/dev/null 2>&1; then
      apt_install "$LOG_DIR/apt.log" postgresql
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
