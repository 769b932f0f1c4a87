# test_writers: 8 processes x STRESS_N (default 10000) core writes each on one
# file — inserts, updates, stock movements and stock counts — at full speed.
#
# Asserts: every call returns CORE_OK (a CORE_ECONFLICT on the shared rows
# is legitimate optimistic concurrency: counted, re-read, retried); no busy
# error reaches a writer; row counts, quantities and the shared counters are
# exact (no lost update); the audit trail holds exactly one row per
# successful write, by action and table; integrity and the ledger invariant
# hold (vigil check exits 0; PRAGMA integrity_check is ok); no alert raised.
#
# Figure: ops, elapsed, ops/s, conflicts retried.
. "$(dirname "$0")/lib.sh"

N=${STRESS_N:-10000}
W=${STRESS_WRITERS:-8}
S=1 # one shared activity: every writer contends for it
DB="$ST_DIR/ops.db"

st_build_driver
"$VIGIL" init --db "$DB" >/dev/null || st_fail "vigil init failed"
"$DRV" setup "$DB" "$W" "$S" || st_fail "setup failed"

t0=$(date +%s.%N)
pids=""
for w in $(seq 0 $((W - 1))); do
    "$DRV" write "$DB" "$w" "$N" "$S" >"$ST_DIR/out.$w" 2>"$ST_DIR/err.$w" &
    pids="$pids $!"
    ST_PIDS="$ST_PIDS $!"
done
wfail=0
for p in $pids; do wait "$p" || wfail=1; done
el=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

cat "$ST_DIR"/err.* | grep -v ' ops in ' | head -20 >&2
[ $wfail = 0 ] || echo "$ST_NAME: a writer reported errors (above)" >&2

# Sum the writers' tallies; compare each with the plan (all ops succeed).
field() { sed -n "s/.* $2=\([-0-9]*\).*/\1/p" "$1"; }
plan=$("$DRV" plan "$N")
sum() { local k=$1 s=0 w v; for w in $(seq 0 $((W - 1))); do v=$(field "$ST_DIR/out.$w" "$k"); s=$((s + ${v:-0})); done; echo $s; }
errs=""
for k in part_ins part_upd mov_ins counts shared_ok qty mov_sum; do
    want=$(echo "$plan" | sed -n "s/.* $k=\([-0-9]*\).*/\1/p")
    for w in $(seq 0 $((W - 1))); do
        got=$(field "$ST_DIR/out.$w" "$k")
        [ "$got" = "$want" ] || errs="$errs writer $w: $k=$got, plan $want;"
    done
done
busy=$(sum busy)
other=$(sum errors)
conflicts=$(sum conflicts)
own_conflicts=$(sum own_conflicts)
P_INS=$(sum part_ins) P_UPD=$(sum part_upd) M_INS=$(sum mov_ins) COUNTS=$(sum counts) SH=$(sum shared_ok)
ops=$((W * N))
echo "$ST_NAME: $W writers x $N ops = $ops writes in $el s ($(awk -v o=$ops -v t="$el" 'BEGIN { printf "%.0f", o / (t > 0 ? t : 1) }') /s); conflicts retried: $conflicts (shared row), $own_conflicts (own rows); busy errors: $busy; other errors: $other"

# ---- the database -------------------------------------------------------
# Movements are audited apart (below): counts of one resource within one
# second fold into one correction line, audited as its insert, then its
# updates (or a delete when the counts come back to where they started).
audit_want=$(printf '%s\n' \
    "insert/activities|$S" \
    "insert/partners|$P_INS" \
    "insert/resources|$W" \
    "migrate/schema|$(st_q "$DB" "PRAGMA user_version")" \
    "update/activities|$SH" \
    "update/partners|$P_UPD" \
    "update/resources|$COUNTS" | LC_ALL=C sort)
audit_got=$(st_q "$DB" "SELECT action || '/' || tbl, count(*) FROM audit WHERE tbl <> 'movements' GROUP BY 1" | LC_ALL=C sort)
if [ "$audit_got" != "$audit_want" ]; then
    errs="$errs audit rows by action/table differ: got [$(echo $audit_got)] want [$(echo $audit_want)];"
fi
chk() { # label sql want
    local got
    got=$(st_q "$DB" "$2")
    [ "$got" = "$3" ] || errs="$errs $1: got $got, want $3;"
}
chk partners "SELECT count(*) FROM partners" "$P_INS"
chk "partners updated" "SELECT count(*) FROM partners WHERE notes LIKE 'note %'" "$P_UPD"
# Every movement and every count is one movements audit entry; the ledger
# holds every movement and one line per resource and second of counting.
chk "movements audit entries" "SELECT count(*) FROM audit WHERE tbl = 'movements'" "$((M_INS + COUNTS))"
LINES=$(st_q "$DB" "SELECT count(*) FROM movements WHERE reason = 'correction' AND note = 'stock count'")
chk "stock count lines" "SELECT count(DISTINCT resource_id || at) FROM movements WHERE reason = 'correction' AND note = 'stock count'" "$LINES"
chk movements "SELECT count(*) FROM movements" "$((M_INS + LINES))"
[ "$LINES" -ge "$W" ] && [ "$LINES" -le "$COUNTS" ] || errs="$errs stock count lines: $LINES, want between $W and $COUNTS;"
chk "shared counter (reached)" "SELECT sum(reached) FROM activities" "$SH"
chk alerts "SELECT count(*) FROM alerts" 0
want_qty=$(echo "$plan" | sed -n 's/.* qty=\([-0-9]*\).*/\1/p')
chk "resources at the planned quantity" "SELECT count(*) FROM resources WHERE quantity = $want_qty" "$W"
chk "ledger" "SELECT count(*) FROM resources r WHERE quantity = (SELECT sum(delta) FROM movements WHERE resource_id = r.id)" "$W"
chk integrity_check "PRAGMA integrity_check" ok
chk foreign_key_check "SELECT count(*) FROM pragma_foreign_key_check" 0
"$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || errs="$errs vigil check failed: $(tr '\n' ' ' <"$ST_DIR/check.out");"

echo "$ST_NAME: audit rows $(st_q "$DB" 'SELECT count(*) FROM audit'), partners $P_INS, movements $M_INS + $LINES stock count lines for $COUNTS counts, shared counter $SH, db $(($(stat -c %s "$DB") / 1048576)) MiB"
[ "$busy" = 0 ] || errs="$errs $busy busy error(s) surfaced to writers;"
[ "$other" = 0 ] || errs="$errs $other other error(s);"
[ -z "$errs" ] || st_fail "$errs"
st_pass
