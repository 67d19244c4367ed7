# make bench-match: rule matching at scale (bench/match/match_bench.c).
# 500 generated rules x 30,000 generated items of ~3 KB: the prefiltered
# pass, the naive pass and pcre2grep on the same text and patterns.
# Writes bench/match/results.md. BENCH_MATCH_ITEMS=N for a smaller run.
BENCH_MATCH_ITEMS ?= 30000

.PHONY: bench-match

$(B)/bench/match_bench: bench/match/match_bench.c $(B)/libsigwatch.a
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libsigwatch.a $(AG_LIBS)

bench-match: $(B)/bench/match_bench
	@command -v pcre2grep >/dev/null 2>&1 || { \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  echo "installing pcre2-utils (pcre2grep, the external anchor)"; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends pcre2-utils >/dev/null || \
	  echo "pcre2-utils not installed: the pcre2grep row is skipped"; }
	./$(B)/bench/match_bench $(B)/bench-match bench/match/results.md $(BENCH_MATCH_ITEMS)
