#!/usr/bin/env bash
# MariaDB: the machine's server, started (or installed with apt-get as root) when missing, plus the stack's databases.
# Sourced by stack.sh (which sets the settings and the shared helpers); never run on its own.

MYSQL_CLI=""
mysql_sql() { "$MYSQL_CLI" --protocol=TCP --connect-timeout=3 -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u root -N -B -e "$1"; }
mysql_ok()  { mysql_sql 'SELECT 1' >/dev/null 2>&1; }

pick_mysql_cli() {
  if command -v mariadb >/dev/null 2>&1; then MYSQL_CLI=mariadb
  elif command -v mysql >/dev/null 2>&1; then MYSQL_CLI=mysql
  else return 1; fi
}

mariadb_ensure() {
  pick_mysql_cli || die "Neither 'mariadb' nor 'mysql' client is installed. Install it: apt-get install -y mariadb-client."
  if ! mysql_ok; then
    if port_open "$MYSQL_HOST" "$MYSQL_PORT"; then
      die "MariaDB answers on $MYSQL_HOST:$MYSQL_PORT but 'root' with empty password fails: $(mysql_sql 'SELECT 1' 2>&1 | head -n1)."
    fi
    is_local_host "$MYSQL_HOST" || die "MariaDB on $MYSQL_HOST:$MYSQL_PORT is not reachable (not a local host, so not starting one)."
    local fresh=""
    if ! deb_installed mariadb-server && [[ ! -x /usr/sbin/mariadbd ]]; then
      if is_root && command -v apt-get >/dev/null 2>&1; then
        apt_install "$LOG_DIR/apt.log" mariadb-server
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

# Commands
