#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback for the tests (and for a developer to try the
# server mode): `tests/pg_server.sh start` prints the export line of ZT_TEST_POSTGRES_URL,
# `tests/pg_server.sh stop` stops it. Uses Debian's packages (apt-get install postgresql);
# as root the cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
#
#   eval "$(tests/pg_server.sh start)" && .venv/bin/pytest tests/model
set -euo pipefail

PORT="${ZT_PG_PORT:-54329}"
DATA="${ZT_PG_DATA:-/tmp/zt-pg-$PORT}"
ROLE=zt_app           # the program's role: owns its database, nothing more
DATABASE=zt_test
PASSWORD=zt_app_test  # a throw-away cluster on loopback only

bindir() {
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] || { echo "找不到 PostgreSQL 服务器程序（请安装 postgresql 软件包）" >&2; exit 1; }
  echo "$found"
}

as_owner() {
  # Run a command as the cluster's owner: ourselves, or `postgres` when we are root.
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  bin=$(bindir)
  if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    chmod 700 "$DATA"
    as_owner "$bin/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$DATA.initdb.log" 2>&1 \
      || { cat "$DATA.initdb.log" >&2; exit 1; }
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    # Tests throw each database away: durability is not needed here, speed is.
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$DATA.log" -w -t 60 \
      -o "-k /tmp -h 127.0.0.1 -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$DATA.log" >&2; exit 1; }
  fi
  local psql=("$bin/psql" -h /tmp -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
  if ! as_owner "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'" | grep -q 1; then
    as_owner "${psql[@]}" -d postgres -c \
      "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' NOSUPERUSER NOCREATEDB NOCREATEROLE"
  fi
  if ! as_owner "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DATABASE'" | grep -q 1; then
    as_owner "${psql[@]}" -d postgres -c "CREATE DATABASE $DATABASE OWNER $ROLE ENCODING 'UTF8'"
    as_owner "${psql[@]}" -d postgres -c "REVOKE ALL ON DATABASE $DATABASE FROM PUBLIC"
  fi
  echo "export ZT_TEST_POSTGRES_URL=postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
}

stop() {
  local bin
  bin=$(bindir)
  if [ -s "$DATA/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  destroy) stop; rm -rf "$DATA" "$DATA.log" "$DATA.initdb.log" ;;
  *) echo "usage: $0 start|stop|destroy" >&2; exit 2 ;;
esac
