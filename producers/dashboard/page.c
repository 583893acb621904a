/* SPDX-License-Identifier: EUPL-1.2 */
/* page.c — the page's values from a snapshot: every chart's geometry is
 * computed here (bar lengths, positions, axis labels) so that the template
 * only places numbers into SVG; every bar carries its number as text and a
 * pattern by kind, so the page reads without colour. */
#include "core/dk_clock.h"
#include "dashboard.h"

#include <stdio.h>
#include <string.h>

#define BAR_MAX 360 /* the longest bar of a horizontal chart, in SVG units */

static json_int_t num(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static int scale(json_int_t v, json_int_t max, int to)
{
    if (max <= 0 || v <= 0)
        return 0;
    int w = (int)(v * to / max);
    return w < 2 ? 2 : w; /* a non-zero count stays visible */
}

/* seconds as "H:MM" */
static json_t *hours_minutes(json_int_t s)
{
    char out[32];
    snprintf(out, sizeof out, "%lld:%02lld", (long long)(s / 3600), (long long)(s % 3600 / 60));
    return json_string(out);
}

static json_t *funnel(const json_t *stages)
{
    static const struct {
        const char *name, *pattern;
    } rows[] = {{"requested", "solid"},   {"proposed", "solid"},  {"reserved", "solid"},
                {"interviewed", "solid"}, {"approved", "hatch"},  {"missing_information", "hatch"},
                {"rejected", "hatch"},    {"activated", "solid"}, {"waiting", "dots"},
                {"expired", "dots"},      {"cancelled", "dots"},  {"no_show", "dots"}};
    json_int_t max = 1;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (num(stages, rows[i].name) > max)
            max = num(stages, rows[i].name);
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char key[64], fill[32];
        snprintf(key, sizeof key, "dashboard.stage.%s", rows[i].name);
        snprintf(fill, sizeof fill, "url(#dk-%s)", rows[i].pattern);
        json_int_t n = num(stages, rows[i].name);
        int w = scale(n, max, BAR_MAX);
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:I, s:i, s:i, s:i, s:i}", "name",
                                             rows[i].name, "label_key", key, "fill", fill, "count",
                                             n, "y", (int)i * 26, "ty", (int)i * 26 + 16, "w", w,
                                             "tx", 200 + w + 6));
    }
    return out;
}

/* A bar list from [{name,count}] (at most 12 rows). */
static json_t *bars(const json_t *list)
{
    json_int_t max = 1;
    json_t *o, *out = json_array();
    size_t i;
    json_array_foreach(list, i, o) if (num(o, "count") > max) max = num(o, "count");
    json_array_foreach(list, i, o)
    {
        if (i >= 12)
            break;
        int w = scale(num(o, "count"), max, BAR_MAX - 60);
        json_array_append_new(out, json_pack("{s:O, s:I, s:i, s:i, s:i, s:i}", "name",
                                             json_object_get(o, "name"), "count", num(o, "count"),
                                             "y", (int)i * 22, "ty", (int)i * 22 + 14, "w", w, "tx",
                                             260 + w + 6));
    }
    return out;
}

static json_t *throughput(const json_t *minutes, json_t *vars)
{
    json_int_t max = 1, req = 0, prop = 0, msgs = 0;
    json_t *m, *out = json_array();
    size_t i;
    json_array_foreach(minutes, i, m)
    {
        json_int_t a = num(m, "requested"), b = num(m, "proposed");
        req += a;
        prop += b;
        msgs += num(m, "messages");
        if (a > max)
            max = a;
        if (b > max)
            max = b;
    }
    json_array_foreach(minutes, i, m)
    {
        int ha = scale(num(m, "requested"), max, 120), hb = scale(num(m, "proposed"), max, 120);
        json_array_append_new(out, json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "xa",
                                             40 + (int)i * 10, "ya", 140 - ha, "ha", ha, "xb",
                                             45 + (int)i * 10, "yb", 140 - hb, "hb", hb));
    }
    const char *first = json_string_value(json_object_get(json_array_get(minutes, 0), "minute"));
    json_object_set_new(vars, "tp_max", json_integer(max));
    json_object_set_new(vars, "tp_requested", json_integer(req));
    json_object_set_new(vars, "tp_proposed", json_integer(prop));
    json_object_set_new(vars, "tp_messages", json_integer(msgs));
    json_object_set_new(vars, "tp_from", json_string(first ? first : ""));
    return out;
}

static json_t *slots(const json_t *list)
{
    json_int_t max = 1;
    json_t *o, *out = json_array();
    size_t i;
    json_array_foreach(list, i, o)
    {
        json_int_t n = num(o, "held") + num(o, "reserved") + num(o, "done");
        if (n > max)
            max = n;
    }
    json_array_foreach(list, i, o)
    {
        char who[9];
        snprintf(who, sizeof who, "%s", json_string_value(json_object_get(o, "interviewer")));
        int wr = scale(num(o, "reserved") + num(o, "done"), max, 160),
            wh = scale(num(o, "held"), max, 160);
        json_array_append_new(out, json_pack("{s:O, s:s, s:I, s:I, s:I, s:I, s:i, s:i, s:i}", "day",
                                             json_object_get(o, "day"), "who", who, "held",
                                             num(o, "held"), "reserved", num(o, "reserved"), "done",
                                             num(o, "done"), "freed", num(o, "freed"), "wr", wr,
                                             "xh", wr, "wh", wh));
    }
    return out;
}

/* Newest first. */
static json_t *reversed(const json_t *a)
{
    json_t *out = json_array();
    for (size_t i = json_array_size(a); i > 0; i--)
        json_array_append(out, json_array_get(a, i - 1));
    return out;
}

/* The dead letters as the page shows them, newest first. */
static json_t *dead_rows(const json_t *last)
{
    json_t *out = reversed(last), *d;
    size_t i;
    json_array_foreach(out, i, d)
    {
        if (json_object_get(d, "time"))
            continue;
        json_t *row = json_deep_copy(d);
        json_object_set_new(row, "time", json_string("-"));
        json_array_set_new(out, i, row);
    }
    return out;
}

static json_t *lag_rows(const json_t *totals)
{
    json_t *out = json_array(), *o;
    size_t i;
    json_array_foreach(totals, i, o)
    {
        json_t *row = json_deep_copy(o);
        json_object_set_new(row, "behind", json_boolean(num(o, "lag") > 0));
        json_array_append_new(out, row);
    }
    return out;
}

json_t *dk_board_page_vars(const json_t *snap, const char *lang)
{
    (void)lang;
    json_t *v = json_object();
    if (!v)
        return NULL;
    char now[32];
    dk_iso8601_utc(dk_now_ms(), now);
    json_object_set_new(v, "title_key", json_string("dashboard.title"));
    json_object_set_new(v, "now", json_string(now));
    json_t *since = json_object_get(snap, "since");
    json_object_set_new(v, "since", json_is_string(since) ? json_copy(since) : json_string("-"));
    json_object_set_new(v, "funnel", funnel(json_object_get(snap, "stages")));
    json_object_set_new(v, "minutes", throughput(json_object_get(snap, "throughput"), v));
    const json_t *rp = json_object_get(snap, "request_to_proposal");
    json_object_set_new(v, "rp_count", json_integer(num(rp, "count")));
    json_object_set_new(v, "rp_p50", hours_minutes(num(rp, "p50_s")));
    json_object_set_new(v, "rp_p90", hours_minutes(num(rp, "p90_s")));
    json_object_set_new(v, "rp_max", hours_minutes(num(rp, "max_s")));
    json_object_set_new(v, "promise", json_deep_copy(json_object_get(snap, "promise")));
    const json_t *dr = json_object_get(snap, "document_rejections");
    json_object_set_new(v, "docs_accepted", json_integer(num(dr, "accepted")));
    json_object_set_new(v, "docs_rejected", json_integer(num(dr, "rejected")));
    json_object_set_new(v, "reasons", bars(json_object_get(dr, "reasons")));
    json_t *mail = json_deep_copy(json_object_get(snap, "mail"));
    if (!json_object_get(mail, "sent"))
        json_object_set_new(mail, "sent", json_string("?"));
    json_object_set_new(mail, "bars", bars(json_object_get(mail, "templates")));
    json_object_set_new(v, "mail", mail);
    const json_t *dl = json_object_get(snap, "dead_letters");
    json_object_set_new(v, "dead_total", json_integer(num(dl, "total")));
    json_object_set_new(v, "dead", dead_rows(json_object_get(dl, "last")));
    const json_t *al = json_object_get(snap, "alerts");
    json_object_set_new(v, "alerts_total", json_integer(num(al, "total")));
    json_object_set_new(v, "alert_bars", bars(json_object_get(al, "by_kind")));
    json_object_set_new(v, "alerts", reversed(json_object_get(al, "last")));
    json_object_set_new(v, "slots", slots(json_object_get(snap, "slots")));
    const json_t *lag = json_object_get(snap, "lag");
    json_object_set_new(v, "lag", lag_rows(json_object_get(lag, "totals")));
    json_object_set_new(v, "lag_at",
                        json_string(json_string_value(json_object_get(lag, "at"))
                                        ? json_string_value(json_object_get(lag, "at"))
                                        : "-"));
    if (json_object_get(lag, "error"))
        json_object_set(v, "lag_error", json_object_get(lag, "error"));
    const json_t *msgs = json_object_get(snap, "messages"), *sk = json_object_get(msgs, "skipped");
    json_object_set_new(v, "folded", json_integer(num(msgs, "folded")));
    json_object_set_new(
        v, "skipped",
        json_integer(num(sk, "malformed") + num(sk, "unknown_type") + num(sk, "invalid")));
    json_object_set_new(v, "duplicates", json_integer(num(sk, "duplicate")));
    const json_t *c = json_object_get(snap, "consumer");
    json_object_set_new(v, "consumed", json_integer(num(c, "consumed")));
    return v;
}
