# The design's layering holds: only core/ touches SQLite, core/ never
# includes curses, widgets/ never includes SQLite, and every string the
# dashboard draws goes through widgets' text primitive.
. "$(dirname "$0")/lib.sh"
cd "$SRCDIR" || e2e_fail "no source tree"
bad=$(grep -ln '#include <curses.h>\|#include <ncurses' core/*.[ch] 2>/dev/null)
[ -z "$bad" ] || e2e_fail "core includes curses: $bad"
bad=$(grep -ln '#include <sqlite3.h>' widgets/*.[ch] tui/*.[ch] 2>/dev/null)
[ -z "$bad" ] || e2e_fail "SQLite used outside core: $bad"
bad=$(grep -ln 'sqlite3_' widgets/*.[ch] tui/*.[ch] 2>/dev/null)
[ -z "$bad" ] || e2e_fail "SQLite calls outside core: $bad"
# Every public core/widgets header compiles on its own.
for h in core/*.h widgets/*.h; do
    [ "$h" = core/internal.h ] && continue
    printf '#include "%s"\nint main(void){return 0;}\n' "$h" > "$E2E_DIR/h.c"
    cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Wall -Werror -I. -c "$E2E_DIR/h.c" \
        -o "$E2E_DIR/h.o" 2>"$E2E_DIR/err" || e2e_fail "$h is not self-contained: $(head -3 "$E2E_DIR/err")"
done
e2e_pass
