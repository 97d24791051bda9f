# Sourced by the bench scripts that start the jar as a server and drive it with the load tester. Needs JAR, WORK,
# URL and the PIDS array; the caller's cleanup kills what PIDS holds.

# start_server CONF: the jar on CONF, its output in $WORK/server.log; returns once it listens, fails if it exits.
start_server() {
  java -jar "$JAR" -conf "$1" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  PIDS+=("$SERVER")
  for _ in $(seq 1 600); do
    grep -q "Switchboard listening on" "$WORK/server.log" && kill -0 "$SERVER" && return 0
    kill -0 "$SERVER" || break
    sleep 0.1
  done
  echo "The server (pid $SERVER) did not start:" >&2
  cat "$WORK/server.log" >&2
  return 1
}
stop_server() { kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; }
loadtest() { java -jar "$JAR" loadtest -conf "$WORK/conf.json" --url "$URL" "$@"; }
# What a load tester's summary (a file) says.
rate_of() { sed -n 's/^Requests .*(\([0-9]*\) req\/s)$/\1/p' "$1"; }
errors_of() { sed -n 's/^Errors *\([0-9]*\)$/\1/p' "$1"; }
