#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# stack.sh — the embedded development stack: a private PostgreSQL cluster, the
# mock-cluster Kafka broker, a real SMTP server writing to a Maildir, and the
# pipeline's own processes, all on loopback, all under $DK_VAR_DIR (var/).
#
#   infra/stack.sh up            start everything in the background; writes var/stack.env
#   infra/stack.sh run           the same in the foreground; Ctrl-C stops everything
#   infra/stack.sh down          stop everything (no process is left behind)
#   infra/stack.sh status        what runs
#   infra/stack.sh start NAME    (re)start one pipeline process (intake, recorder, mailer, ...)
#                                or the SMTP server (smtp: on its port of stack.env)
#   infra/stack.sh stop NAME     stop one pipeline process or smtp (SIGTERM, then SIGKILL after 15 s)
#
# Every long-running process but PostgreSQL runs under infra/supervise.sh,
# which starts it again when it dies (a signal or a non-zero status; the
# in-memory broker excepted) and logs each death as a "process_died" line in
# var/log/NAME.log. PostgreSQL runs under pg_ctl: its postmaster restarts a
# crashed backend itself; a dead postmaster is started again by the next `up`.
# var/run/NAME.pid holds the process's pid, var/run/NAME.supervisor its
# supervisor's; `stop` asks the supervisor, which passes SIGTERM on and then
# restarts nothing.
#
# PostgreSQL asks for a password (scram-sha-256): generated at initdb, kept in
# var/pg/*.password (mode 600); DK_PG_DSN in var/stack.env (mode 600) has dk's.
# The embedded development keys are accepted because this script exports
# DK_DEVELOPMENT=1, unless the operator set all six keys (DK_CODE_KEY, ...).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${DK_BUILD:-build}
bin=$root/$build/bin
var=${DK_VAR_DIR:-var}
[[ $var = /* ]] || var=$root/$var
run=$var/run
logs=$var/log
pgdata=$var/pg/data
pgbin=/usr/lib/postgresql/15/bin
python=/usr/bin/python3 # Debian's interpreter: it has python3-aiosmtpd
# The pipeline's processes, in start order: the intake first, because its
# address (a random port in tests) is the base of the links the workers put
# in e-mails; only the development register (DK_REGISTER_URL, which the
# others inherit) before it. Workers run DK_<NAME>_REPLICAS copies
# (recorder, recorder-2, ...) sharing their topics through their consumer group.
pipeline=(register intake console dashboard)
for w in recorder mailer docchecker scheduler timers; do
    var_name=DK_${w^^}_REPLICAS
    n=${!var_name:-2}
    [[ $n =~ ^[1-9][0-9]?$ ]] || { echo "stack: $var_name must be 1..99" >&2; exit 2; }
    pipeline+=("$w")
    for ((i = 2; i <= n; i++)); do pipeline+=("$w-$i"); done
done

say() { printf 'stack: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# The binaries refuse the embedded development keys unless DK_DEVELOPMENT=1
# (a production deployment never sets it). This stack is for development:
# it says so, unless the operator gave every key a value of their own or set
# DK_DEVELOPMENT explicitly.
if [ -z "${DK_DEVELOPMENT:-}" ]; then
    for key in DK_CODE_KEY DK_TOKEN_KEY DK_CSRF_KEY DK_DOCUMENT_KEY DK_MESSAGE_KEY DK_ACTIVATION_KEY; do
        [ -n "${!key:-}" ] || { export DK_DEVELOPMENT=1; break; }
    done
fi

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() { # PID: alive and not a zombie (PID 1 here may be slow to reap)
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

alive() { # NAME: is its supervisor running (or the process, without one)?
    local f=$run/$1.supervisor
    [ -f "$f" ] || f=$run/$1.pid
    [ -f "$f" ] && running "$(cat "$f")"
}

free_port() {
    $python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() { # FILE SECONDS NAME WHAT: bounded wait for a ready file (NAME's supervisor gave up: at once)
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        [ -s "$1" ] && return 0
        alive "$3" || die "$4 did not start (see $logs/$3.log)"
        sleep 0.1
    done
    stop_pid "$3" # not restarted again and again in the background
    die "$4 did not become ready within $2 s (see $logs/$3.log)"
}

spawn() { # [--no-restart] NAME COMMAND...: under infra/supervise.sh in its own session, logs in var/log/NAME.log
    local opt=()
    if [ "$1" = --no-restart ]; then opt=(--no-restart); shift; fi
    local name=$1 i; shift
    rm -f "$run/$name.pid"
    setsid "$root/infra/supervise.sh" "${opt[@]}" "$name" "$run/$name.pid" -- "$@" \
        >>"$logs/$name.log" 2>&1 </dev/null &
    echo $! >"$run/$name.supervisor"
    for ((i = 0; i < 100; i++)); do # the supervisor writes the process's pid
        [ -s "$run/$name.pid" ] && return 0
        sleep 0.05
    done
    die "$name did not start (see $logs/$name.log)"
}

# ---- metrics ports ----
# Every long-running process of ours (the broker, the register, the intake,
# the console, each worker replica) serves /metrics, /healthz and /readyz on
# a port of its own (common/metrics), chosen here once per name and kept in
# var/run/NAME.metrics_url, so that a restarted process is where
# DK_METRICS_URLS (stack.env, Prometheus's targets) points. The process
# writes that URL to var/run/NAME.metrics once it listens.
metrics_url() { # NAME
    [ -s "$run/$1.metrics_url" ] || echo "http://127.0.0.1:$(free_port)" >"$run/$1.metrics_url"
    cat "$run/$1.metrics_url"
}
metrics_env() { # NAME: the environment of its metrics port (for env)
    local url; url=$(metrics_url "$1")
    rm -f "$run/$1.metrics"
    echo "DK_METRICS_PORT=${url##*:}" "DK_METRICS_READY_FILE=$run/$1.metrics"
}

# ---- PostgreSQL ----
pg_port_file=$var/pg/port
pg_super_password=$var/pg/postgres.password # the superuser's, for this script's own psql
pg_dk_password=$var/pg/dk.password          # the pipeline's role, in DK_PG_DSN
new_password() { # FILE: 48 random hex digits, readable by its owner only
    (umask 077 && $python -c 'import secrets; print(secrets.token_hex(24))' >"$1")
}
pg_super() { # PORT psql-arguments...: as the superuser, the password in the environment only
    local port=$1; shift
    PGPASSWORD=$(cat "$pg_super_password") psql -X -q -h 127.0.0.1 -p "$port" -U postgres \
        -d postgres -v ON_ERROR_STOP=1 "$@"
}

# A cluster made by an older stack.sh trusted every local connection: while
# it still does, give the superuser a password, then scram-sha-256 for all.
trust_to_scram() { # PORT
    local hba=$pgdata/pg_hba.conf
    grep -Eq '^[^#]*[[:space:]]trust[[:space:]]*$' "$hba" || return 0
    say "$pgdata trusted local connections (made by an older stack.sh): passwords from now on"
    [ -s "$pg_super_password" ] || new_password "$pg_super_password"
    printf "ALTER ROLE postgres PASSWORD '%s';\n" "$(cat "$pg_super_password")" |
        psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null ||
        die "could not set the superuser's password: remove $var/pg (its data goes) and start again"
    as_postgres sed -i -E 's/([[:space:]])trust[[:space:]]*$/\1scram-sha-256/' "$hba"
    as_postgres "$pgbin/pg_ctl" -D "$pgdata" reload >/dev/null
}

start_postgres() {
    mkdir -p "$var/pg"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        say "creating the PostgreSQL cluster in $pgdata"
        mkdir -p "$pgdata" "$var/pg/socket"
        new_password "$pg_super_password"
        [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$var/pg"
        as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres --auth=scram-sha-256 \
            --pwfile="$pg_super_password" -E UTF8 --locale=C.UTF-8 >"$logs/initdb.log" 2>&1 ||
            die "initdb failed (see $logs/initdb.log)"
        free_port >"$pg_port_file"
    fi
    local port; port=$(cat "$pg_port_file")
    if ! as_postgres "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        # Another process may have taken the port since initdb: choose again.
        # SO_REUSEADDR as PostgreSQL binds: the connections of a cluster just
        # stopped (TIME_WAIT) do not move it to another port, away from the
        # DK_PG_DSN of the processes still running.
        if ! $python -c "import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $port))" 2>/dev/null; then
            port=$(free_port); echo "$port" >"$pg_port_file"
        fi
        as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$var/pg/postgres.log" -w -t 60 \
            -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$var/pg/socket -c max_connections=200" \
            start >/dev/null || die "PostgreSQL did not start (see $var/pg/postgres.log)"
    fi
    trust_to_scram "$port"
    [ -s "$pg_super_password" ] || die "$pg_super_password is missing: remove $var/pg (its data goes) and start again"
    [ -s "$pg_dk_password" ] || new_password "$pg_dk_password"
    local password; password=$(cat "$pg_dk_password")
    # On stdin, not in psql's arguments: nobody reads it in `ps`.
    if [ -z "$(pg_super "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'dk'")" ]; then
        printf "CREATE ROLE dk LOGIN PASSWORD '%s';\nCREATE DATABASE dk OWNER dk ENCODING 'UTF8';\n" \
            "$password" | pg_super "$port" >/dev/null
    else
        printf "ALTER ROLE dk PASSWORD '%s';\n" "$password" | pg_super "$port" >/dev/null
    fi
    DK_PG_DSN="host=127.0.0.1 port=$port dbname=dk user=dk password=$password"
    export DK_PG_DSN
}

stop_postgres() {
    [ -f "$pgdata/PG_VERSION" ] || return 0
    as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
}

# ---- the broker and the SMTP server ----
start_broker() {
    if ! alive broker; then
        rm -f "$run/broker.env"
        # Its death is logged, but nothing restarts it: a new broker would hold
        # none of the messages and offsets the pipeline relies on.
        # shellcheck disable=SC2046 # metrics_env's words are NAME=VALUE pairs
        spawn --no-restart broker env $(metrics_env broker) "$bin/dk-broker" --ready-file "$run/broker.env"
        wait_for "$run/broker.env" 20 broker "the Kafka broker"
        wait_for "$run/broker.metrics" 20 broker "the Kafka broker's metrics port"
    fi
    # shellcheck disable=SC1091
    . "$run/broker.env"
    export DK_KAFKA_BROKERS
}

start_smtp() {
    export DK_DEV_MAILDIR=${DK_DEV_MAILDIR_OVERRIDE:-$var/maildir}
    if ! alive smtp; then
        rm -f "$run/smtp.port"
        # The port is chosen here, once: a restarted server is where the mailers look.
        local port=${DK_SMTP_PORT:-0}
        [ "$port" != 0 ] || port=$(free_port)
        spawn smtp $python "$root/infra/smtp/dk_smtpd.py" --host 127.0.0.1 \
            --port "$port" --maildir "$DK_DEV_MAILDIR" --ready-file "$run/smtp.port"
        wait_for "$run/smtp.port" 20 smtp "the SMTP server"
    fi
    export DK_SMTP_URL="smtp://127.0.0.1:$(cat "$run/smtp.port")"
}

# ---- the pipeline ----
start_one() {
    local name=$1
    alive "$name" && return 0
    case $name in
    intake)
        rm -f "$run/intake.url"
        # "Any free port" (0) is chosen here, once: a restarted intake comes
        # back on the address of stack.env and of the links already mailed.
        local port=${DK_INTAKE_PORT:-8080}
        [ "$port" != 0 ] || port=$(free_port)
        # shellcheck disable=SC2046
        spawn intake env DK_INTAKE_PORT="$port" $(metrics_env intake) "$bin/dk-intake" --ready-file "$run/intake.url"
        wait_for "$run/intake.url" 20 intake "the intake"
        wait_for "$run/intake.metrics" 20 intake "the intake's metrics port"
        ;;
    console)
        # Its address was chosen once (console_url): enrolment links point at it.
        rm -f "$run/console.ready"
        local curl; curl=$(console_url)
        # shellcheck disable=SC2046
        spawn console env DK_CONSOLE_URL="$curl" DK_CONSOLE_PORT="${curl##*:}" $(metrics_env console) \
            "$bin/dk-console" --ready-file "$run/console.ready"
        wait_for "$run/console.ready" 20 console "the interviewer console"
        wait_for "$run/console.metrics" 20 console "the console's metrics port"
        ;;
    dashboard)
        # The operations dashboard: its address chosen once (dashboard_url).
        rm -f "$run/dashboard.ready"
        local durl; durl=$(dashboard_url)
        # shellcheck disable=SC2046 # metrics_env's words are NAME=VALUE pairs
        spawn dashboard env DK_DASHBOARD_URL="$durl" DK_DASHBOARD_PORT="${durl##*:}" $(metrics_env dashboard) \
            "$bin/dk-dashboard" --ready-file "$run/dashboard.ready"
        wait_for "$run/dashboard.ready" 20 dashboard "the operations dashboard"
        wait_for "$run/dashboard.metrics" 20 dashboard "the operations dashboard's metrics port"
        ;;
    register)
        # The development register of stolen, lost and cancelled documents
        # (infra/register): its address chosen once (register_url), so that a
        # stopped and restarted register is where DK_REGISTER_URL points.
        rm -f "$run/register.ready"
        local rurl; rurl=$(register_url)
        # shellcheck disable=SC2046
        spawn register env $(metrics_env register) "$bin/dk-register" --host 127.0.0.1 \
            --port "${rurl##*:}" --ready-file "$run/register.ready"
        wait_for "$run/register.ready" 20 register "the development register"
        wait_for "$run/register.metrics" 20 register "the register's metrics port"
        ;;
    recorder | mailer | docchecker | scheduler | timers | recorder-[0-9]* | mailer-[0-9]* | docchecker-[0-9]* | scheduler-[0-9]* | timers-[0-9]*)
        [ -f "$run/intake.url" ] && DK_INTAKE_URL=$(cat "$run/intake.url") && export DK_INTAKE_URL
        # shellcheck disable=SC2046
        spawn "$name" env $(metrics_env "$name") "$bin/dk-${name%%-*}"
        # Its metrics port listens once its configuration passed: a worker
        # that refuses its settings stops here, not later.
        wait_for "$run/$name.metrics" 20 "$name" "$name"
        ;;
    smtp)
        # Back where the workers look: the port of stack.env (a relay outage
        # in the tests is a stop and a start).
        [ -n "${DK_SMTP_URL:-}" ] && DK_SMTP_PORT=${DK_SMTP_URL##*:}
        start_smtp
        ;;
    *) die "unknown process '$name' (one of: ${pipeline[*]} smtp)" ;;
    esac
}

still_runs() { # NAME: its supervisor or its current process
    local f
    for f in "$run/$1.supervisor" "$run/$1.pid"; do
        [ -f "$f" ] && running "$(cat "$f")" && return 0
    done
    return 1
}

stop_pid() { # NAME...: SIGTERM to all at once (a supervisor passes it on), a bounded wait, then SIGKILL
    local name i names=()
    for name in "$@"; do
        still_runs "$name" || continue
        # The supervisor if it runs (it then restarts nothing), else the process.
        if [ -f "$run/$name.supervisor" ] && running "$(cat "$run/$name.supervisor")"; then
            kill -TERM "$(cat "$run/$name.supervisor")" 2>/dev/null || true
        else
            kill -TERM "$(cat "$run/$name.pid")" 2>/dev/null || true
        fi
        names+=("$name")
    done
    for ((i = 0; i < 150; i++)); do
        local left=0
        for name in "${names[@]}"; do still_runs "$name" && left=1; done
        [ $left -eq 0 ] && break
        sleep 0.1
    done
    for name in "${names[@]}"; do
        still_runs "$name" || continue
        say "$name ignored SIGTERM for 15 s: killing it"
        # The supervisor leads the session: its process group holds them all.
        [ ! -f "$run/$name.supervisor" ] || kill -KILL -- "-$(cat "$run/$name.supervisor")" 2>/dev/null || true
        [ ! -f "$run/$name.pid" ] || kill -KILL "$(cat "$run/$name.pid")" 2>/dev/null || true
    done
    for name in "$@"; do rm -f "$run/$name.pid" "$run/$name.supervisor"; done
}

# The interviewer console's address, chosen once like the intake's ("any
# free port" = 0 is resolved here) and kept in var/run/console.url: enrolment
# links printed by `dk staff add` point at it.
console_url() {
    if [ ! -s "$run/console.url" ]; then
        local port=${DK_CONSOLE_PORT:-8081}
        [ "$port" != 0 ] || port=$(free_port)
        echo "http://${DK_CONSOLE_HOST:-127.0.0.1}:$port" >"$run/console.url"
    fi
    cat "$run/console.url"
}

# The operations dashboard's address, chosen once like the console's.
dashboard_url() {
    if [ ! -s "$run/dashboard.url" ]; then
        local port=${DK_DASHBOARD_PORT:-8083}
        [ "$port" != 0 ] || port=$(free_port)
        echo "http://${DK_DASHBOARD_HOST:-127.0.0.1}:$port" >"$run/dashboard.url"
    fi
    cat "$run/dashboard.url"
}

# The development register's address, chosen once like the console's and
# kept in var/run/register.url.
register_url() {
    [ -s "$run/register.url" ] || echo "http://127.0.0.1:$(free_port)" >"$run/register.url"
    cat "$run/register.url"
}

metrics_urls() { # the base URLs of every metrics port, space-separated
    local p urls=()
    for p in broker "${pipeline[@]}"; do urls+=("$(metrics_url "$p")"); done
    echo "${urls[*]}"
}

write_stack_env() { # readable by its owner only: DK_PG_DSN has the password
    local url; url=$(cat "$run/intake.url")
    (umask 077 && cat >"$var/stack.env.tmp" <<ENV
# Written by infra/stack.sh up: the embedded stack's addresses.
DK_KAFKA_BROKERS=$DK_KAFKA_BROKERS
DK_PG_DSN='$DK_PG_DSN'
DK_INTAKE_URL=$url
DK_CONSOLE_URL=$(console_url)
DK_DASHBOARD_URL=$(dashboard_url)
DK_REGISTER_URL=$(register_url)
DK_SMTP_URL=$DK_SMTP_URL
DK_DEV_MAILDIR=$DK_DEV_MAILDIR
DK_DOCUMENT_DIR=$DK_DOCUMENT_DIR
DK_DEVELOPMENT=${DK_DEVELOPMENT:-0}
DK_METRICS_URLS='$(metrics_urls)'
ENV
    )
    mv "$var/stack.env.tmp" "$var/stack.env"
}

load_env() { # the addresses of an already running stack
    [ -f "$var/stack.env" ] || return 0
    set -a
    # shellcheck disable=SC1091
    . "$var/stack.env"
    set +a
}

up() {
    "$root/infra/deps.sh" run
    [ -x "$bin/dk-intake" ] || die "build first: make"
    mkdir -p "$run" "$logs"
    start_postgres
    start_broker
    start_smtp
    export DK_DOCUMENT_DIR=${DK_DOCUMENT_DIR:-$var/documents}
    mkdir -p "$DK_DOCUMENT_DIR" && chmod 700 "$DK_DOCUMENT_DIR"
    "$bin/dk" migrate || die "schema migrations failed"
    # The stack asks its own development register (infra/register), as it
    # uses its own PostgreSQL; a deployment sets DK_REGISTER_URL to a real one.
    export DK_REGISTER_URL; DK_REGISTER_URL=$(register_url)
    local p
    for p in "${pipeline[@]}"; do start_one "$p"; done
    write_stack_env
    load_env
    say "ready: intake $DK_INTAKE_URL, console $DK_CONSOLE_URL, register $DK_REGISTER_URL  (environment in $var/stack.env)"
}

down() {
    local p
    # Every pipeline process that has a pid file, whatever the replica counts
    # were when it started; the intake first so nothing new comes in.
    stop_pid intake
    local workers=() f
    for f in "$run"/*.pid; do
        [ -e "$f" ] || continue
        p=$(basename "$f" .pid)
        case $p in broker | smtp) ;; *) workers+=("$p") ;; esac
    done
    [ ${#workers[@]} -eq 0 ] || stop_pid "${workers[@]}"
    stop_pid smtp
    stop_pid broker
    stop_postgres
    rm -f "$var/stack.env"
    say "stopped"
}

status() {
    local f p
    for f in "$run"/*.pid; do
        [ -e "$f" ] || { echo "nothing runs"; break; }
        p=$(basename "$f" .pid)
        if alive "$p"; then
            echo "$p: running (pid $(cat "$f"), supervisor $(cat "$run/$p.supervisor" 2>/dev/null || echo none))"
        else
            echo "$p: stopped"
        fi
    done
    if as_postgres "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then echo "postgres: running"; else echo "postgres: stopped"; fi
}

case "${1:-}" in
up) up ;;
down) down ;;
status) status ;;
run)
    up
    tailer=""
    # Ctrl-C reaches the tail below too; a SIGTERM or SIGINT to this script alone does not.
    trap 'echo; [ -z "$tailer" ] || kill "$tailer" 2>/dev/null; down; exit 0' INT TERM
    # A demonstration stack with nobody to interview would leave every
    # request waiting: the first `make run` adds one interviewer for all
    # three languages (an operator replaces it with `dk interviewer ...`).
    if [ -z "$("$bin/dk" interviewer list --json)" ]; then
        "$bin/dk" interviewer add --name "Demo Interviewer" --email demo.interviewer@digitalkey.localhost \
            --languages nl,fr,en --hours 'mon-fri 09:00-12:00,13:00-17:00' >/dev/null &&
            say "added a demonstration interviewer (nl, fr, en; mon-fri 09:00-12:00,13:00-17:00)"
    fi
    echo
    echo "  Intake (applicant form):  $DK_INTAKE_URL/"
    echo "  Intake API:               $DK_INTAKE_URL/api/v1/applications"
    echo "  Interviewer console:      $DK_CONSOLE_URL/   (accounts: $bin/dk staff add ...)"
    echo "  Operations dashboard:     $DK_DASHBOARD_URL/   (operators and admins)"
    echo "  Mail received (Maildir):  $DK_DEV_MAILDIR/new"
    echo "  Operator CLI:             $bin/dk help   (after: set -a; . $var/stack.env)"
    echo "  Interviewers, agenda:     $bin/dk interviewer list; $bin/dk agenda YYYY-MM-DD"
    echo "  Document register (dev):  $DK_REGISTER_URL   ($bin/dk register add NUMBER --reason stolen)"
    echo "  Logs follow; Ctrl-C stops everything."
    echo
    tail -n 0 -F "$logs"/*.log &
    tailer=$!
    wait
    ;;
start)
    [ -n "${2:-}" ] || die "usage: $0 start NAME"
    mkdir -p "$run" "$logs"
    load_env
    start_one "$2"
    ;;
stop)
    [ -n "${2:-}" ] || die "usage: $0 stop NAME"
    stop_pid "$2"
    ;;
*) echo "usage: $0 up|down|run|status|start NAME|stop NAME" >&2; exit 2 ;;
esac
