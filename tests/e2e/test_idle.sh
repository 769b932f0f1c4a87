# Idle: once drawn, the dashboard writes nothing to the terminal while
# nothing changes. The only exception is the clock, once a minute: if the
# wall-clock minute turns during the 10 s window a small redraw (< 200
# bytes) is allowed.
. "$(dirname "$0")/lib.sh"
e2e_demo_db
e2e_start 80 24
e2e_wait "1 of 12"
e2e_wait "XV05"
# Let the first frame and any start-up work (alert re-evaluation) settle:
# wait until two captures 0.5 s apart are identical.
prev="" i=0
while [ $i -lt 20 ]; do
    cur=$(e2e_screen)
    [ "$cur" = "$prev" ] && break
    prev=$cur
    sleep 0.5
    i=$((i + 1))
done

out="$E2E_DIR/idle.bytes"
: >"$out"
m0=$(date -u +%H:%M)
tm pipe-pane -t 0 -o "cat >> $(printf '%q' "$out")" || e2e_fail "pipe-pane failed"
sleep 10
n=$(wc -c <"$out")
m1=$(date -u +%H:%M)
# The probe works: a keypress that changes the screen is seen through it.
e2e_keys j
e2e_wait "2 of 12"
i=0
while [ "$(wc -c <"$out")" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
[ "$(wc -c <"$out")" -gt "$n" ] || e2e_fail "pipe-pane saw nothing even after a keypress: the probe is broken"
tm pipe-pane -t 0            # stop piping
if [ "$m0" = "$m1" ]; then echo "idle: $n bytes in 10 s"; else echo "idle: $n bytes in 10 s (the clock turned $m0 -> $m1)"; fi
e2e_alive || e2e_fail "dashboard died while idle"
if [ "$m0" = "$m1" ]; then
    [ "$n" -eq 0 ] || e2e_fail "wrote $n bytes while idle: $(head -c "$n" "$out" | od -c | head -5)"
else
    [ "$n" -lt 200 ] || e2e_fail "wrote $n bytes while idle across a minute boundary (clock only should be < 200)"
fi
e2e_pass
