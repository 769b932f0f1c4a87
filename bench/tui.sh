#!/usr/bin/env bash
# bench/tui.sh — the real binary on the big database (bench/gen.sh):
#
#   1. `vigil snapshot` (one frame, same drawing code, read-only): wall time
#      per panel, median of RUNS after one unmeasured run;
#   2. `vigil --db BIG` in tmux: time from starting it until the Risk
#      panel's region rows and the alert counts are on screen;
#   3. peak RSS (VmHWM) of that dashboard process after visiting all six
#      panels, scrolling each to the end and back, and filtering;
#   4. bytes written to the terminal while idle, over IDLE seconds
#      (tmux pipe-pane), and the CPU time used meanwhile.
#
#   bench/tui.sh [DB]        default DB /tmp/vigil-bench/big.db
#
# Environment: VIGIL (default build/vigil), RUNS (default 7), IDLE (seconds,
# default 10), BENCH_NOW (default 2026-11-20T12:00:00Z, as gen.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
VIGIL=${VIGIL:-$root/build/vigil}
DB=${1:-/tmp/vigil-bench/big.db}
RUNS=${RUNS:-7}
IDLE=${IDLE:-10}
COLS=120 ROWS=40
export VIGIL_NOW=${BENCH_NOW:-2026-11-20T12:00:00Z}
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR VIGIL_DB

[ -f "$DB" ] || { echo "tui.sh: no $DB; run bench/gen.sh first" >&2; exit 66; }
command -v tmux >/dev/null || { echo "tui.sh: tmux is needed" >&2; exit 69; }

work=$(mktemp -d /tmp/vigil-bench-tui-XXXXXX)
sock="vigil-bench-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000 )) | awk '{printf "%.1f", $1 / 1000}'; }
median() { sort -n | awk '{v[NR] = $1} END {printf "%.1f", NR ? v[int((NR + 1) / 2)] : 0}'; }

# ---- 1. snapshot ----------------------------------------------------------
echo "vigil snapshot --size ${COLS}x${ROWS} (one frame, read-only), median of $RUNS warm runs:"
for panel in risk partners inventory activities alerts audit; do
    "$VIGIL" snapshot --db "$DB" --panel "$panel" --size "${COLS}x${ROWS}" >/dev/null
    for _ in $(seq "$RUNS"); do
        t0=$(now_ns)
        "$VIGIL" snapshot --db "$DB" --panel "$panel" --size "${COLS}x${ROWS}" >/dev/null
        ms_since "$t0"; echo
    done | median >"$work/snap"
    printf '  %-11s %8s ms\n' "$panel" "$(cat "$work/snap")"
done

# ---- 2. first frame in tmux -----------------------------------------------
screen() { tm capture-pane -p -t 0 2>/dev/null || true; }
# wait_for REGEX [SECONDS]: poll the screen until a line matches.
wait_for() {
    local re=$1 secs=${2:-10} t0
    t0=$(now_ns)
    while ! screen | grep -Eq -- "$re"; do
        if [ $(( ($(now_ns) - t0) / 1000000000 )) -ge "$secs" ]; then
            echo "tui.sh: waited ${secs}s for /$re/; screen:" >&2
            screen >&2
            exit 1
        fi
    done
}
# Enough region rows of the matrix to fill the panel, the alert counts in
# the top bar and the position in the bottom bar: a complete first frame.
frame_ready() {
    local s
    s=$(screen)
    [ "$(printf '%s\n' "$s" | grep -Ec '^XB[0-9]{2,4} +│')" -ge 10 ] &&
        printf '%s\n' "$s" | grep -q '■R' && printf '%s\n' "$s" | grep -q '1 of 50'
}

tm start-server 2>/dev/null || true
# What the harness itself costs: tmux starting a pane that prints one line
# at once, found by the same polling.
base=()
for i in 1 2 3; do
    t0=$(now_ns)
    tm new-session -d -x "$COLS" -y "$ROWS" "echo BENCH-READY; exec sleep 60"
    until screen | grep -q BENCH-READY; do :; done
    base+=("$(ms_since "$t0")")
    tm kill-server >/dev/null 2>&1 || true
    sleep 0.2
done
first=()
for i in 1 2 3; do
    t0=$(now_ns)
    tm new-session -d -x "$COLS" -y "$ROWS" -e TERM=screen-256color \
        "exec env TERM=tmux-256color VIGIL_NOW=$VIGIL_NOW $(printf '%q ' "$VIGIL" --db "$DB")"
    until frame_ready; do
        if [ $(( ($(now_ns) - t0) / 1000000000 )) -ge 20 ]; then
            echo "tui.sh: no first frame after 20 s; screen:" >&2; screen >&2; exit 1
        fi
    done
    first+=("$(ms_since "$t0")")
    if [ "$i" -lt 3 ]; then
        tm send-keys -t 0 q
        while tm has-session 2>/dev/null && [ "$(tm display-message -p -t 0 '#{pane_dead}' 2>/dev/null)" = 0 ]; do
            sleep 0.05
        done
        tm kill-server >/dev/null 2>&1 || true
        sleep 0.2
    fi
done
echo
echo "dashboard in tmux ${COLS}x${ROWS}: start to first full frame (Risk rows + alert counts), 3 starts:"
echo "  ${first[*]} ms (median $(printf '%s\n' "${first[@]}" | median) ms; includes tmux starting the pane)"
echo "  harness alone (tmux pane printing one line, same polling): ${base[*]} ms" \
     "(median $(printf '%s\n' "${base[@]}" | median) ms)"

pid=$(tm list-panes -t 0 -F '#{pane_pid}')
[ "$(cat "/proc/$pid/comm")" = vigil ] || { echo "tui.sh: pane process $pid is not vigil" >&2; exit 1; }
status() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
echo "  VmHWM after the first frame: $(status VmHWM) KiB"

# ---- 3. every panel, scrolled ---------------------------------------------
keys() { tm send-keys -t 0 "$@"; }
t0=$(now_ns)
keys Down Down Right Right Right Down
sleep 0.3
for p in 2:10000 3:10000 4:10000 5:[0-9]+ 6:[0-9]+; do
    n=${p%%:*} total=${p#*:}
    keys "$n"
    wait_for "1 of $total\$"
    keys End
    wait_for "([0-9]+) of \\1\$"
    keys PPage PPage PPage Up Up
    sleep 0.2
    keys Home NPage NPage NPage
    sleep 0.2
    keys / a
    sleep 0.3
    keys Escape
    wait_for " of $total\$"
    keys s
    sleep 0.3
    keys End
    sleep 0.3
    keys S Home
    sleep 0.3
done
keys 1
wait_for ' of 50$'
echo
echo "visited panels 1-6, End/PgUp/PgDn/Home, filter, sort in each: $(ms_since "$t0") ms of keys and waits"
echo "  dashboard VmHWM (peak RSS): $(status VmHWM) KiB = $(awk -v k="$(status VmHWM)" 'BEGIN {printf "%.1f", k / 1024}') MiB;" \
     "VmRSS now: $(status VmRSS) KiB"

# ---- 4. idle ---------------------------------------------------------------
sleep 2
out=$work/idle.out
: >"$out"
cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
tm pipe-pane -t 0 -o "cat >> $out"
sleep "$IDLE"
tm pipe-pane -t 0
cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
bytes=$(wc -c <"$out")
tck=$(getconf CLK_TCK)
echo
echo "idle for ${IDLE} s on the Risk panel (pipe-pane): $bytes bytes written," \
     "$(awk -v b="$bytes" -v s="$IDLE" 'BEGIN {printf "%.1f", b / s}') B/s;" \
     "CPU $(awk -v t=$((cpu1 - cpu0)) -v h="$tck" 'BEGIN {printf "%.0f", t * 1000 / h}') ms"
keys q
