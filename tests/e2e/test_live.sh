# Live updates: another process commits an observation that turns a green
# cell red. Within one second, with no keypress, the dashboard shows the new
# red (cell, score, order, top-bar count) and the selection stays on the
# same region.
. "$(dirname "$0")/lib.sh"
e2e_demo_db
e2e_start 80 24
e2e_wait "1 of 12"

# XV01 (Castavel Capital District) has no red or amber anywhere in the demo
# picture; CIV-KILL (risk factor 11) sums 7 days and is red from 15.
row_of() { e2e_screen | grep -E "^$1 +│"; }
row=$(row_of XV01) || e2e_fail "XV01 is not on the Risk matrix"
case $row in *"■R"*|*"▲A"*) e2e_fail "XV01 is expected to be all green before the import: $row" ;; esac
red_count() { e2e_screen | sed -n 1p | sed -n 's/.*R\([0-9][0-9]*\) .*/\1/p'; }
red_before=$(red_count)
[ -n "$red_before" ] || e2e_fail "no red count on the top bar"

# Select XV01 (it sorts 6th: below the five regions with a red or amber).
pos=$(e2e_screen | sed -n '4,$p' | grep -nE '^XV[0-9]+ +│' | grep -E '^[0-9]+:XV01 ' | cut -d: -f1)
[ -n "$pos" ] || e2e_fail "cannot find XV01's row"
for ((i = 1; i < pos; i++)); do e2e_keys j; done
e2e_wait "$pos of 12"
e2e_wait " XV01 Castavel Capital District  ·  factor"

# Another process: the command-line import, one observation a minute ago.
now=$(date -u +%s)
at=$(date -u -d "@$((now - 60))" +%Y-%m-%dT%H:%M:%SZ)
printf 'region_code,indicator_code,observed_at,value,source\nXV01,CIV-KILL,%s,40,e2e live test\n' "$at" \
    >"$E2E_DIR/obs.csv"
"$VIGIL" import observations "$E2E_DIR/obs.csv" --db "$E2E_DB" >"$E2E_DIR/import.out" 2>&1 ||
    e2e_fail "import failed: $(cat "$E2E_DIR/import.out")"
t0=$(date +%s%N)

# Within 1 s: XV01's row has a red cell and a red count in its Score.
seen=""
while [ $(( ($(date +%s%N) - t0) / 1000000 )) -le 1000 ]; do
    row=$(row_of XV01)
    case $row in *"│1R "*"■R"*) seen=$row; break ;; esac
    sleep 0.02
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ -n "$seen" ] || e2e_fail "the new red did not appear within 1 s of the commit (XV01 row: $row)"
echo "live: red shown ${ms} ms after the commit"

# The red cell is in column 11 (CIV-KILL's risk factor): split on '│'.
cell=$(printf '%s\n' "$seen" | awk -F'│' '{print $14}')
[ "$cell" = "■R" ] || e2e_fail "factor 11 cell of XV01 is '$cell', want ■R: $seen"

s=$(e2e_screen)
# Regions sort by risk: XV01 (1 red) now sorts above the amber-only ones.
order=$(printf '%s\n' "$s" | grep -oE '^XV[0-9]+ ' | tr -d ' ' | tr '\n' ' ')
case $order in *XV01*XV04*XV06*) ;; *) e2e_fail "XV01 did not move above the amber-only regions: $order" ;; esac
# The selection followed the region, not the row number.
printf '%s\n' "$s" | grep -qE '^ XV01 Castavel Capital District  ·  factor' ||
    e2e_fail "the selection left XV01 after the update"
newpos=$(printf '%s\n' "$s" | sed -n '4,$p' | grep -nE '^XV[0-9]+ +│' | grep -E '^[0-9]+:XV01 ' | cut -d: -f1)
printf '%s\n' "$s" | tail -n 1 | grep -qF "$newpos of 12" ||
    e2e_fail "bottom bar position is not XV01's new row $newpos"
[ "$newpos" -lt "$pos" ] || e2e_fail "XV01 did not move up (was row $pos, now $newpos)"
# The top bar counts the new red alert.
red_after=$(red_count)
[ -n "$red_after" ] && [ "$red_after" -gt "$red_before" ] ||
    e2e_fail "top bar red count did not go up: $red_before -> $red_after"
e2e_pass
