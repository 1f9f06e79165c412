#!/usr/bin/env bash
# The throwaway PostgreSQL server of the test suite (CTest fixture "postgres").
#
#   postgres_cluster.sh start DIR   initdb into DIR (replacing what is there) and start it
#   postgres_cluster.sh stop DIR    stop it and delete DIR
#   postgres_cluster.sh pause DIR   stop the server, keeping its data (a database that goes away)
#   postgres_cluster.sh resume DIR  start it again
#
# The server listens only on a Unix socket in DIR (no TCP port to collide
# with), trusts local connections for the user "chronicle", and keeps
# PostgreSQL's durability defaults. Tests connect with
# "host=DIR port=5432 user=chronicle dbname=postgres" once DIR/ready exists.
# Without PostgreSQL's server binaries, start writes DIR/missing instead and
# succeeds, and the tests that need the server skip, saying why. As root the
# server runs as the "postgres" user, since initdb refuses root.
set -euo pipefail

pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop() {
  if [ -f "$1/data/postmaster.pid" ] && [ -x "$pg_bin/pg_ctl" ]; then
    as_owner "$pg_bin/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$1"
}

dir=${2:?usage: postgres_cluster.sh start|stop|pause|resume DIR}
case "$1" in
  start)
    stop "$dir"
    mkdir -p "$dir"
    if [ ! -x "$pg_bin/initdb" ]; then
      echo "PostgreSQL server binaries are not installed (tools/install-deps.sh --tests installs postgresql-15)" \
        | tee "$dir/missing"
      exit 0
    fi
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    as_owner "$pg_bin/initdb" -D "$dir/data" -U chronicle --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
port = 5432
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 64MB
CONF
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    touch "$dir/ready"
    ;;
  stop) stop "$dir" ;;
  pause) as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  resume) as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ;;
  *) echo "usage: postgres_cluster.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
