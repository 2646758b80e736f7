#!/usr/bin/env bash
# Runs the Playwright tests in end2end/ (needs target/debug/coprocure and
# target/site built, and end2end/node_modules installed) and closes with
#   e2e: N passed, N failed, N skipped
# Extra arguments go to `playwright test`.
set -euo pipefail
cd "$(dirname "$0")/../end2end"

results="$PWD/playwright-report/results.json"
mkdir -p "$(dirname "$results")"
rm -f "$results"

set +e
PLAYWRIGHT_JSON_OUTPUT_NAME="$results" npx --no-install playwright test --reporter=list,json "$@"
status=$?
set -e

if [[ -f "$results" ]]; then
  node -e '
    const s = require(process.argv[1]).stats || {};
    const failed = (s.unexpected || 0) + (s.flaky || 0);
    console.log(`e2e: ${s.expected || 0} passed, ${failed} failed, ${s.skipped || 0} skipped`);
  ' "$results" | tee "$(dirname "$results")/summary.txt"
fi
exit "$status"
