#!/usr/bin/env bash
# bench/import.sh — vigil import vs the sqlite3 shell, side by side, on the
# same generated file of observations (run by hand; not part of make check).
#
#   bench/import.sh [ROWS]        default 1000000
#
# vigil imports into the real, indexed schema with full validation and
# reference checks, in one all-or-nothing transaction; the shell imports
# into a bare table with no indexes and no checks (WAL, as vigil uses).
# Prints rows/s for both and the ratio (vigil / shell; above 1 is faster),
# then the floor under any importer on vigil's schema (bench/import_floor.c:
# the same rows generated in memory and inserted straight into observations,
# in key order and in file order), and the floor on other layouts an
# importer could load faster (the layouts are described in import_floor.c).
# FLOOR=0 skips the floors.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
VIGIL=${VIGIL:-$root/build/vigil}
ROWS=${1:-1000000}
dir=$(mktemp -d /tmp/vigil-import-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
export VIGIL_NOW=2026-11-20T12:00:00Z

# 50 regions x 15 indicators, one report per pair per hour, newest last,
# in the order a feed delivers them (by time).
awk -v rows="$ROWS" 'BEGIN {
    print "code,name" > "'"$dir"'/regions.csv"
    for (r = 1; r <= 50; r++) printf "XB%02d,Region %d\n", r, r >> "'"$dir"'/regions.csv"
    print "code,name,risk_factor,amber,red" > "'"$dir"'/indicators.csv"
    for (i = 1; i <= 15; i++) printf "IND%02d,Indicator %d,%d,50,80\n", i, i, (i - 1) % 14 + 1 >> "'"$dir"'/indicators.csv"
    print "region_code,indicator_code,observed_at,value,source,verification,sensitive,note"
    srand(20261120)
    per = 750; hours = int((rows + per - 1) / per); end = 1795176000  # 2026-11-20T12:00:00Z, "now": reports are of the past
    n = 0
    for (h = hours; h > 0 && n < rows; h--) {
        t = end - h * 3600
        ts = strftime("%Y-%m-%dT%H:%M:%SZ", t, 1)
        for (r = 1; r <= 50 && n < rows; r++)
            for (i = 1; i <= 15 && n < rows; i++) {
                printf "XB%02d,IND%02d,%s,%d,field monitor %d,%s,0,\"Reported by the %s focal point, follow-up planned.\"\n",
                    r, i, ts, int(rand() * 100), r % 7, (rand() < 0.5 ? "verified" : "unverified"),
                    (r % 2 ? "district" : "community")
                n++
            }
    }
}' > "$dir/observations.csv"
size=$(du -m "$dir/observations.csv" | cut -f1)
echo "file: $ROWS rows, ${size} MB"

"$VIGIL" init --db "$dir/vigil.db" >/dev/null
"$VIGIL" import regions "$dir/regions.csv" --db "$dir/vigil.db" >/dev/null
"$VIGIL" import indicators "$dir/indicators.csv" --db "$dir/vigil.db" >/dev/null
cp "$dir/vigil.db" "$dir/base.db"
sync
t0=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$dir/rss" "$VIGIL" import observations "$dir/observations.csv" --db "$dir/vigil.db" >/dev/null
t1=$(date +%s.%N)
vigil_s=$(echo "$t1 - $t0" | bc -l)

sync
t0=$(date +%s.%N)
sqlite3 "$dir/shell.db" <<SQL >/dev/null
PRAGMA journal_mode=WAL;
CREATE TABLE observations(region_code, indicator_code, observed_at, value, source, verification, sensitive, note);
.import --csv --skip 1 $dir/observations.csv observations
SQL
t1=$(date +%s.%N)
shell_s=$(echo "$t1 - $t0" | bc -l)

printf 'vigil import:  %6.2f s  %8.0f rows/s  peak RSS %d KiB\n' "$vigil_s" "$(echo "$ROWS / $vigil_s" | bc -l)" "$(cat "$dir/rss")"
printf 'sqlite3 shell: %6.2f s  %8.0f rows/s\n' "$shell_s" "$(echo "$ROWS / $shell_s" | bc -l)"
printf 'ratio (vigil speed / shell speed): %.2f\n' "$(echo "$shell_s / $vigil_s" | bc -l)"

if [ "${FLOOR:-1}" != 0 ]; then
    cc -O2 -o "$dir/import_floor" "$here/import_floor.c" $(pkg-config --cflags --libs sqlite3)
    for run in "key vigil" "file vigil" "file rowid" "file times" "file compact" "file live" "file clustered" "key clustered"; do
        cp "$dir/base.db" "$dir/floor.db"
        sync
        # shellcheck disable=SC2086 # two words: order and layout
        "$dir/import_floor" "$dir/floor.db" "$ROWS" $run
        rm -f "$dir"/floor.db*
    done
fi
