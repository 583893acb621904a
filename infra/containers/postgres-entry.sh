#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# postgres-entry.sh — the postgres image's entry point: on the first start
# (an empty $PGDATA) it makes the cluster, passwords only (scram-sha-256; a
# random superuser password nobody keeps: operators use the dk role), and the
# role dk with its database, in single-user mode so that nothing listens
# before the role exists. Then PostgreSQL in the foreground on
# 127.0.0.1:$DK_PG_PORT (host networking) or DK_PG_LISTEN.
set -eu
bin=/usr/lib/postgresql/15/bin
[ -n "${DK_PG_PASSWORD:-}" ] || { echo "postgres-entry: DK_PG_PASSWORD is not set" >&2; exit 2; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pw=$(mktemp)
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$pw"
    "$bin/initdb" -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pw" -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    rm -f "$pw"
    # The password goes in as a literal: refuse one that could end it.
    case $DK_PG_PASSWORD in *"'"* | *"\\"*) echo "postgres-entry: DK_PG_PASSWORD has a quote" >&2; exit 2 ;; esac
    printf "CREATE ROLE dk LOGIN PASSWORD '%s';\n" "$DK_PG_PASSWORD" |
        "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
    printf "CREATE DATABASE dk OWNER dk ENCODING 'UTF8';\n" |
        "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
    echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
fi
exec "$bin/postgres" -D "$PGDATA" -p "$DK_PG_PORT" -c "listen_addresses=${DK_PG_LISTEN:-127.0.0.1}" \
    -c unix_socket_directories=/tmp -c max_connections=200
