# Shared by scripts/bench.sh and scripts/bench-notices.sh (sourced, not run): installing
# wrk, building the release server, and reading wrk's figures.

log() { printf '\n== %s\n' "$*"; }

# wrk from apt (as root, or with sudo), and python3 for the seeding and the checks.
bench_ensure_tools() {
  if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk (apt-get)"
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && apt-get install -y -qq wrk
    elif command -v sudo >/dev/null 2>&1; then
      sudo apt-get update -qq && sudo apt-get install -y -qq wrk
    else
      echo "bench: wrk is missing; install it (apt-get install wrk) and run again" >&2
      exit 1
    fi
  fi
  command -v python3 >/dev/null 2>&1 || { echo "bench: python3 is needed" >&2; exit 1; }
}

# Builds target/release/coprocure unless BENCH_SKIP_BUILD or BENCH_BIN is set; $BIN must run.
bench_build() {
  if [[ -z ${BENCH_SKIP_BUILD:-} && -z ${BENCH_BIN:-} ]]; then
    log "building the release server (cargo build --release -p server)"
    cargo build --release -p server
  fi
  [[ -x $BIN ]] || { echo "bench: $BIN is missing" >&2; exit 1; }
}

# wrk prints latencies as e.g. 812.00us, 23.41ms or 1.02s: to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# "met", "MISSED" or "n/a" for a value against a target; op is >=, <= or <.
verdict() {
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    ok = (op == ">=") ? (v + 0 >= t) : (op == "<") ? (v + 0 < t) : (v + 0 <= t)
    print (v == "" || v == "None") ? "n/a" : (ok ? "met" : "MISSED") }'
}
