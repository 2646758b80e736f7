#!/usr/bin/env bash
# Builds target/site/assets from style/main.scss and the govuk-frontend package:
#   coprocure.css          GOV.UK Frontend + app styles (no GDS Transport font)
#   govuk-frontend.min.js  ES module exporting initAll (progressive enhancement)
#   images/, manifest.json GOV.UK Frontend images and web manifest
# Needs `npm ci` (or `npm install`) at the repo root first.
set -euo pipefail
cd "$(dirname "$0")/.."

GOVUK=node_modules/govuk-frontend/dist/govuk
OUT=target/site/assets

if [[ ! -d "$GOVUK" || ! -x node_modules/.bin/sass ]]; then
  echo "build-css: node_modules missing; run 'npm ci' at the repo root" >&2
  exit 1
fi

mkdir -p "$OUT"

# govuk-frontend 5 uses @import and older Sass built-ins: silence those
# deprecations (theirs and our one @import) but keep every other warning.
node_modules/.bin/sass \
  --load-path=node_modules/govuk-frontend/dist \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  style/main.scss "$OUT/coprocure.css"

if grep -q 'GDS Transport' "$OUT/coprocure.css"; then
  echo "build-css: $OUT/coprocure.css mentions GDS Transport; it must not" >&2
  exit 1
fi

cp "$GOVUK/govuk-frontend.min.js" "$OUT/govuk-frontend.min.js"
rm -rf "$OUT/images"
cp -R "$GOVUK/assets/images" "$OUT/images"
cp "$GOVUK/assets/manifest.json" "$OUT/manifest.json"

echo "build-css: wrote $OUT/coprocure.css ($(wc -c <"$OUT/coprocure.css") bytes), govuk-frontend.min.js, images/"
