# vigil — terminal dashboard for an atrocity-prevention operations centre.
#
#   make run      build, create demo.db from sample-data/ if missing, open it
#   make check    build and run every test (unit + end-to-end)
#   make asan     the same tests against an ASan+UBSan build
#   make install / uninstall   (PREFIX, DESTDIR)
#
# Sources are picked up by wildcard: a new core/x.c, widgets/x.c, tui/x.c or
# tests/unit/test_x.c needs no change here.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
V       ?= 0

# Debian packages the build and the tests need.
DEB_PKGS = libncurses-dev libsqlite3-dev libcsv-dev libcmocka-dev pkg-config tmux sqlite3

# ncursesw's pkg-config adds its own -D_XOPEN_SOURCE=600; ours (700) wins.
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags ncursesw sqlite3 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs ncursesw sqlite3 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) \
             $(PKG_CFLAGS) -I. -DVIGIL_SHAREDIR='"$(PREFIX)/share/vigil"'
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_LDFLAGS)
LIBS    = $(PKG_LIBS) -lcsv -lm

ifeq ($(V),0)
Q = @
say = @printf '  %-6s %s\n' $(1) $(2);
else
Q =
say =
endif

CORE_SRC    := $(sort $(wildcard core/*.c))
WIDGETS_SRC := $(sort $(wildcard widgets/*.c))
TUI_SRC     := $(sort $(wildcard tui/*.c))
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))
E2E_TESTS   := $(sort $(wildcard tests/e2e/test_*.sh))

CORE_OBJ    := $(CORE_SRC:%.c=$(BUILD)/%.o)
WIDGETS_OBJ := $(WIDGETS_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ     := $(TUI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
VIGIL       := $(BUILD)/vigil

.PHONY: all deps run check unit e2e asan stress fuzz install uninstall clean demo
.DEFAULT_GOAL := all

all: deps $(VIGIL)

# Installs what is missing when run as root; otherwise names the exact
# command and stops, so nothing fails later with a puzzling compiler error.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "vigil: installing$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "vigil: missing Debian packages. Run:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libcore.a: $(CORE_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/libwidgets.a: $(WIDGETS_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(VIGIL): $(TUI_OBJ) $(BUILD)/libwidgets.a $(BUILD)/libcore.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $(TUI_OBJ) $(BUILD)/libwidgets.a $(BUILD)/libcore.a $(ALL_LDFLAGS) $(LIBS)

# Unit tests link both libraries (core never calls curses and widgets never
# call SQLite; tests/e2e/test_layering.sh checks the includes).
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/coretest.h tests/termsafe.h $(BUILD)/libwidgets.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libwidgets.a $(BUILD)/libcore.a $(ALL_LDFLAGS) $(LIBS) $(CMOCKA_LIBS)

demo.db: | $(VIGIL)
	$(VIGIL) init --demo --db demo.db

# A fresh demo database (the demo's dates are set relative to the day it is
# created, so an old demo.db drifts out of its alert windows).
demo: all
	rm -f demo.db demo.db-wal demo.db-shm
	$(VIGIL) init --demo --db demo.db

run: all demo.db
	$(VIGIL) --db demo.db

unit: deps $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  VIGIL_SAMPLE_DIR=$(CURDIR)/sample-data $$t || fail=1; \
	done; exit $$fail

e2e: deps $(VIGIL)
	@fail=0; pass=0; for t in $(E2E_TESTS); do \
	  if VIGIL=$(CURDIR)/$(VIGIL) SRCDIR=$(CURDIR) bash $$t; then pass=$$((pass+1)); \
	  else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; echo "e2e: $$pass passed, $$fail failed"; [ $$fail = 0 ]

check: deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" check

# Long reliability runs (minutes each; figures printed): not part of check.
STRESS_TESTS := $(sort $(wildcard tests/stress/test_*.sh))
stress: deps $(VIGIL) $(BUILD)/libcore.a
	@fail=0; pass=0; for t in $(STRESS_TESTS); do \
	  if VIGIL=$(CURDIR)/$(VIGIL) SRCDIR=$(CURDIR) BUILD=$(CURDIR)/$(BUILD) bash $$t; then pass=$$((pass+1)); \
	  else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; echo "stress: $$pass passed, $$fail failed"; [ $$fail = 0 ]

# CSV -> validation -> database -> render fuzzing under ASan+UBSan for
# FUZZ_SECONDS (default 600); see tests/fuzz/.
FUZZ_SECONDS ?= 600
fuzz: deps
	@SRCDIR=$(CURDIR) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/vigil/sample-data
	install -m 755 $(VIGIL) $(DESTDIR)$(PREFIX)/bin/vigil
	install -m 644 vigil.1 $(DESTDIR)$(PREFIX)/share/man/man1/vigil.1
	install -m 644 sample-data/*.csv sample-data/README.md $(DESTDIR)$(PREFIX)/share/vigil/sample-data/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vigil $(DESTDIR)$(PREFIX)/share/man/man1/vigil.1
	rm -rf $(DESTDIR)$(PREFIX)/share/vigil

clean:
	rm -rf build build-asan

-include $(CORE_OBJ:.o=.d) $(WIDGETS_OBJ:.o=.d) $(TUI_OBJ:.o=.d)
