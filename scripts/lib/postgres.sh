# A throwaway PostgreSQL server on loopback for the tests that need one.
# Source it, then `pg_start` (installs Debian's postgresql when missing, makes a
# cluster in a temporary directory, starts it on a free port of 127.0.0.1 with
# trust authentication for the local user `meritkit`, creates database
# `meritkit`) and export MERITKIT_TEST_POSTGRES=postgres://meritkit@127.0.0.1:PORT/meritkit.
# `pg_stop` stops it and removes the directory (pg_start sets a trap for it).

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pg_as() {
  # initdb and the server refuse to run as root: run them as `postgres`.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ -z "$(pg_bin)" ]; then
    echo "postgres: installing Debian's postgresql" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || { echo "postgres: could not install postgresql" >&2; return 1; }
  fi
  local bin; bin=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/meritkit-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as "$bin/initdb" -D "$PG_DIR/data" -A trust -U meritkit -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -w -t 60 -l "$PG_DIR/server.log" \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U meritkit meritkit
  export MERITKIT_TEST_POSTGRES="postgres://meritkit@127.0.0.1:$PG_PORT/meritkit"
  export MERITKIT_TEST_POSTGRES_BIN="$bin"
  trap pg_stop EXIT
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$PG_PORT" >&2
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=
}
