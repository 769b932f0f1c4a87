# tests/stress/lib.sh — shared by the reliability tests (sourced, not run).
#
# Each test gets a scratch directory /tmp/vigil-stress-NAME-XXXXXX (removed
# at exit unless STRESS_KEEP=1), a pinned environment, and the driver
# program tests/stress/stressdrv.c compiled against build/libcore.a.
#
#   st_build_driver            compile stressdrv into $ST_DIR/drv ($DRV)
#   st_bg CMD...               run CMD in the background, remember its pid
#                              (killed at exit if still running)
#   st_fail MSG / st_pass      end the test
#   st_elapsed                 seconds since the test started (1 decimal)
#   st_q DB SQL                one query through the sqlite3 shell (reader)

set -u
: "${VIGIL:?VIGIL must point at the binary}"
: "${SRCDIR:?SRCDIR must point at the source tree}"
: "${BUILD:?BUILD must point at the build directory}"

ST_NAME=$(basename "$0" .sh)
ST_DIR=$(mktemp -d "/tmp/vigil-stress-$ST_NAME-XXXXXX")
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$ST_DIR"
export VIGIL_SAMPLE_DIR="$SRCDIR/sample-data"
unset NO_COLOR VIGIL_DB VIGIL_NOW
ST_PIDS=""
ST_T0=$(date +%s.%N)
DRV="$ST_DIR/drv"
# A private copy of the binary: a concurrent `make` relinking build/vigil
# must not make a run fail with "Permission denied" or "Text file busy".
cp "$VIGIL" "$ST_DIR/vigil" || { echo "$ST_NAME: cannot copy $VIGIL" >&2; exit 1; }
VIGIL="$ST_DIR/vigil"

st_cleanup() {
    local p
    for p in $ST_PIDS; do kill -KILL "$p" 2>/dev/null; done
    for p in $ST_PIDS; do wait "$p" 2>/dev/null; done
    [ -n "${ST_EXTRA_CLEANUP:-}" ] && eval "$ST_EXTRA_CLEANUP"
    if [ "${STRESS_KEEP:-0}" = 1 ]; then
        echo "$ST_NAME: kept $ST_DIR" >&2
    else
        rm -rf "$ST_DIR"
    fi
}
trap st_cleanup EXIT
trap 'exit 130' INT TERM

st_fail() {
    echo "FAIL $ST_NAME: $*" >&2
    exit 1
}

st_pass() {
    echo "ok   $ST_NAME ($(st_elapsed) s)"
    exit 0
}

st_elapsed() {
    awk -v a="$ST_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

st_bg() {
    "$@" &
    ST_PIDS="$ST_PIDS $!"
}

st_build_driver() {
    # shellcheck disable=SC2046
    cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O2 -I"$SRCDIR" \
        "$SRCDIR/tests/stress/stressdrv.c" "$BUILD/libcore.a" $(pkg-config --libs sqlite3) -lcsv -lm \
        -o "$DRV" || st_fail "cannot build tests/stress/stressdrv.c"
}

# Read-only query; a 10 s busy timeout so a reader never fails on a lock.
st_q() {
    sqlite3 -readonly -batch -noheader -cmd ".timeout 10000" "$1" "$2"
}
