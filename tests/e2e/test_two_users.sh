# Two Unix users, one group, one file (SPEC §5, README "Several officers,
# several Unix users, one file"). User A creates the database; while A's
# dashboard is open (so A's process created the -wal and -shm), user B, in
# the same group, writes from the command line and A's dashboard shows it
# without a keypress. Then the roles swap: A quits, B's dashboard creates
# fresh -wal/-shm, A writes and B sees it. Both users run with umask 022, so
# the group-writable modes are vigil's doing (0660 whatever the umask).
# Needs root (to create the users); skipped otherwise.
if [ "$(id -u)" != 0 ]; then
    echo "test_two_users: skipped (needs root to create two users)"
    exit 0
fi
. "$(dirname "$0")/lib.sh"

GRP=vigil-e2e-ops
UA=vigil-e2e-a
UB=vigil-e2e-b
for t in groupadd useradd setpriv; do
    command -v "$t" >/dev/null || e2e_fail "$t not found (Debian: passwd, util-linux)"
done

# The group and the two users, left in place for the next run (no home, no
# login shell). Another run may be creating them at the same moment, so
# only the end result counts.
getent group "$GRP" >/dev/null || groupadd --system "$GRP" 2>/dev/null
getent group "$GRP" >/dev/null || e2e_fail "cannot create group $GRP"
for u in "$UA" "$UB"; do
    id -u "$u" >/dev/null 2>&1 ||
        useradd --system -M -N -g "$GRP" -d /nonexistent -s /usr/sbin/nologin \
            -c "vigil e2e test" "$u" 2>/dev/null
    id -u "$u" >/dev/null 2>&1 || e2e_fail "cannot create user $u"
done

# The shared directory, as the README sets it up: owned by the group,
# setgid, 2770. The scratch dir above it is 0700 (mktemp): let others
# traverse it, so that lib.sh's cleanup removes everything.
chmod 0711 "$E2E_DIR"
SHARED="$E2E_DIR/shared"
install -d -o root -g "$GRP" -m 2770 "$SHARED" || e2e_fail "cannot create $SHARED"
E2E_DB="$SHARED/ops.db"
BIN=$(readlink -f "$VIGIL")

# Run "$@" as user U (group $GRP), umask 022, with U's own name in the
# environment (vigil itself takes the name from the uid).
as_user() {
    local u=$1
    shift
    (umask 022 && exec setpriv --reuid="$u" --regid="$GRP" --init-groups -- \
        env HOME="$SHARED" USER="$u" LOGNAME="$u" "$@")
}
# The binary and the sample data must be reachable by the users; if the
# source tree is not (a private home, say), they get copies.
if ! as_user "$UB" test -x "$BIN" || ! as_user "$UA" test -r "$VIGIL_SAMPLE_DIR/partners.csv"; then
    install -d -m 0755 "$E2E_DIR/pub"
    cp "$BIN" "$E2E_DIR/pub/vigil" && chmod 0755 "$E2E_DIR/pub/vigil" || e2e_fail "cannot copy the binary"
    cp -r "$VIGIL_SAMPLE_DIR" "$E2E_DIR/pub/sample-data" && chmod -R a+rX "$E2E_DIR/pub" ||
        e2e_fail "cannot copy the sample data"
    BIN="$E2E_DIR/pub/vigil"
    export VIGIL_SAMPLE_DIR="$E2E_DIR/pub/sample-data"
fi
# vigil-as-a / vigil-as-b: the binary run as that user. lib.sh starts
# "$VIGIL" in its tmux pane, so pointing VIGIL at one of these runs the
# dashboard as that user (setpriv execs, so the pane's pid is vigil's).
for u in a b; do
    w="$E2E_DIR/vigil-as-$u"
    printf '#!/bin/sh\numask 022\nexec setpriv --reuid=%q --regid=%q --init-groups -- env HOME=%q USER=%q LOGNAME=%q %q "$@"\n' \
        "vigil-e2e-$u" "$GRP" "$SHARED" "vigil-e2e-$u" "vigil-e2e-$u" "$BIN" >"$w"
    chmod 0700 "$w"
done
VA="$E2E_DIR/vigil-as-a"
VB="$E2E_DIR/vigil-as-b"

# "MODE OWNER GROUP" of a file, or "missing".
perms() { stat -c '%a %U %G' "$1" 2>/dev/null || echo missing; }
want_perms() {
    local f=$1 want=$2 got
    got=$(perms "$f")
    [ "$got" = "$want" ] || e2e_fail "$(basename "$f"): $got, want $want ($(ls -la "$SHARED" | tr '\n' ';'))"
}
# Wait (up to 3 s) until F exists.
wait_file() {
    local i
    for ((i = 0; i < 150; i++)); do [ -e "$1" ] && return 0; sleep 0.02; done
    e2e_fail "$(basename "$1") was not created ($(ls -la "$SHARED" | tr '\n' ';'))"
}
# Run vigil as U with ARGS; it must exit 0 and say nothing of permissions.
run_ok() {
    local u=$1 rc
    shift
    as_user "$u" "$BIN" "$@" --db "$E2E_DB" >"$E2E_DIR/out" 2>&1
    rc=$?
    [ $rc = 0 ] || e2e_fail "$u: vigil $* exited $rc: $(cat "$E2E_DIR/out")"
    if grep -qiE 'readonly|read-only|unable to open|permission|denied' "$E2E_DIR/out"; then
        e2e_fail "$u: vigil $*: $(cat "$E2E_DIR/out")"
    fi
}
# Import one new partner NAME as user U.
new_partner() {
    local u=$1 name=$2 f="$SHARED/partner-$1.csv"
    printf 'name,kind,trust,last_contact\n%s,local_ngo,3,2026-11-20\n' "$name" >"$f"
    chmod 0644 "$f"
    run_ok "$u" import partners "$f"
}
# Wait (up to SECS s) for TEXT on the screen of the dashboard (S = a for
# lib.sh's first session); prints the milliseconds since T0 (date +%s%N).
seen_after() {
    local text=$1 t0=$2 secs=$3 ms
    while :; do
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
        e2e_screen 2>/dev/null | grep -qF -- "$text" && { echo "$ms"; return 0; }
        [ "$ms" -gt $((secs * 1000)) ] && return 1
        sleep 0.02
    done
}
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
# Quit the dashboard with q and wait until its process has exited (so the
# database is closed and the last connection has removed -wal and -shm).
# The tmux server exits with it and leaves its socket, which e2e_stop cannot
# name any more: it is handed to lib.sh's cleanup here.
quit_dashboard() {
    local pid i path
    pid=$(tm display-message -p -t 0 '#{pane_pid}' 2>/dev/null)
    path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
    [ -n "$pid" ] || e2e_fail "no dashboard to quit"
    e2e_keys q
    for ((i = 0; i < 250; i++)); do
        case $(ps -o stat= -p "$pid" 2>/dev/null) in ""|Z*) break ;; esac
        sleep 0.02
    done
    case $(ps -o stat= -p "$pid" 2>/dev/null) in ""|Z*) ;; *) e2e_fail "the dashboard did not quit on q" ;; esac
    e2e_stop
    E2E_OLD_SOCKETS="${E2E_OLD_SOCKETS:-} $path"
}

# ---- 1. A creates the database --------------------------------------------
run_ok "$UA" init --demo
want_perms "$E2E_DB" "660 $UA $GRP"
for x in -wal -shm; do
    [ -e "$E2E_DB$x" ] && e2e_fail "ops.db$x is left after init: $(perms "$E2E_DB$x")"
done

# Open the dashboard as user U (through wrapper W) on Partners showing
# "1 of N", and check that U's process made the -wal and -shm.
open_partners_as() {
    local w=$1 u=$2 n=$3 x
    VIGIL=$w e2e_start 80 24
    e2e_keys 2
    e2e_wait "Partners  ·"
    e2e_wait "1 of $n"
    for x in -wal -shm; do
        wait_file "$E2E_DB$x"
        want_perms "$E2E_DB$x" "660 $u $GRP"
    done
}
# User U adds partner NAME from the command line; the open dashboard must
# show it within 3 s with no keypress, now N rows. Prints the milliseconds.
write_and_see() {
    local u=$1 name=$2 n=$3 t0 ms
    new_partner "$u" "$name"
    t0=$(date +%s%N)
    ms=$(seen_after "$name" "$t0" 3) || e2e_fail "the open dashboard did not show $u's new partner within 3 s"
    e2e_wait "1 of $n" 1
    echo "$ms"
}

# ---- 2. A's dashboard is open: A's process made -wal and -shm ---------------
open_partners_as "$VA" "$UA" 40

# ---- 3. B writes, 4. A's open dashboard shows it, no keypress ---------------
# Sorted by name, "Dalvik" lands between "Council…" and "Elder…", on screen
# below the selected first row.
ms_a=$(write_and_see "$UB" "Dalvik Bridge Ops B" 41) || exit 1
# The -wal/-shm B wrote through are still A's.
for x in -wal -shm; do want_perms "$E2E_DB$x" "660 $UA $GRP"; done

# ---- 5. A quits; B's dashboard makes fresh -wal/-shm; A writes, B sees it ---
quit_dashboard
for x in -wal -shm; do
    [ -e "$E2E_DB$x" ] && e2e_fail "ops.db$x is left after A quit: $(perms "$E2E_DB$x")"
done
open_partners_as "$VB" "$UB" 41
e2e_wait "Dalvik Bridge Ops B"
# "Dalmar" sorts just before "Dalvik", also on screen.
ms_b=$(write_and_see "$UA" "Dalmar Relay Ops A" 42) || exit 1
quit_dashboard

# ---- 6. both can check it; the audit trail tells them apart -----------------
run_ok "$UA" check
run_ok "$UB" check
as_user "$UB" "$BIN" export audit --db "$E2E_DB" >"$E2E_DIR/audit.csv" 2>&1 ||
    e2e_fail "B cannot export the audit trail: $(cat "$E2E_DIR/audit.csv")"
grep -qE "^[^,]*,$UB,import,partners,$SHARED/partner-$UB.csv," "$E2E_DIR/audit.csv" ||
    e2e_fail "no audit entry for B's import under $UB: $(grep partner- "$E2E_DIR/audit.csv")"
grep -qE "^[^,]*,$UA,import,partners,$SHARED/partner-$UA.csv," "$E2E_DIR/audit.csv" ||
    e2e_fail "no audit entry for A's import under $UA: $(grep partner- "$E2E_DIR/audit.csv")"
want_perms "$E2E_DB" "660 $UA $GRP"

# ---- 7. a user who cannot write the file or its directory -------------------
# A copy in a directory only root writes, in WAL mode with no -wal/-shm
# beside it (as when nobody has it open). Reading a WAL file needs a -shm,
# which A cannot create: one-shot reads take the file as it stands; the
# dashboard, which must see others' changes, says why it cannot open.
RO="$E2E_DIR/ro"
install -d -m 0755 "$RO" || e2e_fail "cannot create $RO"
"$BIN" backup "$RO/x.db" --db "$E2E_DB" >/dev/null && "$BIN" init --db "$RO/x.db" >/dev/null ||
    e2e_fail "cannot make the copy"
chmod 0644 "$RO/x.db"
[ "$(sqlite3 "$RO/x.db" 'PRAGMA journal_mode')" = wal ] || e2e_fail "the copy is not in WAL mode"
ro_run() { as_user "$UA" "$BIN" "$@" --db "$RO/x.db" >"$E2E_DIR/out" 2>&1; }
ro_run check || e2e_fail "A cannot check a file it may only read: $(cat "$E2E_DIR/out")"
grep -q "integrity: ok" "$E2E_DIR/out" || e2e_fail "check as A: $(cat "$E2E_DIR/out")"
ro_run export partners || e2e_fail "A cannot export a file it may only read: $(cat "$E2E_DIR/out")"
grep -q "Dalmar Relay Ops A" "$E2E_DIR/out" || e2e_fail "export as A lacks A's partner"
ro_run alerts
[ $? = 2 ] || e2e_fail "vigil alerts as A: $(head -3 "$E2E_DIR/out")"
for x in -wal -shm; do [ -e "$RO/x.db$x" ] && e2e_fail "a read by A left x.db$x"; done
as_user "$UA" script -qec "$(printf '%q ' env TERM=xterm "$BIN" --db "$RO/x.db") 2>$(printf %q "$SHARED/err")" /dev/null \
    >/dev/null 2>&1
grep -qF -- "-shm" "$SHARED/err" || e2e_fail "A's dashboard on the closed file: $(cat "$SHARED/err")"
# With root's dashboard open on it (so -wal and -shm are there), A's opens
# read-only and says why an editing key does nothing.
E2E_DB_SAVED=$E2E_DB
E2E_DB="$RO/x.db"
VIGIL=$BIN e2e_start_in rw 80 24
VIGIL=$VA e2e_start_in ro 80 24
e2e_wait_in ro "read-only: you cannot write to x.db"
e2e_keys_in ro 2
e2e_wait_in ro "Partners  ·"
e2e_keys_in ro a
e2e_wait_in ro "read-only: you cannot write to this database"
e2e_screen_in ro | grep -qF -- "--read-only" && e2e_fail "A's dashboard blames --read-only: $(e2e_screen_in ro | tail -2)"
e2e_keys_in ro q
e2e_keys_in rw q
E2E_DB=$E2E_DB_SAVED

echo "test_two_users: A created, B wrote, A saw it in $(secs "$ms_a") s; B's dashboard saw A's write in $(secs "$ms_b") s; -wal/-shm by A then by B, mode 0660 group $GRP"
e2e_pass
