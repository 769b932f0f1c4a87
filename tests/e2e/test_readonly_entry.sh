# --read-only and data entry: every editing key (a e d on the lists, m on
# Inventory, A on Alerts, o a e on Risk, v on Partners) is refused with a
# clear message, no form or question opens, the hints and help do not offer
# them, and the file is left exactly as it was.
. "$(dirname "$0")/lib.sh"

vexport() { "$VIGIL" export "$@" --db "$E2E_DB"; }
msg="opened with --read-only"

e2e_demo_db
for t in partners resources alerts audit; do vexport "$t" >"$E2E_DIR/$t.before"; done

# Each key on a dashboard of its own, so that the message seen is the one
# this key produced.
n=0
refuses() {
    local panel=$1 title=$2 key=$3 form=$4 s
    n=$((n + 1))
    s="k$n"
    e2e_start_in "$s" -- --read-only
    e2e_wait_in "$s" "vigil (read-only)"
    e2e_keys_in "$s" "$panel"
    e2e_wait_in "$s" "$title"
    e2e_screen_in "$s" | grep -qF "$msg" && e2e_fail "[$s] the read-only message shows before any key"
    e2e_keys_in "$s" "$key"
    e2e_wait_in "$s" "$msg" 2
    sleep 0.2
    e2e_screen_in "$s" | grep -qF -- "$form" && e2e_fail "[$s] $key on panel $panel opened '$form' in read-only mode"
    e2e_screen_in "$s" | grep -qF "[y] yes" && e2e_fail "[$s] $key on panel $panel asked a question in read-only mode"
    e2e_keys_in "$s" q
}

refuses 2 "Partners  ·" a "New partner"
refuses 2 "Partners  ·" e "Edit partner"
refuses 2 "Partners  ·" d "Delete"
refuses 3 "Inventory  ·" a "New resource"
refuses 3 "Inventory  ·" m "Stock movement"
refuses 4 "Activities  ·" e "Edit activity"
refuses 5 "Alerts  ·" A "Acknowledge alert"
refuses 1 "Risk  ·" o "New observation"
refuses 1 "Risk  ·" a "Add what?"
refuses 1 "Risk  ·" e "Edit what?"
refuses 2 "Partners  ·" v "Contact details shown"

# The hints and the help offer none of them.
e2e_start -- --read-only
e2e_wait "vigil (read-only)"
for p in 1:Risk 2:Partners 3:Inventory 4:Activities 5:Alerts; do
    e2e_keys "${p%%:*}"
    e2e_wait "${p#*:}  ·"
    sleep 0.1
    bar=$(e2e_screen | tail -1)
    for h in "a add" "e edit" "o observe" "m move" "A ack" "v reveal"; do
        printf '%s\n' "$bar" | grep -qF -- "$h" && e2e_fail "read-only hints offer '$h' on ${p#*:}: $bar"
    done
done
help=$(e2e_help_text)
for h in "add a record" "edit the selected record" "delete the selected record" "record a stock movement" \
         "acknowledge the selected alert" "add an observation" "reveal masked contact"; do
    printf '%s\n' "$help" | grep -qF -- "$h" && e2e_fail "read-only help lists: $h"
done
printf '%s\n' "$help" | grep -qF "next panel" || e2e_fail "the help did not open properly"
e2e_keys Escape
e2e_gone "Keys"
# A sensitive contact stays masked.
e2e_keys 2 /
e2e_type "Safe Testimony"
e2e_keys Enter
e2e_wait "1 of 1"
e2e_wait "contact_name  ••••"
e2e_keys v
e2e_wait "$msg"
e2e_wait "contact_name  ••••"
e2e_keys q
sleep 0.3
e2e_alive && e2e_fail "q did not quit"

# Nothing was written: not a row, not an audit entry.
for t in partners resources alerts audit; do
    vexport "$t" | cmp -s - "$E2E_DIR/$t.before" || e2e_fail "the $t table changed under --read-only"
done
e2e_pass
