/// The functions every runbook starts with: how the script becomes the
/// server's account, hands the password to libpq and createuser without
/// argv, edits configuration files and refuses what the wizard refuses.
/// Kept in one piece so that `bash -n` and the lab test check all of it.
enum RunbookShell {
    /// What the runbook puts between a file's name and the date of its
    /// backup (FILE.runbook.DATE); `lab down` knows them by it.
    static let backupMarker = ".runbook."

    static let prelude = #"""
set -euo pipefail
umask 077
STAMP=$(date +%Y%m%d-%H%M%S)
BACKED_UP=" "
PASSWORD_FILES=()
trap 'rm -f -- "${PASSWORD_FILES[@]}"' EXIT

# RUNBOOK_HOST says which host this run is on: primary, secondary, or both
# when one machine holds both (as the lab does).
RUNBOOK_HOST=${RUNBOOK_HOST:-both}
case $RUNBOOK_HOST in primary|secondary|both) ;; *) echo "RUNBOOK_HOST must be primary, secondary or both" >&2; exit 2 ;; esac
on() { [ "$RUNBOOK_HOST" = both ] || [ "$RUNBOOK_HOST" = "$1" ]; }

step() { printf '\n== %s\n' "$*"; }

# Runs a shell line as ACCOUNT (postgres, root, or operator: whoever runs
# this script), as the wizard did: runuser when root, sudo otherwise.
as_account() {
    local account=$1 line=$2
    if [ "$account" = operator ] || [ "$(id -un)" = "$account" ]; then
        /bin/sh -c "$line"
    elif [ "$(id -u)" = 0 ]; then
        runuser -u "$account" -- /bin/sh -c "$line"
    else
        sudo --preserve-env=PGPASSFILE,PGHOST -u "$account" -- /bin/sh -c "$line"
    fi
}

# The password stays in this shell: children never inherit it.
if [ -n "${REP_USER_PW+set}" ]; then export -n REP_USER_PW; fi
# Asked once, at the start, of a terminal; or read as the first line of
# standard input when that is not a terminal (bash runbook.sh < file).
need_password() {
    if [ -z "${REP_USER_PW:-}" ] && [ -t 0 ]; then
        read -r -s -p "Replication password for $REP_USER: " REP_USER_PW
        echo
    elif [ -z "${REP_USER_PW:-}" ]; then
        IFS= read -r REP_USER_PW || true
    fi
    if [ -z "${REP_USER_PW:-}" ]; then
        echo "set REP_USER_PW to the replication password (it is read here, never written in this script)" >&2
        exit 2
    fi
}

# ':' and '\' are field syntax in a libpq password file.
pgpass_escape() { local v=${1//\\/\\\\}; printf '%s' "${v//:/\\:}"; }

# Runs LINE as ACCOUNT with PGPASSFILE naming a 0600 file that holds the
# replication password for this one command; printf is a shell builtin, so
# the password is never in any process's arguments.
with_password_file() {
    local account=$1 line=$2 file
    need_password
    file=$(mktemp /tmp/standby-runbook-pgpass.XXXXXX)
    PASSWORD_FILES+=("$file")
    printf '*:*:*:%s:%s\n' "$(pgpass_escape "$REP_USER")" "$(pgpass_escape "$REP_USER_PW")" > "$file"
    if [ "$(id -u)" = 0 ] && [ "$account" != operator ]; then chown "$account" "$file"; fi
    PGPASSFILE=$file as_account "$account" "$line"
    rm -f -- "$file"
}

# createuser -P asks twice on its terminal; without one (setsid) it reads
# the answers from its input.
with_password_prompts() {
    local account=$1 line=$2
    need_password
    printf '%s\n%s\n' "$REP_USER_PW" "$REP_USER_PW" | setsid -w bash -c 'as_account "$1" "$2"' runbook "$account" "$line"
}
export -f as_account

# A copy of FILE beside it, once per run, before the first change.
backup_once() {
    local file=$1
    [ -e "$file" ] || return 0
    case $BACKED_UP in *" $file "*) return 0 ;; esac
    cp -p -- "$file" "$file\#(backupMarker)$STAMP"
    BACKED_UP="$BACKED_UP$file "
}

# FILE made empty, 0600, owned like its directory, when it does not exist.
make_file() {
    local file=$1 dir
    [ -e "$file" ] && return 0
    dir=$(dirname -- "$file")
    install -m 600 -o "$(stat -c %u "$dir")" -g "$(stat -c %g "$dir")" /dev/null "$file"
}

# Replaces FILE with the content of TEMPORARY, keeping FILE's owner and
# mode: written beside it, then renamed, never half-written.
replace_file() {
    local file=$1 temporary=$2
    chown --reference="$file" "$temporary"
    chmod --reference="$file" "$temporary"
    mv -f -- "$temporary" "$file"
}

# NAME = VALUE in FILE: the active lines of NAME are commented out and the
# new line is added at the end, where it is the one that counts.
set_setting() {
    local file=$1 name=$2 line=$3 temporary
    make_file "$file"
    if awk -v name="$name" -v line="$line" 'function squeeze(s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
        { key = tolower($0); sub(/^[ \t]+/, "", key)
          if (index(key, tolower(name)) == 1 && substr(key, length(name) + 1, 1) ~ /[ \t=]/) last = squeeze($0) }
        END { exit last != squeeze(line) }' "$file"; then
        echo "already set in $file: $line"
        return 0
    fi
    backup_once "$file"
    temporary=$(mktemp "$file.runbook-XXXXXX")
    awk -v name="$name" -v line="$line" '
        { key = tolower($0); sub(/^[ \t]+/, "", key)
          if (index(key, tolower(name)) == 1 && substr(key, length(name) + 1, 1) ~ /[ \t=]/) print "#" $0; else print }
        END { print line }' "$file" > "$temporary"
    replace_file "$file" "$temporary"
}

# RULE in pg_hba.conf FILE unless an identical rule is there (blanks
# aside); above the rule BEFORE when that one would match first.
add_hba_rule() {
    local file=$1 rule=$2 before=${3:-} temporary
    if awk -v rule="$rule" 'function squeeze(s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
        squeeze($0) == squeeze(rule) { found = 1 } END { exit !found }' "$file"; then
        echo "rule already present in $file: $rule"
        return 0
    fi
    backup_once "$file"
    temporary=$(mktemp "$file.runbook-XXXXXX")
    awk -v rule="$rule" -v before="$before" 'function squeeze(s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
        !done && before != "" && squeeze($0) == squeeze(before) { print rule; done = 1 }
        { print } END { if (!done) print rule }' "$file" > "$temporary"
    replace_file "$file" "$temporary"
}

# The replication password for KEY (host:port:database:user) in the libpq
# password file FILE, which stays 0600.
add_password_entry() {
    local file=$1 key=$2 temporary
    need_password
    make_file "$file"
    backup_once "$file"
    temporary=$(mktemp "$file.runbook-XXXXXX")
    awk -v key="$key:" 'index($0, key) != 1' "$file" > "$temporary"
    printf '%s:%s\n' "$key" "$(pgpass_escape "$REP_USER_PW")" >> "$temporary"
    replace_file "$file" "$temporary"
    chmod 600 "$file"
}

# Before the standby's server is stopped or its data directory moved: it
# must be a data directory, not the primary's, and one in production only
# when CONFIRM_SET_ASIDE names its cluster.
guard_standby_directory() {
    local dir=$1 cluster=$2 bindir=$3 state
    if [ ! -f "$dir/PG_VERSION" ]; then
        echo "refused: $dir holds no PostgreSQL data directory (no PG_VERSION); nothing was stopped or moved" >&2
        exit 1
    fi
    if [ "$RUNBOOK_HOST" = both ] && [ "$(realpath -- "$dir")" = "$(realpath -- "$PRIMARY_DATA" 2>/dev/null || echo -)" ]; then
        echo "refused: $dir is the primary's own data directory; nothing was stopped or moved" >&2
        exit 1
    fi
    state=$(LC_ALL=C "$bindir/pg_controldata" "$dir" | sed -n 's/^Database cluster state: *//p')
    echo "$dir: PostgreSQL $(cat "$dir/PG_VERSION") data directory, $state"
    if [ "$state" = "in production" ] && [ "${CONFIRM_SET_ASIDE:-}" != "$cluster" ]; then
        echo "refused: $dir is in production (a primary, or a promoted standby); set CONFIRM_SET_ASIDE=$cluster to set it aside" >&2
        exit 1
    fi
}

# pg_basebackup writes only into an absent or empty directory.
require_empty() {
    if [ -n "$(ls -A -- "$1" 2>/dev/null)" ]; then
        echo "refused: $1 is not empty; set what it holds aside first" >&2
        exit 1
    fi
}

# SQL on a cluster as postgres, tuples only.
sql() {
    local bindir=$1 port=$2 socket=$3 query=$4
    as_account postgres "$(printf '%q ' "$bindir/psql" -X -A -t -q -p "$port" -U postgres ${socket:+-h "$socket"} -d postgres -c "$query")"
}

# Waits up to TIMEOUT seconds until QUERY answers ANSWER; on timeout shows
# the end of LOG and stops.
wait_for() {
    local what=$1 timeout=$2 log=$3 bindir=$4 port=$5 socket=$6 query=$7 answer=$8 waited=0
    until [ "$(sql "$bindir" "$port" "$socket" "$query" 2>/dev/null || true)" = "$answer" ]; do
        if [ "$waited" -ge "$timeout" ]; then
            echo "gave up after ${timeout}s waiting for: $what" >&2
            if [ -n "$log" ] && [ -r "$log" ]; then tail -n 20 -- "$log" >&2; fi
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    echo "ok: $what"
}
"""#
}
