/* SPDX-License-Identifier: EUPL-1.2 */
/* snapshot.c — one reading of everything the page and the JSON show: the
 * figures of common/dash, the lag per group and partition with its totals
 * per group and topic, the mail jobs the mailer group has handled (its
 * committed offsets on dk.mail.jobs) beside those that ended as dead
 * letters, and the consumer's own progress (the rebuild's rate). */
#include "core/dk_clock.h"
#include "dashboard.h"
#include "store/dk_topics.h"

#include <string.h>

/* Lag totals per (group, topic), in the order of the rows. */
static json_t *lag_totals(const json_t *rows)
{
    json_t *out = json_array(), *row;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        const char *g = json_string_value(json_object_get(row, "group")),
                   *t = json_string_value(json_object_get(row, "topic"));
        json_t *hit = NULL, *o;
        size_t j;
        json_array_foreach(out, j, o)
        {
            if (!strcmp(json_string_value(json_object_get(o, "group")), g) &&
                !strcmp(json_string_value(json_object_get(o, "topic")), t))
                hit = o;
        }
        if (!hit) {
            hit = json_pack("{s:s, s:s, s:i, s:i}", "group", g, "topic", t, "lag", 0, "max", 0);
            json_array_append_new(out, hit);
        }
        json_int_t lag = json_integer_value(json_object_get(row, "lag"));
        json_object_set_new(hit, "lag",
                            json_integer(json_integer_value(json_object_get(hit, "lag")) + lag));
        if (lag > json_integer_value(json_object_get(hit, "max")))
            json_object_set_new(hit, "max", json_integer(lag));
    }
    return out;
}

/* Messages of dk.mail.jobs the mailers' group has handled. -1: unknown. */
static json_int_t mail_handled(const json_t *rows)
{
    json_int_t n = -1;
    json_t *row;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        if (strcmp(json_string_value(json_object_get(row, "group")), "dk-mailer") ||
            strcmp(json_string_value(json_object_get(row, "topic")), DK_TOPIC_MAIL_JOBS))
            continue;
        n = (n < 0 ? 0 : n) + json_integer_value(json_object_get(row, "end")) -
            json_integer_value(json_object_get(row, "lag"));
    }
    return n;
}

json_t *dk_board_snapshot(dk_board *b)
{
    pthread_mutex_lock(&b->lock);
    json_t *snap = dk_dash_figures(b->dash, dk_now_ms());
    json_t *rows = b->lag ? json_deep_copy(b->lag) : json_array();
    char at[32], lag_err[256];
    snprintf(at, sizeof at, "%s", b->lag_at);
    snprintf(lag_err, sizeof lag_err, "%s", b->lag_err);
    int64_t consumed = b->consumed, backlog = b->backlog_start, started = b->started_ms,
            caught = b->caught_up_ms;
    pthread_mutex_unlock(&b->lock);
    if (!snap || !rows) {
        json_decref(snap);
        json_decref(rows);
        return NULL;
    }
    json_t *mail = json_object_get(snap, "mail");
    json_int_t handled = mail_handled(rows);
    if (handled >= 0) {
        json_int_t failed = json_integer_value(json_object_get(mail, "failed"));
        json_object_set_new(mail, "handled", json_integer(handled));
        json_object_set_new(mail, "sent", json_integer(handled > failed ? handled - failed : 0));
    }
    json_object_set_new(snap, "lag",
                        json_pack("{s:s?, s:s?, s:o, s:o}", "at", *at ? at : NULL, "error",
                                  *lag_err ? lag_err : NULL, "totals", lag_totals(rows), "rows",
                                  rows));
    json_t *c =
        json_pack("{s:s, s:I, s:I, s:b}", "group", b->group, "consumed", (json_int_t)consumed,
                  "backlog_at_start", (json_int_t)backlog, "caught_up", caught > 0);
    if (caught > 0) {
        int64_t ms = caught - started;
        json_object_set_new(c, "rebuild_ms", json_integer(ms));
        json_object_set_new(c, "rebuild_per_s",
                            json_integer(ms > 0 ? (json_int_t)(backlog * 1000 / ms) : backlog));
    }
    json_object_set_new(snap, "consumer", c);
    return snap;
}
