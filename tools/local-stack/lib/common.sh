#!/usr/bin/env bash
# Shared shell helpers for tools/local-stack and tools/platform: logging, processes and their
# groups, ports, pid files, waiting with a deadline, Debian packages. Sourced, never run.
# The caller sets LOG_PREFIX (e.g. "local-stack") and, for the pid-file helpers, RUN_DIR.

# shellcheck disable=SC2034 # KEEL_VERSIONS_FILE is read by the scripts that source this file
KEEL_VERSIONS_FILE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/versions.env"

log()  { printf '[%s] %s\n' "${LOG_PREFIX:-keel}" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "${LOG_PREFIX:-keel}" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "${LOG_PREFIX:-keel}" "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" == 0 ]]; }
now_s()   { date +%s; }

need_cmd() { # need_cmd <command> <hint>
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

# load_versions: export the server versions of versions.env (KEY=value lines) into the shell.
load_versions() {
  local key value
  [[ -f "$KEEL_VERSIONS_FILE" ]] || die "Missing $KEEL_VERSIONS_FILE."
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    printf -v "$key" '%s' "$value"
    export "${key?}"
  done <"$KEEL_VERSIONS_FILE"
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

# pid_from_file <file> [text]: the pid in a pid file if that process is alive (and, when text is
# given, its command line contains it, so a recycled pid is not taken for ours). A stale file is removed.
pid_from_file() {
  local file="$1" text="${2:-}" pid
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" \
     && { [[ -z "$text" ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$text"; }; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# stop_pid <name> <pid> <timeout s>: SIGTERM the process (its whole group when it leads one, e.g.
# runuser -> CLI JVM -> server JVM), wait for the group to go, SIGKILL after the timeout.
stop_pid() {
  local name="$1" pid="$2" timeout_s="$3" target deadline
  if [[ "$(pgid_of "$pid")" == "$pid" ]]; then target="-$pid"; else target="$pid"; fi
  kill -TERM -- "$target" 2>/dev/null || true
  deadline=$(( $(now_s) + timeout_s ))
  while alive "$pid" || [[ "$target" == -* && -n "$(group_pids "$pid")" ]]; do
    if (( $(now_s) >= deadline )); then
      warn "$name did not stop within ${timeout_s}s: SIGKILL."
      kill -KILL -- "$target" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
}

wait_for() { # wait_for <seconds> <command...>
  local deadline=$(( $(now_s) + $1 )); shift
  until "$@"; do
    (( $(now_s) < deadline )) || return 1
    sleep 0.5
  done
}

deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# apt_install <log file> <packages...>: as root, with one apt-get update retry.
apt_install() {
  local apt_log="$1"; shift
  log "Installing Debian package(s) $* (apt-get, we are root)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "$@" >>"$apt_log" 2>&1 \
    || { apt-get update >>"$apt_log" 2>&1 && apt-get install -y "$@" >>"$apt_log" 2>&1; } \
    || { tail -n 20 "$apt_log" >&2; die "apt-get install $* failed (log: $apt_log)."; }
}
