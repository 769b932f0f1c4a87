# Two duty officers, two dashboards, one file (SPEC §5). Both edit the same
# partner: the second save is refused with who changed it, offers to load
# their version and keeps what was typed in view — nothing is lost
# silently. Two officers saving different records at the same moment both
# succeed.
. "$(dirname "$0")/lib.sh"

me=$(id -un)
vexport() { "$VIGIL" export "$@" --db "$E2E_DB"; }
# Partner NAME's field FIELD as exported (the default, non-sensitive export).
exported() {
    vexport partners -o "$E2E_DIR/partners.csv"
    sqlite3 :memory: -cmd ".import --csv $E2E_DIR/partners.csv p" \
        "select $2 from p where name = '$(printf %s "$1" | sed "s/'/''/g")'"
}
# Session S's screen as one line, frame characters and runs of spaces
# squeezed, so that text a dialog wrapped over two lines can be matched.
flat_in() {
    e2e_screen_in "$1" | sed 's/[│┌┐└┘─]/ /g' | tr -s ' \n' '  '
}
# Open partner NAME for editing in dashboard S (a = the first, session 0).
keys_to() { if [ "$1" = a ]; then shift; e2e_keys "$@"; else e2e_keys_in "$@"; fi; }
type_to() { if [ "$1" = a ]; then shift; e2e_type "$@"; else e2e_type_in "$@"; fi; }
wait_on() { if [ "$1" = a ]; then shift; e2e_wait "$@"; else e2e_wait_in "$@"; fi; }
gone_on() { if [ "$1" = a ]; then shift; e2e_gone "$@"; else e2e_gone_in "$@"; fi; }
edit_partner() {
    local s=$1 name=$2
    keys_to "$s" /
    keys_to "$s" C-u
    type_to "$s" "$name"
    keys_to "$s" Enter
    wait_on "$s" "1 of 1"
    keys_to "$s" e
    wait_on "$s" "Edit partner: $name"
}

e2e_demo_db
e2e_start
e2e_start_in b
for s in a b; do
    keys_to $s 2
    wait_on $s "Partners  ·"
done

# ---- the same record, the same field ----------------------------------------------
p="Tovreth Women's Mediation Circle"
[ "$(exported "$p" acronym)" = TWMC ] || e2e_fail "demo data changed: $p's acronym is not TWMC"
edit_partner a "$p"
edit_partner b "$p"
for s in a b; do
    wait_on $s "acronym  TWMC"
    keys_to $s Tab                      # name → acronym
    keys_to $s C-u
done
type_to a "TWMC-A"
type_to b "TWMC-B"
wait_on a "acronym  TWMC-A"
wait_on b "acronym  TWMC-B"
keys_to b Tab Tab Tab Tab Tab Tab Tab C-u  # the second also changes trust,
type_to b "2"                              # which the first never touches
wait_on b "trust  2"
keys_to a Tab Tab C-u                   # the first also changes sectors,
type_to a "mediation;e2e"               # which the second never touches
wait_on a "sectors  mediation;e2e"
e2e_keys Enter                          # the first saves
e2e_wait "Saved the partner"
e2e_gone "Edit partner"
[ "$(exported "$p" acronym)" = TWMC-A ] || e2e_fail "the first save is not in the file"
e2e_keys_in b Enter                     # the second saves over a changed row
e2e_wait_in b "Changed meanwhile"
flat_in b | grep -qF "changed by $me" || {
    e2e_screen_in b >&2
    e2e_fail "the conflict question does not say who changed the record (changed by $me)"
}
# Refused: the file still holds the first officer's value.
[ "$(exported "$p" acronym)" = TWMC-A ] || e2e_fail "the second save overwrote the first: lost update"
e2e_keys_in b y                         # load their version
e2e_gone_in b "Changed meanwhile"
e2e_wait_in b "acronym  TWMC-A"         # their value in the field...
e2e_wait_in b "you typed: TWMC-B"       # ...and ours beside it
# A field the second officer never touched takes the first's value, with no
# "you typed" beside it: saving again must not put the old value back.
e2e_wait_in b "sectors  mediation;e2e"
e2e_screen_in b | grep -qF "you typed: mediation;protection;gbv" &&
    e2e_fail "an untouched field shows its old value as typed (saving would undo the other officer's change)"
e2e_wait_in b "$me saved it at"
e2e_wait_in b "both changed 1 field(s), theirs shown"
# A field only the second officer changed keeps what was typed.
e2e_wait_in b "trust  2"
e2e_screen_in b | grep -qF "Edit partner: $p" || e2e_fail "the form closed after reloading"
# The second officer decides to keep the first's value and leaves the form.
e2e_keys_in b Escape
e2e_wait_in b "Discard?"
e2e_keys_in b y
e2e_gone_in b "Edit partner"
[ "$(exported "$p" acronym)" = TWMC-A ] || e2e_fail "the final value is not the first officer's"
# The audit trail has the one update, by the first officer.
n=$(vexport audit | grep -c ",update,partners,$p,.*TWMC-A")
[ "$n" = 1 ] || e2e_fail "expected one audited update to TWMC-A, found $n"
vexport audit | grep -F ",update,partners,$p," | grep -qF TWMC-B && e2e_fail "the refused save was audited"

# Declining the reload keeps the form as typed, and a second Enter is
# refused again rather than saved blindly.
edit_partner a "$p"
edit_partner b "$p"
for s in a b; do
    keys_to $s Tab
    keys_to $s C-u
done
type_to a "TWMC-A2"
type_to b "TWMC-B2"
wait_on b "acronym  TWMC-B2"
e2e_keys Enter
e2e_wait "Saved the partner"
e2e_gone "Edit partner"
e2e_keys_in b Enter
e2e_wait_in b "Changed meanwhile"
e2e_keys_in b n
e2e_gone_in b "Changed meanwhile"
e2e_wait_in b "acronym  TWMC-B2"
e2e_keys_in b Enter
e2e_wait_in b "Changed meanwhile"
[ "$(exported "$p" acronym)" = TWMC-A2 ] || e2e_fail "a declined reload let the second save through"
# Now load, and save over it knowingly: that is allowed.
e2e_keys_in b y
e2e_wait_in b "you typed: TWMC-B2"
e2e_keys_in b C-u                       # focus is on the acronym field still
e2e_type_in b "TWMC-B2"
e2e_keys_in b Enter
e2e_gone_in b "Edit partner"
[ "$(exported "$p" acronym)" = TWMC-B2 ] || e2e_fail "saving over the reloaded version failed"

# ---- different records, saved at the same moment ---------------------------------
round=1
for pair in "Kessa Valley Protection Network|Sellamar Relief Association" \
            "Sellamar Relief Association|Kessa Valley Protection Network"; do
    pa=${pair%%|*}
    pb=${pair#*|}
    edit_partner a "$pa"
    edit_partner b "$pb"
    for s in a b; do
        keys_to $s Tab
        keys_to $s C-u
    done
    type_to a "A$round"
    type_to b "B$round"
    wait_on a "acronym  A$round"
    wait_on b "acronym  B$round"
    e2e_keys Enter
    e2e_keys_in b Enter                 # back to back
    e2e_gone "Edit partner"
    e2e_gone_in b "Edit partner"
    e2e_screen | grep -qF "Not saved" && e2e_fail "first writer: not saved"
    e2e_screen_in b | grep -qF "Not saved" && e2e_fail "second writer: not saved"
    [ "$(exported "$pa" acronym)" = "A$round" ] || e2e_fail "round $round: $pa lost its change"
    [ "$(exported "$pb" acronym)" = "B$round" ] || e2e_fail "round $round: $pb lost its change"
    round=$((round + 1))
done

# What one officer saves shows on the other's dashboard without a keypress
# (the first dashboard is showing Sellamar Relief Association).
e2e_wait "acronym  A2"
edit_partner b "Sellamar Relief Association"
e2e_keys_in b Tab
e2e_keys_in b C-u
e2e_type_in b "SRA-LIVE"
e2e_keys_in b Enter
e2e_gone_in b "Edit partner"
e2e_wait "acronym  SRA-LIVE" 2

for s in a b; do keys_to $s q; done
sleep 0.3
e2e_alive && e2e_fail "the first dashboard did not quit"
e2e_alive_in b && e2e_fail "the second dashboard did not quit"
e2e_pass
