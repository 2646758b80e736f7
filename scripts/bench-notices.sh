#!/usr/bin/env bash
# `make bench-notices`: load-tests a RELEASE build of the server's public notice pages
# with 2 000 published notices and 20 000 supplier responses seeded, and reports
#   - requests/s and p50/p99 latency at 32 concurrent connections (wrk) for
#       the list, first page            GET /notices
#       a filtered search               GET /notices?q=housing&division=48&status=open
#       the Atom feed                   GET /notices.atom
#   - how long the full OCDS release package (GET /notices.ocds.json) takes to stream,
#     best and worst of 5, checked to be JSON with one release per notice or more,
# against the targets: >= 1500 requests/s and p99 <= 50 ms for the list; the OCDS
# package of 2 000 notices in under 2 s.
#
# The data goes straight into a fresh SQLite database with the hidden
# `coprocure bench-seed` command (server/src/bench_seed.rs): generated text, each notice
# with its own challenge, CPV codes, joint authorities and first OCDS release. Load only
# ever goes to 127.0.0.1 and is bounded in time.
#
# Settings (environment):
#   BENCH_DURATION=15s  BENCH_CONNECTIONS=32  BENCH_THREADS=2  BENCH_WARMUP=3s
#   BENCH_NOTICES=2000  BENCH_RESPONSES=20000
#   BENCH_SKIP_BUILD=1  use the existing target/release/coprocure without building
#   BENCH_BIN=path      benchmark that binary instead (no build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export LEPTOS_OUTPUT_NAME=coprocure
export PATH="$HOME/.cargo/bin:$PATH"

DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-3s}
NOTICES=${BENCH_NOTICES:-2000}
RESPONSES=${BENCH_RESPONSES:-20000}
BIN=${BENCH_BIN:-target/release/coprocure}

source scripts/bench/lib.sh

# ------------------------------------------------------------------ tools
bench_ensure_tools

# ------------------------------------------------------------------ build
bench_build

# ------------------------------------------------------------------ data and server
WORK=$(mktemp -d "${TMPDIR:-/tmp}/coprocure-bench-notices.XXXXXX")
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
export COPROCURE_PUBLIC_URL="$BASE"
export RUST_LOG=warn

log "seeding $NOTICES published notices and $RESPONSES responses (fresh SQLite database in $WORK)"
SEED_START=$(date +%s.%N)
"$BIN" bench-seed --notices "$NOTICES" --responses "$RESPONSES" >"$WORK/seed.log" 2>&1 ||
  { cat "$WORK/seed.log" >&2; exit 1; }
SEED_SECS=$(awk -v a="$SEED_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "seeded in ${SEED_SECS} s"

"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "bench: the server did not start" >&2; exit 1; }

LIST="/notices"
SEARCH="/notices?q=housing&division=48&status=open"
ATOM="/notices.atom"

check() { # path -> prints "code bytes"
  curl -sS -o "$WORK/check.body" -w '%{http_code} %{size_download}' "$BASE$1"
}
for path in "$LIST" "$SEARCH" "$ATOM"; do
  read -r code size < <(check "$path"; echo)
  [[ $code == 200 ]] || { echo "bench: GET $path answered $code" >&2; exit 1; }
  echo "GET $path: HTTP $code, $size bytes"
done
# The search must find something, or it measures an empty page.
curl -sS "$BASE$SEARCH" | grep -q 'href="/notices/CP-' ||
  { echo "bench: the filtered search found no notices" >&2; exit 1; }


declare -A RPS P50 P99 BAD
measure() { # name path
  local name=$1 path=$2 out="$WORK/wrk-$1.txt"
  log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency GET $path"
  timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s "$BASE$path" >/dev/null
  timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    "$BASE$path" >"$out"
  cat "$out"
  RPS[$name]=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  P50[$name]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  BAD[$name]=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
}
measure list "$LIST"
measure search "$SEARCH"
measure atom "$ATOM"

# ------------------------------------------------------------------ OCDS package
log "GET /notices.ocds.json, 5 times"
TIMES=()
for i in 1 2 3 4 5; do
  t=$(curl -sS -o "$WORK/package.json" -w '%{http_code} %{time_total} %{size_download}' \
    "$BASE/notices.ocds.json")
  read -r code secs bytes <<<"$t"
  [[ $code == 200 ]] || { echo "bench: the OCDS package answered $code" >&2; exit 1; }
  echo "run $i: ${secs} s, $bytes bytes"
  TIMES+=("$secs")
done
RELEASES=$(python3 -c '
import json, sys
package = json.load(open(sys.argv[1]))
print(len(package["releases"]), len({r["ocid"] for r in package["releases"]}))
' "$WORK/package.json")
read -r RELEASE_COUNT OCID_COUNT <<<"$RELEASES"
(( OCID_COUNT >= NOTICES )) ||
  { echo "bench: the package holds $OCID_COUNT notices, expected $NOTICES" >&2; exit 1; }
BEST=$(printf '%s\n' "${TIMES[@]}" | sort -n | head -1)
WORST=$(printf '%s\n' "${TIMES[@]}" | sort -n | tail -1)
PKG_BYTES=$(stat -c %s "$WORK/package.json")

# ------------------------------------------------------------------ summary
row() { # label name
  printf '%-34s %9s %9s %9s %8s\n' "$1" "${RPS[$2]}" "${P50[$2]}" "${P99[$2]}" "${BAD[$2]:-0}"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
log "summary"
cat <<EOF
machine: $(nproc) cores, load average $load (other work on the machine skews the figures)
server:  $BIN, SQLite, RUST_LOG=warn
data:    $NOTICES published notices, $RESPONSES responses (seeded in ${SEED_SECS} s)

$CONNECTIONS connections, $DURATION each     requests/s   p50 ms   p99 ms  non-2xx
EOF
row "list, first page" list
row "filtered search" search
row "Atom feed" atom
cat <<EOF

list:    requests/s >= 1500 $(verdict "${RPS[list]}" ">=" 1500), p99 <= 50 ms $(verdict "${P99[list]}" "<=" 50)
search:  requests/s >= 1500 $(verdict "${RPS[search]}" ">=" 1500), p99 <= 50 ms $(verdict "${P99[search]}" "<=" 50)
OCDS package: $RELEASE_COUNT releases of $OCID_COUNT notices, $PKG_BYTES bytes
  best ${BEST} s, worst ${WORST} s of 5   target < 2 s $(verdict "$WORST" "<" 2)
EOF
