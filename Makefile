# hoist: a terminal operations console for EC2 Auto Scaling.
#   make run    the console on the embedded simulator
#   make test   every test (starts moto_server itself when HOIST_MOTO_ENDPOINT is unset)
GO      ?= go
BIN     := bin/hoist
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: all build run test lint bench fuzz clean

all: lint test build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/hoist

run: build
	./$(BIN) --sim

test:
	$(GO) test -count=1 -timeout 15m ./...

lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@out=$$(gofmt -l .); test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }

# bench writes BENCHMARKS.md: Go benchmarks and whole-binary measurements,
# median of 5 runs, each beside its baseline (about 16 minutes on 2 cores), then
# the simulated weeks and the 1,000-group reports once (about 10 minutes more).
# A figure worse than the committed BENCHMARKS.md is marked; commit the new
# report to make it the reference.
bench: build
	$(GO) run ./cmd/benchreport -bin $(BIN) -count 5

# fuzz runs every Fuzz target for FUZZTIME each; their seed corpora also run
# as ordinary tests in make test.
FUZZTIME ?= 30s
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

clean:
	rm -rf bin
