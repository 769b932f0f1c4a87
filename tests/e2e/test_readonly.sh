# --read-only: the top bar says so; the bottom bar and the help list none of
# the editing keys (add, edit, delete, observe, move, acknowledge, reveal);
# pressing them only explains why; the database is not written.
. "$(dirname "$0")/lib.sh"
e2e_demo_db

# Wait (up to 1 s) until the screen is no longer TEXT.
wait_change() {
    local i
    for ((i = 0; i < 50; i++)); do
        [ "$(e2e_screen)" != "$1" ] && return 0
        sleep 0.02
    done
}
# Every screen of the help, paged with PageDown until the last page.
read_help() {
    local all="" page last="" i
    e2e_keys '?'
    e2e_wait "Keys"
    for ((i = 0; i < 12; i++)); do
        page=$(e2e_screen)
        all="$all
$page"
        printf '%s\n' "$page" | grep -qE ' ([0-9]+)-([0-9]+) of \2 ' && break  # last page shown
        [ "$page" = "$last" ] && break
        last=$page
        e2e_keys NPage
        wait_change "$page"
    done
    e2e_keys Escape
    e2e_gone "Keys"
    printf '%s\n' "$all"
}
# Editing keys listed in help TEXT (lines "│ k  description").
help_keys_in() {
    local found="" k
    for k in a e d o m A v; do
        printf '%s\n' "$1" | grep -qE "│ $k +[a-z]" && found="$found $k"
    done
    printf '%s' "$found"
}
# Editing keys hinted in bottom-bar TEXT ("k word").
hint_keys_in() {
    local found="" h
    for h in "a add" "e edit" "d delete" "o observe" "m move" "A ack" "v reveal"; do
        printf '%s\n' "$1" | grep -qF -- " $h" && found="$found '$h'"
    done
    printf '%s' "$found"
}
bottom_bars() {
    local p all=""
    for p in 1:Risk 2:Partners 3:Inventory 4:Activities 5:Alerts 6:Audit 1:Risk; do
        e2e_keys "${p%%:*}"
        e2e_wait "${p#*:}  ·"
        all="$all
$(e2e_screen | tail -n 1)"
    done
    printf '%s\n' "$all"
}

# --- control: a writable dashboard lists them (so the probe works) -----------
e2e_start 80 24
e2e_wait "1 of 12"
found=$(help_keys_in "$(read_help)")
for k in a e d o m A v; do
    case $found in *"$k"*) ;; *) e2e_fail "control: the writable dashboard's help lacks $k (found:$found)" ;; esac
done
found=$(hint_keys_in "$(bottom_bars)")
case $found in *"'a add'"*) ;; *) e2e_fail "control: no 'a add' hint on the writable dashboard" ;; esac
e2e_screen | sed -n 1p | grep -qi "read-only" && e2e_fail "control: writable dashboard says read-only"
e2e_stop

# --- read-only ------------------------------------------------------------------
audit_before=$("$VIGIL" export audit --db "$E2E_DB" | wc -l)
cp "$E2E_DB" "$E2E_DIR/before.db"
e2e_start 80 24 -- --read-only
e2e_wait "1 of 12"
e2e_screen | sed -n 1p | grep -qi "read-only" || e2e_fail "the top bar does not say read-only"

help=$(read_help)
printf '%s\n' "$help" | grep -qF "show this help" || e2e_fail "help did not show"
printf '%s\n' "$help" | grep -qF "j/Down" || e2e_fail "help lacks the movement keys"
found=$(help_keys_in "$help")
[ -z "$found" ] || e2e_fail "read-only help lists editing keys:$found"

bars=$(bottom_bars)
found=$(hint_keys_in "$bars")
[ -z "$found" ] || e2e_fail "read-only bottom bar lists editing keys:$found"

e2e_alive || e2e_fail "dashboard died"
e2e_stop

# The keys themselves only explain, in the bottom bar; no form opens. Each
# in a fresh dashboard, since a message stays on the bottom bar a while.
try_key() {
    local panel=$1 header=$2 key=$3 last
    e2e_start 80 24 -- --read-only
    e2e_wait "1 of"
    e2e_keys "$panel"
    e2e_wait "$header"
    e2e_screen | tail -n 1 | grep -qF "?/F1 help" || e2e_fail "no key hints before pressing '$key'"
    e2e_keys "$key"
    e2e_wait "read-only:"
    last=$(e2e_screen | tail -n 1)
    printf '%s\n' "$last" | grep -qF "read-only" || e2e_fail "'$key' on panel $panel: no read-only message in the bottom bar"
    e2e_screen | grep -qF "Enter save" && e2e_fail "'$key' on panel $panel opened a form"
    e2e_alive || e2e_fail "dashboard died after '$key'"
    e2e_stop
}
try_key 1 "Risk  ·" a
try_key 1 "Risk  ·" o
try_key 1 "Risk  ·" e
try_key 2 "Partners  ·" e
try_key 2 "Partners  ·" d
try_key 2 "Partners  ·" v
try_key 3 "Inventory  ·" m
try_key 5 "Alerts  ·" A

cmp -s "$E2E_DB" "$E2E_DIR/before.db" || e2e_fail "the read-only dashboard changed the database file"
[ "$("$VIGIL" export audit --db "$E2E_DB" | wc -l)" = "$audit_before" ] || e2e_fail "the read-only dashboard wrote to the audit trail"
e2e_pass
