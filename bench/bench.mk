# bench/bench.mk: `make bench`, the fetch-cycle benchmark (bench/README.md).
# Included by the top-level Makefile; uses its B, CC, AG_CFLAGS, AG_LIBS.
#
#   make bench         1000 sources x 30 items, 50 ms latency, concurrency 32
#   make bench-quick   50 x 10 (or BENCH_QUICK=1 make bench): a smoke run
#
# The peers (newsboat, sfeed, urlwatch), GNU time and curl come from Debian
# packages, installed with apt-get when missing, as `make deps` does.

BENCH_PKGS = newsboat sfeed urlwatch time curl git python3
BENCH_WORK ?= $(B)/bench-work
BENCH_ARGS = --sigwatch $(B)/sigwatch --seenload $(B)/bench/seenload \
             --work $(BENCH_WORK) --results bench/results

.PHONY: bench bench-quick bench-deps bench-build

bench-deps:
	@missing=""; for p in $(BENCH_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(B)/bench/seenload: bench/seenload.c $(B)/libsigwatch.a
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) $(LDFLAGS) -o $@ bench/seenload.c $(B)/libsigwatch.a $(AG_LIBS)

bench-build:
	$(MAKE) all
	$(MAKE) $(B)/bench/seenload

bench: deps bench-deps
	$(MAKE) bench-build
	python3 bench/harness.py $(BENCH_ARGS) $(if $(BENCH_QUICK),--quick)

bench-quick: deps bench-deps
	$(MAKE) bench-build
	python3 bench/harness.py $(BENCH_ARGS) --quick
