#!/bin/bash
# tests/fuzz/run.sh — build tests/fuzz/fuzz_import.c with libFuzzer, ASan and
# UBSan against the core and widget sources, and fuzz for FUZZ_SECONDS.
# `make fuzz` runs it (SRCDIR and FUZZ_SECONDS set); it also runs alone.
#
#   FUZZ_SECONDS   how long to fuzz (default 600)
#   FUZZ_BUILD     where the binary, its log and the growing corpus live
#                  (default $SRCDIR/build/fuzz)
#   FUZZ_SKIP      checks of already-reported bugs to turn off (see
#                  fuzz_import.c), e.g. FUZZ_SKIP=hxl-row,alert-utf8
#
# Prints "fuzz: N executions in S s, M crashes" and exits non-zero when any
# input crashed, hung or ran out of memory; those inputs are kept in
# tests/fuzz/crashes/ (see tests/fuzz/README.md to replay and minimise).
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
B=${FUZZ_BUILD:-$SRCDIR/build/fuzz}
CRASHES=$SRCDIR/tests/fuzz/crashes
SEEDS=$SRCDIR/tests/fuzz/corpus
mkdir -p "$B/corpus" "$CRASHES" || exit 1

say() { printf 'fuzz: %s\n' "$*"; }

# ---- clang with libFuzzer ----------------------------------------------------
# On Debian 12 libFuzzer comes with clang (libclang-rt-14-dev); prove it
# with a tiny fuzzer rather than trusting package names.
probe() {
    command -v clang >/dev/null 2>&1 || return 1
    printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)%s\n' \
        '{ (void)d; (void)n; return 0; }' >"$B/probe.c"
    clang -fsanitize=fuzzer,address,undefined "$B/probe.c" -o "$B/probe" >"$B/probe.log" 2>&1 &&
        "$B/probe" -runs=10 >>"$B/probe.log" 2>&1
}
if ! probe; then
    if [ "$(id -u)" = 0 ]; then
        say "installing clang and libFuzzer"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-dev >/dev/null || exit 1
        probe || { say "clang cannot build a libFuzzer binary:"; cat "$B/probe.log"; exit 1; }
    else
        say "clang with libFuzzer is missing. Run:"
        echo "  sudo apt-get install clang libclang-rt-dev"
        exit 1
    fi
fi
say "$(clang --version | head -1)"

# ---- build ------------------------------------------------------------------
# The core and widget sources are compiled straight into the fuzzer with the
# same instrumentation (coverage, ASan, UBSan), so every path is guided.
PKG_CFLAGS=$(pkg-config --cflags ncursesw sqlite3 2>/dev/null | sed 's/-D_XOPEN_SOURCE=[0-9]*//g; s/-D_DEFAULT_SOURCE//g')
PKG_LIBS=$(pkg-config --libs ncursesw sqlite3 2>/dev/null || echo "-lncursesw -ltinfo -lsqlite3")
(
    cd "$SRCDIR" &&
    clang -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Wno-string-concatenation \
        $PKG_CFLAGS -I. core/*.c widgets/*.c tests/fuzz/fuzz_import.c \
        $PKG_LIBS -lcsv -lm -o "$B/fuzz_import"
) >"$B/build.log" 2>&1 || { say "build failed:"; cat "$B/build.log"; exit 1; }

# ---- fuzz -------------------------------------------------------------------
# Fork mode with -ignore_crashes: one crash does not end the run, so the
# whole budget is spent and several bugs can turn up. New interesting
# inputs go to $B/corpus; the committed seeds are only read.
ls -1 "$CRASHES" >"$B/crashes.before" 2>/dev/null
say "fuzzing for $FUZZ_SECONDS s (log: $B/fuzz.log)"
start=$(date +%s)
(
    cd "$B" &&
    ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=10} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    FUZZ_SAMPLE_DIR="$SRCDIR/sample-data" \
    ./fuzz_import -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$FUZZ_SECONDS" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$CRASHES/" "$B/corpus" "$SEEDS"
) >"$B/fuzz.log" 2>&1
frc=$?
secs=$(($(date +%s) - start))
# Scratch directories of fuzzer processes that crashed or were stopped.
for d in /dev/shm/vigil-fuzz-* /tmp/vigil-fuzz-*; do
    [ -d "$d" ] || continue
    pid=${d##*/vigil-fuzz-}; pid=${pid%%-*}
    kill -0 "$pid" 2>/dev/null || rm -rf "$d"
done

# "#N: cov: ... oom/timeout/crash: O/T/C time: ..." is fork mode's status line.
last=$(grep -a 'oom/timeout/crash:' "$B/fuzz.log" | tail -1)
execs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
otc=$(printf '%s\n' "$last" | sed -n 's/.*oom\/timeout\/crash: \([0-9]*\/[0-9]*\/[0-9]*\).*/\1/p')
ooms=${otc%%/*}; rest=${otc#*/}; timeouts=${rest%%/*}; crashes=${rest#*/}
execs=${execs:-0} ooms=${ooms:-0} timeouts=${timeouts:-0} crashes=${crashes:-0}
ls -1 "$CRASHES" | grep -vxF -f "$B/crashes.before" >"$B/crashes.new"
nnew=$(wc -l <"$B/crashes.new")

# A crash while the fuzzer loads its corpus leaves a file but no count.
[ "$nnew" -gt "$crashes" ] && crashes=$nnew
say "$execs executions in $secs s, $crashes crashes"
[ "$timeouts" = 0 ] && [ "$ooms" = 0 ] || say "also $timeouts timeouts and $ooms out-of-memory"
if [ "$crashes" != 0 ] || [ "$timeouts" != 0 ] || [ "$ooms" != 0 ] || [ "$nnew" != 0 ]; then
    # Fork mode keeps the jobs' reports to itself: replay each input for
    # the line that says what broke.
    say "inputs kept in tests/fuzz/crashes/ (replay: build/fuzz/fuzz_import FILE):"
    while IFS= read -r f; do
        why=$(cd "$B" && FUZZ_SAMPLE_DIR="$SRCDIR/sample-data" timeout 120 ./fuzz_import "$CRASHES/$f" 2>&1 |
            grep -a -m1 -E '^\*\*\* fuzz_import:|^SUMMARY: |runtime error:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)')
        printf '  %s\n      %s\n' "$f" "${why:-(did not reproduce on replay)}"
    done <"$B/crashes.new"
    exit 1
fi
if [ "$frc" != 0 ] || [ "$execs" = 0 ]; then
    say "the fuzzer stopped abnormally (exit $frc); see $B/fuzz.log"
    tail -20 "$B/fuzz.log"
    exit 1
fi
exit 0
