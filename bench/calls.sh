#!/usr/bin/env bash
# Whole calls (issue 16), on this machine, with bench/config.json's directory plus a ring group with a voicemail and
# two clients rung in turn, then a forward, then a voicemail, and the jar already built:
#   - on H2 and on PostgreSQL: whole calls per second with the default mix (loadtest --scenario calls, closed loop,
#     64 calls at once, its automatic warm-up), the webhooks per second they make, and the differences between the
#     simulated calls and the server's records of them, read back through /api/calls (must be 0);
#   - on the same H2 server, the load tester's signed incoming rate just before: how heavy a call is, in webhooks.
# Usage: bench/calls.sh [SECONDS]   (measured, default 10). Called by bench/run.sh; runs alone too.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-10}
WARMUP_MAX=${WARMUP_MAX:-60}
PORT=18095
URL=http://127.0.0.1:$PORT
JAR=target/switchboard.jar
WORK=$(mktemp -d)
PIDS=()
. bench/postgres.sh
[ -f "$JAR" ] || mvn -B -q package -DskipTests

# presence false: no page is open during a run, and the simulator expects every entry to ring its clients first.
FLOWS='{"phoneNumber": "+81-50-3123-0001", "clients": ["Group_Laptop", "Group_Phone"], "presence": false,
        "fallback": {"voicemail": {"greeting": "Please leave a message."}}},
      {"phoneNumber": "+81-50-3123-0002", "clients": ["Desk_First", "Desk_Second"], "ring": "sequential",
        "ringSeconds": 15, "presence": false, "fallback": {"forwardTo": "+81-90-1234-5678", "voicemail": {"greeting": "Leave a message."}}},'
# conf STORAGE_JSON: bench/config.json on this script's port, with this storage, calls.record on (the default) and
# the two entries above.
conf() {
  sed -e "s/18080/$PORT/g" bench/config.json \
    | sed -e "s#\"directory\": {#\"storage\": $1, \"calls\": {\"record\": true},\n  \"directory\": {#" \
    | awk -v flows="$FLOWS" '{ print } /"entries": \[/ { print "      " flows }' > "$WORK/conf.json"
  echo "$WORK/conf.json"
}
. bench/server.sh
calls_of() { sed -n 's/^Calls .*(\([0-9]*\) calls\/s,.*/\1/p' "$1"; }
compared_of() { sed -n 's/^Records *\([0-9]*\) calls compared.*/\1/p' "$1"; }
differences_of() { sed -n 's/^Records .*: \([0-9]*\) differences.*/\1/p' "$1"; }
warmup_of() { sed -n 's/^Warm-up  *\([0-9]*\) s, \(settled\|its maximum\).*/\1 s, \2/p' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

results=()
status=0
measure_store() {
  local name=$1 storage=$2
  start_server "$(conf "$storage")"
  if [ "$name" = H2 ]; then
    echo "$name: the load tester's signed incoming rate..." >&2
    loadtest --scenario incoming --warmup-max "${WARMUP_MAX}s" --duration "${SECONDS_PER_RUN}s" > "$WORK/in.txt"
    INCOMING=$(rate_of "$WORK/in.txt")
  fi
  echo "$name: whole calls, the default mix..." >&2
  loadtest --scenario calls --warmup-max "${WARMUP_MAX}s" --duration "${SECONDS_PER_RUN}s" > "$WORK/calls.txt" \
    || status=1
  stop_server
  local calls webhooks
  calls=$(calls_of "$WORK/calls.txt")
  webhooks=$(rate_of "$WORK/calls.txt")
  results+=("| $name: whole calls per second, default mix, 64 at once (warm-up $(warmup_of "$WORK/calls.txt")) | **$calls calls/s**, $webhooks webhooks/s ($(ratio "$webhooks" "$calls") a call); $(errors_of "$WORK/calls.txt") wrong answers; **$(differences_of "$WORK/calls.txt") differences** in $(compared_of "$WORK/calls.txt") calls read back |")
  sed -n '/^Calls /,/^Latency/p' "$WORK/calls.txt" | sed 's/^/    /' >&2
}

measure_store H2 "{\"url\": \"jdbc:h2:file:$WORK/h2/calls\"}"

if [ -n "$PG_BIN" ]; then
  start_postgres 18433
  measure_store PostgreSQL "$PG_STORAGE"
else
  results+=("| PostgreSQL | not measured: apt-get install postgresql |")
fi

cat <<EOF2

| Whole calls (bench/calls.sh $SECONDS_PER_RUN) | Result |
|---|---|
| H2: the load tester's signed incoming webhooks on the same server, just before | $INCOMING req/s |
$(printf '%s\n' "${results[@]}")
EOF2
exit $status
