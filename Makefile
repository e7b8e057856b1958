# qbsync: make targets for people and for the nightly job.
#   make demo                          sample OMS + local sandbox + the whole pipeline
#   make test                          every test
#   make nightly PIPELINE=pipelines/clinic.toml
#   make extract|transform|load|reconcile RUN=<run id> [PIPELINE=...]   re-run one stage
#   make bench-load [BENCH_ARGS="--patients 1000 --days 120 --minute-seconds 6"]   the load's pace vs QuickBooks's limits
PIPELINE ?= pipelines/default.toml
QBSYNC = $(shell swift build --show-bin-path 2>/dev/null)/qbsync

.PHONY: build demo demo-desktop test nightly extract transform load reconcile status bench bench-load

build:
	swift build

demo:
	bash scripts/demo.sh

demo-desktop:
	bash scripts/demo.sh --desktop

test:
	bash scripts/test.sh

nightly: build
	$(QBSYNC) run --pipeline $(PIPELINE)

status: build
	$(QBSYNC) status --pipeline $(PIPELINE)

extract transform load reconcile: build
	@test -n "$(RUN)" || { echo "usage: make $@ RUN=<run id> [PIPELINE=...]"; exit 2; }
	$(QBSYNC) $@ --run $(RUN) --pipeline $(PIPELINE)

bench:
	bash scripts/bench.sh

bench-load: build
	$(QBSYNC) bench-load $(BENCH_ARGS)
