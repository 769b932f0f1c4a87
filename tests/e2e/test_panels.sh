# Every panel is reachable by number and by Tab; help lists the bound keys;
# filter and sort change what is shown; Enter opens the detail.
. "$(dirname "$0")/lib.sh"
e2e_demo_db
e2e_start
e2e_wait "Risk  ·  regions by overall risk"
e2e_wait "XV05"
for p in "2:Partners  ·" "3:Inventory  ·" "4:Activities  ·" "5:Alerts  ·" "6:Audit  ·" "1:Risk  ·"; do
    e2e_keys "${p%%:*}"
    e2e_wait "${p#*:}"
done
for p in "Partners  ·" "Inventory  ·" "Activities  ·" "Alerts  ·" "Audit  ·" "Risk  ·"; do
    e2e_keys Tab
    e2e_wait "$p"
done
e2e_keys BTab
e2e_wait "Audit  ·"

# At 80x24 the values a row is read by are shown whole.
e2e_keys 3
e2e_wait "COMM-SAT-0301 "
e2e_keys 2
e2e_wait "Partners  ·"
e2e_screen | grep -qE "│SILENT 20[0-9]{2}-[0-9]{2}-[0-9]{2}│" ||
    e2e_fail "a silent partner's last contact date is cut: $(e2e_screen | grep SILENT | head -1)"

# Help: generated from the key table.
# At 80x24 it scrolls: read it page by page.
e2e_keys 1
help=$(e2e_help_text)
for k in "?/F1" "Tab" "S-Tab" "Enter" "/" "a" "o" "j/Down" "k/Up" "PgUp" "PgDn" "g/Home" "G/End" \
         "h/Left" "l/Right" "^L" "q" "1" "6"; do
    printf '%s\n' "$help" | grep -qF -- "│ $k " || printf '%s\n' "$help" | grep -qF -- " $k " ||
        e2e_fail "help does not list $k"
done
printf '%s\n' "$help" | grep -qF "add an observation for the selected region" || e2e_fail "help lacks o's description"
[ "$(printf '%s\n' "$help" | grep -c '│ General ')" = 1 ] || e2e_fail "help shows the General section more than once"
e2e_keys Escape
e2e_gone "Keys"

# Filter: incremental, case-insensitive; Esc clears.
e2e_keys 2 /
e2e_type "KESSA"
e2e_wait "filter /KESSA"
e2e_screen | grep -q "Castavel University" && e2e_fail "filter did not hide a non-matching partner"
e2e_wait "Kessa Valley Protect"
e2e_keys Escape
e2e_gone "filter /"
e2e_wait "Meridian Ceasefire"   # hidden by the filter, back after Esc

# Sort: s moves to the next column, S reverses.
e2e_keys s
e2e_wait "sorted by Kind"
e2e_keys S
e2e_wait "sorted by Kind (descending)"

# Enter shows the whole record; Esc goes back to the list.
e2e_keys g Enter
e2e_wait "last change"
e2e_gone "│Trust│"
e2e_keys Escape
e2e_wait "│Trust│"
# A message belongs to its panel: it goes when the panel changes.
e2e_keys v
e2e_wait "Contact details shown"
e2e_keys 3
e2e_gone "Contact details shown"
# Risk, Enter: every indicator of the region; at 80x24 PgDn pages
# through them, Esc goes back to the selected factor.
e2e_keys 1 Enter
e2e_wait "every indicator, worst first"
e2e_wait "1-3 of 18"
e2e_keys PageDown
e2e_wait "4-6 of 18"
e2e_keys Escape
e2e_gone "every indicator"
e2e_keys q
sleep 0.3
e2e_alive && e2e_fail "q did not quit"
e2e_pass
