# Resizing the terminal: 80x24 -> 200x60 -> 60x20 (too small) -> 80x24.
# At every size the layout is whole: the top bar with the six tab numbers,
# the alert counts and the clock; the panel header; the table; a rule the
# full width of the screen; the bottom bar with key hints and the position.
# Below 80x24 the "terminal too small" screen names both sizes instead.
# The selection survives every resize.
. "$(dirname "$0")/lib.sh"
e2e_demo_db
e2e_start 80 24
e2e_wait "1 of 12"
e2e_keys j                      # select the second region: must survive resizes
e2e_wait "2 of 12"
second=$(e2e_screen | sed -n 5p | cut -d' ' -f1)   # row 2 of the table
case $second in XV[0-9]*) ;; *) e2e_fail "no region code on the second table row: '$second'" ;; esac

# Why the screen is not (yet) a proper COLSxROWS dashboard, or nothing.
layout_problem() {
    local cols=$1 rows=$2 s n line l rule="" i
    s=$(e2e_screen)
    n=$(printf '%s\n' "$s" | wc -l)
    [ "$n" -eq "$rows" ] || { echo "screen has $n lines, want $rows"; return; }
    while IFS= read -r l; do
        [ ${#l} -le "$cols" ] || { echo "a line is ${#l} columns wide (> $cols): $l"; return; }
    done <<<"$s"
    line=$(printf '%s\n' "$s" | sed -n 1p)
    case $line in *vigil*) ;; *) echo "top bar lacks the product name"; return ;; esac
    for i in 1 2 3 4 5 6; do
        printf '%s\n' "$line" | grep -qE "(^| )$i( |$)" || { echo "top bar lacks tab number $i"; return; }
    done
    printf '%s\n' "$line" | grep -qE 'R[0-9]+ .*A[0-9]+' || { echo "top bar lacks the red/amber counts"; return; }
    printf '%s\n' "$line" | grep -qE ' [0-2][0-9]:[0-5][0-9]$' || { echo "top bar does not end with the clock"; return; }
    line=$(printf '%s\n' "$s" | sed -n 2p)
    case $line in " Risk  ·  regions by overall risk"*) ;; *) echo "line 2 is not the panel header"; return ;; esac
    line=$(printf '%s\n' "$s" | sed -n 3p)
    case $line in "Region │Name"*"│Score"*"│14") ;; *) echo "line 3 is not the whole matrix header"; return ;; esac
    for ((i = 0; i < cols; i++)); do rule="$rule─"; done
    printf '%s\n' "$s" | grep -qxF -- "$rule" || { echo "no rule spanning all $cols columns"; return; }
    line=$(printf '%s\n' "$s" | sed -n "${rows}p")
    case $line in " ?/F1 help  Tab panel  "*"2 of 12") ;; *) echo "last line is not the bottom bar with hints and '2 of 12'"; return ;; esac
    printf '%s\n' "$s" | grep -qE "^ $second " || { echo "detail header is not for the selected region $second"; return; }
    printf '%s\n' "$s" | grep -qF "Terminal too small" && { echo "still says too small"; return; }
}

# Wait (up to 3 s) until the layout is right for COLS x ROWS.
expect_layout() {
    local why i
    for ((i = 0; i < 150; i++)); do
        why=$(layout_problem "$1" "$2")
        [ -z "$why" ] && return 0
        sleep 0.02
    done
    e2e_fail "at $1x$2: $why"
}

expect_layout 80 24
e2e_screen | sed -n 1p | grep -qF "2 Partners" &&
    e2e_fail "at 80 columns the tab names should be abbreviated (the full ones do not fit)"

e2e_resize 200 60
e2e_wait "2 Partners"
expect_layout 200 60
top=$(e2e_screen | sed -n 1p)
for name in "1 Risk" "2 Partners" "3 Inventory" "4 Activities" "5 Alerts" "6 Audit"; do
    printf '%s\n' "$top" | grep -qF -- "$name" || e2e_fail "at 200x60 the top bar lacks '$name'"
done
# Every one of the 12 regions fits now, and the detail is not cut.
for r in XV01 XV02 XV03 XV0301 XV04 XV05 XV0501 XV06 XV07 XV08 XV09 XV10; do
    e2e_screen | grep -qE "^$r +│" || e2e_fail "at 200x60 region $r is not listed"
done
e2e_screen | grep -qF "amber >=5000  red >=6500" || e2e_fail "at 200x60 the indicator line is still cut"

e2e_resize 60 20
e2e_wait "Terminal too small"
e2e_wait "60×20"
s=$(e2e_screen)
printf '%s\n' "$s" | grep -qF "need 80×24" || e2e_fail "too-small screen does not name the minimum 80×24"
printf '%s\n' "$s" | grep -qF "│" && e2e_fail "too-small screen still shows parts of the layout"
printf '%s\n' "$s" | grep -qF "?/F1 help" && e2e_fail "too-small screen still shows the bottom bar"
[ "$(e2e_screen | wc -l)" -eq 20 ] || e2e_fail "too-small screen is not 20 lines"
e2e_alive || e2e_fail "dashboard died at 60x20"

e2e_resize 80 24
e2e_gone "Terminal too small"
expect_layout 80 24
e2e_alive || e2e_fail "dashboard died"

# q on the too-small screen never throws away a form's unsaved input at
# once (there is no room to ask): the screen says so, and a second q quits;
# with nothing typed one q quits as usual.
e2e_keys 2 a
e2e_wait "New partner"
e2e_type "Half-typed Partner"
e2e_wait "Half-typed Partner"           # all of it in before the screen shrinks
e2e_resize 60 20
e2e_wait "Terminal too small"
e2e_wait "unsaved input"
e2e_keys q
e2e_wait "Press q again to quit"
e2e_alive || e2e_fail "q on the too-small screen quit over unsaved input"
e2e_keys x                              # another key: q must be pressed twice in a row
e2e_wait "enlarge to go on"
e2e_resize 80 24
e2e_wait "Half-typed Partner"
e2e_resize 60 20
e2e_wait "unsaved input"
e2e_keys q q
sleep 0.3
e2e_alive && e2e_fail "q twice on the too-small screen did not quit"
e2e_stop
e2e_start 80 24
e2e_keys 2
e2e_wait "Partners  ·"
e2e_resize 60 20
e2e_wait "Terminal too small"
e2e_screen | grep -qF "unsaved input" && e2e_fail "the too-small screen speaks of input nobody typed"
e2e_keys q
sleep 0.3
e2e_alive && e2e_fail "q on the too-small screen did not quit with nothing typed"
e2e_pass
