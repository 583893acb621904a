/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_deadletter_store.c — dead letters as operators read and replay them:
 * the rows of dead_letters, the source of truth (the row and the replay's
 * state change in one transaction with the "handled" mark the replay
 * removes; the topic only shows them). */
#include "store/dk_deadletter.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"
#include "store/dk_seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIL_UUID "00000000-0000-0000-0000-000000000000"
#define SEAL_PURPOSE "deadletter.original"

/* The columns both reads select, in this order. */
#define COLUMNS                                                                                    \
    "d.id::text, dk_iso(d.created_at), d.envelope, d.original_sealed IS NOT NULL,"                 \
    " coalesce(dk_iso(d.replayed_at), ''), d.replayed_by, d.source_topic, d.source_partition,"     \
    " d.consumer_group, coalesce(d.application_id::text, '" NIL_UUID "'), d.original_sealed::text"

/* Fills d from one row selected with COLUMNS. */
static int from_row(PGresult *r, int i, dk_deadletter *d, char *err, size_t errlen)
{
    const char *env = PQgetvalue(r, i, 2);
    if (dk_deadletter_parse(env, strlen(env), d, err, errlen) != 0)
        return -1;
    snprintf(d->at, sizeof d->at, "%s", PQgetvalue(r, i, 1));
    d->replayable = strcmp(PQgetvalue(r, i, 3), "t") == 0;
    snprintf(d->replayed_at, sizeof d->replayed_at, "%s", PQgetvalue(r, i, 4));
    if (!PQgetisnull(r, i, 5) && !(d->replayed_by = strdup(PQgetvalue(r, i, 5)))) {
        dk_deadletter_clear(d);
        snprintf(err, errlen, "dead letter: out of memory");
        return -1;
    }
    return 0;
}

int dk_deadletter_list(PGconn *pg, const dk_deadletter_query *q, dk_deadletter **out, size_t *n,
                       char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    char since[32] = "", back[24] = "", limit[24];
    if (q->since_ms)
        dk_iso8601_utc(q->since_ms, since);
    if (q->back_s)
        snprintf(back, sizeof back, "%lld", (long long)q->back_s);
    snprintf(limit, sizeof limit, "%ld", q->limit > 0 ? q->limit : 200);
    if (since[0]) {
        const char *p[] = {since};
        PGresult *r =
            dk_pg_query(pg, "SELECT $1::timestamptz > now(), dk_iso(now())", 1, p, err, errlen);
        if (!r)
            return -1;
        int future = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
        if (future)
            snprintf(err, errlen, "%s is later than now (%s by the database's clock)", since,
                     PQgetvalue(r, 0, 1));
        PQclear(r);
        if (future)
            return 1;
    }
    const char *p[] = {since[0] ? since : NULL, back[0] ? back : NULL, q->group,
                       q->unreplayed_only ? "true" : "false", limit};
    PGresult *r =
        dk_pg_query(pg,
                    "SELECT * FROM (SELECT " COLUMNS ", d.created_at AS t FROM dead_letters d"
                    " WHERE d.created_at >= coalesce($1::timestamptz,"
                    "       now() - make_interval(secs => $2::double precision), '-infinity')"
                    "   AND ($3::text IS NULL OR d.consumer_group = $3)"
                    "   AND (NOT $4::boolean OR d.replayed_at IS NULL)"
                    " ORDER BY d.created_at DESC, d.id DESC LIMIT $5::int) newest ORDER BY t, id",
                    5, p, err, errlen);
    if (!r)
        return -1;
    int rows = PQntuples(r);
    dk_deadletter *list = calloc(rows ? (size_t)rows : 1, sizeof *list);
    if (!list) {
        PQclear(r);
        snprintf(err, errlen, "dead letters: out of memory");
        return -1;
    }
    for (int i = 0; i < rows; i++) {
        if (from_row(r, i, &list[i], err, errlen) != 0) {
            dk_deadletter_list_free(list, (size_t)i);
            PQclear(r);
            return -1;
        }
    }
    PQclear(r);
    *out = list;
    *n = (size_t)rows;
    return 0;
}

void dk_deadletter_list_free(dk_deadletter *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        dk_deadletter_clear(&list[i]);
    free(list);
}

/* Opens the sealed original of the row into r->payload and r->letter.key
 * (the exact key, which the letter showed masked). Returns 0, 1 (does not
 * open: err) or -1. */
static int open_original(const char *sealed_text, const char *app, dk_deadletter_replay *r,
                         char *err, size_t errlen)
{
    json_t *sealed = json_loads(sealed_text, 0, NULL);
    json_t *plain = sealed ? dk_seal_open(sealed, SEAL_PURPOSE, app, err, errlen) : NULL;
    json_decref(sealed);
    if (!plain)
        return 1;
    json_t *payload = json_object_get(plain, "payload");
    const char *key = json_string_value(json_object_get(plain, "key"));
    int rc = -1;
    if (!json_is_string(payload) || !key) {
        snprintf(err, errlen, "the sealed original is not {payload, key}");
    } else {
        r->len = json_string_length(payload);
        r->payload = malloc(r->len + 1);
        char *k = strdup(key);
        if (r->payload && k) {
            memcpy(r->payload, json_string_value(payload), r->len + 1);
            free(r->letter.key);
            r->letter.key = k;
            rc = 0;
        } else {
            free(k);
            snprintf(err, errlen, "dead letter: out of memory");
        }
    }
    json_decref(plain);
    return rc;
}

int dk_deadletter_replay_take(PGconn *pg, const char *id, const char *by, dk_deadletter_replay *r,
                              const char **refusal, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    *refusal = NULL;
    if (!dk_uuid_valid(id)) {
        snprintf(err, errlen, "'%.60s' is not a dead letter id (a UUID)", id);
        *refusal = "unknown";
        return 1;
    }
    const char *p[] = {id};
    PGresult *q = dk_pg_query(pg,
                              "SELECT " COLUMNS " FROM dead_letters d WHERE d.id = $1::uuid"
                              " FOR UPDATE",
                              1, p, err, errlen);
    if (!q)
        return -1;
    if (PQntuples(q) == 0) {
        PQclear(q);
        snprintf(err, errlen, "no dead letter %s", id);
        *refusal = "unknown";
        return 1;
    }
    if (from_row(q, 0, &r->letter, err, errlen) != 0) {
        PQclear(q);
        return -1;
    }
    /* Where it goes back to: the row's columns, not the shown letter. */
    free(r->letter.topic);
    r->letter.topic = strdup(PQgetvalue(q, 0, 6));
    r->letter.partition = atoi(PQgetvalue(q, 0, 7));
    int rc = 0;
    if (!r->letter.topic) {
        snprintf(err, errlen, "dead letter: out of memory");
        rc = -1;
    } else if (r->letter.replayed_at[0]) {
        snprintf(err, errlen, "dead letter %s was replayed already, at %s by %s", id,
                 r->letter.replayed_at, r->letter.replayed_by ? r->letter.replayed_by : "?");
        *refusal = "replayed";
        rc = 1;
    } else if (!r->letter.replayable) {
        snprintf(err, errlen,
                 "dead letter %s cannot be replayed: its original was no message envelope (a"
                 " replay would fail the same way, under a new id) or was erased with the"
                 " application's personal data",
                 id);
        *refusal = "not_replayable";
        rc = 1;
    } else {
        rc = open_original(PQgetvalue(q, 0, 10), PQgetvalue(q, 0, 9), r, err, errlen);
        if (rc == 1)
            *refusal = "unopenable";
    }
    char group[256];
    snprintf(group, sizeof group, "%s", PQgetvalue(q, 0, 8));
    PQclear(q);
    if (rc != 0)
        return rc;
    /* The original must be what the letter says it is. */
    dk_envelope env = {0};
    char perr[256];
    int parsed = dk_envelope_parse(r->payload, r->len, &env, perr, sizeof perr) == 0;
    int same = parsed && strcmp(env.id, r->letter.message_id) == 0;
    if (parsed)
        dk_envelope_free(&env);
    if (!same) {
        snprintf(err, errlen, "dead letter %s: its sealed original is not message %s", id,
                 r->letter.message_id);
        return -1;
    }
    const char *d[] = {group, r->letter.message_id};
    PGresult *x = dk_pg_query(pg,
                              "DELETE FROM consumed_messages WHERE consumer_group = $1"
                              " AND message_id = $2::uuid",
                              2, d, err, errlen);
    if (!x)
        return -1;
    PQclear(x);
    const char *u[] = {id, by};
    x = dk_pg_query(pg,
                    "UPDATE dead_letters SET replayed_at = now(), replayed_by = $2"
                    " WHERE id = $1::uuid RETURNING dk_iso(replayed_at)",
                    2, u, err, errlen);
    if (!x)
        return -1;
    snprintf(r->letter.replayed_at, sizeof r->letter.replayed_at, "%s",
             PQntuples(x) ? PQgetvalue(x, 0, 0) : "");
    PQclear(x);
    free(r->letter.replayed_by);
    r->letter.replayed_by = strdup(by);
    return 0;
}

void dk_deadletter_replay_free(dk_deadletter_replay *r)
{
    dk_deadletter_clear(&r->letter);
    free(r->payload);
    memset(r, 0, sizeof *r);
}
