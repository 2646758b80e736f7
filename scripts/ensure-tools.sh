#!/usr/bin/env bash
# Installs the Rust-side build tools when missing (a second run costs nothing):
#   - the wasm32-unknown-unknown target,
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ensure-tools: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    echo "ensure-tools: rustup component add $component"
    rustup component add "$component"
  fi
done

# The CLI must equal the crate version exactly.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
want="${want:-0.2.130}"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$have" != "$want" ]]; then
  echo "ensure-tools: wasm-bindgen CLI is '${have:-missing}', need $want: cargo install (about 3 min)"
  # No --locked: for 0.2.130 it fails on a lock entry the registry lacks.
  cargo install wasm-bindgen-cli --version "$want"
fi
