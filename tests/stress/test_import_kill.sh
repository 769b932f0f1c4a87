# test_import_kill: SIGKILL during a large `vigil import observations`
# (300,000 rows, ~17 MB: large enough for the bulk path that drops and
# rebuilds its secondary index, observations_id, inside the transaction).
#
# Part 1. The import is killed once the -wal file passes a size (the
# import's cache has spilled pages into the WAL: the load is under way), at
# several sizes (STRESS_KILL_WAL_MB, default "1 3 5"). After each kill the
# database is unchanged: the same row counts (vigil check), the same
# content and schema (sha256 of `sqlite3 .dump`, so the dropped index is
# back), integrity ok (vigil check exits 0). Then kills later in the run
# (STRESS_LATE_WAL_MB, default "12 24": rebuilding the index or committing):
# all or nothing — the file is either unchanged or holds every row.
#
# Part 2. On a fresh demo database a reader (stressdrv watch: one
# connection polling core_db_changed, i.e. PRAGMA data_version, and
# counting observations every 5 ms) runs while a second 300,000-row file is
# imported successfully: it must see the change counter move exactly once
# and only the counts before and after (readers see all or nothing).
#
# Figures: WAL size and time at each kill; polls and changes seen.
. "$(dirname "$0")/lib.sh"

ROWS=${STRESS_IMPORT_ROWS:-300000}
KILLS=${STRESS_KILL_WAL_MB:-1 3 5}
LATE=${STRESS_LATE_WAL_MB:-12 24}
DB="$ST_DIR/ops.db"

st_build_driver
"$VIGIL" init --demo --db "$DB" >/dev/null || st_fail "vigil init --demo failed"
regs=$(st_q "$DB" "SELECT group_concat(code, ' ') FROM regions")
inds=$(st_q "$DB" "SELECT group_concat(code, ' ') FROM indicators")
awk -v rows="$ROWS" -v year=2020 -v regions="$regs" -v inds="$inds" \
    -f "$SRCDIR/tests/stress/gen_observations.awk" >"$ST_DIR/big1.csv" || st_fail "generating big1.csv"
awk -v rows="$ROWS" -v year=2021 -v regions="$regs" -v inds="$inds" \
    -f "$SRCDIR/tests/stress/gen_observations.awk" >"$ST_DIR/big2.csv" || st_fail "generating big2.csv"

state() { # counts (vigil check) and a hash of content + schema
    "$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || { echo "CHECK FAILED: $(tr '\n' ' ' <"$ST_DIR/check.out")"; return; }
    grep -v '^database:' "$ST_DIR/check.out" | tr -s ' \n' '  '
    sqlite3 -readonly "$DB" .dump | sha256sum | cut -c1-16
}
obs() { st_q "$DB" "SELECT count(*) FROM observations"; }
wal() { stat -c %s "$DB-wal" 2>/dev/null || echo 0; }

base=$(state)
base_obs=$(obs)
case "$base" in *"CHECK FAILED"*) st_fail "fresh demo database: $base" ;; esac

# Start an import of FILE, kill it when the WAL passes MB; prints
# "KILLED wal_bytes seconds" or "FINISHED exit".
import_and_kill() {
    local file=$1 limit=$(($2 * 1048576)) pid t0 w
    t0=$(date +%s.%N)
    "$VIGIL" import observations "$file" --db "$DB" >/dev/null 2>"$ST_DIR/import.err" &
    pid=$!
    ST_PIDS="$pid"
    while kill -0 "$pid" 2>/dev/null; do
        w=$(wal)
        if [ "$w" -gt "$limit" ]; then
            kill -KILL "$pid"
            wait "$pid" 2>/dev/null
            echo "KILLED $w $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
            ST_PIDS=""
            return
        fi
        sleep 0.01
    done
    wait "$pid"
    echo "FINISHED $?"
    ST_PIDS=""
}

kills=""
for mb in $KILLS; do
    r=$(import_and_kill "$ST_DIR/big1.csv" "$mb")
    set -- $r
    [ "$1" = KILLED ] || st_fail "the import finished (exit $2) before its WAL passed $mb MiB: cannot test the kill (raise STRESS_IMPORT_ROWS)"
    walk=$(($2 / 1024))
    after=$(state)
    [ "$after" = "$base" ] || st_fail "killed at WAL $walk KiB: database changed.
before: $base
after:  $after"
    kills="$kills ${walk}KiB@${3}s"
done
echo "$ST_NAME: killed the import $(echo $KILLS | wc -w) times mid-load (WAL size @ time:$kills): database unchanged each time (counts, content and schema hash, integrity ok)"

late=""
for mb in $LATE; do
    r=$(import_and_kill "$ST_DIR/big1.csv" "$mb")
    set -- $r
    n=$(obs)
    "$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || st_fail "late kill at $mb MiB: vigil check failed: $(cat "$ST_DIR/check.out")"
    if [ "$1" = FINISHED ]; then
        [ "$2" = 0 ] || st_fail "import failed: $(cat "$ST_DIR/import.err")"
        late="$late finished-before-${mb}MiB"
    fi
    if [ "$n" = "$base_obs" ]; then
        [ "$(state)" = "$base" ] || st_fail "late kill at WAL $(($2 / 1024)) KiB: observations unchanged but the database changed"
        [ "$1" = KILLED ] && late="$late $(($2 / 1024))KiB@${3}s:nothing"
    elif [ "$n" = $((base_obs + ROWS)) ]; then
        [ "$1" = KILLED ] && late="$late $(($2 / 1024))KiB@${3}s:everything(committed before the kill)"
        break # the rows are in: the next kills would only update in place
    else
        st_fail "late kill at WAL $mb MiB: $n observations, neither $base_obs nor $((base_obs + ROWS)): half an import"
    fi
done
echo "$ST_NAME: late kills:$late — all or nothing, integrity ok"

# ---- part 2: one change for one import ----------------------------------
rm -f "$DB" "$DB-wal" "$DB-shm"
"$VIGIL" init --demo --db "$DB" >/dev/null || st_fail "vigil init --demo failed"
n0=$(obs)
stop="$ST_DIR/stop"
"$DRV" watch "$DB" "$stop" >"$ST_DIR/watch.out" 2>"$ST_DIR/watch.err" &
wpid=$!
ST_PIDS="$wpid"
i=0
until grep -q ready "$ST_DIR/watch.out" 2>/dev/null; do
    sleep 0.05
    i=$((i + 1))
    [ $i -lt 200 ] || st_fail "the watcher did not start: $(cat "$ST_DIR/watch.err")"
done
sleep 0.2
t0=$(date +%s.%N)
"$VIGIL" import observations "$ST_DIR/big2.csv" --db "$DB" >/dev/null 2>"$ST_DIR/import.err" ||
    st_fail "import of big2.csv failed: $(cat "$ST_DIR/import.err")"
el=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sleep 0.3
touch "$stop"
wait "$wpid" || st_fail "watcher failed: $(cat "$ST_DIR/watch.err")"
ST_PIDS=""
res=$(grep '^changes=' "$ST_DIR/watch.out")
changes=$(echo "$res" | sed -n 's/^changes=\([0-9]*\).*/\1/p')
polls=$(echo "$res" | sed -n 's/.*polls=\([0-9]*\).*/\1/p')
seen=$(echo "$res" | sed -n 's/.*counts=//p')
n1=$((n0 + ROWS))
echo "$ST_NAME: import of $ROWS rows took $el s; a reader polling every 5 ms ($polls polls) saw $changes change(s) and observation counts {$seen} (before $n0, after $n1)"
[ "$(obs)" = "$n1" ] || st_fail "after the import: $(obs) observations, want $n1"
[ "$changes" = 1 ] || st_fail "the change counter moved $changes times for one import (want exactly 1)"
[ "$seen" = "$n0,$n1" ] || st_fail "a reader saw observation counts {$seen}; only $n0 (before) then $n1 (after) are allowed"
"$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || st_fail "vigil check after the import: $(cat "$ST_DIR/check.out")"
st_pass
