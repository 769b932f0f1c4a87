# Without colour (NO_COLOR, --no-color, a vt100) and without UTF-8 (LANG=C)
# every level is still shown by a letter, and the screen stays readable:
# no colour escapes where colour is off, only ASCII where the locale is not
# UTF-8, no '?' stand-ins for characters the locale cannot show.
. "$(dirname "$0")/lib.sh"
e2e_demo_db

# SGR colour parameters (30-38, 40-48, 90-97, 100-107) in the screen as
# tmux records it (capture-pane -e). 39/49 (default colours) do not count.
colour_sgrs() {
    tm capture-pane -p -e -t 0 | grep -oE $'\033\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
        grep -cE '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}

# The common checks on the Risk matrix: levels by letter in cells, scores
# and top-bar counts.
levels_by_letter() {
    local what=$1 s top row
    s=$(e2e_screen)
    top=$(printf '%s\n' "$s" | sed -n 1p)
    printf '%s\n' "$top" | grep -qE 'R[!]?[0-9]+' || e2e_fail "$what: top bar shows no red count with its letter: $top"
    printf '%s\n' "$top" | grep -qE 'A[^0-9 ]?[0-9]+' || e2e_fail "$what: top bar shows no amber count with its letter: $top"
    printf '%s\n' "$s" | grep -qF "Risk" || e2e_fail "$what: no Risk header"
    row=$(printf '%s\n' "$s" | grep -E '^XV05 ') || e2e_fail "$what: no XV05 row"
    # Tovreth (XV05) has red and amber cells; Castavel (XV01) only green ones.
    printf '%s\n' "$row" | grep -qE '[0-9]+R [0-9]+A' || e2e_fail "$what: XV05's score lacks R/A letters: $row"
    # Each of the 14 cells carries its level letter (plus the two in the score).
    [ "$(printf "%s" "$row" | tr -cd "RA" | wc -c)" -ge 16 ] ||
        e2e_fail "$what: XV05's cells do not all show R or A: $row"
    row=$(printf '%s\n' "$s" | grep -E '^XV01 ') || e2e_fail "$what: no XV01 row"
    [ "$(printf '%s\n' "$row" | tr -cd 'G' | wc -c)" -ge 10 ] || e2e_fail "$what: XV01's green cells lack the G letter: $row"
    # No stand-ins for unprintable characters: the only '?' is the help hint.
    [ "$(printf '%s\n' "$s" | sed 's|?/F1||g' | tr -cd '?' | wc -c)" = 0 ] ||
        e2e_fail "$what: '?' stand-ins on screen (a character the terminal cannot show)"
    printf '%s\n' "$s" | grep -qF $'\uFFFD' && e2e_fail "$what: U+FFFD on screen"
    return 0
}

# --- control: with colour, the colour probe sees colour ----------------------
e2e_start 80 24
e2e_wait "1 of 12"
[ "$(colour_sgrs)" -gt 0 ] || e2e_fail "control: no colour seen with colour on (the probe is broken)"
e2e_stop

# --- NO_COLOR=1 ---------------------------------------------------------------
E2E_ENV="NO_COLOR=1" e2e_start 80 24
e2e_wait "1 of 12"
levels_by_letter "NO_COLOR"
n=$(colour_sgrs)
[ "$n" = 0 ] || e2e_fail "NO_COLOR=1: $n colour escapes on screen"
e2e_stop

# --- --no-color ---------------------------------------------------------------
e2e_start 80 24 -- --no-color
e2e_wait "1 of 12"
levels_by_letter "--no-color"
n=$(colour_sgrs)
[ "$n" = 0 ] || e2e_fail "--no-color: $n colour escapes on screen"
e2e_stop

# --- TERM=vt100, LANG=C: no colour, ASCII only ----------------------------------
E2E_ENV="-u LC_ALL LANG=C TERM=vt100" e2e_start 80 24
e2e_wait "1 of 12"
levels_by_letter "vt100 + LANG=C"
n=$(colour_sgrs)
[ "$n" = 0 ] || e2e_fail "vt100: $n colour escapes on screen"
s=$(e2e_screen)
for r in XV05 XV03 XV0301 XV04 XV06 XV01; do
    printf '%s\n' "$s" | grep -qE "^$r " || e2e_fail "vt100 + LANG=C: region $r missing"
done
printf '%s\n' "$s" | grep -qF "Region" || e2e_fail "vt100 + LANG=C: no matrix header"
printf '%s\n' "$s" | grep -qE '^ XV05 Tovreth' || e2e_fail "vt100 + LANG=C: no detail line for XV05"
# Nothing but ASCII reaches the screen (line drawing goes through ACS).
nonascii=$(printf '%s\n' "$s" | LC_ALL=C tr -d '\000-\177' | wc -c)
[ "$nonascii" = 0 ] || e2e_fail "LANG=C: $nonascii non-ASCII bytes on screen"
# The help still opens and reads.
e2e_keys '?'
e2e_wait "Keys"
e2e_wait "show this help"
e2e_keys Escape
e2e_gone "show this help"
e2e_alive || e2e_fail "vt100 + LANG=C: dashboard died"
e2e_stop

# --- TERM=dumb: cannot draw a dashboard, and says so ------------------------------
tm new-session -d -x 80 -y 24 -e TERM=screen-256color \
    "env TERM=dumb $VIGIL --db $E2E_DB; echo exit=\$?; sleep 30" || e2e_fail "tmux would not start"
e2e_wait "exit=64"
e2e_wait "TERM=dumb cannot move the cursor"
tm respawn-pane -k -t 0 "env TERM=nosuchterm $VIGIL --db $E2E_DB; echo exit=\$?; sleep 30" ||
    e2e_fail "tmux would not run the next command"
e2e_wait "exit=74"
e2e_wait "TERM=nosuchterm is not a terminal type known here"
e2e_pass
