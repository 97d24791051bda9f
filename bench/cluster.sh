#!/usr/bin/env bash
# The per-node cost of clustering (issue 17), on this machine, with bench/config.json and the jar already built:
# one server alone and one node of a two-node cluster (Hazelcast on loopback, the other node idle), both on the same
# PostgreSQL, measured in turns with wrk -c64:
#   - the signed incoming-call webhook: answered wholly by the node that received it (target: the clustered node at
#     0.9 or more of the single server's rate);
#   - the token API: its rate limit and failed-attempt checks are counted in the cluster, a Hazelcast round trip
#     per request where the single server counts in memory.
# Medians of the turns' ratios. A 2-core machine cannot show what N nodes add: they share the same cores.
# Usage: bench/cluster.sh [SECONDS]   (per measurement, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-10}
ROUNDS=${ROUNDS:-3}
SINGLE_PORT=18110
NODE_PORT=18111
IDLE_PORT=18112
JAR=target/switchboard.jar
WORK=$(mktemp -d)
PIDS=()
. bench/postgres.sh
[ -n "$PG_BIN" ] || { echo "PostgreSQL is needed: apt-get install postgresql" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
[ -f "$JAR" ] || mvn -B -q package -DskipTests
for kind in incoming token; do
  java -cp "$JAR" bench/WrkScript.java bench/config.json "$kind" > "$WORK/$kind.lua"
done

start_postgres 18433
STORAGE=$PG_STORAGE
MEMBERS="[\"127.0.0.1:18211\", \"127.0.0.1:18212\"]"

# conf NAME HTTP_PORT CLUSTER_JSON: bench/config.json on HTTP_PORT (publicBaseUrl kept: the signatures hold on any
# port), on the PostgreSQL above, with this cluster section.
conf() {
  jq --argjson storage "$STORAGE" --argjson cluster "$3" --argjson port "$2" \
    '.http.port = $port | .storage = $storage | .cluster = $cluster' bench/config.json > "$WORK/$1.json"
  echo "$WORK/$1.json"
}
start() {
  java -Xmx256m -jar "$JAR" -conf "$2" > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 1200); do
    grep -q "Switchboard listening on" "$WORK/$1.log" && return 0
    sleep 0.1
  done
  echo "$1 did not start:" >&2; tail -20 "$WORK/$1.log" >&2; exit 1
}
. bench/wrk.sh
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

start single "$(conf single $SINGLE_PORT '{"enabled": false}')"
start node "$(conf node $NODE_PORT "{\"enabled\": true, \"host\": \"127.0.0.1\", \"port\": 18211, \"members\": $MEMBERS}")"
start idle "$(conf idle $IDLE_PORT "{\"enabled\": true, \"host\": \"127.0.0.1\", \"port\": 18212, \"members\": $MEMBERS}")"
members=$(curl -sf "http://127.0.0.1:$NODE_PORT/health" | jq '.cluster.members | length')
[ "$members" = 2 ] || { echo "the cluster has $members members, not 2" >&2; exit 1; }

# turns KIND: the single server and the clustered node in turns, ROUNDS times, after a warm-up of each.
turns() {
  local kind=$1 single node
  local -a ratios=() singles=() nodes=()
  wrk_rps "http://127.0.0.1:$SINGLE_PORT" "$WORK/$kind.lua" "$SECONDS_PER_RUN" >/dev/null
  wrk_rps "http://127.0.0.1:$NODE_PORT" "$WORK/$kind.lua" "$SECONDS_PER_RUN" >/dev/null
  for _ in $(seq 1 "$ROUNDS"); do
    single=$(wrk_rps "http://127.0.0.1:$SINGLE_PORT" "$WORK/$kind.lua" "$SECONDS_PER_RUN")
    node=$(wrk_rps "http://127.0.0.1:$NODE_PORT" "$WORK/$kind.lua" "$SECONDS_PER_RUN")
    ratios+=("$(ratio "$node" "$single")"); singles+=("$single"); nodes+=("$node")
  done
  echo "$(printf '%s\n' "${nodes[@]}" | median) $(printf '%s\n' "${singles[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median) ${ratios[*]}"
}
echo "The single server and the clustered node in turns: incoming, token..." >&2
read -r in_node in_single in_ratio in_ratios <<<"$(turns incoming)"
read -r tok_node tok_single tok_ratio tok_ratios <<<"$(turns token)"

cat <<EOF2

| Cluster measurement (wrk -c64, ${SECONDS_PER_RUN} s turns, medians of $ROUNDS) | Result |
|---|---|
| Signed incoming-call webhook: a node of a 2-node cluster vs one server alone | $in_node vs $in_single req/s, **$in_ratio** (turns: $in_ratios) |
| Token API (limits counted in the cluster vs in memory) | $tok_node vs $tok_single req/s, **$tok_ratio** (turns: $tok_ratios) |
EOF2
