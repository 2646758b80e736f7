#!/usr/bin/env bash
# `make bench`: load-tests a RELEASE build of the server on this machine and reports
#   - requests/s and p50/p99 latency of the challenge needs page (server-rendered,
#     GET /challenges/{id}/needs as a signed-in member) at 32 concurrent connections,
#     measured with wrk, and
#   - the time from one user's save to another user's event stream receiving the
#     `change` event (GET /challenges/{id}/events), p50/p95 over 100 saves.
# against the targets: >= 1000 requests/s, p99 <= 50 ms, event delivery p95 <= 250 ms.
#
# It builds `cargo build --release -p server`, serves a fresh SQLite database on a free
# 127.0.0.1 port, seeds a challenge with 200 needs, 40 criteria and 8 authorities
# through the ordinary HTTP forms (scripts/bench/bench.py), warms up, measures, and
# stops the server on exit. Load only ever goes to 127.0.0.1 and is bounded in time.
#
# Settings (environment):
#   BENCH_DURATION=20s  BENCH_CONNECTIONS=32  BENCH_THREADS=2  BENCH_WARMUP=5s
#   BENCH_SAVES=100     BENCH_NEEDS=200  BENCH_CRITERIA=40  BENCH_AUTHORITIES=8
#   BENCH_SKIP_BUILD=1  use the existing target/release/coprocure without building
#   BENCH_BIN=path      benchmark that binary instead (no build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export LEPTOS_OUTPUT_NAME=coprocure
export PATH="$HOME/.cargo/bin:$PATH"

DURATION=${BENCH_DURATION:-20s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-5s}
SAVES=${BENCH_SAVES:-100}
NEEDS=${BENCH_NEEDS:-200}
CRITERIA=${BENCH_CRITERIA:-40}
AUTHORITIES=${BENCH_AUTHORITIES:-8}
BIN=${BENCH_BIN:-target/release/coprocure}

source scripts/bench/lib.sh

# ------------------------------------------------------------------ tools
bench_ensure_tools

# ------------------------------------------------------------------ build
bench_build
[[ -d target/site ]] || echo "bench: note: target/site is missing (pages still render; 'make site' builds it)"

# ------------------------------------------------------------------ server
WORK=$(mktemp -d "${TMPDIR:-/tmp}/coprocure-bench.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(scripts/free-port.sh)
BASE="http://127.0.0.1:$PORT"
export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
export COPROCURE_ADDR="127.0.0.1:$PORT"
export COPROCURE_SITE_ROOT="$ROOT/target/site"
export RUST_LOG=warn

log "starting the server on $BASE (fresh SQLite database in $WORK)"
"$BIN" seed --demo >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; exit 1; }
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "bench: the server did not start" >&2; exit 1; }

# ------------------------------------------------------------------ seed
log "seeding through the HTTP forms: $NEEDS needs, $CRITERIA criteria, $AUTHORITIES authorities"
STATE="$WORK/state.json"
python3 scripts/bench/bench.py seed --base "$BASE" --out "$STATE" \
  --needs "$NEEDS" --criteria "$CRITERIA" --authorities "$AUTHORITIES"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$STATE" "$1"; }
NEEDS_URL="$BASE$(field needs_path)"
COOKIE="coprocure_session=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cookies"]["brent"])' "$STATE")"

read -r code size < <(curl -sS -o /dev/null -w '%{http_code} %{size_download}\n' -H "Cookie: $COOKIE" "$NEEDS_URL")
[[ $code == 200 ]] || { echo "bench: GET $NEEDS_URL as Brent answered $code" >&2; exit 1; }
echo "needs page: HTTP $code, $size bytes, as Brent (a participant)"

# ------------------------------------------------------------------ needs page load
# One request at a time first: the server's own cost per page, without queueing.
ALONE=$(for _ in $(seq 30); do
  curl -sS -o /dev/null -w '%{time_total}\n' -H "Cookie: $COOKIE" "$NEEDS_URL"
done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }')
echo "one request at a time: median ${ALONE} ms"

run_wrk() { # duration output
  timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --timeout 10s --latency \
    -H "Cookie: $COOKIE" "$NEEDS_URL" >"$2"
}
log "warming up ($WARMUP)"
run_wrk "$WARMUP" "$WORK/warmup.txt"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency GET /challenges/{id}/needs"
run_wrk "$DURATION" "$WORK/wrk.txt"
cat "$WORK/wrk.txt"

RPS=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.txt")
P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")")
P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")")
BAD=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$WORK/wrk.txt")
ERRS=$(awk '/Socket errors:/ {sub(/.*Socket errors: /, ""); print}' "$WORK/wrk.txt")

# ------------------------------------------------------------------ event delivery
log "event delivery: Brent holds the event stream, Camden saves $SAVES edits"
python3 scripts/bench/bench.py events --base "$BASE" --state "$STATE" --saves "$SAVES" \
  --out "$WORK/events.json"
ev() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/events.json" "$1"; }
EV50=$(ev delivery_p50_ms)
EV95=$(ev delivery_p95_ms)
EVGOT=$(ev received)
EVMISSED=$(ev missed)

# ------------------------------------------------------------------ summary
cores=$(nproc)
KIND=
[[ $BIN == target/release/coprocure ]] && KIND=" (release build)"
load=$(cut -d' ' -f1-3 /proc/loadavg)
log "summary"
cat <<EOF
machine: $cores cores, load average $load (other work on the machine skews the figures)
server:  $BIN$KIND, SQLite, RUST_LOG=warn
data:    1 challenge, $(field authorities) authorities, $NEEDS needs, $CRITERIA criteria; page $size bytes

needs page  GET /challenges/{id}/needs, $CONNECTIONS connections, $DURATION
  requests/s   $(printf '%8s' "$RPS")   target >= 1000    $(verdict "$RPS" ">=" 1000)
  p50 latency  $(printf '%8s' "$P50") ms
  p99 latency  $(printf '%8s' "$P99") ms  target <= 50 ms  $(verdict "$P99" "<=" 50)
  non-2xx      $(printf '%8s' "${BAD:-0}")${ERRS:+   socket errors: $ERRS}
  alone        $(printf '%8s' "$ALONE") ms  (median of 30 sequential requests, before the load)

save -> other user's event stream (\`change\`), $EVGOT of $SAVES received, $EVMISSED missed
  p50          $(printf '%8s' "$EV50") ms
  p95          $(printf '%8s' "$EV95") ms  target <= 250 ms $(verdict "$EV95" "<=" 250)
EOF
