# tests/e2e/lib.sh — drive the real vigil binary in a real terminal (tmux).
#
# Each test sources this file, gets a private tmux server and a scratch
# directory, and is killed by a watchdog if it runs too long. Everything
# that could vary is pinned: size, locale, TERM, timezone, clock.
#
#   e2e_start [COLS ROWS] [-- VIGIL ARGS...]   start the dashboard
#                                               (extra env: E2E_ENV, below)
#   e2e_keys KEYS...                            tmux send-keys (key names)
#   e2e_type [--] TEXT                          send literal text (-- before
#                                               text that starts with '-')
#   e2e_wait TEXT [SECONDS]                     wait until TEXT is on screen
#   e2e_gone TEXT [SECONDS]                     wait until TEXT is not
#   e2e_screen                                  print the screen
#   e2e_stop                                    end the dashboard (before
#                                               another e2e_start)
#   e2e_help_text                               open help (?), print all of it
#   e2e_check_aligned TEXT WHAT [MIN]           table separators line up
#   e2e_pass / e2e_fail MSG                     end the test

set -u
: "${VIGIL:?VIGIL must point at the binary}"
: "${SRCDIR:?SRCDIR must point at the source tree}"

E2E_NAME=$(basename "$0" .sh)
E2E_DIR=$(mktemp -d "/tmp/vigil-e2e-$E2E_NAME-XXXXXX")
E2E_SOCK="vigil-e2e-$$"
E2E_DB="$E2E_DIR/ops.db"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$E2E_DIR"
export VIGIL_SAMPLE_DIR="$SRCDIR/sample-data"
unset NO_COLOR VIGIL_DB

# The first dashboard's server; e2e_stop moves it to a fresh socket name.
E2E_MAIN_SOCK=$E2E_SOCK
tm() { tmux -L "$E2E_MAIN_SOCK" -f /dev/null "$@"; }

e2e_cleanup() {
    tm kill-server >/dev/null 2>&1
    [ -n "${E2E_OLD_SOCKETS:-}" ] && rm -f $E2E_OLD_SOCKETS
    # Every socket this test's servers used (vigil-e2e-PID, .N, -S): a
    # server that was killed, or exited with its dashboard, leaves its own.
    local sd="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)"
    rm -f "$sd/$E2E_SOCK" "$sd/$E2E_SOCK".* "$sd/$E2E_SOCK"-*
    [ -n "${E2E_WATCHDOG:-}" ] && kill "$E2E_WATCHDOG" 2>/dev/null
    rm -rf "$E2E_DIR"
}
trap e2e_cleanup EXIT
( sleep "${E2E_TIMEOUT:-120}"; echo "$E2E_NAME: timed out" >&2; kill -TERM $$ ) 2>/dev/null &
E2E_WATCHDOG=$!

e2e_fail() {
    echo "FAIL $E2E_NAME: $*" >&2
    echo "--- screen ---" >&2
    e2e_screen >&2 2>/dev/null
    exit 1
}

e2e_pass() {
    echo "ok   $E2E_NAME"
    exit 0
}

# A demo database, as `vigil init --demo` makes it.
e2e_demo_db() {
    "$VIGIL" init --demo --db "$E2E_DB" >/dev/null || e2e_fail "init --demo failed"
}

# E2E_ENV (optional): extra `env` arguments for the dashboard, applied after
# the pinned TERM, e.g. E2E_ENV="NO_COLOR=1" or E2E_ENV="-u LC_ALL TERM=vt100
# LANG=C". Words are split on blanks; values cannot contain blanks.
e2e_start() {
    local cols=80 rows=24 extra=()
    if [ $# -ge 2 ] && [ "$1" != "--" ]; then cols=$1; rows=$2; shift 2; fi
    [ "${1:-}" = "--" ] && shift
    [ -n "${E2E_ENV:-}" ] && read -r -a extra <<<"$E2E_ENV"
    tm new-session -d -x "$cols" -y "$rows" -e TERM=screen-256color \
        "exec env TERM=tmux-256color $(printf '%q ' env "${extra[@]}" "$VIGIL" --db "$E2E_DB" "$@")" \
        || e2e_fail "tmux would not start"
    e2e_wait "vigil" 5
}

e2e_keys() { tm send-keys -t 0 "$@"; }
e2e_type() {
    [ "$1" = "--" ] && [ $# -ge 2 ] && shift
    tm send-keys -t 0 -l -- "$1"
}
e2e_screen() { tm capture-pane -p -t 0; }
e2e_resize() { tm resize-window -t 0 -x "$1" -y "$2"; }

# Poll the screen (20 ms steps) until it contains TEXT (a fixed string).
e2e_wait() {
    local text=$1 secs=${2:-5} i=0 n
    n=$((secs * 50))
    while [ $i -lt $n ]; do
        e2e_screen 2>/dev/null | grep -qF -- "$text" && return 0
        sleep 0.02
        i=$((i + 1))
    done
    e2e_fail "waited ${secs}s for: $text"
}

e2e_gone() {
    local text=$1 secs=${2:-5} i=0 n
    n=$((secs * 50))
    while [ $i -lt $n ]; do
        e2e_screen 2>/dev/null | grep -qF -- "$text" || return 0
        sleep 0.02
        i=$((i + 1))
    done
    e2e_fail "waited ${secs}s for this to go: $text"
}

# Open the help overlay and print it whole: at 80x24 it scrolls, so read
# it page by page (four pages cover it).
e2e_help_text() {
    local help i
    e2e_keys '?'
    e2e_wait "Keys"
    help=$(e2e_screen)
    for i in 1 2 3; do
        e2e_keys PageDown
        sleep 0.2
        help="$help
$(e2e_screen)"
    done
    printf '%s\n' "$help"
}

# Display column (wcwidth, via wc -L) of every '│' on a line.
e2e_sep_cols() {
    local l=$1 i n=${#1} out=""
    for ((i = 0; i < n; i++)); do
        [ "${l:i:1}" = "│" ] && out="$out $(printf '%s' "${l:0:i}" | wc -L)"
    done
    printf '%s\n' "$out"
}

# Every line of TEXT holding a '│' (the table header and rows) puts them
# where the first such line does; lines holding only the table's right
# edge (below the last row) are skipped. WHAT names the output in the
# failure; at least MIN (default 1) rows must have been compared.
e2e_check_aligned() {
    local text=$1 what=$2 min=${3:-1} want="" got l k=0
    while IFS= read -r l; do
        case $l in *│*) ;; *) continue ;; esac
        [[ $l =~ ^\ *│\ *$ ]] && continue
        got=$(e2e_sep_cols "$l")
        if [ -z "$want" ]; then want=$got; continue; fi
        [ "$got" = "$want" ] || e2e_fail "$what: separators at$got instead of$want on: $l"
        k=$((k + 1))
    done <<<"$text"
    [ $k -ge "$min" ] || e2e_fail "$what: only $k table rows had separators (want $min)"
}

# Is the dashboard process still running in the pane?
e2e_alive() {
    [ "$(tm display-message -p -t 0 '#{pane_dead}' 2>/dev/null)" = "0" ]
}

# Stop the first dashboard: hang up its terminal (as an SSH drop would), wait
# until the process has exited (so the database is closed), and end its tmux
# server. The next e2e_start uses a server on a fresh socket: tmux takes over
# a second to shut down, and a client reaching it meanwhile would fail.
e2e_stop() {
    local path pid i=0
    path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
    pid=$(tm display-message -p -t 0 '#{pane_pid}' 2>/dev/null)
    if [ -n "$pid" ] && [ "$(tm display-message -p -t 0 '#{pane_dead}' 2>/dev/null)" = 0 ]; then
        kill -HUP "$pid" 2>/dev/null
        # Until it has exited (a zombie waiting for tmux to reap it counts).
        while [ $i -lt 250 ] && case $(ps -o stat= -p "$pid" 2>/dev/null) in ""|Z*) false ;; esac; do
            sleep 0.02
            i=$((i + 1))
        done
    fi
    tm kill-server >/dev/null 2>&1
    [ -n "$path" ] && E2E_OLD_SOCKETS="${E2E_OLD_SOCKETS:-} $path"
    E2E_RESTARTS=$((${E2E_RESTARTS:-0} + 1))
    E2E_MAIN_SOCK="$E2E_SOCK.$E2E_RESTARTS"
}

# ---- more dashboards on the same database ---------------------------------
# Each extra dashboard S runs on a tmux server of its own (a second session
# on the first server would make "-t 0" ambiguous), killed at exit like the
# first. S is a short name such as "b".
#
#   e2e_start_in S [COLS ROWS] [-- VIGIL ARGS...]  start a dashboard as S
#                                                  (E2E_ENV applies too)
#   e2e_keys_in S KEYS...  e2e_type_in S [--] TEXT  e2e_screen_in S
#   e2e_wait_in S TEXT [SECONDS]  e2e_gone_in S TEXT [SECONDS]  e2e_alive_in S

tm_in() { local s=$1; shift; tmux -L "$E2E_SOCK-$s" -f /dev/null "$@"; }

E2E_EXTRA=""
e2e_cleanup_extra() {
    local s
    for s in $E2E_EXTRA; do tm_in "$s" kill-server >/dev/null 2>&1; done
}

e2e_start_in() {
    local s=$1 cols=80 rows=24 extra=()
    shift
    if [ $# -ge 2 ] && [ "$1" != "--" ]; then cols=$1; rows=$2; shift 2; fi
    [ "${1:-}" = "--" ] && shift
    [ -n "${E2E_ENV:-}" ] && read -r -a extra <<<"$E2E_ENV"
    if [ -z "$E2E_EXTRA" ]; then trap 'e2e_cleanup_extra; e2e_cleanup' EXIT; fi
    E2E_EXTRA="$E2E_EXTRA $s"
    tm_in "$s" new-session -d -x "$cols" -y "$rows" -e TERM=screen-256color \
        "exec env TERM=tmux-256color $(printf '%q ' env "${extra[@]}" "$VIGIL" --db "$E2E_DB" "$@")" \
        || e2e_fail "tmux would not start dashboard $s"
    e2e_wait_in "$s" "vigil" 5
}

e2e_keys_in() { local s=$1; shift; tm_in "$s" send-keys -t 0 "$@"; }
e2e_type_in() {
    local s=$1; shift
    [ "$1" = "--" ] && [ $# -ge 2 ] && shift
    tm_in "$s" send-keys -t 0 -l -- "$1"
}
e2e_screen_in() { tm_in "$1" capture-pane -p -t 0; }
e2e_alive_in() {
    [ "$(tm_in "$1" display-message -p -t 0 '#{pane_dead}' 2>/dev/null)" = "0" ]
}

# Like e2e_wait / e2e_gone for dashboard S; on failure S's screen is shown
# as well as the first dashboard's.
e2e_wait_in() {
    local s=$1 text=$2 secs=${3:-5} i=0 n
    n=$((secs * 50))
    while [ $i -lt $n ]; do
        e2e_screen_in "$s" 2>/dev/null | grep -qF -- "$text" && return 0
        sleep 0.02
        i=$((i + 1))
    done
    { echo "--- screen of $s ---"; e2e_screen_in "$s"; } >&2 2>/dev/null
    e2e_fail "[$s] waited ${secs}s for: $text"
}

e2e_gone_in() {
    local s=$1 text=$2 secs=${3:-5} i=0 n
    n=$((secs * 50))
    while [ $i -lt $n ]; do
        e2e_screen_in "$s" 2>/dev/null | grep -qF -- "$text" || return 0
        sleep 0.02
        i=$((i + 1))
    done
    { echo "--- screen of $s ---"; e2e_screen_in "$s"; } >&2 2>/dev/null
    e2e_fail "[$s] waited ${secs}s for this to go: $text"
}
