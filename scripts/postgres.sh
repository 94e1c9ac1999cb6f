#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests (`make test-postgres`), never a production database.
#
#   scripts/postgres.sh start   initdb in a fresh temp folder, start on 127.0.0.1 at a free port
#                               (trust auth, local only), create the database, write the env file
#   scripts/postgres.sh env     print the `export SALESFX_PG_...=...` lines of the running server
#   scripts/postgres.sh stop    stop the server and remove its folder (safe to call twice)
#
# The env file ($SALESFX_PG_STATE, default warehouse/postgres.env) holds the variables that the
# `postgres` target of profiles.example.yml reads, plus the server's folder:
#   eval "$(scripts/postgres.sh env)"
#
# As root (CI) the cluster belongs to the `postgres` system user (initdb refuses root); as any other
# user it belongs to that user. Binaries: $PG_BIN, else /usr/lib/postgresql/<newest>/bin, else PATH.
set -euo pipefail

STATE=${SALESFX_PG_STATE:-warehouse/postgres.env}
DBNAME=${SALESFX_PG_DBNAME:-sales_effectiveness}
SCHEMA=${SALESFX_PG_SCHEMA:-analytics}

find_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        echo "$PG_BIN"
        return
    fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$newest" ]; then
        echo "$newest"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    else
        echo "postgres.sh: no PostgreSQL binaries (apt-get install postgresql, or set PG_BIN)" >&2
        exit 1
    fi
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

state_value() {
    sed -n "s/^export $1=//p" "$STATE" 2>/dev/null | tail -n 1
}

is_running() {
    local dir
    dir=$(state_value SALESFX_PG_DIR)
    [ -n "$dir" ] && [ -f "$dir/data/postmaster.pid" ] \
        && as_owner "$(find_bin)/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

start() {
    if is_running; then
        echo "postgres.sh: already running (port $(state_value SALESFX_PG_PORT)); env in $STATE" >&2
        return
    fi
    stop >/dev/null 2>&1 || true
    local bin dir port user
    bin=$(find_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/salesfx-pg.XXXXXX")
    chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "postgres.sh: running as root needs a 'postgres' system user" >&2
            exit 1
        fi
        chown postgres: "$dir"
    fi
    user=postgres
    port=$(free_port)
    mkdir -p "$(dirname "$STATE")"
    # the state first, so that `stop` can clean up whatever follows
    {
        echo "export SALESFX_PG_HOST=127.0.0.1"
        echo "export SALESFX_PG_PORT=$port"
        echo "export SALESFX_PG_USER=$user"
        echo "export SALESFX_PG_PASSWORD="
        echo "export SALESFX_PG_DBNAME=$DBNAME"
        echo "export SALESFX_PG_SCHEMA=$SCHEMA"
        echo "export SALESFX_PG_DIR=$dir"
    } >"$STATE"
    as_owner "$bin/initdb" --pgdata="$dir/data" --username="$user" --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || as_owner "$bin/initdb" --pgdata="$dir/data" --username="$user" --auth=trust \
            --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # local only (no TCP but 127.0.0.1, socket in the folder); durability off: a test server.
    # enable_nestloop=off: the staging views (window functions over ephemeral base models) get
    # row estimates of 1, and nested loops over them turn 1-second tests into many minutes.
    # jit=off: compiling the large view queries took over a minute each (the run: a few seconds).
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c shared_buffers=256MB -c work_mem=64MB -c max_connections=40 -c timezone=UTC \
            -c enable_nestloop=off -c jit=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" --host=127.0.0.1 --port="$port" --username="$user" "$DBNAME"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, database $DBNAME; env in $STATE" >&2
}

stop() {
    if [ ! -f "$STATE" ]; then
        echo "postgres.sh: not running (no $STATE)" >&2
        return
    fi
    local dir
    dir=$(state_value SALESFX_PG_DIR)
    if [ -n "$dir" ] && [ -d "$dir" ]; then
        if [ -f "$dir/data/postmaster.pid" ]; then
            as_owner "$(find_bin)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop \
                >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
    fi
    rm -f "$STATE"
    echo "postgres.sh: stopped and removed ${dir:-the server}" >&2
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env)
        if [ ! -f "$STATE" ]; then
            echo "postgres.sh: not running (no $STATE): run 'scripts/postgres.sh start'" >&2
            exit 1
        fi
        cat "$STATE"
        ;;
    *)
        echo "usage: $0 start|stop|env" >&2
        exit 2
        ;;
esac
