# Sourced by the bench scripts that need PostgreSQL, once WORK (their temporary directory) and PIDS (the processes
# they start) are set: Debian's newest server, started as the `postgres` user (initdb refuses root) in a temporary
# directory under $WORK, on 127.0.0.1 only; and the script's exit, which stops all of it.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
PG_DATA=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# start_postgres PORT: a fresh cluster on PORT; sets PG_STORAGE, the storage section that points at it.
start_postgres() {
  local dir
  dir=$(mktemp -d -p "$WORK")
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir" && chmod 755 "$WORK"
  PG_DATA=$dir/data
  as_postgres "$PG_BIN/initdb" --pgdata="$PG_DATA" --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  as_postgres "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --log="$dir/log" --wait \
    --options="-p $1 -c listen_addresses=127.0.0.1 -k $dir" start >/dev/null
  PG_STORAGE="{\"url\": \"postgresql://127.0.0.1:$1/postgres\", \"user\": \"postgres\"}"
}

stop_postgres() {
  [ -n "$PG_DATA" ] && as_postgres "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --mode=immediate stop >/dev/null 2>&1 || true
}

# On exit, whatever the reason: on a failure the server's last lines, then the processes in PIDS killed, PostgreSQL
# stopped and WORK removed.
cleanup() {
  local status=$?
  if [ "$status" != 0 ] && [ -f "$WORK/server.log" ]; then
    echo "Failed ($status); the server's last lines:" >&2
    tail -20 "$WORK/server.log" >&2 || true
  fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT
