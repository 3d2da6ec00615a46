# Tremplin: `make run` serves the app with demo data; `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Pinned tools. wasm-bindgen-cli must equal the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION := 0.2.130
# playwright-core drives Debian's Chromium; e2e/package.json and its lock file must pin this exact version.
PLAYWRIGHT_CORE_VERSION := 1.65.1
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: help run test tools tool-wasm-target tool-wasm-bindgen tool-binaryen tool-brotli tool-chromium tool-xmllint e2e-deps postgres \
        frontend server server-release lint fmt-check clippy domain-wasm test-rust test-e2e openapi fuzz fuzz-state clean \
        spec-tools spec-check fuzz-spec bench

help:
	@echo "make run     build and serve the app with demo data on http://127.0.0.1:8080"
	@echo "make test    every test: lints, unit, property, API on SQLite and PostgreSQL, OpenAPI drift, e2e"
	@echo "make openapi rewrite openapi/openapi.json from the code"
	@echo "make fuzz    both fuzzers below, FUZZ_SECONDS each (default 600)"
	@echo "make fuzz-state  the stateful fuzzer on SQLite and PostgreSQL at once"
	@echo "make spec-check  validate openapi/openapi.json, schemathesis and a generated client against the server"
	@echo "make fuzz-spec   the same, long (SCHEMATHESIS_MAX_EXAMPLES, FUZZ_SECONDS)"
	@echo "make bench   load test on generated data (BENCH_SIZES, BENCH_DBS, BENCH_SECONDS), results in bench/results"

## Tools, installed only when missing ------------------------------------------------------------------------


tool-wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

tool-wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# wasm-opt from the npm package binaryen, pinned in tools/binaryen (Debian's 108 breaks wasm-bindgen's output).
tool-binaryen:
	@cd tools/binaryen && if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

# brotli (Debian's package) writes the web app's precompressed copies in frontend/build.sh.
tool-brotli:
	@command -v brotli >/dev/null || { echo "Installing brotli from apt"; scripts/apt-install.sh brotli; }

tool-chromium:
	@[ -x /usr/bin/chromium ] || { echo "Installing Chromium from apt"; scripts/apt-install.sh chromium; }

# xmllint (Debian's libxml2-utils) checks the LHEO export against its XSD in the API tests.
tool-xmllint:
	@command -v xmllint >/dev/null || { echo "Installing libxml2-utils (xmllint) from apt"; scripts/apt-install.sh libxml2-utils; }

e2e-deps:
	@pinned=$$(node -p "require('./e2e/package.json').dependencies['playwright-core']"); \
	  [ "$$pinned" = "$(PLAYWRIGHT_CORE_VERSION)" ] || { echo "e2e/package.json pins playwright-core $$pinned, the Makefile $(PLAYWRIGHT_CORE_VERSION)" >&2; exit 1; }
	@cd e2e && if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

postgres:
	@scripts/ensure-postgres.sh

tools: tool-wasm-target tool-wasm-bindgen tool-binaryen tool-brotli

## Build ------------------------------------------------------------------------------------------------------

frontend: tools
	@frontend/build.sh

server:
	cargo build -p tremplin

server-release:
	cargo build --release -p tremplin

## Run --------------------------------------------------------------------------------------------------------

run: frontend server-release
	./target/release/tremplin serve --demo

## Test -------------------------------------------------------------------------------------------------------

fmt-check:
	cargo fmt --all -- --check

clippy: tool-wasm-target
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

domain-wasm: tool-wasm-target
	cargo build -p domain --target wasm32-unknown-unknown

lint: fmt-check clippy domain-wasm

test-rust: postgres tool-xmllint
	cargo test

# The server embeds the web app when it compiles: build it after the web app, as a command, because make runs
# the `server` target once and `make spec-check` may have run it before `frontend`.
test-e2e: frontend tool-chromium e2e-deps
	cargo build -p tremplin
	cd e2e && TREMPLIN_BIN=$(CURDIR)/target/debug/tremplin npm test

# The web app first: every later build embeds it, so the server compiles once (not again for e2e) and the tests
# of the embedded app check the real one.
test: lint frontend test-rust spec-check test-e2e

# Both fuzzers for FUZZ_SECONDS: the stateful one on both databases at once (`make test` runs it 40 s each),
# then schemathesis.
FUZZ_SECONDS ?= 600
fuzz: fuzz-state fuzz-spec

fuzz-state: postgres
	FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test -p tremplin --test fuzz random_sequences -- --nocapture

openapi: server
	./target/debug/tremplin openapi > openapi/openapi.json

clean:
	cargo clean
	rm -rf frontend/dist e2e/node_modules e2e/artifacts tools/binaryen/node_modules

## OpenAPI proof: spec validator, schemathesis and a generated client ---------------------------------------

PYENV := target/pyenv
SPEC_REQUIREMENTS := scripts/requirements-spec.txt

# The venv is rebuilt only when missing or older than the pinned list.
$(PYENV)/.installed: $(SPEC_REQUIREMENTS)
	@echo "Installing the pinned OpenAPI tools into $(PYENV) (about a minute, once)"
	python3 -m venv $(PYENV)
	$(PYENV)/bin/pip install --quiet --disable-pip-version-check -r $(SPEC_REQUIREMENTS)
	@touch $@

spec-tools: $(PYENV)/.installed

# Bounded: a few examples per operation, each kind of demo user, SQLite then PostgreSQL, plus the journey.
spec-check: spec-tools server postgres
	PATH="$(CURDIR)/$(PYENV)/bin:$$PATH" $(PYENV)/bin/openapi-spec-validator openapi/openapi.json
	PATH="$(CURDIR)/$(PYENV)/bin:$$PATH" $(PYENV)/bin/python scripts/spec_check.py

# Long: SCHEMATHESIS_MAX_EXAMPLES examples per operation (default 200), each of the 8 runs bounded by
# FUZZ_SECONDS (set with `make fuzz` above), with a new seed each time (printed; SCHEMATHESIS_SEED=N replays one).
SCHEMATHESIS_MAX_EXAMPLES ?= 200
SCHEMATHESIS_SEED ?= $(shell date +%s)
fuzz-spec: spec-tools server postgres
	PATH="$(CURDIR)/$(PYENV)/bin:$$PATH" SCHEMATHESIS_MAX_EXAMPLES=$(SCHEMATHESIS_MAX_EXAMPLES) \
	  FUZZ_SECONDS=$(FUZZ_SECONDS) SCHEMATHESIS_SEED=$(SCHEMATHESIS_SEED) \
	  $(PYENV)/bin/python scripts/spec_check.py --no-journey

## Benchmark: generated data, the load driver, results in bench/results/<date>-<db>.json --------------------

BENCH_SIZES ?= 10000 1000000
BENCH_DBS ?= sqlite postgres
BENCH_SECONDS ?= 5

# The web app first: the ceiling is one of its files, embedded when the server compiles.
bench: frontend
	cargo build --release -p tremplin -p tremplin-bench
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_DBS="$(BENCH_DBS)" BENCH_SECONDS="$(BENCH_SECONDS)" bench/run.sh
