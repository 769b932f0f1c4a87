# test_crashloop: STRESS_RUNS (default 500) runs of a writer SIGKILLed at a
# random moment (0-STRESS_KILL_MS ms after it starts, default 250; one run
# in four within 0-40 ms, while it opens the file and starts writing).
#
# The writer (stressdrv crash) inserts partners, records stock movements and
# updates partners through core, and after each write that returned CORE_OK
# appends it to an fsync'ed journal. After every kill:
#   - every journaled write is in the database (inserted row present,
#     movement present, update's value present);
#   - the audit trail and the data agree: each journaled write has its audit
#     row, no audit row names a partner or movement that is not in the data,
#     and counts match globally (partners = audit inserts of partners,
#     movements = audit inserts of movements, updated partners = audit
#     updates of partners);
#   - at most one write per run is committed but not journaled (the one in
#     flight when the kill landed);
#   - vigil check exits 0 (full integrity check and the ledger invariant).
#
# Figure: runs, kills that landed while writing, writes journaled, elapsed.
. "$(dirname "$0")/lib.sh"

RUNS=${STRESS_RUNS:-500}
KILL_MS=${STRESS_KILL_MS:-250}
DB="$ST_DIR/ops.db"
J="$ST_DIR/journal"

st_build_driver
"$VIGIL" init --db "$DB" >/dev/null || st_fail "vigil init failed"
"$DRV" setup "$DB" 1 0 || st_fail "setup failed"
: >"$J"

total_j=0 unjournaled=0 empty_runs=0
for run in $(seq 1 "$RUNS"); do
    jr="$ST_DIR/j.$run"
    : >"$jr"
    "$DRV" crash "$DB" "$jr" "$run" 2>"$ST_DIR/crash.err" &
    pid=$!
    ST_PIDS="$pid"
    # One run in four is killed early (0-40 ms): opening, first writes.
    if [ $((run % 4)) = 0 ]; then ms=$((RANDOM % 40)); else ms=$((RANDOM % KILL_MS)); fi
    sleep "$(printf '0.%03d' "$ms")"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null # (no "Killed" job report)
    rc=$?
    [ $rc = 137 ] || st_fail "run $run: the writer ended by itself (exit $rc) before the kill: $(cat "$ST_DIR/crash.err")"

    # Only complete lines count (a kill between write() and its newline
    # cannot happen with one write() per line, but be strict anyway).
    nj=$(wc -l <"$jr")
    [ "$nj" -gt 0 ] || empty_runs=$((empty_runs + 1))
    total_j=$((total_j + nj))
    cat "$jr" >>"$J"

    lo=$((run * 1000000)) hi=$(((run + 1) * 1000000))
    sql=$(awk -v run="$run" '
        BEGIN { print "CREATE TEMP TABLE jp(name TEXT PRIMARY KEY); CREATE TEMP TABLE jm(d INTEGER PRIMARY KEY);" \
                      " CREATE TEMP TABLE ju(name TEXT, note TEXT); BEGIN;" }
        $1 == "P" && NF == 2 { printf "INSERT INTO jp VALUES(\x27%s\x27);\n", $2 }
        $1 == "M" && NF == 2 { printf "INSERT INTO jm VALUES(%s);\n", $2 }
        $1 == "U" && NF == 3 { printf "INSERT INTO ju VALUES(\x27%s\x27,\x27%s\x27);\n", $2, $3 }
        END { print "COMMIT;" }' "$jr")
    res=$(sqlite3 -batch -noheader -cmd ".timeout 10000" "$DB" "$sql
SELECT 'journaled partner missing', count(*) FROM jp WHERE name NOT IN (SELECT name FROM partners);
SELECT 'journaled partner without audit insert', count(*) FROM jp
  WHERE name NOT IN (SELECT row_key FROM audit WHERE tbl = 'partners' AND action = 'insert');
SELECT 'journaled movement missing', count(*) FROM jm
  WHERE d NOT IN (SELECT delta FROM movements WHERE delta >= $lo AND delta < $hi);
SELECT 'journaled movement without audit insert', count(*) FROM jm WHERE NOT EXISTS
  (SELECT 1 FROM audit WHERE tbl = 'movements' AND action = 'insert'
     AND row_key >= 'RES-W0 / ' || jm.d || ' / received / ' AND row_key < 'RES-W0 / ' || jm.d || ' / received /~');
SELECT 'journaled update missing', count(*) FROM ju
  WHERE NOT EXISTS (SELECT 1 FROM partners p WHERE p.name = ju.name AND p.notes = ju.note);
SELECT 'journaled update without audit update', count(*) FROM ju WHERE NOT EXISTS
  (SELECT 1 FROM audit WHERE tbl = 'partners' AND action = 'update' AND row_key = ju.name);
SELECT 'audit insert of a partner not in the data', count(*) FROM audit
  WHERE tbl = 'partners' AND action = 'insert' AND row_key >= 'C$run-' AND row_key < 'C$run.'
    AND row_key NOT IN (SELECT name FROM partners);
SELECT 'audit insert of a movement not in the data', count(*) FROM
  (SELECT CAST(substr(row_key, 10, instr(substr(row_key, 10), ' ') - 1) AS INTEGER) AS d FROM audit
    WHERE tbl = 'movements' AND action = 'insert')
  WHERE d >= $lo AND d < $hi AND d NOT IN (SELECT delta FROM movements WHERE delta >= $lo AND delta < $hi);
SELECT 'partners <> audit inserts of partners', abs((SELECT count(*) FROM partners)
  - (SELECT count(*) FROM audit WHERE tbl = 'partners' AND action = 'insert'));
SELECT 'movements <> audit inserts of movements', abs((SELECT count(*) FROM movements)
  - (SELECT count(*) FROM audit WHERE tbl = 'movements' AND action = 'insert'));
SELECT 'updated partners <> audit updates of partners', abs((SELECT count(*) FROM partners WHERE notes IS NOT NULL)
  - (SELECT count(*) FROM audit WHERE tbl = 'partners' AND action = 'update'));
SELECT 'in flight', (SELECT count(*) FROM partners WHERE name >= 'C$run-' AND name < 'C$run.')
  + (SELECT count(*) FROM movements WHERE delta >= $lo AND delta < $hi)
  + (SELECT count(*) FROM partners WHERE name >= 'C$run-' AND name < 'C$run.' AND notes IS NOT NULL)
  - (SELECT count(*) FROM jp) - (SELECT count(*) FROM jm) - (SELECT count(*) FROM ju);
" 2>&1) || st_fail "run $run: sqlite3 failed: $res"
    bad=$(echo "$res" | awk -F'|' '$1 != "in flight" && $2 != 0')
    [ -z "$bad" ] || st_fail "run $run (killed after ${ms} ms, $nj writes journaled): $bad"
    inflight=$(echo "$res" | awk -F'|' '$1 == "in flight" { print $2 }')
    case "$inflight" in
    0) ;;
    1) unjournaled=$((unjournaled + 1)) ;;
    *) st_fail "run $run: $inflight writes in the database that the journal does not list (at most 1 may be in flight)" ;;
    esac
    "$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || st_fail "run $run: vigil check failed: $(cat "$ST_DIR/check.out")"
    rm -f "$jr"
done
ST_PIDS=""

# Once more over the whole history: the union of the journals is in the data,
# and the data and its audit trail are the same sets.
final=$(sqlite3 -batch -noheader "$DB" "
SELECT 'partners not in audit', count(*) FROM partners
  WHERE name NOT IN (SELECT row_key FROM audit WHERE tbl = 'partners' AND action = 'insert');
SELECT 'audit partner inserts not in data', count(*) FROM audit
  WHERE tbl = 'partners' AND action = 'insert' AND row_key NOT IN (SELECT name FROM partners);
SELECT 'integrity', (SELECT * FROM pragma_integrity_check) <> 'ok';
")
bad=$(echo "$final" | awk -F'|' '$2 != 0')
[ -z "$bad" ] || st_fail "final: $bad"
np=$(st_q "$DB" "SELECT count(*) FROM partners")
nm=$(st_q "$DB" "SELECT count(*) FROM movements")
jp=$(grep -c '^P ' "$J")
[ "$jp" -le "$np" ] || st_fail "journal lists $jp partners, database holds $np"
echo "$ST_NAME: $RUNS runs killed with SIGKILL in $(st_elapsed) s; $total_j acknowledged writes journaled, all found with their audit rows; $unjournaled runs committed one write the journal had not yet recorded; $empty_runs runs killed before their first write; partners $np, movements $nm, db $(($(stat -c %s "$DB") / 1048576)) MiB"
st_pass
