# test_checkpoint: 4 readers + 1 writer for STRESS_SECONDS (default 300).
#
# Readers: two real dashboards in tmux (one on Inventory filtered to the
# writer's resource, whose quantity changes with nearly every write, one on
# Audit, so
# both re-query on every commit) and two loops of `vigil snapshot` (Inventory
# and Partners). Writer: stressdrv write at full speed (inserts, updates,
# movements, stock counts). Asserts:
#   - the -wal file stays under STRESS_WAL_MAX_MB (default 64 MiB), sampled
#     every 0.1 s (readers never starve the checkpoints);
#   - the writer saw no error (no busy error surfaced);
#   - once the writer and the snapshot loops stop, the dashboards — still
#     open, idle, and having read data from the WAL — hold no read
#     transaction: `PRAGMA wal_checkpoint(TRUNCATE)` from the sqlite3 shell
#     (busy timeout 2 s) returns busy=0 and leaves a 0-byte -wal, five times
#     in a row;
#   - vigil check passes at the end.
#
# The bound is about checkpoint starvation (readers that always overlap
# would let the WAL grow for the whole run), but a full-speed writer appends
# some 30 MiB of WAL per second while any one reader holds a snapshot: a
# reader stalled for 2 s (a machine loaded by other jobs) is enough to pass
# 64 MiB. STRESS_WRITE_RATE=200 (writes/s, still far above an operations
# centre's) makes the run insensitive to such stalls.
#
# Figures: max -wal size, writes done, snapshots taken.
. "$(dirname "$0")/lib.sh"

SECS=${STRESS_SECONDS:-300}
WAL_MAX_MB=${STRESS_WAL_MAX_MB:-64}
RATE=${STRESS_WRITE_RATE:-0} # writes/s; 0 = as fast as it goes
DB="$ST_DIR/ops.db"
SOCK="vigil-stress-$$"
stop="$ST_DIR/stop"

tmx() { local s=$1; shift; tmux -L "$SOCK-$s" -f /dev/null "$@"; }
# kill-server leaves the socket file behind: remove it too.
ST_EXTRA_CLEANUP='for s in a b; do tmx $s kill-server >/dev/null 2>&1; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK-$s"; done'
screen_of() { tmx "$1" capture-pane -p -t 0 2>/dev/null; }
alive() { [ "$(tmx "$1" display-message -p -t 0 '#{pane_dead}' 2>/dev/null)" = "0" ]; }
wait_for() { # session text seconds
    local i=0
    while [ $i -lt $(($3 * 20)) ]; do
        screen_of "$1" | grep -qF -- "$2" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    st_fail "dashboard $1: waited $3 s for '$2'; screen:
$(screen_of "$1")"
}

st_build_driver
"$VIGIL" init --demo --db "$DB" >/dev/null || st_fail "vigil init --demo failed"
"$DRV" setup "$DB" 1 1 || st_fail "setup failed"

for s in a b; do
    tmx "$s" new-session -d -x 100 -y 30 -e TERM=screen-256color \
        "exec env TERM=tmux-256color $(printf '%q ' "$VIGIL" --db "$DB")" || st_fail "tmux would not start"
    wait_for "$s" vigil 10
done
tmx a send-keys -t 0 3
wait_for a "Inventory" 10
tmx a send-keys -t 0 /
tmx a send-keys -t 0 -l RES-W
tmx a send-keys -t 0 Enter
wait_for a "RES-W0" 10
tmx b send-keys -t 0 6
sleep 1

snap_loop() { # panel counter-file
    local n=0
    while [ ! -e "$stop" ]; do
        "$VIGIL" snapshot --panel "$1" --size 100x30 --db "$DB" >/dev/null 2>>"$ST_DIR/snap.err" || echo "snapshot failed" >>"$ST_DIR/snap.err"
        n=$((n + 1))
    done
    echo "$n" >"$2"
}
: >"$ST_DIR/snap.err"
st_bg snap_loop inventory "$ST_DIR/snaps.1"
st_bg snap_loop partners "$ST_DIR/snaps.2"
STRESSDRV_RATE=$RATE "$DRV" write "$DB" 0 1000000000 1 "$SECS" >"$ST_DIR/writer.out" 2>"$ST_DIR/writer.err" &
wpid=$!
ST_PIDS="$ST_PIDS $wpid"

max=0 samples=0
while kill -0 "$wpid" 2>/dev/null; do
    w=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
    [ "$w" -gt "$max" ] && max=$w
    samples=$((samples + 1))
    [ $((samples % 10)) = 0 ] && echo "$((samples / 10)) $w" >>"$ST_DIR/wal.trace"
    if [ $((samples % 100)) = 0 ]; then
        alive a && alive b || st_fail "a dashboard died under load"
    fi
    sleep 0.1
done
wait "$wpid"
wrc=$?
touch "$stop"
sleep 0.5
for p in $ST_PIDS; do [ "$p" = "$wpid" ] || wait "$p" 2>/dev/null; done
ST_PIDS=""
writes=$(sed -n 's/.*writer 0: \([0-9]*\) ops in \([0-9.]*\) s.*/\1 writes in \2 s/p' "$ST_DIR/writer.err")
snaps=$(($(cat "$ST_DIR/snaps.1" 2>/dev/null || echo 0) + $(cat "$ST_DIR/snaps.2" 2>/dev/null || echo 0)))
echo "$ST_NAME: ${SECS} s, 1 writer ($writes$([ "$RATE" != 0 ] && echo ", paced to $RATE/s")), 2 dashboards, 2 snapshot loops ($snaps snapshots): max -wal $((max / 1024)) KiB over $samples samples (bound ${WAL_MAX_MB} MiB)"
[ $wrc = 0 ] || st_fail "the writer saw errors: $(grep -v ' ops in ' "$ST_DIR/writer.err" | head -5)"
[ ! -s "$ST_DIR/snap.err" ] || st_fail "vigil snapshot failed under load: $(head -5 "$ST_DIR/snap.err")"
[ "$max" -lt $((WAL_MAX_MB * 1048576)) ] || st_fail "the -wal file reached $((max / 1048576)) MiB (bound $WAL_MAX_MB MiB); MiB each second: $(awk '{ printf "%d ", $2 / 1048576 }' "$ST_DIR/wal.trace")"

# The dashboards have the writer's last changes on screen, then go idle.
last=$(st_q "$DB" "SELECT quantity FROM resources WHERE code = 'RES-W0'")
alive a && alive b || st_fail "a dashboard died"
sleep 2
ck=""
for k in 1 2 3 4 5; do
    r=$(sqlite3 -batch -noheader -cmd ".timeout 2000" "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" 2>&1)
    ws=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
    ck="$ck [$r wal=$ws]"
    busy=${r%%|*}
    [ "$busy" = 0 ] || st_fail "checkpoint $k with two idle dashboards open returned busy ($r): a dashboard holds a read transaction"
    [ "$ws" = 0 ] || st_fail "checkpoint(TRUNCATE) $k left a $ws-byte -wal"
    sleep 0.7
done
alive a && alive b || st_fail "a dashboard died during the checkpoints"
echo "$ST_NAME: wal_checkpoint(TRUNCATE) with 2 idle dashboards open (busy|log|checkpointed):$ck"
screen_of a | grep -qF "RES-W0" || st_fail "dashboard a no longer shows RES-W0 (quantity $last)"
"$VIGIL" check --db "$DB" >"$ST_DIR/check.out" 2>&1 || st_fail "vigil check: $(cat "$ST_DIR/check.out")"
st_pass
