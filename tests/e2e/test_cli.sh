# The command line (SPEC §1-§3, §6): help and version, sysexits exit codes,
# check, the monitoring-plugin `alerts` (text, csv, json), ack, database
# selection (--db anywhere, $VIGIL_DB), all-or-nothing import, snapshot.
# No terminal needed: every command runs with stdout/stderr in files.
. "$(dirname "$0")/lib.sh"
D=$E2E_DIR
cd "$D" || e2e_fail "cannot cd to $D"

# run EXPECTED_RC CMD...: run vigil, stdout to $D/out, stderr to $D/err.
run() {
    local want=$1 rc
    shift
    "$VIGIL" "$@" >"$D/out" 2>"$D/err"
    rc=$?
    [ "$rc" = "$want" ] ||
        e2e_fail "vigil $*: exit $rc, want $want; stdout: $(head -c 400 "$D/out"); stderr: $(head -c 400 "$D/err")"
}
has() { grep -qF -- "$2" "$D/$1" || e2e_fail "$1 of the last command lacks '$2': $(head -c 600 "$D/$1")"; }
json() { sqlite3 :memory: "select $1 from (select readfile('$D/out') as j)"; }

# --- help, version, usage errors -----------------------------------------------
run 0 --help
for w in init import export alerts ack snapshot backup check --db --read-only --no-color --version; do
    grep -qE -- "(^|[ \[])$w([] ]|$)" "$D/out" || e2e_fail "--help does not mention $w"
done
run 0 --version
grep -qE '^vigil [0-9]+\.[0-9]+' "$D/out" || e2e_fail "--version prints: $(cat "$D/out")"
run 64 --no-such-option
has err "--no-such-option"
run 64 frobnicate
run 64 export                    # TABLE missing
run 64 export no_such_table
for c in check init snapshot; do         # an extra argument is a mistake, not ignored
    run 64 $c extra --db "$D/never.db"
    has err "usage: vigil $c"
done
[ -e "$D/never.db" ] && e2e_fail "a refused command created a database"

# --- check -------------------------------------------------------------------------
e2e_demo_db
run 0 check --db "$E2E_DB"
has out "schema version: 2"
has out "integrity: ok"
for t in "regions 12" "indicators 18" "partners 40" "resources 34" "activities 26"; do
    grep -qE "^${t% *} +${t#* }\$" "$D/out" || e2e_fail "check does not count $t: $(cat "$D/out")"
done
grep -qE '^observations +[0-9]+$' "$D/out" || e2e_fail "check does not count observations"

run 66 check --db "$D/missing.db"
has err "vigil init"
[ -e "$D/missing.db" ] && e2e_fail "check created the missing database"

head -c 65536 /dev/urandom >"$D/random.db"
cp "$D/random.db" "$D/random.orig"
run 65 check --db "$D/random.db"
cmp -s "$D/random.db" "$D/random.orig" || e2e_fail "a random file given as --db was modified"
[ -e "$D/random.db-wal" ] || [ -e "$D/random.db-shm" ] || [ -e "$D/random.db-journal" ] &&
    e2e_fail "a random file given as --db got sqlite side files"
run 65 export regions --db "$D/random.db"
cmp -s "$D/random.db" "$D/random.orig" || e2e_fail "export modified a random file given as --db"

# --- alerts: exit codes and formats --------------------------------------------
run 2 alerts --db "$E2E_DB"
head -n 1 "$D/out" | grep -q '^VIGIL CRITICAL - ' || e2e_fail "first line: $(head -n 1 "$D/out")"
run 2 alerts --db "$E2E_DB" --format json
[ "$(json 'json_valid(j)')" = 1 ] || e2e_fail "alerts --format json is not valid JSON: $(head -c 300 "$D/out")"
[ "$(json "json_extract(j, '\$.status')")" = CRITICAL ] || e2e_fail "json status is not CRITICAL"
[ "$(json "json_extract(j, '\$.red')")" -gt 0 ] || e2e_fail "json red count is not > 0"
[ "$(json "json_array_length(j, '\$.alerts')")" -gt 0 ] || e2e_fail "json lists no alerts"
run 2 alerts --db "$E2E_DB" --format csv
[ "$(head -n 1 "$D/out")" = "id,kind,level,subject,raised_at,acknowledged_by,acknowledged_at,note,cleared_at" ] ||
    e2e_fail "csv header: $(head -n 1 "$D/out")"
[ "$(wc -l <"$D/out")" -gt 1 ] || e2e_fail "csv has no rows"
run 3 alerts --db "$E2E_DB" --format yaml      # a check called wrongly is UNKNOWN

"$VIGIL" init --db "$D/empty.db" >/dev/null || e2e_fail "init failed"
run 0 alerts --db "$D/empty.db"
head -n 1 "$D/out" | grep -q '^VIGIL OK' || e2e_fail "empty db: $(head -n 1 "$D/out")"
run 0 alerts --db "$D/empty.db" --format json
[ "$(json "json_valid(j) || ' ' || json_extract(j, '\$.status')")" = "1 OK" ] || e2e_fail "empty db json: $(cat "$D/out")"

run 3 alerts --db "$D/nowhere/none.db"
head -n 1 "$D/out" | grep -q '^VIGIL UNKNOWN' || e2e_fail "missing db: $(head -n 1 "$D/out")"
run 3 alerts --db "$D/nowhere/none.db" --format json    # a JSON consumer still gets JSON
[ "$(json "json_valid(j) || ' ' || json_extract(j, '\$.status')")" = "1 UNKNOWN" ] ||
    e2e_fail "missing db, json: $(cat "$D/out")"
[ -e "$D/nowhere/none.db" ] && e2e_fail "alerts created a database"
run 3 alerts --db "$D/none.db"
[ -e "$D/none.db" ] && e2e_fail "alerts created a database"

# Only amber: one region, one indicator (amber 10, red 20), one value of 15,
# all at a pinned time.
export VIGIL_NOW=2030-01-15T12:00:00Z
A=$D/amber.db
"$VIGIL" init --db "$A" >/dev/null || e2e_fail "init failed"
printf 'code,name\nZZ01,Testland\n' >"$D/r.csv"
printf 'code,name,risk_factor,amber,red\nTST,Test indicator,1,10,20\n' >"$D/i.csv"
printf 'region_code,indicator_code,observed_at,value,source\nZZ01,TST,2030-01-15T11:00:00Z,15,test\n' >"$D/o.csv"
run 0 import regions "$D/r.csv" --db "$A"
run 0 import indicators "$D/i.csv" --db "$A"
run 0 import observations "$D/o.csv" --db "$A"
run 1 alerts --db "$A"
head -n 1 "$D/out" | grep -q '^VIGIL WARNING - ' || e2e_fail "amber only: $(head -n 1 "$D/out")"
run 1 alerts --db "$A" --format json
[ "$(json "json_extract(j, '\$.status')")" = WARNING ] || e2e_fail "amber json status: $(cat "$D/out")"
[ "$(json "json_extract(j, '\$.amber') || '/' || json_extract(j, '\$.red')")" = "1/0" ] ||
    e2e_fail "amber json counts: $(cat "$D/out")"
id=$(json "json_extract(j, '\$.alerts[0].id')")
[ "$(json "json_extract(j, '\$.alerts[0].level')")" = amber ] || e2e_fail "the alert is not amber"
[ "$(json "json_type(j, '\$.alerts[0].acknowledged_by')")" = null ] || e2e_fail "fresh alert already acknowledged"

# --- ack ---------------------------------------------------------------------------
run 64 ack "$id" --db "$A"                     # --note is required
run 0 ack "$id" --note "seen by the e2e test" --db "$A"
run 1 alerts --db "$A" --format json           # acknowledged, but its condition still holds
[ "$(json "json_extract(j, '\$.alerts[0].acknowledged_by')")" = "$(id -un)" ] ||
    e2e_fail "acknowledged_by is not $(id -un): $(cat "$D/out")"
[ "$(json "json_extract(j, '\$.alerts[0].note')")" = "seen by the e2e test" ] || e2e_fail "ack note not kept"
[ "$(json "json_extract(j, '\$.alerts[0].acknowledged_at')")" = "2030-01-15T12:00:00Z" ] ||
    e2e_fail "acknowledged_at is not the (pinned) time"
run 65 ack "$id" --note "again" --db "$A"
has err "already acknowledged"
run 65 ack 99999 --note "nobody" --db "$A"
run 64 ack --note "no id" --db "$A"
run 64 ack notanumber --note "x" --db "$A"
"$VIGIL" export audit --db "$A" | grep -q "$(id -un)" || e2e_fail "the audit trail does not name $(id -un)"

# A sensitive partner out of contact raises an alert; monitoring output
# (which goes to mail and pagers) withholds its name unless asked.
printf 'name,kind,last_contact,sensitive\nNightjar Contact,other,2029-11-01,1\n' >"$D/p.csv"
run 0 import partners "$D/p.csv" --db "$A"
for f in text csv json; do
    run 1 alerts --db "$A" --format $f
    grep -q Nightjar "$D/out" && e2e_fail "alerts --format $f names a sensitive partner: $(cat "$D/out")"
    has out "name withheld"
done
run 1 alerts --db "$A" --include-sensitive
has out "Nightjar Contact: no contact for"
unset VIGIL_NOW

# --- database selection ----------------------------------------------------------------
run 0 export regions --db "$E2E_DB"            # option after the positional
[ "$(head -n 1 "$D/out")" = "code,name,parent_code,population" ] || e2e_fail "regions header: $(head -n 1 "$D/out")"
[ "$(wc -l <"$D/out")" = 13 ] || e2e_fail "export regions: $(wc -l <"$D/out") lines, want 13"
run 0 --db "$E2E_DB" export regions            # option before the subcommand
[ "$(wc -l <"$D/out")" = 13 ] || e2e_fail "--db before the subcommand was not used"
mkdir -p "$D/elsewhere"
(cd "$D/elsewhere" && VIGIL_DB="$E2E_DB" "$VIGIL" check >"$D/out" 2>"$D/err") ||
    e2e_fail "VIGIL_DB: check failed: $(cat "$D/err")"
grep -qE '^regions +12$' "$D/out" || e2e_fail "\$VIGIL_DB was not honoured: $(cat "$D/out")"
[ -e "$D/elsewhere/vigil.db" ] && e2e_fail "./vigil.db was created although \$VIGIL_DB is set"
(cd "$D/elsewhere" && VIGIL_DB="$E2E_DB" "$VIGIL" check --db "$D/empty.db" >"$D/out" 2>"$D/err") ||
    e2e_fail "check --db with VIGIL_DB set failed"
grep -qE '^regions +0$' "$D/out" || e2e_fail "--db does not take precedence over \$VIGIL_DB"
(cd "$D/elsewhere" && "$VIGIL" check >"$D/out" 2>"$D/err")
[ $? = 66 ] || e2e_fail "without --db or \$VIGIL_DB, check should look for ./vigil.db (missing: 66)"
grep -qF "vigil.db" "$D/err" || e2e_fail "the default database is not ./vigil.db: $(cat "$D/err")"

# --- import is all or nothing --------------------------------------------------------------
B=$D/import.db
"$VIGIL" init --db "$B" >/dev/null || e2e_fail "init failed"
printf 'name,kind,trust\nAlpha Aid,cso,3\nBeta Aid,spaceship,3\nGamma Aid,cso,9\nDelta Aid,cso,4\n' >"$D/bad.csv"
run 65 import partners "$D/bad.csv" --db "$B"
grep -qE "bad\.csv:3: kind: " "$D/err" || e2e_fail "no 'bad.csv:3: kind: ...' on stderr: $(cat "$D/err")"
grep -qE "bad\.csv:4: trust: " "$D/err" || e2e_fail "no 'bad.csv:4: trust: ...' on stderr: $(cat "$D/err")"
grep -qE "bad\.csv:[25]:" "$D/err" && e2e_fail "valid rows reported as problems"
run 0 export partners --db "$B"
[ "$(wc -l <"$D/out")" = 1 ] || e2e_fail "a file with a bad row was partly imported: $(cat "$D/out")"
grep -q "Alpha Aid" "$D/out" && e2e_fail "the valid row before the bad one was imported"
run 65 import partners "$D/bad.csv" --db "$B" --dry-run
printf 'name,kind\nAlpha Aid,cso\n' >"$D/good.csv"
run 0 import partners "$D/good.csv" --db "$B" --dry-run
run 0 export partners --db "$B"
[ "$(wc -l <"$D/out")" = 1 ] || e2e_fail "--dry-run wrote"
# --rejects: the summary counts what went in and what did not.
run 0 import partners "$D/bad.csv" --db "$B" --rejects "$D/rej.csv" --dry-run
has out "would import 2 of 4 row(s): 2 inserted, 0 updated, 0 unchanged, 2 rejected"
has out "dry run: the rejected row(s) were not written"
[ -e "$D/rej.csv" ] && e2e_fail "a dry run wrote the rejects file"
run 0 import partners "$D/bad.csv" --db "$B" --rejects "$D/rej.csv"
has out "imported 2 of 4 row(s): 2 inserted, 0 updated, 0 unchanged, 2 rejected"
has out "2 rejected row(s) written to"
[ "$(wc -l <"$D/rej.csv")" = 3 ] || e2e_fail "the rejects file does not hold the header and 2 rows: $(cat "$D/rej.csv")"
# A file of which nothing could be taken is bad input, even with --rejects.
printf 'name,kind\nOmega Aid,spaceship\n' >"$D/allbad.csv"
run 65 import partners "$D/allbad.csv" --db "$B" --rejects "$D/rej.csv"
has err "every row was rejected; nothing was imported"

# --- nothing writes over the database or the file being read -------------------------------
# A colleague's dashboard holds the database open (its -wal and -shm exist).
cp "$B" "$D/live.db"
sqlite3 "$D/live.db" 'PRAGMA journal_mode' >/dev/null
e2e_start 80 24 -- --db "$D/live.db"
e2e_wait "Risk"
printf 'name,kind\nAlpha Aid,cso\n' >"$D/one.csv"
run 0 import partners "$D/one.csv" --db "$D/live.db"
ln -s live.db "$D/live-link.db"
for dest in "$D/live.db" "$D/live-link.db" "$D/./live.db" "$D/live.db-wal"; do
    run 64 backup "$dest" --db "$D/live.db"
    has err "is the database itself"
    run 64 export partners -o "$dest" --db "$D/live.db"
    has err "is the database itself"
done
run 64 import partners "$D/one.csv" --rejects "$D/live.db" --db "$D/live.db"
has err "is the database"
run 64 import partners "$D/one.csv" --rejects "$D/one.csv" --db "$D/live.db"
has err "is the file being imported"
grep -q "Alpha Aid" "$D/one.csv" || e2e_fail "the rejects file emptied the field report"
e2e_stop
run 0 check --db "$D/live.db"
has out "integrity: ok"
run 0 export partners --db "$D/live.db"
has out "Alpha Aid"

# --- snapshot ----------------------------------------------------------------------------------
run 64 snapshot --size 80x24extra --db "$E2E_DB"
has err "--size must be COLUMNSxROWS, like 80x24"
run 64 snapshot --size 1024x300 --db "$E2E_DB"
has err "columns and rows must each be 1 to 1000"
run 0 snapshot --panel alerts --size 100x30 --db "$E2E_DB"
[ "$(wc -l <"$D/out")" = 30 ] || e2e_fail "snapshot 100x30 printed $(wc -l <"$D/out") lines"
[ "$(wc -L <"$D/out")" -le 100 ] || e2e_fail "snapshot 100x30 has a line wider than 100 columns"
has out "Alerts  ·"
grep -q $'\033' "$D/out" && e2e_fail "snapshot printed an escape sequence"
run 0 snapshot --panel alerts --size 60x20 --db "$E2E_DB"
has out "Terminal too small"
has out "60×20"
[ "$(wc -l <"$D/out")" = 20 ] || e2e_fail "too-small snapshot printed $(wc -l <"$D/out") lines"
run 64 snapshot --panel bogus --db "$E2E_DB"
run 64 snapshot --size 100 --db "$E2E_DB"

# Two officers run init on a new file at the same moment: both succeed
# (the second used to read the file half made, or both waited on each
# other for five seconds to switch it to WAL).
for i in $(seq 1 30); do
    rm -f "$D/race.db" "$D/race.db-wal" "$D/race.db-shm"
    "$VIGIL" init --db "$D/race.db" >/dev/null 2>"$D/race1" &
    p1=$!
    "$VIGIL" init --db "$D/race.db" >/dev/null 2>"$D/race2" &
    p2=$!
    wait "$p1" "$p2"
    [ -s "$D/race1" ] || [ -s "$D/race2" ] && e2e_fail "two inits at once, try $i: $(cat "$D/race1" "$D/race2")"
done
"$VIGIL" check --db "$D/race.db" >/dev/null || e2e_fail "the raced database does not check"
# And init --demo: the demo lands once; the second says it was not loaded.
for i in $(seq 1 5); do
    rm -f "$D/race.db" "$D/race.db-wal" "$D/race.db-shm"
    "$VIGIL" init --demo --db "$D/race.db" >"$D/race1" 2>&1 &
    p1=$!
    "$VIGIL" init --demo --db "$D/race.db" >"$D/race2" 2>&1 &
    p2=$!
    wait "$p1" "$p2" || e2e_fail "init --demo twice at once, try $i: $(cat "$D/race1" "$D/race2")"
    [ "$(cat "$D/race1" "$D/race2" | grep -c 'already holds data')" = 1 ] ||
        e2e_fail "init --demo twice at once, try $i: $(cat "$D/race1" "$D/race2")"
done
e2e_pass
