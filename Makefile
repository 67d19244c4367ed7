# sigwatch: competitive-signal watcher. GNU make.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
PKG_CONFIG ?= pkg-config
CC ?= cc

PKGS = libcurl libxml-2.0 libpcre2-8 libgit2 yaml-0.1 jansson libcrypto libexttextcat
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wpointer-arith \
       -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
# agent/ is grouped by layer, lowest first; a file includes headers from its
# own layer and the layers before it only (tools/check-layers.sh checks it)
LAYERS = base rules config sources state alerts run cli
AG_INC = $(LAYERS:%=-Iagent/%)
AG_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
            $(if $(WERROR),-Werror) $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) \
            $(AG_INC) $(CFLAGS) \
            -DSIGWATCH_TEXTCAT_DIR='"$(TEXTCAT_DIR)/"'
# libexttextcat's language fingerprints (language detection, agent/rules/lang.c)
TEXTCAT_DIR = $(shell $(PKG_CONFIG) --variable=pkgdatadir libexttextcat 2>/dev/null || echo /usr/share/libexttextcat)
AG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm

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
            python3 git ca-certificates mandoc valgrind libexttextcat-dev

.PHONY: all deps test check check-unit check-e2e run demo install uninstall build-all \
        clean lint bench fuzz check-headers eval-rules

all: $(B)/sigwatch

$(B)/obj/%.o: agent/%.c
	@mkdir -p $(@D)
	$(CC) $(AG_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libsigwatch.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $(OBJS)

$(B)/sigwatch: $(B)/obj/cli/main.o $(B)/libsigwatch.a
	$(CC) $(LDFLAGS) -o $@ $^ $(AG_LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/t.h $(B)/libsigwatch.a
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

# make test: deps, build, every unit and end-to-end test; ends "N passed, N failed"
test: deps
	$(MAKE) build-all
	B=$(B) bash tests/run.sh

check: test

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

# one real watch cycle with the default sigwatch.yaml
run: deps
	$(MAKE) all
	./$(B)/sigwatch --config sigwatch.yaml run; rc=$$?; \
	  echo "sigwatch run exited $$rc (69 = every source failed, e.g. no internet)"; \
	  [ $$rc -eq 0 ] || [ $$rc -eq 69 ]

# a full offline cycle against bundled snapshots on 127.0.0.1
demo: deps
	$(MAKE) all
	B=$(B) bash tests/demo/demo.sh

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
	@echo "lint OK"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	install -m 0755 $(B)/sigwatch $(DESTDIR)$(BINDIR)/sigwatch
	install -m 0644 man/*.1 $(DESTDIR)$(MANPREFIX)/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(MANPREFIX)/man5/
	DESTDIR="$(DESTDIR)" SYSCONFDIR="$(SYSCONFDIR)" UNITDIR="$(UNITDIR)" \
	  BINDIR="$(BINDIR)" sh tools/install-config.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sigwatch
	rm -f $(DESTDIR)$(MANPREFIX)/man1/sigwatch.1 $(DESTDIR)$(MANPREFIX)/man5/sigwatch-rules.5 \
	      $(DESTDIR)$(MANPREFIX)/man5/sigwatch-feeds.5
	rm -f $(DESTDIR)$(UNITDIR)/sigwatch.service $(DESTDIR)$(UNITDIR)/sigwatch.timer \
	      "$(DESTDIR)$(UNITDIR)/sigwatch-failure@.service"
	@echo "left $(DESTDIR)$(SYSCONFDIR)/sigwatch in place (your configuration and rules)"

clean:
	rm -rf build build-san build-fuzz

# Benchmarks and fuzzing live with their own makefiles.
-include bench/bench.mk
-include bench/match.mk
-include tests/fuzz/fuzz.mk
