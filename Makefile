# Coprocure: build, run and test.
#
#   make run     install what is missing, build, seed demo data, serve on 127.0.0.1:3000
#   make build   the site (wasm + CSS + GOV.UK assets in target/site) and the server binary
#   make test    fmt check, clippy, Rust tests (with a throwaway PostgreSQL), browser tests
#   make bench   load-test a release build: the needs page and live event delay
#                (bench-needs), then the public notices (bench-notices)
#
# Longer logic lives in scripts/*.sh.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:
.NOTPARALLEL:

# Leptos reads this at compile time: it must be the same for every cargo
# build, test and clippy run (server and frontend), or hydration looks for the
# wrong /pkg files.
export LEPTOS_OUTPUT_NAME := coprocure
export PATH := $(HOME)/.cargo/bin:$(PATH)

ADDR ?= 127.0.0.1:3000
SERVER_BIN := target/debug/coprocure
WASM := target/wasm32-unknown-unknown/debug/frontend.wasm
PKG_DIR := target/site/pkg
TEST_LOGS := target/test-logs

DEMO_PASSWORD := Coprocure-demo-2026

.PHONY: run build test deps deps-test tools npm system-deps site wasm css server \
	fmt-check lint test-rust e2e bench bench-needs bench-notices clean

# ---------------------------------------------------------------- install steps

deps: tools npm

tools:
	@scripts/ensure-tools.sh

npm: node_modules/.package-lock.json end2end/node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

end2end/node_modules/.package-lock.json: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

system-deps:
	@scripts/ensure-system-deps.sh

deps-test: system-deps deps

# ------------------------------------------------------------------------ build

build: deps
	$(MAKE) --no-print-directory site server

site: wasm css

wasm:
	cargo build -p frontend --lib --target wasm32-unknown-unknown
	mkdir -p $(PKG_DIR)
	wasm-bindgen --target web --no-typescript --out-dir $(PKG_DIR) --out-name coprocure $(WASM)
	mv -f $(PKG_DIR)/coprocure_bg.wasm $(PKG_DIR)/coprocure.wasm

css: node_modules/.package-lock.json
	scripts/build-css.sh

server:
	cargo build -p server

# -------------------------------------------------------------------------- run

# Seeds demo data (and reference data) into the default SQLite database
# data/coprocure.db, then serves it.
run: build
	mkdir -p data
	$(SERVER_BIN) seed --demo
	@echo
	@echo "Coprocure is starting on http://$(ADDR)/  (Ctrl-C stops it)"
	@echo "Sign in at http://$(ADDR)/sign-in with any demo account; password: $(DEMO_PASSWORD)"
	@echo "  camden.officer@camden.gov.uk         Priya Shah, Camden (organisation admin)"
	@echo "  brent.officer@brent.gov.uk           Tom Okafor, Brent"
	@echo "  hackney.officer@hackney.gov.uk       Aisha Rahman, Hackney (organisation admin)"
	@echo "  islington.officer@islington.gov.uk   Daniel Murphy, Islington"
	@echo "  supplier@housing-systems.example     Housing Systems Ltd (supplier)"
	@echo "  admin@coprocure.local                platform admin"
	@echo
	COPROCURE_ADDR=$(ADDR) $(SERVER_BIN) serve

# ------------------------------------------------------------------------- test

test: deps-test
	rm -rf $(TEST_LOGS) end2end/playwright-report
	mkdir -p $(TEST_LOGS)
	$(MAKE) --no-print-directory fmt-check lint test-rust site server e2e
	@scripts/test-summary.sh

fmt-check:
	cargo fmt --all --check

lint:
	cargo clippy -p server -p migrations --all-targets -- -D warnings
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# The integration tests get TEST_DATABASE_URL_PG from a throwaway cluster.
test-rust:
	mkdir -p $(TEST_LOGS)
	cargo test -p app --features ssr 2>&1 | tee $(TEST_LOGS)/cargo-app.log
	scripts/with-postgres.sh cargo test -p server -p migrations 2>&1 | tee $(TEST_LOGS)/cargo-server.log

e2e: end2end/node_modules/.package-lock.json
	scripts/e2e.sh

# ------------------------------------------------------------------------ bench

# Not part of `make test`. bench-needs builds a release server, seeds a challenge
# through the HTTP forms and measures it with wrk on 127.0.0.1 (scripts/bench.sh);
# bench-notices seeds 2 000 notices and 20 000 responses and measures the public
# list, search, Atom feed and OCDS package (scripts/bench-notices.sh).
bench: bench-needs
	BENCH_SKIP_BUILD=1 scripts/bench-notices.sh

bench-needs:
	scripts/bench.sh

bench-notices:
	scripts/bench-notices.sh

clean:
	rm -rf target/site $(TEST_LOGS) end2end/test-results end2end/playwright-report end2end/server.log
