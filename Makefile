# sigwatch: competitive-signal watcher. GNU make.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/sigwatch
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
PKG_CONFIG ?= pkg-config
CC ?= cc

PKGS = libcurl libxml-2.0 libpcre2-8 libgit2 yaml-0.1 jansson libcrypto gmime-3.0 libexttextcat zlib
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wpointer-arith \
       -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
# agent/ is grouped by layer, lowest first; a file includes headers from its
# own layer and the layers before it only (tools/check-layers.sh checks it)
LAYERS = base rules config sources state alerts run cli
AG_INC = $(LAYERS:%=-Iagent/%)
AG_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARN) \
            $(if $(WERROR),-Werror) $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) \
            $(AG_INC) $(CPPFLAGS) $(CFLAGS) \
            -DSIGWATCH_TEXTCAT_DIR='"$(TEXTCAT_DIR)/"'
# libexttextcat's language fingerprints (language detection, agent/rules/lang.c)
TEXTCAT_DIR = $(shell $(PKG_CONFIG) --variable=pkgdatadir libexttextcat 2>/dev/null || echo /usr/share/libexttextcat)
AG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm -pthread

# make SAN=1 test: the whole suite under ASan+UBSan (own build dir)
ifneq ($(SAN),)
SANITIZE ?= address,undefined
endif
ifneq ($(SANITIZE),)
AG_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=$(SANITIZE)
B ?= build-san
else
B ?= build
endif

SRCS = $(filter-out agent/cli/main.c,$(wildcard $(LAYERS:%=agent/%/*.c)))
OBJS = $(SRCS:agent/%.c=$(B)/obj/%.o)
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
HELPER_SRCS = $(wildcard tests/helpers/*.c)
HELPER_BINS = $(HELPER_SRCS:tests/helpers/%.c=$(B)/helpers/%)

DEPS_PKGS = build-essential pkg-config libcurl4-openssl-dev libxml2-dev \
            libpcre2-dev libgit2-dev libyaml-dev libjansson-dev libssl-dev \
            libgmime-3.0-dev libexttextcat-dev zlib1g-dev \
            python3 git ca-certificates mandoc groff-base valgrind systemd time
# only `make test` needs these: Debian's chromium, for the browser test of
# `sigwatch report` (tests/e2e/t0670-report.sh loads the page headless);
# about 115 MB to download (25 packages, ~360 MB installed)
TEST_PKGS = chromium
# make deb: what dpkg-buildpackage needs beyond the list above (the
# -dev libraries of debian/control's Build-Depends are in DEPS_PKGS),
# and lintian for tests/e2e/t0830-deb.sh
DEB_PKGS = dpkg-dev debhelper lintian
DEB_DIR = build/deb
# the package version is SIGWATCH_VERSION (debian/rules checks that
# debian/changelog says the same)
DEB_VERSION := $(shell sed -n 's/^.define SIGWATCH_VERSION "\(.*\)"$$/\1/p' agent/config/config.h)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEB_FILE = $(DEB_DIR)/sigwatch_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_INPUTS = Makefile sigwatch.yaml README.md tools/install-config.sh \
             $(wildcard agent/*/*.[ch] man/*.[15] systemd/* rules/*.yaml \
                        rules/*/*.yaml feeds/*.yaml docs/*.md docs/k8s/* \
                        debian/* debian/source/*)

.PHONY: all deps test check check-unit check-e2e run demo install uninstall build-all \
        clean lint bench fuzz check-headers deb eval-rules test-tsan

all: $(B)/sigwatch

$(B)/obj/%.o: agent/%.c
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libsigwatch.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $(OBJS)

$(B)/sigwatch: $(B)/obj/cli/main.o $(B)/libsigwatch.a
	$(CC) $(LDFLAGS) -o $@ $^ $(AG_LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/t.h tests/unit/t_helpers.h $(B)/libsigwatch.a
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(B)/libsigwatch.a $(AG_LIBS)

$(B)/helpers/%: tests/helpers/%.c $(B)/libsigwatch.a
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libsigwatch.a $(AG_LIBS)

-include $(OBJS:.o=.d) $(B)/obj/cli/main.d

# Install build and test dependencies from Debian packages, only when missing.
deps:
	@missing=""; for p in $(DEPS_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build-all: $(B)/sigwatch $(UNIT_BINS) $(HELPER_BINS)

# make test: deps, build, every unit and end-to-end test; ends
# "N passed, N failed, N skipped"
test: DEPS_PKGS += $(TEST_PKGS)
test: deps
	$(MAKE) build-all
	B=$(B) bash tests/run.sh

check: test

# the threaded parts (parse workers) under ThreadSanitizer: the pool's unit
# test and the runs that fetch many sources at once, in build-tsan/
TSAN_TESTS = t0100 t0300 t0900 t0985 t0990
test-tsan: deps
	$(MAKE) build-all B=build-tsan SANITIZE=thread
	B=build-tsan TSAN_OPTIONS=halt_on_error=1 bash tests/run.sh unit workq
	for t in $(TSAN_TESTS); do \
	  B=build-tsan TSAN_OPTIONS=halt_on_error=1 bash tests/run.sh e2e $$t || exit 1; \
	done

check-unit: build-all
	B=$(B) bash tests/run.sh unit

check-e2e: build-all
	B=$(B) bash tests/run.sh e2e

# the default rules on every labelled corpus, through the real run path on
# loopback (tests/eval/eval_rules.py), then the rules corpus (test-rule);
# per-playbook strict precision and recall, floors checked
eval-rules: build-all
	B=$(B) python3 tests/eval/eval_rules.py
	B=$(B) bash tests/rules-corpus/eval.sh

# one real watch cycle with the default sigwatch.yaml (CONFIG=FILE for
# another); the state goes to state/, which the project's git ignores
CONFIG ?= sigwatch.yaml
run: deps
	$(MAKE) all
	$(B)/sigwatch --config $(CONFIG) run; rc=$$?; \
	  echo "sigwatch run exited $$rc (69 = every source failed, e.g. no internet)"; \
	  [ $$rc -eq 0 ] || [ $$rc -eq 69 ]

# a full offline cycle against bundled snapshots on 127.0.0.1; KEEP=1
# keeps its state in build/demo-state
demo: deps
	$(MAKE) all
	KEEP=$(KEEP) B=$(B) bash tests/demo/demo.sh

check-headers:
	@sh tools/check-layers.sh $(LAYERS)
	@for h in agent/*/*.h; do \
	  echo "#include \"$$(basename $$h)\"" | $(CC) $(AG_CFLAGS) -x c -fsyntax-only - || exit 1; \
	done; echo "headers OK"

lint:
	@! grep -nE '\b(sprintf|strcpy|strcat|strncpy|strtok|atoi|gets)\s*\(' agent/*/*.c || \
	  { echo "banned function used"; exit 1; }
	@! grep -nE 'XML_PARSE_(NOENT|DTDLOAD|DTDATTR|DTDVALID|XINCLUDE|HUGE)' agent/*/*.c || \
	  { echo "unsafe libxml2 option used"; exit 1; }
	@if command -v mandoc >/dev/null; then mandoc -Tlint -W warning man/*.[15] ; fi
	@if command -v groff >/dev/null; then for p in man/*.[15]; do \
	  groff -ww -man $$p 2>&1 >/dev/null | grep . && exit 1; \
	  groff -ww -man -Tutf8 $$p 2>&1 >/dev/null | grep . && exit 1; \
	done; true; fi
	@echo "lint OK"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	install -m 0755 $(B)/sigwatch $(DESTDIR)$(BINDIR)/sigwatch
	install -m 0644 man/*.1 $(DESTDIR)$(MANPREFIX)/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(MANPREFIX)/man5/
	install -d $(DESTDIR)$(DOCDIR)
	install -m 0644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	DESTDIR="$(DESTDIR)" SYSCONFDIR="$(SYSCONFDIR)" UNITDIR="$(UNITDIR)" \
	  BINDIR="$(BINDIR)" CONFFILES="$(CONFFILES)" sh tools/install-config.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sigwatch
	rm -rf $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(MANPREFIX)/man1/sigwatch.1 $(DESTDIR)$(MANPREFIX)/man5/sigwatch-rules.5 \
	      $(DESTDIR)$(MANPREFIX)/man5/sigwatch-feeds.5
	rm -f $(DESTDIR)$(UNITDIR)/sigwatch.service $(DESTDIR)$(UNITDIR)/sigwatch.timer \
	      $(DESTDIR)$(UNITDIR)/sigwatch-digest.service $(DESTDIR)$(UNITDIR)/sigwatch-digest.timer \
	      "$(DESTDIR)$(UNITDIR)/sigwatch-failure@.service"
	@echo "left $(DESTDIR)$(SYSCONFDIR)/sigwatch in place (your configuration and rules)"

# make deb: $(DEB_FILE) (debian/), rebuilt when a file it is made from
# changes. dpkg-buildpackage writes next to the tree it builds, so it builds
# a copy in $(DEB_DIR)/src and the results are moved up: nothing lands
# outside build/.
deb: DEPS_PKGS += $(DEB_PKGS)
deb: $(DEB_FILE)

$(DEB_FILE): $(DEB_INPUTS) | deps
	@dpkg-checkbuilddeps || { echo "debian/control needs a package DEPS_PKGS lacks"; exit 1; }
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/src/sigwatch
	tar -cf - --exclude=./.git --exclude='./build' --exclude='./build-*' \
	    --exclude='./state/*' . | tar -xf - -C $(DEB_DIR)/src/sigwatch
	@# debian/rules alone decides how the package is built: no variables
	@# (WERROR=1, SAN=1, B=...) from the make that called this one
	cd $(DEB_DIR)/src/sigwatch && \
	  unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES B SAN SANITIZE WERROR CFLAGS LDFLAGS CPPFLAGS; \
	  DEB_BUILD_OPTIONS="$${DEB_BUILD_OPTIONS:-parallel=2}" dpkg-buildpackage -us -uc -b
	mv $(DEB_DIR)/src/*.deb $(DEB_DIR)/src/*.buildinfo $(DEB_DIR)/src/*.changes $(DEB_DIR)/
	rm -rf $(DEB_DIR)/src
	@test -f $@ || { echo "dpkg-buildpackage made no $@"; exit 1; }

clean:
	rm -rf build build-san build-fuzz

# Benchmarks and fuzzing live with their own makefiles.
-include bench/bench.mk
-include bench/match.mk
-include tests/fuzz/fuzz.mk
