# The escape corpus on a real terminal (SPEC §6). Hostile values — OSC 0
# (title), OSC 8 (hyperlink), OSC 52 (clipboard), DCS DECRQSS, CSI 21 t,
# CSI 6n, the bracketed-paste end, clear screen, SGR, BEL/BS/TAB/DEL, C1
# CSI and OSC (U+009B, U+009D), bidi overrides, embeddings and isolates,
# zero-width characters, wide characters and 10,000 combining marks — go
# into every text column of every importable table. Each carries a unique
# marker (PWN1, PWN2, ...) right after its escape, so that a sequence that
# came from data can be told from ncurses' own.
#
# Then, for `vigil snapshot` of all six panels at 200x60, the live
# dashboard in tmux (every byte it sends to the terminal, captured with
# pipe-pane, while every panel and every detail is visited), `vigil export`
# to a terminal, `vigil alerts` and the stderr of a failing import:
#   - no raw escape sequence from data reaches the terminal, no C1 control
#     (encoded or raw) and no bidi control;
#   - the escapes are visible instead ("^[]0;PWN1^G", "<U+009B>6nPWN8");
#   - no field spills into another cell: every table row's '│' separators
#     sit in the same display columns as the header's;
#   - the pane's title was never set by data.
# `vigil export` to a file keeps the exact bytes.
E2E_TIMEOUT=${E2E_TIMEOUT:-240}
. "$(dirname "$0")/lib.sh"
export VIGIL_NOW=2026-11-20T12:00:00Z
# CORPUS_KEEP=DIR keeps the scratch files (inputs, captures) for a look.
[ -n "${CORPUS_KEEP:-}" ] && trap 'rm -rf "$CORPUS_KEEP"; cp -r "$E2E_DIR" "$CORPUS_KEEP"; e2e_cleanup' EXIT
"$VIGIL" init --db "$E2E_DB" >/dev/null || e2e_fail "init failed"
D=$E2E_DIR
ESC=$'\033'

# ---- the corpus -----------------------------------------------------------------
N=18
H=()
H[1]=$'XQZ1\033]0;PWN1\aT'                             # OSC 0: set the title
H[2]=$'XQZ2\033]8;;http://PWN2.example/\033\\link\033]8;;\033\\'  # OSC 8 link
H[3]=$'XQZ3\033]52;c;UFdOMw==\a'                       # OSC 52: set the clipboard
H[4]=$'XQZ4\033P$qPWN4\033\\'                          # DCS DECRQSS
H[5]=$'XQZ5\033[21tPWN5'                               # CSI 21 t: report the title
H[6]=$'XQZ6\033[6nPWN6'                                # CSI 6n: report the cursor
H[7]=$'XQZ7\033[201~PWN7'                              # bracketed paste end
H[8]=$'XQZ8\xc2\x9b6nPWN8'                             # C1 CSI (U+009B) 6n
H[9]=$'XQZ9\xc2\x9d0;PWN9\xc2\x9c'                     # C1 OSC ... ST
H[10]=$'XQZ10\xe2\x80\xaePWN10'                        # RLO
H[11]=$'XQZ11\xe2\x81\xa6PWN11\xe2\x81\xa9'            # LRI ... PDI
H[12]=$'XQZ12\xe2\x80\x8bPWN12\xe2\x80\x8d'            # ZWSP, ZWJ
H[13]=$'XQZ13\033[2J\033[HPWN13'                       # clear screen, home
H[14]=$'XQZ14\033[31;5mPWN14\033[0m'                   # SGR: red, blinking
H[15]=$'XQZ15\a\b\tPWN15\x7f'                          # BEL BS TAB DEL
H[16]=$'XQZ16\xe2\x80\xaaPWN16\xe2\x80\xac'            # LRE ... PDF
H[17]="XQZ17e$(printf '\xcc\x81%.0s' $(seq 10000))"     # 10,000 combining marks
H[18]=$'XQZ18\xe7\x94\xb0\xe4\xb8\xad PWN18'           # wide characters
# Raw sequences that must never reach a terminal, and what must be seen.
RAW=($'\033]0;PWN1' $'\033]8;;http://PWN2' $'\033]52;c;UFdOMw' $'\033P$qPWN4' $'\033[21tPWN5' $'\033[6nPWN6'
     $'\033[201~PWN7' $'\xc2\x9b6nPWN8' $'\x9b6nPWN8' $'\xc2\x9d0;PWN9' $'\x9d0;PWN9' $'\033[2J\033[HPWN13'
     $'\033[31;5mPWN14' $'\a\b\tPWN15' $'\xe2\x80\xaePWN10' $'\xe2\x81\xa6PWN11' $'\xe2\x80\x8bPWN12'
     $'\xe2\x80\xaaPWN16')
SEEN=('XQZ1^[]0;PWN1^GT' 'XQZ2^[]8;;http://PWN2.example/^[\link' 'XQZ3^[]52;c;UFdOMw==^G' 'XQZ4^[P$qPWN4^[\'
      'XQZ5^[[21tPWN5' 'XQZ6^[[6nPWN6' 'XQZ7^[[201~PWN7' 'XQZ8<U+009B>6nPWN8' 'XQZ9<U+009D>0;PWN9<U+009C>'
      'XQZ10<U+202E>PWN10' 'XQZ11<U+2066>PWN11<U+2069>' 'XQZ12<U+200B>PWN12<U+200D>' 'XQZ13^[[2J^[[HPWN13'
      'XQZ14^[[31;5mPWN14^[[0m' 'XQZ15^G^H^IPWN15^?' 'XQZ16<U+202A>PWN16<U+202C>' 'XQZ18田中 PWN18')

# One CSV field, quoted (RFC 4180).
q() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }
# A multi-line value: the corpus value, CR LF, a second line.
ml() { printf '%s\r\nsecond line %s' "$1" "${1:0:5}"; }

{
    echo "code,name,parent_code,population"
    for i in $(seq $N); do echo "$(q "${H[$i]}"),$(q "${H[$i]}"),,$((i * 1000))"; done
} >"$D/regions.csv"
{
    echo "code,name,risk_factor,unit,direction,aggregate,window_days,amber,red"
    for i in $(seq $N); do
        echo "$(q "${H[$i]}"),$(q "${H[$i]}"),$(( (i - 1) % 14 + 1 )),$(q "${H[$i]}"),up,latest,7,1,5"
    done
} >"$D/indicators.csv"
{
    echo "name,acronym,kind,sectors,region_code,contact_name,phone,email,trust,last_contact,sensitive,notes"
    for i in $(seq $N); do
        echo "$(q "${H[$i]}"),$(q "${H[$i]:0:12}"),cso,,$(q "${H[$i]}"),$(q "${H[$i]}"),,,3,2026-09-01,0,$(q "$(ml "${H[$i]}")")"
    done
} >"$D/partners.csv"
{
    echo "code,name,category,unit,region_code,site,quantity,minimum,owner,status,expiry"
    for i in $(seq $N); do
        echo "$(q "${H[$i]}"),$(q "${H[$i]}"),other,$(q "${H[$i]}"),$(q "${H[$i]}"),$(q "${H[$i]}"),1,5,$(q "${H[$i]}"),available,2026-11-25"
    done
} >"$D/resources.csv"
{
    echo "resource_code,delta,reason,at,note"
    for i in $(seq $N); do
        echo "$(q "${H[$i]}"),1,received,2026-11-21T00:00:$(printf %02d "$i")Z,$(q "$(ml "${H[$i]}")")"
    done
} >"$D/movements.csv"
{
    echo "code,title,kind,region_code,lead_partner,status,start_date,end_date,target,reached,outcome,notes"
    for i in $(seq $N); do
        echo "$(q "${H[$i]}"),$(q "${H[$i]}"),other,$(q "${H[$i]}"),$(q "${H[$i]}"),ongoing,2026-01-01,2026-10-01,100,10,$(q "$(ml "${H[$i]}")"),$(q "$(ml "${H[$i]}")")"
    done
} >"$D/activities.csv"
{
    echo "region_code,indicator_code,observed_at,value,source,verification,sensitive,note"
    for i in $(seq $N); do
        echo "$(q "${H[$i]}"),$(q "${H[$i]}"),2026-11-19T10:00:00Z,$((i % 3 * 3)),$(q "${H[$i]}"),unverified,0,$(q "$(ml "${H[$i]}")")"
    done
} >"$D/observations.csv"

# ---- checks on text a person reads -----------------------------------------------
# $1: file, $2: what it is. No ESC, valid UTF-8, no C1 (encoded or raw), no
# bidi or zero-width control, no raw marker sequence.
assert_plain_safe() {
    local f=$1 what=$2 r
    LC_ALL=C grep -q "$ESC" "$f" && e2e_fail "$what carries a raw ESC: $(LC_ALL=C grep -a "$ESC" "$f" | head -2 | cat -v)"
    iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || e2e_fail "$what is not valid UTF-8 (a raw C1 or invalid byte)"
    LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$f" && e2e_fail "$what carries a C1 control (U+0080-U+009F)"
    LC_ALL=C grep -qP '\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$f" &&
        e2e_fail "$what carries a raw bidi or zero-width control"
    assert_no_raw "$f" "$what"
}
# No raw marker sequence in file $1 (a terminal stream may hold ncurses' own
# escapes, never these).
assert_no_raw() {
    local f=$1 what=$2 r
    for r in "${RAW[@]}"; do
        LC_ALL=C grep -qaF -- "$r" "$f" && e2e_fail "$what: a raw sequence from data reached it: $(printf '%s' "$r" | cat -v)"
    done
    LC_ALL=C grep -qaP '\xc2[\x80-\x9f]' "$f" && e2e_fail "$what carries an encoded C1 control"
    return 0
}
# ---- import ---------------------------------------------------------------------
for t in regions indicators partners resources movements activities observations; do
    "$VIGIL" import $t "$D/$t.csv" --db "$E2E_DB" >"$D/out" 2>"$D/err" ||
        e2e_fail "the corpus was refused by import $t: $(cat -v "$D/err")"
    assert_plain_safe "$D/out" "import $t stdout"
    assert_plain_safe "$D/err" "import $t stderr"
done
# Again with changed notes and sites: the audit trail records the hostile
# before and after values row by row.
sed 's/second line/third line/' "$D/partners.csv" >"$D/partners2.csv"
"$VIGIL" import partners "$D/partners2.csv" --db "$E2E_DB" >/dev/null 2>"$D/err" ||
    e2e_fail "re-import failed: $(cat -v "$D/err")"

# A failing import: hostile values in bad columns, and invalid UTF-8.
{
    echo "name,kind,trust,last_contact"
    for i in 1 5 6 8 10 13; do echo "$(q "${H[$i]}-new"),$(q "${H[$i]}"),$(q "${H[$i]}"),$(q "${H[$i]}")"; done
    printf '"XQZ-bad\033]0;PWN1\a\xff\xfe",cso,,\n'
    printf '"XQZ-c1\x9b6nPWN8",cso,,\n'
} >"$D/bad.csv"
"$VIGIL" import partners "$D/bad.csv" --db "$E2E_DB" >"$D/out" 2>"$D/err"
rc=$?
[ $rc = 65 ] || e2e_fail "failing import: exit $rc, want 65"
assert_plain_safe "$D/err" "failing import stderr"
assert_plain_safe "$D/out" "failing import stdout"
grep -qF "bad.csv:2: kind: 'XQZ1^[]0;PWN1^GT' is not one of" "$D/err" ||
    e2e_fail "stderr does not quote the bad kind visibly: $(cat -v "$D/err" | head -5)"
grep -q "bad.csv:8:.*UTF-8" "$D/err" || e2e_fail "no 'bad.csv:8: ... UTF-8' on stderr"
grep -q "bad.csv:9:.*UTF-8" "$D/err" || e2e_fail "no 'bad.csv:9: ... UTF-8' (raw C1 byte) on stderr"
"$VIGIL" export partners --db "$E2E_DB" | grep -qF "XQZ1-new" && e2e_fail "a row of the refused file was imported"

# ---- export to a file: exact bytes ----------------------------------------------
"$VIGIL" export partners --include-sensitive -o "$D/exp.csv" --db "$E2E_DB" || e2e_fail "export -o failed"
for i in 1 2 3 4 6 7 8 9 10 13 15; do
    grep -qF -- "${H[$i]}" "$D/exp.csv" || e2e_fail "export -o lost the exact bytes of value $i"
done
# What the CSV test fixture wrote is what comes back (the second import's notes).
"$VIGIL" import partners "$D/exp.csv" --db "$E2E_DB" --dry-run >"$D/out" 2>"$D/err" ||
    e2e_fail "the export does not import: $(cat -v "$D/err")"
grep -q " 0 inserted, 0 updated" "$D/out" || e2e_fail "importing the export would change rows: $(cat "$D/out")"

# ---- vigil alerts (text for people) ---------------------------------------------
"$VIGIL" alerts --all --db "$E2E_DB" >"$D/alerts" 2>"$D/err"
rc=$?
[ $rc = 1 ] || [ $rc = 2 ] || e2e_fail "vigil alerts: exit $rc, want 1 or 2 (amber/red open): $(cat -v "$D/err")"
assert_plain_safe "$D/alerts" "vigil alerts"
assert_plain_safe "$D/err" "vigil alerts stderr"
grep -qF 'XQZ1^[]0;PWN1^GT' "$D/alerts" || e2e_fail "vigil alerts does not show the hostile subject visibly"
grep -qF 'XQZ10<U+202E>PWN10' "$D/alerts" || e2e_fail "vigil alerts does not show the RLO visibly"

# ---- snapshots of every panel at 200x60 ------------------------------------------
for panel in risk partners inventory activities alerts audit; do
    "$VIGIL" snapshot --panel $panel --size 200x60 --db "$E2E_DB" >"$D/snap-$panel" 2>"$D/err" ||
        e2e_fail "snapshot $panel failed: $(cat -v "$D/err")"
    assert_plain_safe "$D/snap-$panel" "snapshot $panel"
    [ "$(wc -l <"$D/snap-$panel")" = 60 ] || e2e_fail "snapshot $panel is not 60 lines"
    while IFS= read -r l; do
        [ "$(printf '%s' "$l" | wc -L)" -le 200 ] || e2e_fail "snapshot $panel: a line is wider than 200: $l"
    done <"$D/snap-$panel"
    e2e_check_aligned "$(cat "$D/snap-$panel")" "snapshot $panel" 8
done
for v in "${SEEN[@]}"; do
    cat "$D"/snap-* | grep -qF -- "$v" || e2e_fail "no snapshot shows: $v"
done
for v in 'XQZ1^[]0;PWN1^GT' 'XQZ8<U+009B>6nPWN8' 'XQZ10<U+202E>PWN10' $'XQZ17e\xcc\x81'; do
    for panel in partners inventory activities; do
        grep -qF -- "$v" "$D/snap-$panel" || e2e_fail "snapshot $panel does not show: $v"
    done
done
grep -qF 'XQZ1^[]0;PWN1^GT' "$D/snap-risk" || e2e_fail "the Risk panel does not show the hostile region"
grep -qF 'XQZ1^[]0;PWN1^GT' "$D/snap-alerts" || e2e_fail "the Alerts panel does not show the hostile subject"
grep -qF 'XQZ1^[]0;PWN1^GT' "$D/snap-audit" || e2e_fail "the Audit panel does not show the hostile row"

# ---- the live dashboard, every byte it writes ------------------------------------
: >"$D/tty.bytes"
tm new-session -d -x 200 -y 60 -e TERM=screen-256color \
    "sh -c 'while [ ! -e $D/go ]; do sleep 0.02; done; exec env TERM=tmux-256color $VIGIL --db $E2E_DB'" ||
    e2e_fail "tmux would not start"
tm pipe-pane -t 0 -o "cat >> $D/tty.bytes" || e2e_fail "pipe-pane failed"
touch "$D/go"
e2e_wait "Risk  ·" 10
screens="$D/screens"
: >"$screens"
grab() { e2e_screen >>"$screens"; }
# Risk: every row and a few factor columns, the region's detail.
e2e_wait "XQZ1^[]0;PWN1^GT"
grab
for i in $(seq $N); do e2e_keys j; done
grab
for i in 1 2 3 4 5; do e2e_keys l; done
grab
e2e_keys Enter
sleep 0.2
grab
e2e_keys Enter g
# The list panels: every row, each with its detail pane, then full detail.
for p in "2:Partners  ·" "3:Inventory  ·" "4:Activities  ·" "5:Alerts  ·" "6:Audit  ·"; do
    e2e_keys "${p%%:*}"
    e2e_wait "${p#*:}"
    e2e_keys g
    sleep 0.2
    grab
    for i in $(seq 12); do
        e2e_keys j
        sleep 0.05
        grab
    done
    e2e_keys Enter
    sleep 0.2
    grab
    e2e_keys j j j
    sleep 0.2
    grab
    e2e_keys Enter
    sleep 0.3
    e2e_check_aligned "$(e2e_screen)" "dashboard panel ${p#*:}" 8
done
e2e_keys 1
e2e_wait "Risk  ·"
sleep 0.3
e2e_alive || e2e_fail "the dashboard died"
[ "$(tm display-message -p -t 0 '#{pane_title}' | grep -c PWN)" = 0 ] || e2e_fail "data set the terminal title"
e2e_keys q
sleep 0.3
tm pipe-pane -t 0 2>/dev/null
[ -s "$D/tty.bytes" ] || e2e_fail "nothing was captured from the terminal"
LC_ALL=C grep -qaF "$ESC[" "$D/tty.bytes" || e2e_fail "the capture holds no ncurses output at all"
assert_no_raw "$D/tty.bytes" "the dashboard's terminal output"
# ncurses itself (TERM=tmux-256color) sends CSI sequences and charset
# selections only: any OSC, DCS, cursor or title report request, or paste
# end in the stream came from data, marked or not.
for r in $'\033]' $'\033P' $'\033[6n' $'\033[21t' $'\033[201~' $'\033[2J'; do
    LC_ALL=C grep -qaF -- "$r" "$D/tty.bytes" &&
        e2e_fail "the dashboard wrote $(printf '%s' "$r" | cat -v) (ncurses never does: it came from data)"
done
LC_ALL=C grep -qaP '\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$D/tty.bytes" &&
    e2e_fail "the dashboard wrote a raw bidi or zero-width control"
for v in 'XQZ1^[]0;PWN1^GT' 'XQZ6^[[6nPWN6' 'XQZ8<U+009B>6nPWN8' 'XQZ10<U+202E>PWN10' 'XQZ13^[[2J^[[HPWN13'; do
    grep -qF -- "$v" "$screens" || e2e_fail "the dashboard never showed: $v"
done
e2e_stop

# ---- export to a terminal: sanitised ----------------------------------------------
: >"$D/tty2.bytes"
tm new-session -d -x 200 -y 60 -e TERM=screen-256color \
    "sh -c 'while [ ! -e $D/go2 ]; do sleep 0.02; done; for t in regions indicators partners resources movements activities observations alerts audit; do $VIGIL export \$t --include-sensitive --db $E2E_DB; done; echo; echo EXPORT-DONE; sleep 60'" ||
    e2e_fail "tmux would not start"
tm pipe-pane -t 0 -o "cat >> $D/tty2.bytes" || e2e_fail "pipe-pane failed"
touch "$D/go2"
e2e_wait "EXPORT-DONE" 20
sleep 0.1
LC_ALL=C grep -qaF "EXPORT-DONE" "$D/tty2.bytes" || e2e_fail "the export capture is incomplete"
LC_ALL=C grep -qa "$ESC" "$D/tty2.bytes" &&
    e2e_fail "export to a terminal wrote a raw ESC: $(LC_ALL=C grep -a "$ESC" "$D/tty2.bytes" | head -2 | cat -v)"
assert_no_raw "$D/tty2.bytes" "export to a terminal"
LC_ALL=C grep -qaP '\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$D/tty2.bytes" &&
    e2e_fail "export to a terminal wrote a raw bidi or zero-width control"
LC_ALL=C grep -qaF 'XQZ1^[]0;PWN1^GT' "$D/tty2.bytes" || e2e_fail "export to a terminal does not show the escape"
[ "$(tm display-message -p -t 0 '#{pane_title}' | grep -c PWN)" = 0 ] || e2e_fail "export set the terminal title"
e2e_pass
