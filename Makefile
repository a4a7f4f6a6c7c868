# Lares build and test entry points. `make test` is what CI runs.
GO        ?= go
PKGS      := ./...
FUZZTIME  ?= 8s
LONGFUZZ  ?= 5m
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
# Packages with goroutines of their own; the race detector runs on these.
RACE_PKGS := ./loader/... ./kernels/... ./runtime/ ./server/

# Fuzz targets as package:Target pairs.
FUZZ_TARGETS := ./loader:FuzzGGUF ./runtime/tokenizer:FuzzTokenizer ./runtime/tokenizer:FuzzPreTokenizers \
	./runtime/chat:FuzzParseToolCalls ./runtime/chat:FuzzRender ./runtime/grammar:FuzzMatcher ./runtime/grammar:FuzzCompile

.PHONY: all build test unit noasm fuzz fuzz-short race lint fmt-check vet bench clean

all: build

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/lares ./cmd/lares

test: fmt-check vet unit noasm fuzz-short race

unit:
	$(GO) test -count=1 $(PKGS)

# The pure-Go build: every kernel's generic twin, and the runtime on them.
noasm:
	$(GO) vet -tags noasm ./kernels/... ./runtime/
	$(GO) test -count=1 -tags noasm ./kernels/... ./runtime/

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

lint: fmt-check vet

race:
	$(GO) test -race -count=1 $(RACE_PKGS)

# A few seconds per fuzz target on every test run; `make fuzz` runs longer.
fuzz-short:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$pkg; \
	done

fuzz:
	$(MAKE) fuzz-short FUZZTIME=$(LONGFUZZ)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

clean:
	rm -rf bin
