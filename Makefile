# tailor: terminal log dashboard and tailer.
#
#   make            build ./tailor
#   make test       install missing build deps, check the include layers, build,
#                   run unit + fuzz-replay + e2e tests
#   make check      the same tests built with ASan + UBSan (halt on error) and
#                   assert() on (the default build has -DNDEBUG);
#                   the sanitized binary is build-san/tailor, ./tailor is untouched
#   make tsan       the threaded head indexer's and views' tests and --print
#                   on two threads (test_threads, quick) under ThreadSanitizer
#   make demo       open tailor on three live demo services
#   make bench      benchmarks against grep, tail and lnav (writes bench/RESULTS.md)
#   make fuzz       libFuzzer targets for FUZZ_SECONDS each (clang)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX	?= /usr/local
DESTDIR	?=
FUZZ_SECONDS ?= 20
CC	?= cc
PKGS	 = ncursesw libpcre2-8 zlib libzstd liblzma
BUILD	?= build

WARN	 = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wcast-qual \
	   -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
	   -Wformat=2 -Wundef -Wvla -Wno-unused-parameter
OPT	?= -O2 -g -DNDEBUG
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -pthread -I. $(WARN) $(OPT) $(EXTRA_CFLAGS) \
	   $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lbz2 -lm -pthread
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Every module lives in one of these directories; main.c holds only the CLI.
MODDIRS	 = core input parsers model filters themes tui cli
LIB_SRC	 = $(filter-out cli/main.c,$(wildcard $(addsuffix /*.c,$(MODDIRS)))) \
	   themes/builtin.c
LIB_SRC	:= $(sort $(LIB_SRC))
LIB_OBJ	 = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/replay/%)
THEMES	 = $(wildcard themes/*.theme)

.PHONY: all test check tsan unit replay e2e layers deps demo bench fuzz install clean
all: tailor

tailor: $(BUILD)/tailor
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/tailor: $(BUILD)/cli/main.o $(BUILD)/libtailor.a
	@echo "  LINK $@"; $(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/libtailor.a: $(LIB_OBJ)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# Built-in themes: every themes/*.theme compiled into the binary.
themes/builtin.c: $(THEMES) themes/embed.sh
	sh themes/embed.sh $(THEMES) > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtailor.a
	@mkdir -p $(dir $@)
	@echo "  TEST $@"; $(CC) $(CFLAGS_ALL) $(CMOCKA_CFLAGS) -I. -o $@ $^ $(CMOCKA_LIBS) $(LIBS)

# Fuzz targets replayed over their corpora with a plain main (gcc).
$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(BUILD)/libtailor.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ $@"; $(CC) $(CFLAGS_ALL) -I. -o $@ $^ $(LIBS)

layers:
	@sh tests/layers.sh

deps:
	@sh tests/deps.sh

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
		echo "== $$t"; $$t || fail=1; done; exit $$fail

replay: $(REPLAY_BIN)
	@fail=0; for t in $(REPLAY_BIN); do n=$$(basename $$t); \
		$$t tests/fuzz/corpus/$${n#fuzz_} || fail=1; done; exit $$fail

e2e: tailor
	@sh tests/e2e/run.sh

test: deps
	sh tests/layers.sh
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) replay
	$(MAKE) e2e

check: deps
	$(MAKE) BUILD=build-san OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    unit replay
	$(MAKE) BUILD=build-san OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    build-san/tailor
	TAILOR=build-san/tailor TAILOR_SANITIZED=1 sh tests/e2e/run.sh

# The threaded code (head indexing, view rebuilds, --print on two threads)
# under ThreadSanitizer.
tsan:
	$(MAKE) BUILD=build-tsan OPT="-O1 -g" EXTRA_CFLAGS="-fsanitize=thread" \
	    build-tsan/tests/test_lstore build-tsan/tests/test_view \
	    build-tsan/tailor
	build-tsan/tests/test_lstore
	build-tsan/tests/test_view
	TAILOR=build-tsan/tailor TAILOR_SANITIZED=1 E2E_THREADS_QUICK=1 \
	    TSAN_OPTIONS=halt_on_error=1 sh tests/e2e/run.sh test_threads

demo: deps
	$(MAKE) all
	@sh bench/demo.sh

bench: all bench/out/indexbench
	@sh bench/run.sh

# The indexer's per-line cost on one thread (bench/indexbench.c).
bench/out/indexbench: bench/indexbench.c $(BUILD)/libtailor.a
	@mkdir -p $(dir $@)
	@echo "  BENCH $@"; $(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS)

# The TUI's re-filter of an indexed file, without the screen (bench/viewbench.c).
bench/out/viewbench: bench/viewbench.c $(BUILD)/libtailor.a
	@mkdir -p $(dir $@)
	@echo "  BENCH $@"; $(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS)

fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: tailor
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/tailor/themes
	install -m 755 tailor $(DESTDIR)$(PREFIX)/bin/tailor
	if [ -f tailor.1 ]; then install -m 644 tailor.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi
	install -m 644 $(THEMES) $(DESTDIR)$(PREFIX)/share/tailor/themes/

clean:
	rm -rf build build-san build-tsan tailor themes/builtin.c

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
