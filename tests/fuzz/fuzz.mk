# Fuzz targets (tests/fuzz/README.md). Included by the top-level Makefile.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="feed rules"] [FUZZ_SEED=N]
#        clang + libFuzzer + ASan + UBSan, each target for FUZZ_SECONDS;
#        crashes land in tests/fuzz/crashes/<target>/, new coverage in
#        build-fuzz/work/<target>/ (the checked-in corpus is only read)
#   make check-fuzz
#        gcc replay of tests/fuzz/corpus/<target>/ through standalone.c;
#        the same binaries ($(B)/tests/test_fuzz_<target>) are part of
#        build-all, so tests/run.sh (make test) runs them as unit tests
#   make fuzz-deps
#        install clang and its libFuzzer runtime when missing

FUZZ_ALL_TARGETS = feed extract jobs html rules cond config match slack mail
FUZZ_TARGETS ?= $(FUZZ_ALL_TARGETS)
FUZZ_SECONDS ?= 60
# empty: a new random seed each run (exploring); CI sets one (see .ci/run)
FUZZ_SEED ?=
FUZZ_B ?= build-fuzz
FUZZ_CC ?= clang
FUZZ_COMMON_SRCS = tests/fuzz/fuzz_util.c tests/fuzz/slack_check.c
FUZZ_HDRS = tests/fuzz/fuzz.h tests/fuzz/items_check.h tests/fuzz/slack_check.h
FUZZ_REPLAY_BINS = $(FUZZ_ALL_TARGETS:%=$(B)/tests/test_fuzz_%)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz/fuzz_%)
FUZZ_FLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(AG_INC) -Itests/fuzz \
	-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
FUZZ_DEPS_PKGS = clang libclang-rt-14-dev

.PHONY: fuzz fuzz-build fuzz-deps check-fuzz

build-all: $(FUZZ_REPLAY_BINS)

# gcc replay drivers (shortest stem wins over the unit-test pattern rule)
$(B)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c \
    $(FUZZ_COMMON_SRCS) $(FUZZ_HDRS) $(B)/libsigwatch.a
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) -Itests/fuzz $(LDFLAGS) \
	    -DFUZZ_DIRS='"$(CURDIR)/tests/fuzz/corpus/$*"' -o $@ \
	    $< tests/fuzz/standalone.c $(FUZZ_COMMON_SRCS) \
	    $(B)/libsigwatch.a $(AG_LIBS)

check-fuzz: $(FUZZ_REPLAY_BINS)
	@rc=0; for t in $(FUZZ_ALL_TARGETS); do \
	  ./$(B)/tests/test_fuzz_$$t >$(B)/tests/fuzz_$$t.out 2>&1 || rc=1; \
	  echo "fuzz replay $$t: $$(tail -n 1 $(B)/tests/fuzz_$$t.out)"; \
	done; exit $$rc

fuzz-deps:
	@missing=""; for p in $(FUZZ_DEPS_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# the library with ASan+UBSan and coverage for libFuzzer, in its own dir
fuzz-build: fuzz-deps
	$(MAKE) B=$(FUZZ_B) CC=$(FUZZ_CC) SANITIZE=address,undefined \
	    CFLAGS="-g -O1 -fsanitize=fuzzer-no-link" $(FUZZ_B)/libsigwatch.a
	$(MAKE) FUZZ_TARGETS="$(FUZZ_TARGETS)" $(FUZZ_BINS)

$(FUZZ_B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON_SRCS) $(FUZZ_HDRS) $(FUZZ_B)/libsigwatch.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_COMMON_SRCS) \
	    $(FUZZ_B)/libsigwatch.a $(AG_LIBS)

fuzz: fuzz-build
	@rc=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_B)/work/$$t tests/fuzz/crashes/$$t; \
	  dict=; [ -f tests/fuzz/dict/$$t.dict ] && dict=-dict=tests/fuzz/dict/$$t.dict; \
	  echo "fuzz $$t for $(FUZZ_SECONDS) s"; touch $(FUZZ_B)/work/$$t.start; \
	  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	  ./$(FUZZ_B)/fuzz/fuzz_$$t $(FUZZ_B)/work/$$t tests/fuzz/corpus/$$t \
	    $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=25 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 -report_slow_units=5 \
	    $(if $(FUZZ_SEED),-seed=$(FUZZ_SEED)) \
	    -artifact_prefix=tests/fuzz/crashes/$$t/ \
	    >$(FUZZ_B)/fuzz_$$t.log 2>&1 || { rc=1; \
	    echo "fuzz $$t: CRASH, see $(FUZZ_B)/fuzz_$$t.log and tests/fuzz/crashes/$$t/"; \
	    grep -v -E '^#[0-9]+|^INFO:|^MS:|^base unit:' $(FUZZ_B)/fuzz_$$t.log | tail -n 40; \
	    find tests/fuzz/crashes/$$t -type f -newer $(FUZZ_B)/work/$$t.start -size -4k | \
	    while read -r a; do echo "$$a (base64):"; base64 "$$a"; done; }; \
	  grep -E '^stat::number_of_executed_units|^stat::slowest_unit_time_sec|^Done' $(FUZZ_B)/fuzz_$$t.log | tr '\n' ' '; echo; \
	done; exit $$rc
