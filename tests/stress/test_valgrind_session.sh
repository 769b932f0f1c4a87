# test_valgrind_session: a duty officer's long dashboard session, scripted,
# with vigil running under valgrind (memcheck) for STRESS_SESSION_SECONDS
# (default 1800).
#
# One dashboard, in tmux at 80x24, on a `vigil init --demo` database, under
#   valgrind --leak-check=full --show-leak-kinds=definite,indirect
#            --errors-for-leak-kinds=definite,indirect --track-origins=yes
#            --error-exitcode=99
# The session repeats rounds until the time is up (a round in progress is
# finished). A round:
#   - every panel by number, then Tab round all six and S-Tab back;
#   - on each list panel: j/k, PgDn/PgUp, g/G, Home/End (the position on
#     the bottom bar is checked), s and S (the "sorted by" header changes),
#     Enter (full detail: the rule under the table goes; Esc leaves it, Enter
#     closes it), a `/` filter typed, accepted and cleared;
#   - ? help, paged (PgDn, G: "21-40 of 41"...) and closed with Esc;
#   - Partners: a partner added through the form (choice, completion,
#     contact, trust, `today`; the window resized to 100x30 and back while
#     the form is open), found with a filter, edited (name, trust), deleted
#     (d, y); a second form abandoned (Esc, Discard? y); a sensitive
#     contact revealed (v); a live update: `vigil import partners` of a
#     new partner while the dashboard, filtered to its name, shows "no rows";
#   - Inventory: stock received and dispatched (m form twice), the quantity
#     checked in the table;
#   - Alerts: sorted by State (descending) and the top alert acknowledged
#     with a note (A), if one is still open;
#   - Audit: filtered to the round's partner: its insert, update and delete;
#   - Risk: h/l across the factors, filtered to XV01, factor 13 selected,
#     an observation added with the o form, then a live update:
#     `vigil import observations` of one SCH-CLOSE observation (a "latest"
#     indicator) with a value unique to the round, waited for on screen;
#   - the window resized 80x24 -> 200x60 -> 60x20 ("Terminal too small",
#     a key pressed meanwhile) -> 80x24, on a different panel each round,
#     and ^L.
# Every step waits for what it must show (STRESS_SESSION_WAIT seconds, default
# 60: valgrind makes vigil 20-50 times slower), so a stuck or dead dashboard
# fails the test. The partners' fate is also checked through `vigil export`.
#
# At the end: q (y if it asks), wait for valgrind to finish, then the log
# must hold "ERROR SUMMARY: 0 errors", "definitely lost: 0 bytes" and
# "indirectly lost: 0 bytes" (or "All heap blocks were freed"), and no
# invalid read/write/free, use of uninitialised values, overlap, fishy
# argument or fatal signal; the exit status (valgrind's: 99 on any error)
# must be 0. "Still reachable" and "possibly lost" blocks (ncurses' and
# SQLite's caches) are reported, not counted. The log parser is checked on
# hand-made logs before the session starts.
#
# Figures: session length, rounds, keystrokes, resizes, live updates seen
# (and how long they took to show under valgrind), records written from the
# keyboard, valgrind's error count and leak summary, total heap usage, the
# valgrind process's peak RSS, time of the final leak check.
. "$(dirname "$0")/lib.sh"

SECS=${STRESS_SESSION_SECONDS:-1800}
WAIT=${STRESS_SESSION_WAIT:-60}
DB="$ST_DIR/ops.db"
LOG="$ST_DIR/valgrind.log"
RC="$ST_DIR/valgrind.rc"
SOCK="vigil-stress-$$"

# ---- valgrind ----------------------------------------------------------------
if ! command -v valgrind >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "$ST_NAME: installing valgrind" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >"$ST_DIR/apt.out" 2>&1 ||
            { DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$ST_DIR/apt.out" 2>&1 &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >>"$ST_DIR/apt.out" 2>&1; } ||
            st_fail "apt-get install valgrind failed: $(tail -5 "$ST_DIR/apt.out")"
        command -v valgrind >/dev/null 2>&1 || st_fail "valgrind still missing after apt-get install"
    else
        echo "$ST_NAME: valgrind is not installed; as root run: apt-get install valgrind" >&2
        st_fail "valgrind missing (apt-get install valgrind)"
    fi
fi

# ---- the log parser ------------------------------------------------------------
# Print what is wrong with a memcheck log, one line per problem; nothing when
# it is clean. Exit status 0 clean, 1 not.
vg_problems() {
    awk '
    { sub(/^==[0-9]+== ?/, "") }
    /^(Invalid (read|write|free|realloc)|Mismatched free|Conditional jump or move depends on uninitiali[sz]ed|Use of uninitiali[sz]ed value|Syscall param .*(uninitiali[sz]ed|unaddressable)|Source and destination overlap|Jump to the invalid address|Argument .* of function .* has a fishy|Process terminating with default action|Stack overflow|Invalid (alignment|size)|.*Memory allocator mismatch)/ {
        print "error: " $0; bad = 1 }
    / bytes in [0-9,]+ blocks are (definitely|indirectly) lost / { print "leak: " $0; bad = 1 }
    /ERROR SUMMARY:/ { summary = 1; if ($0 !~ /ERROR SUMMARY: 0 errors from 0 contexts/) { print $0; bad = 1 } }
    /^ *definitely lost:/ { dl = 1; if ($0 !~ /definitely lost: 0 bytes in 0 blocks/) { sub(/^ +/, ""); print $0; bad = 1 } }
    /^ *indirectly lost:/ { il = 1; if ($0 !~ /indirectly lost: 0 bytes in 0 blocks/) { sub(/^ +/, ""); print $0; bad = 1 } }
    /All heap blocks were freed/ { freed = 1 }
    END {
        if (!summary) { print "no ERROR SUMMARY: valgrind did not finish"; bad = 1 }
        if (!freed && !(dl && il)) { print "no leak summary (definitely/indirectly lost) and not \"All heap blocks were freed\""; bad = 1 }
        exit bad
    }' "$1"
}

# The first contexts of each reported error or leak, stack traces included
# (up to MAX lines), for the failure message.
vg_traces() {
    awk -v max="${2:-80}" '
    { sub(/^==[0-9]+== ?/, "") }
    /^(Invalid |Mismatched free|Conditional jump|Use of uninitiali|Syscall param|Source and destination overlap|Jump to the invalid|Argument .* fishy|Process terminating|Stack overflow)/ || / blocks are (definitely|indirectly) lost / { on = 1 }
    on && n < max { print "    " $0; n++ }
    on && /^$/ { on = 0 }' "$1"
}

vg_selfcheck() {
    local d="$ST_DIR/parser" ok=0 f
    mkdir -p "$d"
    cat >"$d/clean.log" <<'EOF'
==24684== Memcheck, a memory error detector
==24684== Command: ./vigil --db ops.db
==24684== 
==24684== HEAP SUMMARY:
==24684==     in use at exit: 213,224 bytes in 393 blocks
==24684==   total heap usage: 43,294 allocs, 42,901 frees, 17,351,629 bytes allocated
==24684== 
==24684== LEAK SUMMARY:
==24684==    definitely lost: 0 bytes in 0 blocks
==24684==    indirectly lost: 0 bytes in 0 blocks
==24684==      possibly lost: 937 bytes in 13 blocks
==24684==    still reachable: 212,287 bytes in 380 blocks
==24684==         suppressed: 0 bytes in 0 blocks
==24684== 
==24684== ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)
EOF
    cat >"$d/freed.log" <<'EOF'
==7== HEAP SUMMARY:
==7==     in use at exit: 0 bytes in 0 blocks
==7==   total heap usage: 10 allocs, 10 frees, 1,024 bytes allocated
==7== 
==7== All heap blocks were freed -- no leaks are possible
==7== 
==7== ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)
EOF
    # An invalid read, with a summary that (wrongly) says 0 errors: the
    # report itself must be enough.
    { sed -n 1,3p "$d/clean.log"
      cat <<'EOF'
==24684== Invalid read of size 8
==24684==    at 0x10F2A3: w_table_draw (table.c:212)
==24684==    by 0x11A0B1: draw (panel_list.c:301)
==24684==  Address 0x5a1b0c8 is 8 bytes after a block of size 64 alloc'd
==24684== 
EOF
      sed -n '4,$p' "$d/clean.log"; } >"$d/invalid.log"
    sed 's/definitely lost: 0 bytes in 0 blocks/definitely lost: 48 bytes in 1 blocks/;
         s/ERROR SUMMARY: 0 errors from 0 contexts/ERROR SUMMARY: 1 errors from 1 contexts/' \
        "$d/clean.log" >"$d/leak.log"
    sed 's/indirectly lost: 0 bytes in 0 blocks/indirectly lost: 16 bytes in 2 blocks/' "$d/clean.log" >"$d/indirect.log"
    { sed -n 1,3p "$d/clean.log"
      echo "==24684== Conditional jump or move depends on uninitialised value(s)"
      echo "==24684==    at 0x4C3A1F: wcwidth_sane (sanitize.c:88)"
      echo "==24684== "; sed -n '4,$p' "$d/clean.log"; } >"$d/uninit.log"
    sed -n 1,7p "$d/clean.log" >"$d/truncated.log" # valgrind killed before its summary
    vg_problems "$d/clean.log" >/dev/null && ok=$((ok + 1))
    vg_problems "$d/freed.log" >/dev/null && ok=$((ok + 1))
    for f in invalid leak indirect uninit truncated; do
        vg_problems "$d/$f.log" >/dev/null || ok=$((ok + 1))
    done
    vg_problems "$d/invalid.log" | grep -q "^error: Invalid read of size 8" || ok=$((ok - 1))
    vg_traces "$d/invalid.log" | grep -q "w_table_draw (table.c:212)" || ok=$((ok - 1))
    [ $ok = 7 ] || st_fail "the valgrind log parser misjudges hand-made logs ($ok of 7 right; see $d with STRESS_KEEP=1)"
    echo "$ST_NAME: log parser self-check: 7 of 7 hand-made logs judged right (2 clean, invalid read, definite leak, indirect leak, uninitialised, truncated)"
}
vg_selfcheck

# ---- the dashboard ---------------------------------------------------------------
# remain-on-exit keeps the pane, and its last screen, after vigil ends.
printf 'set -g remain-on-exit on\n' >"$ST_DIR/tmux.conf"
tmx() { tmux -L "$SOCK" -f "$ST_DIR/tmux.conf" "$@"; }
ST_EXTRA_CLEANUP='tmx kill-server >/dev/null 2>&1; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"'

ROUND=0 STEP="start" KEYS=0 RESIZES=0 LIVE=0 LIVE_MS_SUM=0 LIVE_MS_MAX=0 DETAILS=0 HELPS=0 FILTERS=0 SORTS=0
ADDED=0 EDITED=0 DELETED=0 DISCARDED=0 REVEALED=0 ACKED=0 ACK_SKIPPED=0 MOVES=0 OBSERVED=0

SCR=""
grab() { SCR=$(tmx capture-pane -p -t 0 2>/dev/null); }
has() { printf '%s\n' "$SCR" | grep -qF -- "$1"; }
dead() { [ "$(tmx display-message -p -t 0 '#{pane_dead}' 2>/dev/null)" != 0 ]; }

sess_fail() {
    local st
    grab
    {
        echo "round $ROUND, step: $STEP"
        echo "--- screen ---"
        printf '%s\n' "$SCR"
        if dead; then
            st=$(cat "$RC" 2>/dev/null)
            echo "--- vigil (under valgrind) has exited, status ${st:-unknown} ---"
        fi
        if [ -s "$LOG" ]; then
            echo "--- valgrind log so far: reports ---"
            vg_traces "$LOG" 60
            grep -E "ERROR SUMMARY:|definitely lost:|indirectly lost:" "$LOG"
        fi
    } >&2
    st_fail "$*"
}

key() {
    tmx send-keys -t 0 "$@" || sess_fail "tmux send-keys $* failed"
    KEYS=$((KEYS + $#))
}
typ() {
    tmx send-keys -t 0 -l -- "$1" || sess_fail "tmux send-keys -l $1 failed"
    KEYS=$((KEYS + ${#1}))
}
resize() {
    tmx resize-window -t 0 -x "$1" -y "$2" || sess_fail "tmux resize-window $1 $2 failed"
    RESIZES=$((RESIZES + 1))
}

# wait_that DESCRIPTION PREDICATE [ARGS...]: poll the screen (into $SCR)
# until PREDICATE ARGS succeeds, for at most $WAIT seconds.
wait_that() {
    local what=$1 i=0 n=$((WAIT * 10))
    shift
    while [ $i -lt $n ]; do
        grab
        "$@" && return 0
        if [ $((i % 10)) = 9 ] && dead; then sess_fail "vigil died while waiting for: $what"; fi
        sleep 0.1
        i=$((i + 1))
    done
    sess_fail "waited ${WAIT}s for: $what"
}
not_has() { ! has "$1"; }
wait_for() { wait_that "'$1' on screen" has "$1"; }
wait_gone() { wait_that "'$1' to go" not_has "$1"; }
last_line() { printf '%s\n' "$SCR" | tail -n 1; }
last_is() { last_line | grep -qE -- "$1"; }
wait_last() { wait_that "bottom bar matching /$1/" last_is "$1"; }
line_n() { printf '%s\n' "$SCR" | sed -n "$1p"; }
line_has() { line_n "$1" | grep -qF -- "$2"; }

RULE80=$(printf '─%.0s' $(seq 80))
rule_shown() { printf '%s\n' "$SCR" | grep -qxF -- "$RULE80"; }
rule_gone() { ! rule_shown; }

# "sorted by X" on the panel header (line 2), "" when the header has none.
sorted_by() { line_n 2 | grep -oE 'sorted by [A-Za-z]+( [a-z]+)?( \(descending\))?' | head -1; }
sort_changed() { [ "$(sorted_by)" != "$1" ]; }

# ---- steps -----------------------------------------------------------------------
panel() { # N "Title"
    STEP="panel $1 ($2)"
    key "$1"
    wait_for "$2  ·"
}

filter() {
    STEP="filter '$1'"
    key /
    wait_for "filter /"
    key C-u
    typ "$1"
    key Enter
    wait_for "filter /$1"
    FILTERS=$((FILTERS + 1))
}
clear_filter() {
    STEP="clear the filter"
    grab
    has "filter /" || return 0
    key /
    key Escape
    wait_gone "filter /"
}

# j/k, PgDn/PgUp, g/G, Home/End; the position on the bottom bar follows.
move_around() {
    local n
    STEP="movement keys"
    key g
    wait_last ' 1 of [0-9]+$'
    n=$(last_line | sed -n 's/.* 1 of \([0-9]*\)$/\1/p')
    [ "${n:-0}" -ge 1 ] || return 0
    if [ "$n" -ge 3 ]; then
        key j j j k
        wait_last ' 3 of [0-9]+$'
    fi
    key PgDn
    key PgDn
    key PgUp
    key G
    wait_last ' ([0-9]+) of \1$'
    key Home
    wait_last ' 1 of [0-9]+$'
    key End
    wait_last ' ([0-9]+) of \1$'
    key Up
    key Down
    key PgUp
    key g
    wait_last ' 1 of [0-9]+$'
}

sort_cycle() {
    local s0 s1
    STEP="sort s / S"
    grab
    s0=$(sorted_by)
    [ -n "$s0" ] || sess_fail "no 'sorted by' on the panel header"
    key s
    wait_that "the sort to change from '$s0' after s" sort_changed "$s0"
    s1=$(sorted_by)
    key S
    wait_that "the sort to change from '$s1' after S" sort_changed "$s1"
    SORTS=$((SORTS + 2))
}

# Press s / S until the header says "sorted by WANT".
sort_to() {
    local want=$1 i=0 cur col
    STEP="sort to '$want'"
    col=${want% (descending)}
    grab
    while [ $i -lt 24 ]; do
        cur=$(sorted_by)
        [ "$cur" = "sorted by $want" ] && return 0
        if [ "${cur% (descending)}" = "sorted by $col" ]; then key S; else key s; fi
        wait_that "the sort to change from '$cur'" sort_changed "$cur"
        SORTS=$((SORTS + 1))
        i=$((i + 1))
    done
    sess_fail "could not sort by '$want' (at '$cur')"
}

detail_toggle() {
    STEP="Enter: full detail"
    wait_that "the table, a rule and the detail pane" rule_shown
    key Enter
    wait_that "the full detail (rule under the table gone)" rule_gone
    has "$1" || wait_for "$1"
    STEP="Esc in the full detail"
    key Escape
    sleep 0.3
    STEP="Enter: back to the table"
    key Enter
    wait_that "the table and its rule back" rule_shown
    DETAILS=$((DETAILS + 1))
}

help_at() { printf '%s\n' "$SCR" | grep -qE -- "$1 +Esc close"; }
help_screen() {
    STEP="? help"
    key '?'
    wait_for "─ Keys ─"
    wait_that "the help's first page" help_at ' 1-[0-9]+ of [0-9]+ '
    key PgDn
    wait_that "the help's second page" help_at ' 2[0-9]-[0-9]+ of [0-9]+ '
    key G
    wait_that "the help's last line" help_at ' [0-9]+-([0-9]+) of \1 '
    key g
    wait_that "the help's first page" help_at ' 1-[0-9]+ of [0-9]+ '
    key Escape
    wait_gone "─ Keys ─"
    HELPS=$((HELPS + 1))
}

partners_round() {
    local n=$ROUND name="Session R$ROUND Partner" live="Live R$ROUND Import Partner" t0 ms
    panel 2 Partners
    clear_filter
    move_around
    sort_cycle
    detail_toggle "last change"
    help_screen

    STEP="a: add a partner"
    key a
    wait_for "New partner"
    typ "$name"
    key Tab Tab c
    wait_for "‹ cso ›"
    STEP="a: resize while the form is open"
    resize 100 30
    wait_that "the screen at 100x30" line_count_is 30
    wait_for "name*  $name"
    resize 80 24
    wait_that "the screen at 80x24" line_count_is 24
    wait_for "name*  $name"
    wait_for "‹ cso ›"
    STEP="a: region by completion"
    key Tab Tab
    typ "Tovr"
    wait_for "→ XV05  Tovreth"
    key Tab
    wait_for "region_code  XV05"
    typ "Duty Officer R$n"
    key Tab
    typ "+999 26 555 $(printf '%04d' $((n % 10000)))"
    key Tab
    typ "r$n@session.example"
    key Tab
    typ "4"
    key Tab
    typ "today"
    key Enter
    wait_for "Saved new partner"
    wait_gone "New partner"
    wait_for "name  $name"
    ADDED=$((ADDED + 1))

    filter "$name"
    wait_last ' 1 of 1$'
    STEP="e: edit the partner"
    key e
    wait_for "Edit partner: $name"
    key C-u
    typ "$name edited"
    key Tab Tab Tab Tab Tab Tab Tab Tab # name -> trust
    key C-u
    typ "2"
    key Enter
    wait_for "Saved the partner"
    wait_gone "Edit partner"
    wait_for "name  $name edited"
    EDITED=$((EDITED + 1))

    STEP="d: delete the partner"
    key d
    wait_for "─ Delete ─"
    wait_for "[y] yes"
    key y
    wait_gone "─ Delete ─"
    wait_for "no rows match the filter"
    wait_last ' 0 of 0$'
    DELETED=$((DELETED + 1))
    "$VIGIL" export partners --db "$DB" | grep -qF "Session R$n Partner" &&
        sess_fail "the deleted partner '$name edited' is still in the export"

    STEP="a: a form abandoned"
    key a
    wait_for "New partner"
    typ "Abandoned R$n"
    wait_for "name*  Abandoned R$n"
    key Escape
    wait_for "Discard?"
    key y
    wait_gone "New partner"
    DISCARDED=$((DISCARDED + 1))

    STEP="v: reveal a sensitive contact"
    filter "Safe Testimony"
    wait_last ' 1 of 1$'
    key v
    wait_for "reveal is recorded in the audit trail"
    wait_gone "•••• (v reveals)"
    REVEALED=$((REVEALED + 1))

    STEP="live: vigil import partners while the dashboard waits for it"
    filter "Live R$n Import"
    wait_for "no rows match the filter"
    printf 'name,acronym,kind,sectors,region_code,contact_name,phone,email,trust,last_contact,sensitive,notes\n%s,LR%d,cso,protection,XV02,Live Contact,,,3,%s,0,imported during the valgrind session\n' \
        "$live" "$n" "$(date -u +%F)" >"$ST_DIR/live-partner.csv"
    # The filter line already shows the name: the row is there when the
    # list counts it.
    live_import partners "$ST_DIR/live-partner.csv" wait_last ' 1 of 1$'
    clear_filter
}

# Import FILE into TABLE from another process, then wait (CHECK ARGS...)
# for the open dashboard to show it, and count the time from the commit.
live_import() {
    local table=$1 file=$2 t0 ms
    shift 2
    "$VIGIL" import "$table" "$file" --db "$DB" >"$ST_DIR/import.out" 2>&1 ||
        sess_fail "vigil import $table failed: $(cat "$ST_DIR/import.out")"
    t0=$(date +%s%N)
    "$@"
    ms=$((($(date +%s%N) - t0) / 1000000))
    LIVE=$((LIVE + 1))
    LIVE_MS_SUM=$((LIVE_MS_SUM + ms))
    [ "$ms" -gt "$LIVE_MS_MAX" ] && LIVE_MS_MAX=$ms
}

# Trimmed text of column COL (split at │) of the first screen line starting
# with KEY.
cell() {
    printf '%s\n' "$SCR" | awk -F'│' -v k="$1" -v c="$2" 'index($0, k) == 1 {
        v = $c; gsub(/^ +| +$/, "", v); print v; exit }'
}
cell_is() { [ "$(cell "$1" "$2")" = "$3" ]; }

inventory_round() {
    local q0
    panel 3 Inventory
    clear_filter
    move_around
    sort_cycle
    detail_toggle "quantity"
    filter "MED-ABX-08"
    wait_last ' 1 of 1$'
    q0=$("$VIGIL" export resources --db "$DB" | awk -F, '$1 == "MED-ABX-08" { print $7 }')
    [ -n "$q0" ] || sess_fail "no MED-ABX-08 in the export"
    wait_that "MED-ABX-08 quantity $q0" cell_is "MED-ABX-08" 4 "$q0"
    STEP="m: stock received"
    key m
    wait_for "Stock movement: MED-ABX-08"
    wait_for "‹ received ›"
    typ "50"
    key Enter
    wait_for "Movement recorded"
    wait_gone "Stock movement"
    wait_that "MED-ABX-08 quantity $((q0 + 50))" cell_is "MED-ABX-08" 4 "$((q0 + 50))"
    STEP="m: stock dispatched"
    key m
    wait_for "($((q0 + 50)) "
    typ "-50"
    key Tab d
    wait_for "‹ dispatched ›"
    key Enter
    wait_gone "Stock movement"
    wait_that "MED-ABX-08 quantity $q0" cell_is "MED-ABX-08" 4 "$q0"
    MOVES=$((MOVES + 2))
    clear_filter
}

activities_round() {
    panel 4 Activities
    clear_filter
    move_around
    sort_cycle
    detail_toggle "lead_partner"
    filter "training"
    wait_for "training"
    move_around
    clear_filter
}

alerts_round() {
    panel 5 Alerts
    clear_filter
    move_around
    sort_to "State (descending)"
    detail_toggle "subject"
    key g
    wait_last ' 1 of [0-9]+$'
    if line_n 4 | grep -qF "│OPEN"; then
        STEP="A: acknowledge the top open alert"
        key A
        wait_for "Acknowledge alert #"
        typ "Seen by the session, round $ROUND"
        key Enter
        wait_for "Alert acknowledged"
        wait_gone "Acknowledge alert"
        ACKED=$((ACKED + 1))
    else
        ACK_SKIPPED=$((ACK_SKIPPED + 1))
    fi
    filter "stock"
    wait_for "stock"
    clear_filter
}

audit_round() {
    panel 6 Audit
    clear_filter
    move_around
    filter "Session R$ROUND Partner"
    wait_for "│insert│partners│"
    wait_for "│update│partners│"
    wait_for "│delete│partners│"
    detail_toggle "Actor"
    sort_cycle
    clear_filter
}

# A value for SCH-CLOSE unique to the round, green (< 5), without a
# trailing zero (so it is shown exactly as written).
round_value() {
    local c=$((ROUND % 80 + 11))
    [ $((c % 10)) = 0 ] && c=$((c + 1))
    echo "$((ROUND % 4)).$c"
}

risk_round() {
    local i v at t0 ms
    panel 1 Risk
    clear_filter
    move_around
    STEP="h/l across the risk factors"
    for ((i = 0; i < 14; i++)); do key h; done
    wait_for "factor 1:"
    key l l l Right
    wait_for "factor 5:"
    key h Left
    wait_for "factor 3:"
    STEP="Enter: every indicator of the region"
    key Enter
    wait_for "every indicator, worst first"
    key Escape
    sleep 0.3
    key Enter
    wait_gone "every indicator, worst first"
    DETAILS=$((DETAILS + 1))
    filter "XV01"
    wait_last ' 1 of 1$'
    STEP="factor 13"
    for ((i = 0; i < 10; i++)); do key l; done
    wait_for "factor 13:"
    wait_for "SCH-CLOSE"
    STEP="o: an observation from the keyboard"
    key o
    wait_for "New observation: XV01"
    wait_for "observed_at*  now"
    typ "1"
    key Tab
    typ "session desk R$ROUND"
    key Enter
    wait_for "Saved new observation"
    wait_gone "New observation"
    wait_for "    1 schools  (latest"
    OBSERVED=$((OBSERVED + 1))

    STEP="live: vigil import observations while the dashboard shows XV01 factor 13"
    v=$(round_value)
    sleep 1 # a later second than the form's "now": the import is the latest
    at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    printf 'region_code,indicator_code,observed_at,value,source\nXV01,SCH-CLOSE,%s,%s,valgrind session round %d\n' \
        "$at" "$v" "$ROUND" >"$ST_DIR/live-obs.csv"
    live_import observations "$ST_DIR/live-obs.csv" wait_for "    $v schools  (latest"
    clear_filter
}

resize_round() {
    local p=$((ROUND % 6 + 1)) titles=(Risk Partners Inventory Activities Alerts Audit)
    local t=${titles[$((p - 1))]}
    panel "$p" "$t"
    STEP="resize to 200x60"
    resize 200 60
    wait_for "6 Audit"
    wait_for "$t  ·"
    wait_that "the 200x60 layout (rule of 200)" line_count_is 60
    STEP="resize to 60x20 (too small)"
    resize 60 20
    wait_for "Terminal too small"
    wait_for "60×20"
    key j
    sleep 0.3
    STEP="resize back to 80x24"
    resize 80 24
    wait_gone "Terminal too small"
    wait_for "$t  ·"
    wait_that "24 lines" line_count_is 24
    wait_that "the top bar" line_has 1 "vigil"
    STEP="^L redraw"
    key C-l
    wait_for "$t  ·"
}
line_count_is() { [ "$(printf '%s\n' "$SCR" | wc -l)" -eq "$1" ]; }

tab_round() {
    local t
    panel 1 Risk
    STEP="Tab round the panels"
    for t in Partners Inventory Activities Alerts Audit Risk; do
        key Tab
        wait_for "$t  ·"
    done
    STEP="S-Tab"
    key BTab
    wait_for "Audit  ·"
    key Tab
    wait_for "Risk  ·"
    for t in "2 Partners" "3 Inventory" "4 Activities" "5 Alerts" "6 Audit" "1 Risk"; do
        panel "${t%% *}" "${t#* }"
    done
}

# ---- the session -------------------------------------------------------------------
"$VIGIL" init --demo --db "$DB" >"$ST_DIR/init.out" 2>&1 || st_fail "vigil init --demo failed: $(cat "$ST_DIR/init.out")"
# A shell in the pane records valgrind's exit status in $RC (tmux's
# #{pane_dead_status} is not reliably set).
tmx new-session -d -x 80 -y 24 -e TERM=screen-256color \
    "exec env TERM=tmux-256color sh -c '\"\$@\"; echo \$? >$RC' sh $(printf '%q ' valgrind --leak-check=full \
        --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --track-origins=yes \
        --error-exitcode=99 "--log-file=$LOG" "$VIGIL" --db "$DB")" || st_fail "tmux would not start"
SHPID=$(tmx display-message -p -t 0 '#{pane_pid}')
VGPID=""
for ((i = 0; i < 100; i++)); do
    VGPID=$(pgrep -P "$SHPID" | head -1)
    [ -n "$VGPID" ] && break
    sleep 0.1
done
[ -n "$VGPID" ] || st_fail "valgrind did not start in the tmux pane"
SAVED_WAIT=$WAIT
WAIT=$((WAIT * 2)) # the first frame: valgrind reads vigil's debug information
STEP="the first frame"
wait_for "Risk  ·"
wait_last ' 1 of 12$'
WAIT=$SAVED_WAIT
t_start=$(date +%s)
echo "$ST_NAME: dashboard up under valgrind (pid $VGPID) after $(st_elapsed) s; session of $SECS s begins"

while :; do
    ROUND=$((ROUND + 1))
    tab_round
    partners_round
    inventory_round
    activities_round
    alerts_round
    audit_round
    risk_round
    resize_round
    el=$(($(date +%s) - t_start))
    [ "${STRESS_SESSION_VERBOSE:-0}" = 1 ] && echo "$ST_NAME: round $ROUND done at $el s ($KEYS keystrokes)"
    [ "$el" -ge "$SECS" ] && break
done
session=$(($(date +%s) - t_start))

# ---- the end ---------------------------------------------------------------------------
STEP="final checks before quitting"
"$VIGIL" export partners --db "$DB" >"$ST_DIR/partners.csv" || sess_fail "vigil export partners failed"
lives=$(grep -c '^Live R[0-9]* Import Partner,' "$ST_DIR/partners.csv")
[ "$lives" = "$ROUND" ] || sess_fail "$lives live-imported partners in the export, expected $ROUND"
grep -q '^Session R[0-9]* Partner' "$ST_DIR/partners.csv" && sess_fail "a session partner survived its deletion"
grep -q '^Abandoned R' "$ST_DIR/partners.csv" && sess_fail "an abandoned form was saved"
hwm=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$VGPID/status" 2>/dev/null)

STEP="q: quit"
t_quit=$(date +%s.%N)
key q
sleep 1
grab
if has "Quit?"; then key y; fi
i=0
while ! dead; do
    [ $i -lt 3000 ] || sess_fail "vigil (under valgrind) did not exit within 300 s of q"
    sleep 0.1
    i=$((i + 1))
done
quit_s=$(awk -v a="$t_quit" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
status=$(cat "$RC" 2>/dev/null)
tmx kill-server >/dev/null 2>&1

[ -s "$LOG" ] || st_fail "no valgrind log at $LOG"
L() { sed -n "s/^==[0-9]*== *$1/\\1/p" "$LOG" | head -1; }
errors=$(L 'ERROR SUMMARY: \([0-9,]* errors from [0-9,]* contexts\).*')
dl=$(L 'definitely lost: \([0-9,]* bytes in [0-9,]* blocks\)')
il=$(L 'indirectly lost: \([0-9,]* bytes in [0-9,]* blocks\)')
pl=$(L 'possibly lost: \([0-9,]* bytes in [0-9,]* blocks\)')
sr=$(L 'still reachable: \([0-9,]* bytes in [0-9,]* blocks\)')
heap=$(L 'total heap usage: \(.*\)')
grep -q "All heap blocks were freed" "$LOG" && dl="0 bytes (all heap blocks freed)" il="0 bytes"
live_mean=0
[ "$LIVE" -gt 0 ] && live_mean=$((LIVE_MS_SUM / LIVE))

echo "$ST_NAME: session $session s (STRESS_SESSION_SECONDS=$SECS), $ROUND rounds, $KEYS keystrokes, $RESIZES resizes, $LIVE live updates seen (mean $live_mean ms, max $LIVE_MS_MAX ms after the commit, under valgrind)"
echo "$ST_NAME: views: $DETAILS full details opened and closed, $HELPS help screens paged, $FILTERS filters typed, $SORTS sort changes"
echo "$ST_NAME: from the keyboard: $ADDED partners added, $EDITED edited, $DELETED deleted, $DISCARDED forms discarded, $REVEALED reveals, $ACKED alerts acknowledged ($ACK_SKIPPED rounds found none open), $MOVES stock movements, $OBSERVED observations"
echo "$ST_NAME: valgrind: ${errors:-no ERROR SUMMARY}; definitely lost ${dl:-?}, indirectly lost ${il:-?}; not counted: possibly lost ${pl:-0 bytes}, still reachable ${sr:-0 bytes}"
echo "$ST_NAME: total heap usage ${heap:-?}; valgrind process peak RSS ${hwm:-?} MiB; exit status ${status:-?}; q to exit (leak check included) $quit_s s"

if ! vg_problems "$LOG" >"$ST_DIR/problems"; then
    {
        echo "--- valgrind: problems ---"
        sed 's/^/    /' "$ST_DIR/problems" | head -40
        echo "--- valgrind: the reports (trimmed) ---"
        vg_traces "$LOG" 200
    } >&2
    st_fail "valgrind found errors or leaks (log: $LOG; STRESS_KEEP=1 keeps it)"
fi
[ "$status" = 0 ] || st_fail "vigil under valgrind exited with status ${status:-unknown} (99 = valgrind errors)"
st_pass
