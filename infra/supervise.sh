#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# supervise.sh — keeps one process of the embedded stack alive: a process that
# dies (a signal, or a non-zero status) is started again after a backoff, and
# every death is one loud JSON line on stderr (infra/stack.sh points it at
# var/log/NAME.log, next to the process's own lines). infra/stack.sh runs each
# long-running process under it.
#
#   supervise.sh [--no-restart] NAME PIDFILE -- COMMAND...
#
# PIDFILE always holds the pid of the current COMMAND (what `kill` in a test
# or by an operator means), never the supervisor's own.
# - exit 0: the process chose to stop (SIGTERM, done): so does the supervisor.
# - exit 2: configuration or usage error (the binaries' convention): starting
#   again cannot help, the supervisor logs it and gives up.
# - anything else: restarted after 0.5 s, doubling to 10 s while it keeps
#   dying; the delay starts again at 0.5 s once a run lasted 60 s.
# - SIGTERM to the supervisor is passed on to the process; the supervisor then
#   exits with the process's status and does not restart it.
# --no-restart: the death is still logged, but nothing is restarted (for the
# in-memory broker: a fresh one would have lost every message and offset).
set -u

restart=1
if [ "${1:-}" = --no-restart ]; then
    restart=0
    shift
fi
if [ $# -lt 4 ] || [ "$3" != -- ]; then
    echo "usage: supervise.sh [--no-restart] NAME PIDFILE -- COMMAND..." >&2
    exit 2
fi
name=$1 pidfile=$2
shift 3

min_backoff_ms=500 max_backoff_ms=10000 healthy_ms=60000
backoff_ms=$min_backoff_ms
child="" stopping=0

now_ms() { echo $((${EPOCHREALTIME//[.,]/} / 1000)); }

log() { # LEVEL EVENT JSON-FIELDS: one line, as dk_log writes them
    local ts
    ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
    printf '{"ts":"%s","level":"%s","service":"supervisor","event":"%s","process":"%s",%s}\n' \
        "$ts" "$1" "$2" "$name" "$3" >&2
}

on_term() {
    stopping=1
    [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap on_term TERM INT

while :; do
    started=$(now_ms)
    "$@" &
    child=$!
    echo "$child" >"$pidfile.tmp" && mv -f "$pidfile.tmp" "$pidfile"
    # A SIGTERM between the fork and `child=$!` found no child to pass it on to.
    [ $stopping -eq 1 ] && kill -TERM "$child" 2>/dev/null
    # `wait` returns early when the trap runs: wait again while the child lives
    # (once reaped, `kill -0` fails and the status is the child's own).
    while :; do
        wait "$child" 2>/dev/null # (no "Killed" line from bash: ours follows)
        status=$?
        kill -0 "$child" 2>/dev/null || break
    done
    pid=$child
    child=""
    ran_ms=$(($(now_ms) - started))
    [ $stopping -eq 1 ] && exit "$status"
    if [ "$status" -eq 0 ]; then
        log info process_exited "\"pid\":$pid,\"status\":0,\"ran_ms\":$ran_ms"
        exit 0
    fi
    if [ "$status" -gt 128 ]; then
        fields="\"status\":null,\"signal\":\"SIG$(kill -l $((status - 128)))\""
    else
        fields="\"status\":$status,\"signal\":null"
    fi
    fields="\"pid\":$pid,$fields,\"ran_ms\":$ran_ms"
    if [ $restart -eq 0 ] || [ "$status" -eq 2 ]; then
        why="nothing restarts it"
        [ "$status" -eq 2 ] && why="exit 2: its configuration is refused, restarting cannot help"
        log error process_died "$fields,\"restart_in_ms\":null,\"msg\":\"$why\""
        exit "$status"
    fi
    [ $ran_ms -ge $healthy_ms ] && backoff_ms=$min_backoff_ms
    log error process_died "$fields,\"restart_in_ms\":$backoff_ms"
    # An interruptible sleep: a SIGTERM meanwhile ends the supervision at once.
    sleep "$((backoff_ms / 1000)).$(printf '%03d' $((backoff_ms % 1000)))" &
    sleeper=$!
    wait $sleeper
    if [ $stopping -eq 1 ]; then
        kill $sleeper 2>/dev/null
        exit 0
    fi
    backoff_ms=$((backoff_ms * 2 > max_backoff_ms ? max_backoff_ms : backoff_ms * 2))
done
