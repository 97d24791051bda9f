#!/usr/bin/env bash
# Webhook throughput benchmark: builds the jar, then measures in one run, on this machine,
#   - signed incoming-call (11 parameters, and Twilio's full 27), outgoing-call and token requests (wrk -c64, one
#     fixed request each) against Switchboard, in turns with bench/BareServer.java (Vert.x answering fixed TwiML, the
#     framework's limit) on the same incoming body, reported as the median of the turns' ratios; the access log, on
#     (the default) in every measurement, is also measured apart: in turns with a second server that has it off;
#   - in turns: the load tester's maximum incoming rate after its automatic warm-up (against wrk's, just before, on
#     the same endpoint, with a body as heavy as the load tester's), the open-loop p99 at half of it (corrected for
#     coordinated omission), and the same open loop against the bare server, for what the load tester and the machine
#     add by themselves; medians of the turns;
#   - 60 s of mixed load with -Xmx96m: errors and resident memory;
#   - start-up: from `java -jar` to the first answered webhook;
#   - whole calls per second with the default mix on H2 and PostgreSQL, and their records compared (bench/calls.sh).
# Usage: bench/run.sh [SECONDS]   (seconds per measurement, default 10; each is preceded by as long a warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-10}
SOAK_SECONDS=${SOAK_SECONDS:-60}
ROUNDS=${ROUNDS:-3}
# The access log's pair scatters by a fifth from one turn to the next even on an idle machine, as much as its target's
# margin: it gets more turns than the other pairs.
ACCESS_LOG_ROUNDS=${ACCESS_LOG_ROUNDS:-9}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
# The load tester's own JVM is fresh for each run: its JIT was still compiling after 10 s. Its closed loop warms up
# until its rate settles (--warmup auto, the default); its open loops, whose rate is imposed, for this long.
LOADTEST_WARMUP_SECONDS=${LOADTEST_WARMUP_SECONDS:-20}
CONF=bench/config.json
PORT=18080
BARE_PORT=18081
URL=http://127.0.0.1:$PORT
JAR=target/switchboard.jar
WORK=$(mktemp -d)
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

if ! command -v wrk >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk jq
fi
mvn -B -q package -DskipTests
for kind in incoming incoming-full outgoing token; do
  java -cp "$JAR" bench/WrkScript.java "$CONF" "$kind" > "$WORK/$kind.lua"
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Waits for an answer to a signed incoming-call webhook; prints the milliseconds since $1.
wait_for_answer() {
  local started=$1 port=$2
  local signature body
  signature=$(sed -n 's/.*X-Twilio-Signature"\] = "\(.*\)"/\1/p' "$WORK/incoming.lua")
  body=$(sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' "$WORK/incoming.lua")
  for _ in $(seq 1 6000); do
    if curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/twilio/retrieve_twiml/call_incoming" \
         -H "X-Twilio-Signature: $signature" --data "$body" 2>/dev/null; then
      echo $(( $(now_ms) - started ))
      return 0
    fi
    sleep 0.005
  done
  echo "no answer on port $port" >&2
  return 1
}

start_server() {
  local conf=$1 log=$2; shift 2
  local started
  started=$(now_ms)
  java "$@" -jar "$JAR" -conf "$conf" > "$log" 2>&1 &
  SERVER=$!
  PIDS+=("$SERVER")
  STARTUP_MS=$(wait_for_answer "$started" $PORT)
}

stop_server() {
  kill "$SERVER" && wait "$SERVER" 2>/dev/null || true
}

. bench/wrk.sh

measure() {
  wrk_rps "$1" "$2" "$SECONDS_PER_RUN" >/dev/null # warm-up: the JIT compiles the hot path
  wrk_rps "$1" "$2" "$SECONDS_PER_RUN"
}

loadtest() {
  java -jar "$JAR" loadtest -conf "$CONF" --url "$URL" "$@"
}

echo "Building and starting..." >&2
start_server "$CONF" "$WORK/server.log"
startup_ms=$STARTUP_MS

java -cp "$JAR" bench/BareServer.java $BARE_PORT > "$WORK/bare.log" 2>&1 &
BARE=$!
PIDS+=("$BARE")
wait_for_answer "$(now_ms)" $BARE_PORT >/dev/null

# Every path the measurements take, compiled by the JIT first: the first measured would otherwise pay for all.
echo "Warming up with ${WARMUP_SECONDS}s of mixed load..." >&2
loadtest --scenario mixed --warmup 0 --duration "${WARMUP_SECONDS}s" --connections 64 > "$WORK/warm-up.txt"

# Switchboard and the bare server measured in turns, ROUNDS times, and the median of the turns' ratios kept:
# this machine's speed drifts by a fifth between minutes, much less between one turn and the next.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# paired KIND BARE_KIND: KIND against Switchboard, BARE_KIND (the same body, or incoming's) against the bare server.
paired() {
  local kind=$1 bare_kind=$2 ours bare_turn
  local -a ratios=() rates=() bares=()
  wrk_rps "$URL" "$WORK/$kind.lua" "$SECONDS_PER_RUN" >/dev/null
  for _ in $(seq 1 "$ROUNDS"); do
    bare_turn=$(wrk_rps "http://127.0.0.1:$BARE_PORT" "$WORK/$bare_kind.lua" "$SECONDS_PER_RUN")
    ours=$(wrk_rps "$URL" "$WORK/$kind.lua" "$SECONDS_PER_RUN")
    ratios+=("$(ratio "$ours" "$bare_turn")")
    rates+=("$ours")
    bares+=("$bare_turn")
  done
  echo "$(printf '%s\n' "${rates[@]}" | median) $(printf '%s\n' "${bares[@]}" | median) $(printf '%s\n' "${ratios[@]}" | median) ${ratios[*]}"
}

wrk_rps "http://127.0.0.1:$BARE_PORT" "$WORK/incoming.lua" "$SECONDS_PER_RUN" >/dev/null
echo "Switchboard and the bare server in turns: incoming, outgoing, token..." >&2
read -r incoming bare incoming_ratio incoming_ratios <<<"$(paired incoming incoming)"
read -r full bare_full full_ratio full_ratios <<<"$(paired incoming-full incoming-full)"
read -r outgoing _ outgoing_ratio outgoing_ratios <<<"$(paired outgoing incoming)"
read -r token _ token_ratio token_ratios <<<"$(paired token incoming)"

# In turns, ROUNDS times: the load tester's closed-loop maximum (compared with wrk's rate for a body as heavy as the
# load tester's own: Twilio's full parameter set), then the open loop at half of it against Switchboard, then the same
# open loop against the bare server, for what the load tester and this machine add by themselves. Each turn's rate
# follows this machine's speed at that moment; the medians of the turns are kept. Half of what the load tester
# reached, not of wrk's: on two shared cores it cannot pace wrk's maximum. The bare server's fixed TwiML is not what
# the directory implies for most calls, which the load tester counts as errors: only its latency is kept.
p99_of() { sed -n 's/^Latency ms .* p99 \([0-9.]*\) .*/\1/p' "$1"; }
# open_loop URL RATE OUT: a failing run still leaves its summary in OUT, read below.
open_loop() {
  loadtest --url "$1" --scenario incoming --warmup "${LOADTEST_WARMUP_SECONDS}s" --duration "${SECONDS_PER_RUN}s" \
    --connections 64 --rate "$2" > "$3" || true
}
loadtest_maxima=() wrk_turns=() loadtest_ratios=() loadtest_warmups=() loadtest_flags=() half_rates=() open_p99s=()
open_bare_p99s=()
open_errors=0
for turn in $(seq 1 "$ROUNDS"); do
  echo "wrk then the load tester, closed loop, same body, turn $turn..." >&2
  wrk_turn=$(wrk_rps "$URL" "$WORK/incoming-full.lua" "$SECONDS_PER_RUN")
  loadtest --scenario incoming --duration "${SECONDS_PER_RUN}s" --connections 64 > "$WORK/loadtest-closed.txt"
  maximum=$(sed -n 's/^Requests .*(\([0-9]*\) req\/s)$/\1/p' "$WORK/loadtest-closed.txt")
  wrk_turns+=("$wrk_turn")
  loadtest_ratios+=("$(ratio "$maximum" "$wrk_turn")")
  # "14s-settled" or "60s-max"; "level" or "trending", "+tester-bound" when the summary said the tester set the rate.
  loadtest_warmups+=("$(sed -n 's/^Warm-up  *\([0-9]*\) s, \(settled\|its maximum\).*/\1s-\2/p' "$WORK/loadtest-closed.txt" \
    | sed 's/its maximum/max/')")
  flag=level
  grep -qE "^Trend  *rate (still climbing|falling)" "$WORK/loadtest-closed.txt" && flag=trending
  grep -q "the load tester itself was the bottleneck" "$WORK/loadtest-closed.txt" && flag="$flag+tester-bound"
  loadtest_flags+=("$flag")
  rate=$(( maximum / 2 ))
  echo "Open loop at $rate req/s, Switchboard then the bare server..." >&2
  open_loop "$URL" "$rate" "$WORK/loadtest-open.txt"
  errors=$(sed -n 's/^Errors *\([0-9]*\)$/\1/p' "$WORK/loadtest-open.txt")
  open_errors=$(( open_errors + ${errors:-1} ))
  open_loop "http://127.0.0.1:$BARE_PORT" "$rate" "$WORK/loadtest-open-bare.txt"
  loadtest_maxima+=("$maximum")
  half_rates+=("$rate")
  open_p99s+=("$(p99_of "$WORK/loadtest-open.txt")")
  open_bare_p99s+=("$(p99_of "$WORK/loadtest-open-bare.txt")")
done
loadtest_rps=$(printf '%s\n' "${loadtest_maxima[@]}" | median)
wrk_full_turns=$(printf '%s\n' "${wrk_turns[@]}" | median)
loadtest_ratio=$(printf '%s\n' "${loadtest_ratios[@]}" | median)
open_p99=$(printf '%s\n' "${open_p99s[@]}" | median)
open_bare_p99=$(printf '%s\n' "${open_bare_p99s[@]}" | median)
stop_server
kill "$BARE"

# The access log (on by default, as in every other measurement) against the same server with it off, both running, in
# turns; its lines go to a file, as a service's standard output usually does. The second server keeps its call records
# apart from the first's.
echo "Switchboard with its access log on and off, in turns, incoming..." >&2
UNLOGGED_PORT=18082
jq --argjson port $UNLOGGED_PORT --arg url "jdbc:h2:file:$WORK/unlogged-db" \
  '.http.port = $port | .http.accessLog = false | .storage.url = $url' "$CONF" > "$WORK/unlogged.json"
start_server "$CONF" "$WORK/access-log.log"
java -jar "$JAR" -conf "$WORK/unlogged.json" > "$WORK/unlogged.log" 2>&1 &
UNLOGGED=$!
PIDS+=("$UNLOGGED")
wait_for_answer "$(now_ms)" $UNLOGGED_PORT >/dev/null
for url in "$URL" "http://127.0.0.1:$UNLOGGED_PORT"; do
  measure "$url" "$WORK/incoming.lua" >/dev/null
done
access_ratios=() logged_rates=() unlogged_rates=()
for _ in $(seq 1 "$ACCESS_LOG_ROUNDS"); do
  unlogged=$(wrk_rps "http://127.0.0.1:$UNLOGGED_PORT" "$WORK/incoming.lua" "$SECONDS_PER_RUN")
  logged=$(wrk_rps "$URL" "$WORK/incoming.lua" "$SECONDS_PER_RUN")
  access_ratios+=("$(ratio "$logged" "$unlogged")")
  logged_rates+=("$logged")
  unlogged_rates+=("$unlogged")
done
incoming_logged=$(printf '%s\n' "${logged_rates[@]}" | median)
incoming_unlogged=$(printf '%s\n' "${unlogged_rates[@]}" | median)
access_ratio=$(printf '%s\n' "${access_ratios[@]}" | median)
stop_server
kill "$UNLOGGED" && wait "$UNLOGGED" 2>/dev/null || true
access_lines=$(grep -c ' switchboard.access - ' "$WORK/access-log.log" || true)
access_dropped=$(sed -n 's/.* - \([0-9]*\) lines dropped: .*/\1/p' "$WORK/access-log.log" | awk '{ s += $1 } END { print s + 0 }')

echo "Mixed load for $SOAK_SECONDS s with -Xmx96m..." >&2
start_server "$CONF" "$WORK/soak.log" -Xmx96m
soak_status=0
loadtest --scenario mixed --warmup 0 --duration "${SOAK_SECONDS}s" --connections 64 > "$WORK/soak.txt" &
SOAK=$!
max_rss_kb=0
while kill -0 "$SOAK" 2>/dev/null; do
  rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER/status")
  (( rss_kb > max_rss_kb )) && max_rss_kb=$rss_kb
  sleep 1
done
wait "$SOAK" || soak_status=$?
soak_rps=$(sed -n 's/^Requests .*(\([0-9]*\) req\/s)$/\1/p' "$WORK/soak.txt")
soak_errors=$(sed -n 's/^Errors *\([0-9]*\)$/\1/p' "$WORK/soak.txt")
stop_server

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
jdk=$(java -version 2>&1 | head -1)

cat <<EOF

## Benchmark results, $(date -u +%Y-%m-%d)

Machine: $(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $jdk
Configuration: bench/config.json, the shipped conf/config.json's defaults (access log and call records on, H2 under data/) with the load tester's own addresses, credentials and directory, Japan's, Britain's, the US', France's and Australia's numbers allowed for outgoing calls, and the outgoing-call limit per hour, the rate limits of the token API and of the browser's API, and the lock-out, raised out of the way of one client address sending thousands of requests a second
Command: bench/run.sh $SECONDS_PER_RUN (after ${WARMUP_SECONDS} s of mixed load, wrk -t2 -c64 for ${SECONDS_PER_RUN} s a turn, $ROUNDS turns each of Switchboard and the bare server, after a ${SECONDS_PER_RUN} s warm-up on the same request; server and load on the same machine)

| Measurement | Result | Target |
|---|---|---|
| Bare Vert.x server (bench/BareServer.java), fixed TwiML | $bare req/s (median of its turns) | |
| Incoming-call webhook, signed, 11 parameters | $incoming req/s, **$incoming_ratio** of bare (turns: $incoming_ratios) | ≥ 0.5 |
| Incoming-call webhook, signed, Twilio's full 27 parameters (bare server on the same body: $bare_full req/s) | $full req/s, **$full_ratio** of bare (turns: $full_ratios) | reported |
| Incoming-call webhook, signed, access log on (the default; to a file) vs off, two servers in turns | $incoming_logged vs $incoming_unlogged req/s, **$access_ratio** (turns: ${access_ratios[*]}); $access_lines lines written, $access_dropped dropped | ≥ 0.9 |
| Outgoing-call webhook, signed | $outgoing req/s, **$outgoing_ratio** of bare (turns: $outgoing_ratios) | reported |
| Token request (capability + access token) | $token req/s, **$token_ratio** of bare (turns: $token_ratios) | reported |
| Load tester vs wrk in turns, incoming with the full 27 parameters, closed loop, the tester's automatic warm-up (warm-ups: ${loadtest_warmups[*]}; ${loadtest_flags[*]}) | $loadtest_rps vs $wrk_full_turns req/s, **$loadtest_ratio** (turns: ${loadtest_ratios[*]}) | ≥ 0.7 |
| Open loop at half the load tester's maximum in each turn (${half_rates[*]} req/s), incoming | p99 **$open_p99 ms** (turns: ${open_p99s[*]}), $open_errors errors | < 5 ms |
| The same open loops against the bare server: the load tester's and this machine's own share | p99 $open_bare_p99 ms (turns: ${open_bare_p99s[*]}) | reference |
| Mixed load, $SOAK_SECONDS s, -Xmx96m | $soak_rps req/s, $soak_errors errors, RSS max **$(( max_rss_kb / 1024 )) MiB** | no error |
| Start-up, java -jar to the first answered webhook | **$startup_ms ms** | reported |
EOF

calls_status=0
bench/calls.sh "$SECONDS_PER_RUN" || calls_status=$?

if [ "$soak_status" -ne 0 ] || [ "$open_errors" != "0" ] || [ "$calls_status" -ne 0 ]; then
  echo "The load tester saw errors; its output:" >&2
  cat "$WORK/loadtest-open.txt" "$WORK/soak.txt" >&2
  exit 1
fi
