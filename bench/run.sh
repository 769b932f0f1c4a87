#!/usr/bin/env bash
# bench/run.sh — the whole benchmark (see bench/README.md): build, make the
# big database if it is missing (or GEN=1), core timings, then the real
# binary in tmux. About 2 minutes on 2 cores; everything under /tmp.
#
#   bench/run.sh [DB]        default DB /tmp/vigil-bench/big.db
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DB=${1:-/tmp/vigil-bench/big.db}
cd "$root"

make --no-print-directory >/dev/null
# bench.c with the Makefile's flags, linked with the core library only.
pkg_cflags=$(pkg-config --cflags ncursesw sqlite3 | tr ' ' '\n' | grep -v -e '^-D_XOPEN_SOURCE' -e '^-D_DEFAULT_SOURCE' | tr '\n' ' ')
cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
    -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -O2 -g \
    $pkg_cflags -I. -o build/bench bench/bench.c build/libcore.a $(pkg-config --libs sqlite3) -lcsv -lm

if [ -n "${GEN:-}" ] || [ ! -f "$DB" ]; then
    bench/gen.sh "$DB"
    echo
fi
{
    echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
         "$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo '(working tree modified)')" \
         "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
         "load $(cut -d' ' -f1-3 /proc/loadavg)"
    build/bench -n "${RUNS:-21}" "$DB"
    echo
    bench/tui.sh "$DB"
} 2>&1 | tee "$(dirname "$DB")/results.txt"
