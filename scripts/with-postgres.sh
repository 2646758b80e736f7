#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
#
# Starts a throwaway PostgreSQL cluster (Debian's postgresql 15 binaries) in a
# temporary directory on a free port of 127.0.0.1, runs COMMAND with
#   TEST_DATABASE_URL_PG=postgres://coprocure:coprocure@127.0.0.1:PORT/coprocure_test
# (the role `coprocure` is a superuser, so tests may create more databases), then
# stops the cluster and deletes its directory, whatever COMMAND's outcome.
# Exits with COMMAND's exit status. initdb refuses to run as root, so as root the
# server runs as the `postgres` system user while COMMAND still runs as root.
#
# Env: PG_BIN (default: newest /usr/lib/postgresql/*/bin, preferring 15).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

here="$(cd "$(dirname "$0")" && pwd)"

if [[ -z "${PG_BIN:-}" ]]; then
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
    PG_BIN=/usr/lib/postgresql/15/bin
  else
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  fi
fi
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "with-postgres: no PostgreSQL server binaries found (apt-get install postgresql)" >&2
  exit 1
fi

# Run PostgreSQL tools as an unprivileged user when we are root.
if [[ "$(id -u)" -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user" >&2
    exit 1
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/coprocure-pg.XXXXXX")"
chmod 700 "$tmp"
[[ "$(id -u)" -eq 0 ]] && chown postgres: "$tmp"
data="$tmp/data"
started=0

cleanup() {
  local status=$?
  if [[ $started -eq 1 ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pwfile="$tmp/pw"
echo coprocure >"$pwfile"
[[ "$(id -u)" -eq 0 ]] && chown postgres: "$pwfile"
as_pg "$PG_BIN/initdb" -D "$data" -U coprocure --pwfile="$pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}

# The port is free when picked but could be taken before the server binds it:
# retry with another one a few times.
for attempt in 1 2 3 4 5; do
  port="$("$here/free-port.sh")"
  if as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    started=1
    break
  fi
  echo "with-postgres: start on port $port failed (attempt $attempt)" >&2
done
if [[ $started -ne 1 ]]; then
  cat "$tmp/server.log" >&2 || true
  exit 1
fi

as_pg "$PG_BIN/createdb" -h "$tmp" -p "$port" -U coprocure coprocure_test

export TEST_DATABASE_URL_PG="postgres://coprocure:coprocure@127.0.0.1:$port/coprocure_test"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (TEST_DATABASE_URL_PG set)"

set +e
"$@"
status=$?
set -e
exit "$status"
