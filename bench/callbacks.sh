#!/usr/bin/env bash
# Call records benchmark (issue 13), on this machine, with bench/config.json and the jar already built:
#   - the signed incoming webhook's rate with calls.record on and off (wrk -c64, in turns, medians);
#   - on H2 and on PostgreSQL: signed leg status callbacks stored per second by the load tester's closed loop, as a
#     ratio of the load tester's signed incoming rate measured just before on the same server, in ROUNDS turns (the
#     median ratio is the figure; each turn's load average is printed, since the machine may be shared); the p99 of
#     a callback in the open loop at half the median callback rate;
#   - on each store, a callback flood killed with SIGKILL in the middle: acknowledged callbacks, and how many of
#     them the restarted server's database holds (must be all).
# Usage: bench/callbacks.sh [SECONDS]   (per measurement, default 10), ROUNDS turns (default 3).
# Each server and load tester warms up WARMUP_SECONDS (default 30) before each measurement: the JIT is still at work
# for longer than 10 s. CONNECTIONS (default 64) is the load tester's, on both sides of the ratio alike.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-10}
ROUNDS=${ROUNDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
CONNECTIONS=${CONNECTIONS:-64}
# A free port unless PORT is set: other benchmarks may run on this machine at the same time.
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
  2>/dev/null || echo 18090)}
URL=http://127.0.0.1:$PORT
JAR=${JAR:-target/switchboard.jar}
WORK=$(mktemp -d)
PIDS=()
. bench/postgres.sh
[ -f "$JAR" ] || mvn -B -q package -DskipTests

# conf STORAGE_JSON RECORD: bench/config.json on this script's port, with this storage and calls.record.
conf() {
  sed -e "s/18080/$PORT/g" bench/config.json \
    | sed -e "s#\"directory\": {#\"storage\": $1, \"calls\": {\"record\": $2},\n  \"directory\": {#" > "$WORK/conf.json"
  echo "$WORK/conf.json"
}
. bench/server.sh
. bench/wrk.sh
p99_of() { sed -n 's/^Latency ms .* p99 \([0-9.]*\) .*/\1/p' "$1"; }
stored_so_far() {
  curl -s "$URL/metrics" | awk '/^switchboard_storage_callbacks_stored_total/ { printf "%d", $2; found = 1 } END { if (!found) print 0 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
# 1. The incoming webhook with calls.record on and off, in turns (the H2 store present in both).
H2_STORAGE="{\"url\": \"jdbc:h2:file:$WORK/h2/calls\"}"
# Signed for the publicBaseUrl that the servers below are given (this script's port).
java -cp "$JAR" bench/WrkScript.java "$(conf "$H2_STORAGE" true)" incoming > "$WORK/incoming.lua"
on=() off=()
for turn in $(seq 1 "$ROUNDS"); do
  for record in false true; do
    echo "Incoming webhook, calls.record $record, turn $turn..." >&2
    start_server "$(conf "$H2_STORAGE" $record)"
    wrk_rps "$URL" "$WORK/incoming.lua" "$WARMUP_SECONDS" >/dev/null
    rps=$(wrk_rps "$URL" "$WORK/incoming.lua" "$SECONDS_PER_RUN")
    stop_server
    if [ $record = true ]; then on+=("$rps"); else off+=("$rps"); fi
    echo "  $rps req/s (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done
record_on=$(printf '%s\n' "${on[@]}" | median)
record_off=$(printf '%s\n' "${off[@]}" | median)

# 2. and 3. on one store: STORE_NAME STORAGE_JSON JDBC_URL. The machine may be shared: the two sides of the ratio
# run in turns on the same server (the load tester's incoming rate, then its callbacks), and each turn's ratio is kept,
# with the load average when it ended; the median of the turns is the figure.
results=()
load_average() { cut -d' ' -f1 /proc/loadavg; }
measure_store() {
  local name=$1 storage=$2 jdbc=$3
  start_server "$(conf "$storage" true)"
  local ratios=() rates=() incomings=() loads=() turn
  for turn in $(seq 1 "$ROUNDS"); do
    echo "$name, turn $turn: the load tester's incoming rate, then callbacks, closed loop..." >&2
    loadtest --scenario incoming --connections "$CONNECTIONS" --warmup "${WARMUP_SECONDS}s" \
      --duration "${SECONDS_PER_RUN}s" > "$WORK/in.txt"
    loadtest --scenario callbacks --connections "$CONNECTIONS" --warmup "${WARMUP_SECONDS}s" \
      --duration "${SECONDS_PER_RUN}s" > "$WORK/cb.txt" || true
    incomings+=("$(rate_of "$WORK/in.txt")")
    rates+=("$(rate_of "$WORK/cb.txt")")
    ratios+=("$(ratio "${rates[-1]}" "${incomings[-1]}")")
    loads+=("$(load_average)")
    echo "  incoming ${incomings[-1]} req/s, callbacks ${rates[-1]} req/s: ${ratios[-1]} (load average ${loads[-1]})" >&2
  done
  local callbacks half
  callbacks=$(printf '%s\n' "${rates[@]}" | median)
  half=$(( callbacks / 2 > 0 ? callbacks / 2 : 1 ))
  echo "$name: callbacks in the open loop at $half req/s..." >&2
  loadtest --scenario callbacks --rate "$half" --warmup "${WARMUP_SECONDS}s" --duration "${SECONDS_PER_RUN}s" \
    > "$WORK/cb-open.txt" || true
  echo "$name: a callback flood killed with SIGKILL..." >&2
  local before
  before=$(stored_so_far)
  loadtest --scenario callbacks --warmup 0 --duration "${SECONDS_PER_RUN}s" --acknowledged "$WORK/ack.txt" > "$WORK/flood.txt" 2>&1 &
  local flood=$!
  # Killed once the flood has stored a few hundred callbacks: in the middle of its group commits.
  for _ in $(seq 1 600); do
    (( $(stored_so_far) >= before + 300 )) && break
    sleep 0.1
  done
  kill -9 "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  wait "$flood" || true
  start_server "$WORK/conf.json"
  stop_server
  read -r acknowledged stored_of_them stored_in_all <<<"$(java -cp "$JAR" bench/StoredCallbacks.java "$jdbc" \
    "$(sed -n 's/.*"user": "\([^"]*\)".*/\1/p' <<<"$storage")" "$WORK/ack.txt")"
  results+=("| $name: signed callbacks stored per second, closed loop, $CONNECTIONS connections, vs the load tester's signed incoming webhooks just before on the same server | median **$(printf '%s\n' "${ratios[@]}" | median)** (turns: ${ratios[*]}; callbacks ${rates[*]} req/s, incoming ${incomings[*]} req/s; errors in the last turn: $(errors_of "$WORK/cb.txt"); load average after each turn: ${loads[*]}) |")
  results+=("| $name: callback p99 in the open loop at half the median rate ($half req/s; errors: $(errors_of "$WORK/cb-open.txt")) | **$(p99_of "$WORK/cb-open.txt") ms** |")
  results+=("| $name: SIGKILL in a callback flood, then restart | **$acknowledged acknowledged, $stored_of_them of them stored** ($stored_in_all calls stored in all) |")
}

measure_store H2 "{\"url\": \"jdbc:h2:file:$WORK/h2-store/calls\"}" \
  "jdbc:h2:file:$WORK/h2-store/calls;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"

if [ -n "$PG_BIN" ]; then
  start_postgres 18432
  measure_store PostgreSQL "$PG_STORAGE" "jdbc:postgresql://127.0.0.1:18432/postgres"
else
  results+=("| PostgreSQL | not measured: apt-get install postgresql |")
fi

cat <<EOF2

| Call records measurement | Result |
|---|---|
| Incoming-call webhook, signed, wrk -c64, calls.record on vs off, in turns | $record_on vs $record_off req/s (medians), **$(ratio "$record_on" "$record_off")** (turns on: ${on[*]}; off: ${off[*]}; load average at the start: $LOAD_AT_START, at the end: $(load_average)) |
$(printf '%s\n' "${results[@]}")
EOF2
