/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_deadletter_replay.c — `dk deadletter replay ID` and `dk deadletter
 * replay --all-since TIME [--group G]`: once the cause is fixed, sends dead
 * letters' originals back to their topic, byte for byte (same message id,
 * key and partition), for the group that gave up on them to handle once
 * more; the other groups skip them as handled. Each replay is one
 * transaction: the group's "handled" mark removed, the dead letter marked
 * replayed by $USER, an audit row (deadletter.replayed), committed only
 * once the broker acknowledged the message: a refusal or a failure leaves
 * nothing changed. Exit 0 all replayed, 1 one refused or failed, 2 usage. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "dk.h"
#include "interview/dk_audit.h"
#include "store/dk_deadletter.h"
#include "store/dk_kafka.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIL_UUID "00000000-0000-0000-0000-000000000000"
#define MAX_ALL 1000 /* dead letters replayed by one --all-since run */

typedef struct {
    PGconn *pg;
    dk_producer *producer;
    const rd_kafka_metadata_t *md; /* the broker's topics, fetched once */
    const char *by;
} replayer;

/* Why the topic cannot take the letter back, or NULL. */
static const char *topic_refusal(const replayer *rp, const dk_deadletter *d, char *why, size_t cap)
{
    if (!dk_topic_find(d->topic)) {
        snprintf(why, cap, "its topic %s is no longer one of the pipeline's (schemas/topics.tsv)",
                 d->topic);
        return why;
    }
    for (int i = 0; i < rp->md->topic_cnt; i++) {
        const rd_kafka_metadata_topic_t *t = &rp->md->topics[i];
        if (strcmp(t->topic, d->topic) != 0)
            continue;
        if (t->err) {
            snprintf(why, cap, "topic %s: %s", d->topic, rd_kafka_err2str(t->err));
            return why;
        }
        if (d->partition >= t->partition_cnt) {
            snprintf(why, cap, "topic %s has %d partitions now: partition %d is gone", d->topic,
                     t->partition_cnt, (int)d->partition);
            return why;
        }
        return NULL;
    }
    snprintf(why, cap, "topic %s does not exist on the broker", d->topic);
    return why;
}

static int audit(PGconn *pg, const dk_deadletter_replay *r, const char *by, char *err,
                 size_t errlen)
{
    const dk_deadletter *d = &r->letter;
    json_t *detail =
        json_pack("{s:s, s:s, s:s, s:i, s:s}", "os_user", by, "message_id", d->message_id, "topic",
                  d->topic, "partition", (int)d->partition, "group", d->group);
    dk_audit_event e = {.actor = "system",
                        .action = "deadletter.replayed",
                        .application_id =
                            strcmp(d->application_id, NIL_UUID) == 0 ? NULL : d->application_id,
                        .object = d->id,
                        .detail = detail};
    int rc = detail ? dk_audit_write(pg, &e, dk_now_ms(), err, errlen) : -1;
    if (!detail)
        snprintf(err, errlen, "out of memory");
    json_decref(detail);
    return rc;
}

/* Replays one dead letter. Returns 0 replayed, 1 refused, -1 failed (both
 * said on stderr; nothing changed). */
static int replay_one(const replayer *rp, const char *id)
{
    char err[1024], why[256];
    const char *refusal = NULL;
    dk_deadletter_replay r;
    if (dk_pg_exec(rp->pg, "BEGIN", err, sizeof err) != 0) {
        fprintf(stderr, "dk deadletter replay: %s\n", err);
        return -1;
    }
    int rc = dk_deadletter_replay_take(rp->pg, id, rp->by, &r, &refusal, err, sizeof err);
    if (rc == 0 && topic_refusal(rp, &r.letter, why, sizeof why)) {
        snprintf(err, sizeof err, "dead letter %s cannot go back: %s", id, why);
        rc = 1;
    }
    if (rc == 0 && audit(rp->pg, &r, rp->by, err, sizeof err) != 0)
        rc = -1;
    if (rc == 0) {
        dk_outmsg m = {.topic = r.letter.topic,
                       .key = r.letter.key,
                       .pin = 1,
                       .partition = r.letter.partition,
                       .payload = r.payload,
                       .len = r.len};
        dk_producer_send_batch(rp->producer, &m, 1);
        if (m.err) {
            snprintf(err, sizeof err, "dead letter %s: the broker did not take it (%s)", id,
                     m.errstr);
            rc = -1;
        }
    }
    if (rc == 0 && dk_pg_exec(rp->pg, "COMMIT", err, sizeof err) != 0) {
        /* Sent, but its mark is still there: the group skips it as handled. */
        fprintf(stderr,
                "dk deadletter replay: %s: sent, but not recorded (%s); the group skips it as"
                " handled: replay it again\n",
                id, err);
        dk_deadletter_replay_free(&r);
        return -1;
    }
    if (rc != 0) {
        dk_pg_rollback(rp->pg);
        fprintf(stderr, "dk deadletter replay: %s%s\n", err, rc == 1 ? "" : " (nothing changed)");
    } else {
        printf("replayed %s: message %s back to %s[%d] for %s\n", id, r.letter.message_id,
               r.letter.topic, (int)r.letter.partition, r.letter.group);
    }
    dk_deadletter_replay_free(&r);
    return rc;
}

/* The dead letters not replayed yet since `since`: replayed one by one. */
static int replay_all(const replayer *rp, const char *since, const char *group)
{
    dk_deadletter_query q = {.group = group, .unreplayed_only = 1, .limit = MAX_ALL};
    if (dk_deadletter_since_parse(since, &q.since_ms, &q.back_s) != 0) {
        fprintf(stderr,
                "dk deadletter replay: '%.60s' is neither an instant (2026-12-02T10:00:00Z)"
                " nor a span (30m, 12h, 7d)\n",
                since);
        return 2;
    }
    char err[1024];
    dk_deadletter *list;
    size_t n;
    int rc = dk_deadletter_list(rp->pg, &q, &list, &n, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "dk deadletter replay: %s\n", err);
        return rc == 1 ? 2 : 1;
    }
    size_t done = 0, refused = 0;
    for (size_t i = 0; i < n; i++) {
        if (!list[i].replayable) {
            fprintf(stderr,
                    "dk deadletter replay: skipped %s: its original was no message"
                    " envelope, or was erased with the application's personal data\n",
                    list[i].id);
            refused++;
        } else if (replay_one(rp, list[i].id) == 0) {
            done++;
        } else {
            refused++;
        }
    }
    printf("%zu replayed, %zu not%s\n", done, refused,
           n == MAX_ALL ? " (there may be more: run it again)" : "");
    dk_deadletter_list_free(list, n);
    return refused ? 1 : 0;
}

int dk_cmd_deadletter_replay(int argc, char **argv)
{
    const char *id = NULL, *since = NULL, *group = NULL;
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--all-since") == 0 && i + 1 < argc && !since)
            since = argv[++i];
        else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc && !group)
            group = argv[++i];
        else if (argv[i][0] != '-' && !id)
            id = argv[i];
        else
            bad = 1;
    }
    if (bad || !!id == !!since || (group && !since)) {
        fprintf(stderr, "usage: dk deadletter replay ID\n"
                        "       dk deadletter replay --all-since TIME [--group GROUP]\n");
        return 2;
    }
    if (id && !dk_uuid_valid(id)) {
        fprintf(stderr,
                "dk deadletter replay: '%.60s' is not a dead letter id (a UUID: see dk"
                " deadletter list)\n",
                id);
        return 2;
    }
    const char *user = getenv("USER");
    replayer rp = {.by = user && *user ? user : "unknown"};
    char err[512];
    rp.pg = dk_cli_db();
    if (!rp.pg)
        return 1;
    int rc = 1;
    rp.producer = dk_producer_new("dk-cli", 10000, err, sizeof err);
    if (!rp.producer) {
        fprintf(stderr, "dk deadletter replay: %s\n", err);
        goto out;
    }
    rd_kafka_resp_err_t e =
        rd_kafka_metadata(dk_producer_handle(rp.producer), 1, NULL, &rp.md, 5000);
    if (e) {
        fprintf(stderr, "dk deadletter replay: the broker's topics: %s\n", rd_kafka_err2str(e));
        rp.md = NULL;
        goto out;
    }
    rc = id ? (replay_one(&rp, id) == 0 ? 0 : 1) : replay_all(&rp, since, group);
out:
    if (rp.md)
        rd_kafka_metadata_destroy(rp.md);
    dk_producer_free(rp.producer, 5000);
    PQfinish(rp.pg);
    return rc;
}
