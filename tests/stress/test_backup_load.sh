# test_backup_load: `vigil backup DEST` while 8 writers run.
#
# The source is the demo database plus 300,000 imported observations (about
# 55 MB, so a copy takes a noticeable time) and 8 stressdrv writers
# (inserts, updates, movements, stock counts, contended shared row) running
# for the whole test. Asserts:
#   - STRESS_BACKUPS (default 3) backups under load each exit 0, leave no
#     temporary file, and the copy passes `vigil check --db DEST` (full
#     integrity check + ledger invariant) and is a consistent snapshot: the
#     writers' rows and their audit rows agree exactly (partners inserted =
#     audit inserts, partners updated = audit updates, movements = audit
#     inserts - deletes of movements, stock counts = audit updates of
#     resources = the movements audit entries that are not plain movements
#     (counts within one second fold into one correction line), the shared
#     counter = audit updates of it);
#   - STRESS_BACKUP_KILLS (default 5) backups over that existing DEST are
#     SIGKILLed mid-copy (once DEST.tmp-* holds a random 5-80% of the
#     expected size): DEST is afterwards either the old complete file (same
#     sha256) or a new complete, consistent one — never half-written;
#   - no writer saw an error (no busy error surfaced while backups ran);
#   - once the writers stop, a last backup is identical in content to the
#     source (`sqlite3 .dump` of both, sorted, hash the same: every row,
#     index and trigger is there).
# A SIGKILLed backup cannot remove its DEST.tmp-XXXXXX (nor the rollback
# journal SQLite keeps beside it while VACUUM INTO writes,
# DEST.tmp-XXXXXX-journal): those remain (counted and reported; expected,
# see README.md).
#
# Figures: backup times under load, sizes, the source's -wal size while a
# copy runs (its read transaction holds checkpoints back), kills,
# temporaries left.
. "$(dirname "$0")/lib.sh"

W=8
NB=${STRESS_BACKUPS:-3}
NK=${STRESS_BACKUP_KILLS:-5}
ROWS=${STRESS_IMPORT_ROWS:-300000}
DB="$ST_DIR/ops.db"
BK="$ST_DIR/bk"
DEST="$BK/ops-backup.db"
mkdir -p "$BK"

st_build_driver
"$VIGIL" init --demo --db "$DB" >/dev/null || st_fail "vigil init --demo failed"
regs=$(st_q "$DB" "SELECT group_concat(code, ' ') FROM regions")
inds=$(st_q "$DB" "SELECT group_concat(code, ' ') FROM indicators")
awk -v rows="$ROWS" -v year=2020 -v regions="$regs" -v inds="$inds" \
    -f "$SRCDIR/tests/stress/gen_observations.awk" >"$ST_DIR/big.csv" || st_fail "generating big.csv"
"$VIGIL" import observations "$ST_DIR/big.csv" --db "$DB" >/dev/null || st_fail "import failed"
rm -f "$ST_DIR/big.csv"
"$DRV" setup "$DB" "$W" 1 || st_fail "setup failed"

# Problems with the copy at $1 as "label|count" lines with count <> 0.
consistency() {
    sqlite3 -readonly -batch -noheader "$1" "
SELECT 'writers'' partners <> their audit inserts', (SELECT count(*) FROM partners WHERE name GLOB 'W*-P*')
  - (SELECT count(*) FROM audit WHERE tbl = 'partners' AND action = 'insert' AND row_key GLOB 'W*-P*');
SELECT 'partner without audit insert', count(*) FROM partners WHERE name GLOB 'W*-P*'
  AND name NOT IN (SELECT row_key FROM audit WHERE tbl = 'partners' AND action = 'insert');
SELECT 'updated partners <> audit updates', (SELECT count(*) FROM partners WHERE name GLOB 'W*-P*' AND notes IS NOT NULL)
  - (SELECT count(*) FROM audit WHERE tbl = 'partners' AND action = 'update' AND row_key GLOB 'W*-P*');
SELECT 'movements <> audit inserts - deletes', (SELECT count(*) FROM movements m JOIN resources r
    ON r.id = m.resource_id WHERE r.code GLOB 'RES-W*')
  - (SELECT count(*) FROM audit WHERE tbl = 'movements' AND action = 'insert' AND row_key GLOB 'RES-W*')
  + (SELECT count(*) FROM audit WHERE tbl = 'movements' AND action = 'delete' AND row_key GLOB 'RES-W*');
SELECT 'stock counts <> audit updates of resources',
    (SELECT count(*) FROM audit WHERE tbl = 'movements' AND row_key GLOB 'RES-W*')
  - (SELECT count(*) FROM movements m JOIN resources r ON r.id = m.resource_id
     WHERE r.code GLOB 'RES-W*' AND NOT (m.reason = 'correction' AND m.note = 'stock count'))
  - (SELECT count(*) FROM audit WHERE tbl = 'resources' AND action = 'update' AND row_key GLOB 'RES-W*');
SELECT 'shared counter <> audit updates', (SELECT reached FROM activities WHERE code = 'SHARED-0')
  - (SELECT count(*) FROM audit WHERE tbl = 'activities' AND action = 'update' AND row_key = 'SHARED-0');
" 2>&1 | awk -F'|' 'NF != 2 || $2 != 0'
}
tmps() { find "$BK" -maxdepth 1 -name 'ops-backup.db.tmp-*' | wc -l; }
check_dest() { # label
    "$VIGIL" check --db "$DEST" >"$ST_DIR/check.out" 2>&1 || st_fail "$1: vigil check --db DEST failed: $(cat "$ST_DIR/check.out")"
    local c
    c=$(consistency "$DEST")
    [ -z "$c" ] || st_fail "$1: the copy is not a consistent snapshot: $c"
}

export STRESSDRV_STOP="$ST_DIR/stop"
wpids=""
for w in $(seq 0 $((W - 1))); do
    "$DRV" write "$DB" "$w" 1000000000 1 >"$ST_DIR/out.$w" 2>"$ST_DIR/err.$w" &
    wpids="$wpids $!"
    ST_PIDS="$ST_PIDS $!"
done
sleep 2

times="" walmax=0
for b in $(seq 1 "$NB"); do
    t0=$(date +%s.%N)
    "$VIGIL" backup "$DEST" --db "$DB" >/dev/null 2>"$ST_DIR/backup.err" &
    bpid=$!
    while kill -0 "$bpid" 2>/dev/null; do # the copy's read transaction holds back checkpoints
        w=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
        [ "$w" -gt "$walmax" ] && walmax=$w
        sleep 0.05
    done
    wait "$bpid" || st_fail "backup $b under load failed: $(cat "$ST_DIR/backup.err")"
    times="$times $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1fs", b - a }')"
    [ "$(tmps)" = 0 ] || st_fail "backup $b succeeded but left a temporary file: $(ls "$BK")"
    check_dest "backup $b"
    sleep 1
done
size=$(stat -c %s "$DEST")
echo "$ST_NAME: $NB backups under load by $W writers took$times; copy $((size / 1048576)) MiB; max -wal while copying $((walmax / 1048576)) MiB; each passes vigil check and is a consistent snapshot ($(st_q "$DEST" "SELECT count(*) FROM partners WHERE name GLOB 'W*'") writer partners, $(st_q "$DEST" "SELECT count(*) FROM audit") audit rows in the last)"

kills="" old_kept=0 new_done=0
for k in $(seq 1 "$NK"); do
    old=$(sha256sum <"$DEST")
    pct=$((5 + RANDOM % 76))
    limit=$((size * pct / 100))
    "$VIGIL" backup "$DEST" --db "$DB" >/dev/null 2>"$ST_DIR/backup.err" &
    bpid=$!
    landed=""
    while kill -0 "$bpid" 2>/dev/null; do
        t=$(find "$BK" -maxdepth 1 -name 'ops-backup.db.tmp-*' -newer "$ST_DIR/backup.err" -size +$((limit / 1024))k | head -1)
        if [ -n "$t" ]; then
            landed="$(($(stat -c %s "$t" 2>/dev/null || echo 0) / 1048576))MiB"
            kill -KILL "$bpid" 2>/dev/null
            break
        fi
        sleep 0.01
    done
    wait "$bpid" 2>/dev/null
    rc=$?
    new=$(sha256sum <"$DEST")
    if [ "$new" = "$old" ]; then
        old_kept=$((old_kept + 1))
        "$VIGIL" check --db "$DEST" >"$ST_DIR/check.out" 2>&1 || st_fail "kill $k: DEST kept its old content but fails vigil check: $(cat "$ST_DIR/check.out")"
    else
        # Not the old file: it must be a complete new copy.
        check_dest "kill $k (DEST replaced)"
        new_done=$((new_done + 1))
    fi
    if [ -n "$landed" ]; then
        kills="$kills ${pct}%:killed-at-${landed}"
    else
        [ $rc = 0 ] || st_fail "kill $k: the backup failed on its own (exit $rc): $(cat "$ST_DIR/backup.err")"
        kills="$kills ${pct}%:finished-first"
    fi
done
left=$(tmps)
journals=$(find "$BK" -maxdepth 1 -name 'ops-backup.db.tmp-*-journal' | wc -l)
echo "$ST_NAME: $NK backups SIGKILLed mid-copy (target % of size:$kills): DEST kept the old complete file $old_kept times, a new complete one $new_done times, never half-written; the killed runs left $left temporary file(s) beside DEST ($((left - journals)) partial DEST.tmp-XXXXXX copies, $journals DEST.tmp-XXXXXX-journal files)"

touch "$STRESSDRV_STOP"
wfail=0
for p in $wpids; do wait "$p" || wfail=1; done
ST_PIDS=""
[ $wfail = 0 ] || st_fail "a writer saw errors while backups ran: $(cat "$ST_DIR"/err.* | grep -v ' ops in ' | head -5)"
ops=$(cat "$ST_DIR"/err.* | sed -n 's/.*: \([0-9]*\) ops in .*/\1/p' | awk '{ s += $1 } END { print s }')

# Quiet now: a backup must equal the source.
"$VIGIL" backup "$DEST" --db "$DB" >/dev/null 2>"$ST_DIR/backup.err" || st_fail "final backup failed: $(cat "$ST_DIR/backup.err")"
check_dest "final backup"
c=$(consistency "$DB")
[ -z "$c" ] || st_fail "the source itself is inconsistent: $c"
# (sorted: VACUUM INTO writes the schema's triggers after its indexes)
h1=$(sqlite3 -readonly "$DB" .dump | LC_ALL=C sort | sha256sum)
h2=$(sqlite3 -readonly "$DEST" .dump | LC_ALL=C sort | sha256sum)
[ "$h1" = "$h2" ] || st_fail "final backup differs in content from the source"
"$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || st_fail "vigil check of the source: $(cat "$ST_DIR/check.out")"
[ "$(tmps)" = "$left" ] || st_fail "a successful backup left a temporary file"
echo "$ST_NAME: writers did $ops writes with no error during the backups; final backup identical to the source"
st_pass
