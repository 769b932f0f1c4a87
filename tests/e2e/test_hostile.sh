# Hostile data (SPEC §6): text columns carrying terminal escape sequences
# (OSC title set, clear screen, cursor-position query), CR, TAB, BEL, DEL,
# a C1 control, bidi override U+202E, zero-width U+200B, wide and combining
# characters. Invalid UTF-8 is refused with its line number; the rest
# imports. Whatever reaches a person (dashboard, snapshot, stderr, export to
# a terminal) shows visible escapes and keeps columns aligned; export to a
# file keeps the exact bytes.
. "$(dirname "$0")/lib.sh"
"$VIGIL" init --db "$E2E_DB" >/dev/null || e2e_fail "init failed"
D=$E2E_DIR
ESC=$'\033'
COMB=$'G e\xcc\x81 comb'   # e + U+0301 COMBINING ACUTE

# --- import ----------------------------------------------------------------
printf 'code,name\nXH01,"R\033[2Jgn\342\200\256x"\nXH02,"\347\224\260\344\270\255 wide"\n' >"$D/regions.csv"
"$VIGIL" import regions "$D/regions.csv" --db "$E2E_DB" >/dev/null 2>"$D/err" ||
    e2e_fail "hostile but valid regions were refused: $(cat -v "$D/err")"
{
    printf 'name,kind,region_code,contact_name,notes\n'
    printf '"A\033]0;pwned\007title",local_ngo,XH01,"tab\there","wipe\033[2Jscreen cr\rtab\tzw\342\200\213bidi\342\200\256end"\n'
    printf '"B\033[6nquery",cso,XH02,"bell\007x",\n'
    printf '"C\342\200\256bidi",media,,"zw\342\200\213x",\n'
    printf '"D\342\200\213zw",cso,,,\n'
    printf '"E\ttab\177del",other,XH01,,\n'
    printf '"F \346\235\261\344\272\254 wide",academic,XH02,"\351\253\230\346\251\213\351\201\224",\n'
    printf '"G e\314\201 comb",cso,,,"C1\302\233x"\n'
} >"$D/partners.csv"
"$VIGIL" import partners "$D/partners.csv" --db "$E2E_DB" >"$D/out" 2>"$D/err" ||
    e2e_fail "hostile but valid partners were refused: $(cat -v "$D/err")"
[ "$(grep -c "$ESC" "$D/out" "$D/err" | awk -F: '{s += $2} END {print s}')" = 0 ] ||
    e2e_fail "import printed a raw ESC"

# Invalid UTF-8 (in a file of its own) is refused with the line number, the
# message quotes nothing raw, and nothing of the file is imported.
{
    printf 'name,kind\n'
    printf 'Valid Before,cso\n'
    printf '"Bad\033]0;pwned\007\377\376name",cso\n'
    printf '"Evil\033[2J",spy\033]0;pwned\007\n'
} >"$D/bad.csv"
"$VIGIL" import partners "$D/bad.csv" --db "$E2E_DB" >"$D/out" 2>"$D/err"
rc=$?
[ $rc = 65 ] || e2e_fail "invalid UTF-8: exit $rc, want 65"
grep -q "bad.csv:3:.*UTF-8" "$D/err" || e2e_fail "no 'bad.csv:3: ... UTF-8' on stderr: $(cat -v "$D/err")"
[ "$(grep -c "$ESC" "$D/err")" = 0 ] || e2e_fail "stderr carries a raw ESC: $(cat -v "$D/err")"
[ "$(grep -c "$ESC" "$D/out")" = 0 ] || e2e_fail "stdout carries a raw ESC: $(cat -v "$D/out")"
LC_ALL=C grep -q $'\377' "$D/err" && e2e_fail "stderr carries the invalid byte"
"$VIGIL" export partners --db "$E2E_DB" | grep -q "Valid Before" &&
    e2e_fail "a row of the refused file was imported"

# --- snapshot: plain text, escapes visible, columns aligned -----------------
"$VIGIL" snapshot --panel partners --size 120x24 --db "$E2E_DB" >"$D/snap" 2>"$D/err" ||
    e2e_fail "snapshot failed: $(cat -v "$D/err")"
[ "$(grep -c "$ESC" "$D/snap")" = 0 ] || e2e_fail "snapshot output carries a raw ESC"
for b in $'\r' $'\a' $'\177' $'\t' $'\u202e' $'\u200b' $'\u009b'; do
    grep -qF -- "$b" "$D/snap" && e2e_fail "snapshot output carries a raw $(printf '%s' "$b" | od -An -c)"
done
for v in 'A^[]0;pwned^Gtitle' 'B^[[6nquery' 'C<U+202E>bidi' 'D<U+200B>zw' 'E^Itab^?del' \
         'F 東京 wide' "$COMB" 'tab^Ihere' 'bell^Gx' 'zw<U+200B>x' '高橋達'; do
    grep -qF -- "$v" "$D/snap" || e2e_fail "snapshot does not show: $v"
done
e2e_check_aligned "$(sed -n '3,/^──/p' "$D/snap")" "snapshot" 7

# --- export: to a terminal sanitised, to a file exact ------------------------

"$VIGIL" export partners -o "$D/exp.csv" --db "$E2E_DB" || e2e_fail "export -o failed"
grep -qF -- $'A\033]0;pwned\007title' "$D/exp.csv" || e2e_fail "export -o did not keep the exact bytes (OSC)"
grep -qF -- $'B\033[6nquery' "$D/exp.csv" || e2e_fail "export -o did not keep the exact bytes (CSI 6n)"
grep -qF -- $'cr\rtab\tzw\u200bbidi\u202eend' "$D/exp.csv" || e2e_fail "export -o did not keep the exact bytes (notes)"
"$VIGIL" export partners --db "$E2E_DB" >"$D/exp-pipe.csv" || e2e_fail "export to a file failed"
cmp -s "$D/exp.csv" "$D/exp-pipe.csv" || e2e_fail "export to stdout (a file) differs from export -o"

: >"$D/tty.bytes"
tm new-session -d -x 200 -y 30 -e TERM=screen-256color \
    "sh -c 'while [ ! -e $D/go ]; do sleep 0.02; done; $VIGIL export partners --db $E2E_DB; echo; echo EXPORT-DONE; sleep 60'" ||
    e2e_fail "tmux would not start"
tm pipe-pane -t 0 -o "cat >> $D/tty.bytes" || e2e_fail "pipe-pane failed"
touch "$D/go"
e2e_wait "EXPORT-DONE"
for ((i = 0; i < 100; i++)); do grep -qF "EXPORT-DONE" "$D/tty.bytes" && break; sleep 0.02; done
grep -qF "EXPORT-DONE" "$D/tty.bytes" || e2e_fail "the terminal byte capture is incomplete"
[ "$(grep -c "$ESC" "$D/tty.bytes")" = 0 ] ||
    e2e_fail "export to a terminal wrote a raw ESC: $(grep -a "$ESC" "$D/tty.bytes" | cat -v | head -3)"
e2e_wait 'A^[]0;pwned^Gtitle'
[ "$(tm display-message -p -t 0 '#{pane_title}')" != "pwned" ] || e2e_fail "export set the terminal title"
e2e_stop   # the export terminal; the dashboard gets a fresh server

# --- the dashboard ------------------------------------------------------------
e2e_start 80 24
e2e_keys 2
e2e_wait "Partners  ·"
e2e_wait "1 of 7"
s=$(e2e_screen)
for v in 'A^[]0;pwned^Gtitle' 'B^[[6nquery' 'C<U+202E>bidi' 'D<U+200B>zw' 'E^Itab^?del' \
         'F 東京 wide' "$COMB"; do
    printf '%s\n' "$s" | grep -qF -- "$v" || e2e_fail "dashboard does not show: $v"
done
e2e_check_aligned "$(printf '%s\n' "$s" | sed -n '3,/^──/p')" "dashboard 80x24" 7
[ "$(tm display-message -p -t 0 '#{pane_title}')" != "pwned" ] || e2e_fail "the OSC title sequence reached the terminal"
e2e_alive || e2e_fail "dashboard died"

# The hostile region on the Risk panel.
e2e_keys 1
e2e_wait "R^[[2Jgn<U+202E>x"
e2e_wait "田中 wide"
e2e_keys 2
e2e_wait "1 of 7"

# Wider: the detail pane shows the whole first record, notes included.
e2e_resize 200 30
e2e_wait "notes  wipe^[[2Jscreen cr^Mtab^Izw<U+200B>bidi<U+202E>end"
e2e_check_aligned "$(e2e_screen | sed -n '3,10p')" "dashboard 200x30" 7

# Moving through the rows: each record's detail, and every row still drawn
# (the rows are the same records in the same order, only the highlight moves).
all_rows_shown() {
    local s v
    s=$(e2e_screen)
    for v in 'A^[]0;pwned^Gtitle' 'B^[[6nquery' 'C<U+202E>bidi' 'D<U+200B>zw' 'E^Itab^?del' 'F 東京 wide' "$COMB"; do
        printf '%s\n' "$s" | grep -qF -- "$v" || e2e_fail "after moving the selection ($1) the table no longer shows row: $v"
    done
    e2e_check_aligned "$(printf '%s\n' "$s" | sed -n '3,10p')" "dashboard 200x30 after moving ($1)" 7
}
e2e_keys j
e2e_wait "2 of 7"
e2e_wait "contact_name  bell^Gx"
all_rows_shown j
e2e_keys G
e2e_wait "7 of 7"
e2e_wait "notes  C1<U+009B>x"
all_rows_shown G
[ "$(tm display-message -p -t 0 '#{pane_title}')" != "pwned" ] || e2e_fail "the OSC title sequence reached the terminal"
e2e_pass
