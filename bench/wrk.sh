# Sourced by the bench scripts that drive a server with wrk.
# wrk_rps URL SCRIPT SECONDS: wrk -t2 -c64's requests per second; fails when any answer was not 2xx or 3xx, or a
# socket failed: a request the server refuses (a signature made for another URL gets 403) is answered fast and would
# read as a good rate.
wrk_rps() {
  local out
  out=$(wrk -t2 -c64 -d"$3s" -s "$2" "$1")
  if grep -qE "Non-2xx|Socket errors" <<<"$out"; then
    echo "wrk saw errors against $1:" >&2
    echo "$out" >&2
    return 1
  fi
  awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$out"
}
