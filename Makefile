# ringpace — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
NATS_URL ?= nats://127.0.0.1:4222
export DATABASE_URL NATS_URL

RESULTS := .test-results

.PHONY: help install codegen build lint typecheck unit test demo bench migrate check-services clean

help:
	@echo "make demo   a whole notification campaign against fs-sim in about two minutes (make demo ESL=host:port ESL_PASSWORD=... for a real FreeSWITCH)"
	@echo "make test   lint, typecheck and every test against the real PostgreSQL and NATS"
	@echo "make bench  benchmarks (figures only; never gating)"

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.package-lock.json

codegen: install
	npx turbo run codegen --output-logs=errors-only

build: install
	npx turbo run build --output-logs=errors-only

check-services:
	@node scripts/check-services.mjs

migrate: build check-services
	node packages/db/dist/bin/migrate.js

lint: codegen
	npx eslint --max-warnings 0 .
	cd proto && npx buf lint

typecheck: build
	npx turbo run typecheck --output-logs=errors-only

# Every step runs even when an earlier one fails, so the summary line counts everything.
test: build check-services
	@mkdir -p $(RESULTS); rm -f $(RESULTS)/*.status
	@{ npx eslint --max-warnings 0 . && (cd proto && npx buf lint); } ; echo $$? > $(RESULTS)/lint.status
	@npx turbo run typecheck --output-logs=errors-only ; echo $$? > $(RESULTS)/typecheck.status
	@npx vitest run --reporter=default --reporter=json --outputFile.json=$(RESULTS)/vitest.json ; echo $$? > $(RESULTS)/vitest.status
	@node scripts/test-summary.mjs $(RESULTS)

# PostgreSQL / NATS at their URLs, else started for the run; fs-sim unless ESL=host:port names a FreeSWITCH.
demo: export ESL := $(ESL)
demo: export ESL_PASSWORD := $(ESL_PASSWORD)
demo: export DEMO_GATEWAY := $(DEMO_GATEWAY)
demo: build
	@node scripts/demo.mjs

bench: build check-services
	@node scripts/bench.mjs

clean:
	rm -rf $(RESULTS) .turbo packages/*/dist services/*/dist packages/proto/src/gen packages/db/src/generated
