#!/usr/bin/env bash
# Prints the closing summary of `make test` from the logs it kept:
# each cargo test run's totals, the Playwright totals, then one total line.
set -euo pipefail
cd "$(dirname "$0")/.."

logs=target/test-logs
total_passed=0
total_failed=0

echo
echo "== Test summary =="
for log in "$logs"/cargo-*.log; do
  [[ -f "$log" ]] || continue
  name="$(basename "$log" .log)"
  read -r passed failed ignored < <(
    awk '/^test result:/ {
           for (i = 1; i <= NF; i++) {
             if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i
           }
         }
         END { print p+0, f+0, g+0 }' "$log")
  echo "${name}: ${passed} passed, ${failed} failed, ${ignored} skipped"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
done

e2e=end2end/playwright-report/summary.txt
if [[ -f "$e2e" ]]; then
  line="$(cat "$e2e")"
  echo "$line"
  p="$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")"
  f="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
fi

echo "total: ${total_passed} passed, ${total_failed} failed"
