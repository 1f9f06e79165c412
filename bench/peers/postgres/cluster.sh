#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the benchmark, on a loopback port.
#
#   cluster.sh start DIR PORT   initdb into DIR (must not exist) and start it
#   cluster.sh stop DIR         stop it and delete DIR
#
# As root, the cluster runs as the "postgres" user (initdb refuses root); DIR
# is created for that user. The server listens on 127.0.0.1:PORT and on a
# socket in DIR, trusts local connections, and keeps PostgreSQL's durability
# defaults (fsync, synchronous_commit). Settings a user would change for a
# search workload on this machine are set below and reported with the results.
set -euo pipefail

pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ ! -x "$pg_bin/initdb" ]; then
  echo "cluster.sh: no PostgreSQL server binaries (apt-get install postgresql-15)" >&2
  exit 3
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    dir=$2
    port=$3
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    as_owner "$pg_bin/initdb" -D "$dir/data" -U bench --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 100
shared_buffers = 1GB
work_mem = 16MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
jit = off
EOF
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 start >/dev/null
    ;;
  stop)
    dir=$2
    if [ -d "$dir/data" ]; then
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: cluster.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
