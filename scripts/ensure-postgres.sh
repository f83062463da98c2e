#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test suites (never for real data: fsync is off).
#   ensure-postgres.sh install   install Debian's postgresql when its binaries are missing
#   ensure-postgres.sh start     install if needed, start a cluster (or reuse the one running), print `export TEST_POSTGRES_URL=…` (plus CHAINRULE_PG_STARTED=1 when it started one)
#   ensure-postgres.sh stop      stop the cluster that `start` started (its data directory is deleted)
#   ensure-postgres.sh check     exit 0 when the binaries are installed
# Env: PG_TEST_PORT (5433), PG_TEST_DIR (${TMPDIR:-/tmp}/chainrule-pg-$PG_TEST_PORT).
# Everything but the final export line goes to stderr, so `eval "$(bash scripts/ensure-postgres.sh start)"` works.
set -euo pipefail

PORT="${PG_TEST_PORT:-5433}"
DIR="${PG_TEST_DIR:-${TMPDIR:-/tmp}/chainrule-pg-$PORT}"
ROLE="chainrule"
URL="postgresql://$ROLE@127.0.0.1:$PORT/postgres"

say() { echo "ensure-postgres: $*" >&2; }
die() { say "$*"; exit 1; }

# Newest installed server version's binaries (Debian puts them under /usr/lib/postgresql/<version>/bin).
bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  d="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  return 1
}

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else die "PostgreSQL is not installed and installing it needs root: run 'sudo apt-get install -y postgresql', or set TEST_POSTGRES_URL to a server you have."
  fi
}

install() {
  if bindir >/dev/null; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available: install PostgreSQL (initdb, pg_ctl) or set TEST_POSTGRES_URL."
  say "installing postgresql with apt-get…"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir >/dev/null || die "postgresql was installed but initdb/pg_ctl were not found under /usr/lib/postgresql/*/bin."
}

# Run a server binary as a non-root user: postgres refuses to run as root.
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server as (Debian's postgresql package creates it)."
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ready() { "$1/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U "$ROLE" >/dev/null 2>&1; }

start() {
  install
  local bin
  bin="$(bindir)"
  if ready "$bin"; then
    say "reusing the server already listening on 127.0.0.1:$PORT"
    echo "export TEST_POSTGRES_URL=$URL"
    return 0
  fi
  if [ ! -f "$DIR/PG_VERSION" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres: "$DIR"
    say "initdb $DIR"
    as_owner "$bin/initdb" -D "$DIR" -U "$ROLE" --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR.initdb.log" 2>&1 \
      || as_owner "$bin/initdb" -D "$DIR" -U "$ROLE" --auth=trust -E UTF8 --locale=C >"$DIR.initdb.log" 2>&1 \
      || { cat "$DIR.initdb.log" >&2; die "initdb failed (log above)."; }
    rm -f "$DIR.initdb.log"
  fi
  # Loopback only, socket in the data directory; durability off because every database here is thrown away.
  local opts="-p $PORT -h 127.0.0.1 -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  say "starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
  if ! as_owner "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -o "$opts" -w -t 60 start >/dev/null; then
    tail -n 20 "$DIR/server.log" >&2 || true
    die "the server did not start on 127.0.0.1:$PORT (is the port taken? set PG_TEST_PORT). Server log above."
  fi
  ready "$bin" || die "the server started but does not accept connections on 127.0.0.1:$PORT."
  echo "export TEST_POSTGRES_URL=$URL CHAINRULE_PG_STARTED=1"
}

stop() {
  local bin
  bin="$(bindir)" || return 0
  if [ -f "$DIR/postmaster.pid" ]; then
    say "stopping the server on 127.0.0.1:$PORT"
    as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null || die "pg_ctl stop failed for $DIR."
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  check) bindir >/dev/null ;;
  *) die "usage: ensure-postgres.sh install|start|stop|check" ;;
esac
