/* SPDX-License-Identifier: EUPL-1.2 */
/* test_dash.c — the dashboard's figures (common/dash) from known messages:
 * every funnel stage, corrections, the throughput ring, request-to-proposal
 * percentiles, the promise, rejections, mail, the redacted dead letters, slot
 * use; and hostile input (not JSON, not an envelope, unknown types, wrong
 * topics, wrong field types, huge strings, replays) counted as skipped, never
 * folded, never a crash. */
#include "dash/dk_dash.h"
#include "dk_test.h"

#include "core/dk_clock.h"

#include <stdlib.h>

static int seq;

/* An envelope of type for application app (1..999) at time t, id fresh. */
static dk_dash_result feed_id(dk_dash *d, const char *topic, const char *type, int app,
                              const char *t, const char *data, int id)
{
    char buf[4096];
    int n = snprintf(buf, sizeof buf,
                     "{\"id\":\"00000000-0000-4000-8000-%012d\",\"type\":\"%s\",\"version\":1,"
                     "\"time\":\"%s\",\"application_id\":\"10000000-0000-4000-8000-%012d\","
                     "\"data\":%s}",
                     id, type, t, app, data);
    return dk_dash_fold(d, topic, 0, seq, 0, buf, (size_t)n);
}

static dk_dash_result feed(dk_dash *d, const char *topic, const char *type, int app, const char *t,
                           const char *data)
{
    return feed_id(d, topic, type, app, t, data, ++seq);
}

static dk_dash_result changed(dk_dash *d, int app, int appt, const char *change, const char *t)
{
    char data[512];
    snprintf(data, sizeof data,
             "{\"appointment_id\":\"20000000-0000-4000-8000-%012d\",\"change\":\"%s\","
             "\"interviewer_id\":\"30000000-0000-4000-8000-000000000001\","
             "\"start\":\"2026-03-03T09:00:00Z\",\"end\":\"2026-03-03T09:20:00Z\"}",
             appt, change);
    return feed(d, "dk.appointments", "appointment.changed", app, t, data);
}

static dk_dash_result outcome(dk_dash *d, int app, int appt, const char *o, const char *t)
{
    char data[512];
    snprintf(data, sizeof data,
             "{\"outcome_id\":\"40000000-0000-4000-8000-%012d\","
             "\"appointment_id\":\"20000000-0000-4000-8000-%012d\",\"outcome\":\"%s\"}",
             seq + 1, appt, o);
    return feed(d, "dk.interviews", "interview.outcome", app, t, data);
}

static long long stage(const dk_dash *d, const char *name)
{
    json_t *f = dk_dash_funnel(d);
    long long v = json_integer_value(json_object_get(json_object_get(f, "stages"), name));
    json_decref(f);
    return v;
}

static void submit(dk_dash *d, int app, const char *t)
{
    char data[128];
    snprintf(data, sizeof data, "{\"submitted_at\":\"%s\",\"language\":\"nl\"}", t);
    CHECK_INT(feed(d, "dk.applications.submitted", "application.submitted", app, t, data),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.schedule", "schedule.requested", app, t, "{\"reason\":\"submitted\"}"),
              DK_DASH_FOLDED);
}

static void test_funnel(void)
{
    dk_dash *d = dk_dash_new();
    /* 1: approved and activated; 2: missing information; 3: rejected then
     * corrected to approved; 4: no-show; 5: expired; 6: cancelled; 7, 8:
     * waiting (no proposal); 9: proposed, not answered. */
    for (int a = 1; a <= 9; a++)
        submit(d, a, "2026-03-02T08:00:00Z");
    for (int a = 1; a <= 6; a++)
        CHECK_INT(changed(d, a, a, "proposed", "2026-03-02T08:10:00Z"), DK_DASH_FOLDED);
    CHECK_INT(changed(d, 9, 9, "proposed", "2026-03-02T09:00:00Z"), DK_DASH_FOLDED);
    for (int a = 1; a <= 4; a++) {
        CHECK_INT(changed(d, a, a, "accepted", "2026-03-02T08:20:00Z"), DK_DASH_FOLDED);
        CHECK_INT(changed(d, a, a, "reserved", "2026-03-02T08:21:00Z"), DK_DASH_FOLDED);
    }
    CHECK_INT(changed(d, 5, 5, "expired", "2026-03-02T10:00:00Z"), DK_DASH_FOLDED);
    CHECK_INT(changed(d, 6, 6, "cancelled", "2026-03-02T10:00:00Z"), DK_DASH_FOLDED);
    CHECK_INT(outcome(d, 1, 1, "approved", "2026-03-03T09:30:00Z"), DK_DASH_FOLDED);
    CHECK_INT(outcome(d, 2, 2, "missing_information", "2026-03-03T09:30:00Z"), DK_DASH_FOLDED);
    CHECK_INT(outcome(d, 3, 3, "rejected", "2026-03-03T09:30:00Z"), DK_DASH_FOLDED);
    CHECK_INT(outcome(d, 3, 3, "approved", "2026-03-03T09:40:00Z"), DK_DASH_FOLDED);
    CHECK_INT(outcome(d, 4, 4, "no_show", "2026-03-03T09:30:00Z"), DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.keys", "key.activated", 1, "2026-03-03T10:00:00Z",
                   "{\"key_type\":\"totp\",\"assurance_level\":\"substantial\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(stage(d, "requested"), 9);
    CHECK_INT(stage(d, "proposed"), 7);
    CHECK_INT(stage(d, "reserved"), 4);
    CHECK_INT(stage(d, "interviewed"), 3);
    CHECK_INT(stage(d, "approved"), 2);
    CHECK_INT(stage(d, "missing_information"), 1);
    CHECK_INT(stage(d, "rejected"), 0);
    CHECK_INT(stage(d, "no_show"), 1);
    CHECK_INT(stage(d, "activated"), 1);
    CHECK_INT(stage(d, "waiting"), 2);
    CHECK_INT(stage(d, "expired"), 1);
    CHECK_INT(stage(d, "cancelled"), 1);

    /* A reschedule after missing information waits again until proposed. */
    CHECK_INT(feed(d, "dk.schedule", "schedule.requested", 2, "2026-03-04T08:00:00Z",
                   "{\"reason\":\"rescheduled\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(stage(d, "waiting"), 3);
    CHECK_INT(changed(d, 2, 12, "proposed", "2026-03-04T08:01:00Z"), DK_DASH_FOLDED);
    CHECK_INT(stage(d, "waiting"), 2);
    CHECK_INT(stage(d, "proposed"), 7);

    /* Request → first proposal: 10 min (x6), 60 min (9); the second
     * proposal of 2 does not count. */
    json_t *f = dk_dash_figures(d, 1772442000000LL /* 2026-03-02T09:00:00Z */);
    json_t *rp = json_object_get(f, "request_to_proposal");
    CHECK_INT(json_integer_value(json_object_get(rp, "count")), 7);
    CHECK_INT(json_integer_value(json_object_get(rp, "p50_s")), 600);
    CHECK_INT(json_integer_value(json_object_get(rp, "p90_s")), 3600);
    CHECK_INT(json_integer_value(json_object_get(rp, "max_s")), 3600);
    /* Throughput: the minute of 08:10 holds six proposals. */
    json_t *tp = json_object_get(f, "throughput");
    CHECK_INT(json_array_size(tp), 60);
    json_t *m0800 = json_array_get(tp, 0); /* 08:01 is the first of the 60 */
    CHECK_STR(json_string_value(json_object_get(m0800, "minute")), "2026-03-02T08:01:00Z");
    json_t *m0810 = json_array_get(tp, 9);
    CHECK_INT(json_integer_value(json_object_get(m0810, "proposed")), 6);
    /* 09:00's slot of the ring was taken by a later minute (03-04 08:00):
     * the hour before now shows nothing there. */
    json_t *m0900 = json_array_get(tp, 59);
    CHECK_INT(json_integer_value(json_object_get(m0900, "proposed")), 0);
    CHECK_INT(json_integer_value(json_object_get(m0900, "messages")), 0);
    /* Slot use: interviewer 1 on 2026-03-03 (yesterday and on). */
    json_t *slots = json_object_get(f, "slots");
    CHECK_INT(json_array_size(slots), 1);
    json_t *s0 = json_array_get(slots, 0);
    CHECK_STR(json_string_value(json_object_get(s0, "day")), "2026-03-03");
    CHECK_INT(json_integer_value(json_object_get(s0, "done")), 4);
    CHECK_INT(json_integer_value(json_object_get(s0, "freed")), 2);
    CHECK_INT(json_integer_value(json_object_get(s0, "held")), 2); /* 9 and 2's new one */
    CHECK_STR(json_string_value(json_object_get(f, "since")), "2026-03-02T08:00:00Z");
    json_decref(f);
    dk_dash_free(d);
}

/* Topics are read in no set order between them: a proposal folded before
 * its request and its schedule.requested still counts its delay and does
 * not leave the application waiting. */
static void test_order_across_topics(void)
{
    dk_dash *d = dk_dash_new();
    CHECK_INT(outcome(d, 1, 1, "approved", "2026-03-03T09:30:00Z"), DK_DASH_FOLDED);
    CHECK_INT(changed(d, 1, 1, "reserved", "2026-03-02T08:06:00Z"), DK_DASH_FOLDED);
    CHECK_INT(changed(d, 1, 1, "proposed", "2026-03-02T08:05:00Z"), DK_DASH_FOLDED);
    submit(d, 1, "2026-03-02T08:00:00Z");
    CHECK_INT(stage(d, "waiting"), 0);
    CHECK_INT(stage(d, "proposed"), 1);
    json_t *f = dk_dash_figures(d, 1772442000000LL);
    json_t *rp = json_object_get(f, "request_to_proposal");
    CHECK_INT(json_integer_value(json_object_get(rp, "count")), 1);
    CHECK_INT(json_integer_value(json_object_get(rp, "max_s")), 300);
    json_t *s0 = json_array_get(json_object_get(f, "slots"), 0);
    CHECK_INT(json_integer_value(json_object_get(s0, "done")), 1); /* not back to reserved */
    CHECK_INT(json_integer_value(json_object_get(s0, "reserved")), 0);
    json_decref(f);
    dk_dash_free(d);
}

static void test_promise_mail_dead(void)
{
    dk_dash *d = dk_dash_new();
    submit(d, 1, "2026-03-02T08:00:00Z");
    submit(d, 2, "2026-03-02T08:00:00Z");
    submit(d, 3, "2026-03-02T08:00:00Z");
    CHECK_INT(feed(d, "dk.timers.fired", "timer.fired", 1, "2026-03-03T12:00:00Z",
                   "{\"kind\":\"promise_alert\",\"result\":\"alerted\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.timers.fired", "timer.fired", 2, "2026-03-03T12:00:00Z",
                   "{\"kind\":\"promise_alert\",\"result\":\"alerted\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.timers.fired", "timer.fired", 2, "2026-03-05T08:00:00Z",
                   "{\"kind\":\"promise\",\"result\":\"not_served\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.timers.fired", "timer.fired", 3, "2026-03-05T08:00:00Z",
                   "{\"kind\":\"promise\",\"result\":\"obsolete\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.alerts", "alert.raised", 2, "2026-03-05T08:00:00Z",
                   "{\"alert\":\"promise_missed\",\"severity\":\"critical\",\"text\":\"x\"}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.documents.validated", "document.validated", 3, "2026-03-02T08:00:00Z",
                   "{\"verdict\":\"rejected\",\"reasons\":[\"blurry\",\"glare\"]}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.documents.validated", "document.validated", 3, "2026-03-02T08:00:00Z",
                   "{\"verdict\":\"rejected\",\"reasons\":[\"blurry\"]}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.documents.validated", "document.validated", 3, "2026-03-02T08:00:00Z",
                   "{\"verdict\":\"accepted\",\"reasons\":[]}"),
              DK_DASH_FOLDED);
    CHECK_INT(feed(d, "dk.mail.jobs", "mail.requested", 3, "2026-03-02T08:00:00Z",
                   "{\"template\":\"proposal\"}"),
              DK_DASH_FOLDED);
    /* A dead letter whose original holds personal data in clear: none of it
     * reaches the view. */
    const char *dead =
        "{\"reason\":\"smtp: 550 mailbox unavailable\",\"group\":\"dk-mailer\",\"service\":"
        "\"mailer\",\"source\":{\"topic\":\"dk.mail.jobs\",\"partition\":3,\"offset\":17,"
        "\"key\":\"k\",\"message_id\":\"m\"},\"original\":\"{\\\"type\\\":\\\"mail.requested\\\","
        "\\\"id\\\":\\\"abc\\\",\\\"data\\\":{\\\"email\\\":\\\"jan.peeters@example.be\\\","
        "\\\"first_names\\\":\\\"Jan\\\"}}\"}";
    CHECK_INT(feed(d, "dk.deadletter", "deadletter", 3, "2026-03-02T08:00:00Z", dead),
              DK_DASH_FOLDED);
    json_t *f = dk_dash_figures(d, 1772697600000LL);
    json_t *p = json_object_get(f, "promise");
    CHECK_INT(json_integer_value(json_object_get(p, "near_now")), 1);
    CHECK_INT(json_integer_value(json_object_get(p, "past")), 1);
    CHECK_INT(json_integer_value(json_object_get(p, "missed_total")), 1);
    json_t *stages = json_object_get(f, "stages");
    CHECK_INT(json_integer_value(json_object_get(stages, "waiting")), 2); /* 2 ended not served */
    json_t *dr = json_object_get(f, "document_rejections");
    CHECK_INT(json_integer_value(json_object_get(dr, "rejected")), 2);
    json_t *r0 = json_array_get(json_object_get(dr, "reasons"), 0);
    CHECK_STR(json_string_value(json_object_get(r0, "name")), "blurry");
    CHECK_INT(json_integer_value(json_object_get(r0, "count")), 2);
    json_t *mail = json_object_get(f, "mail");
    CHECK_INT(json_integer_value(json_object_get(mail, "requested")), 1);
    CHECK_INT(json_integer_value(json_object_get(mail, "failed")), 1);
    json_t *dl = json_object_get(f, "dead_letters");
    CHECK_INT(json_integer_value(json_object_get(dl, "total")), 1);
    char *text = json_dumps(dl, 0);
    CHECK(text && !strstr(text, "jan.peeters") && !strstr(text, "\"Jan\""));
    CHECK(text && strstr(text, "550 mailbox unavailable") && strstr(text, "first_names"));
    /* redacted as `dk deadletter list` shows it: the values replaced */
    CHECK(text && strstr(text, "[redacted]") && !strstr(text, "Jan\\\""));
    free(text);
    json_t *a = json_object_get(f, "alerts");
    CHECK_INT(json_integer_value(json_object_get(a, "total")), 1);
    json_decref(f);
    dk_dash_free(d);
}

static void test_hostile(void)
{
    dk_dash *d = dk_dash_new();
    CHECK_INT(dk_dash_fold(d, "dk.applications.submitted", 0, 0, 0, "not json", 8),
              DK_DASH_MALFORMED);
    CHECK_INT(dk_dash_fold(d, "dk.applications.submitted", 0, 0, 0, NULL, 0), DK_DASH_MALFORMED);
    CHECK_INT(dk_dash_fold(d, "dk.applications.submitted", 0, 0, 0, "[1,2]", 5), DK_DASH_MALFORMED);
    CHECK_INT(dk_dash_fold(d, "dk.applications.submitted", 0, 0, 0, "{\"id\":1}", 8),
              DK_DASH_MALFORMED);
    /* A NUL inside, and a huge message */
    CHECK_INT(dk_dash_fold(d, "dk.keys", 0, 0, 0, "{\"a\":\0}", 7), DK_DASH_MALFORMED);
    size_t big = 4u << 20;
    char *huge = malloc(big);
    memset(huge, '[', big);
    CHECK_INT(dk_dash_fold(d, "dk.keys", 0, 0, 0, huge, big), DK_DASH_MALFORMED);
    free(huge);
    /* Unknown type; a known type on a topic that does not carry it; an
     * unknown topic. */
    CHECK_INT(feed(d, "dk.keys", "key.stolen", 1, "2026-03-02T08:00:00Z", "{}"),
              DK_DASH_UNKNOWN_TYPE);
    CHECK_INT(feed(d, "dk.keys", "application.submitted", 1, "2026-03-02T08:00:00Z", "{}"),
              DK_DASH_UNKNOWN_TYPE);
    CHECK_INT(feed(d, "dk.nowhere", "key.activated", 1, "2026-03-02T08:00:00Z", "{}"),
              DK_DASH_UNKNOWN_TYPE);
    /* Wrong field types and values. */
    CHECK_INT(feed(d, "dk.appointments", "appointment.changed", 1, "2026-03-02T08:00:00Z",
                   "{\"appointment_id\":5,\"change\":\"proposed\"}"),
              DK_DASH_INVALID);
    CHECK_INT(feed(d, "dk.appointments", "appointment.changed", 1, "2026-03-02T08:00:00Z",
                   "{\"appointment_id\":\"x\",\"change\":\"teleported\"}"),
              DK_DASH_INVALID);
    CHECK_INT(feed(d, "dk.interviews", "interview.outcome", 1, "2026-03-02T08:00:00Z",
                   "{\"outcome\":[\"approved\"]}"),
              DK_DASH_INVALID);
    CHECK_INT(feed(d, "dk.timers.fired", "timer.fired", 1, "2026-03-02T08:00:00Z", "{}"),
              DK_DASH_INVALID);
    CHECK_INT(
        feed(d, "dk.deadletter", "deadletter", 1, "2026-03-02T08:00:00Z", "{\"reason\":\"\"}"),
        DK_DASH_INVALID);
    CHECK_INT(feed(d, "dk.documents.validated", "document.validated", 1, "2026-03-02T08:00:00Z",
                   "{\"verdict\":\"maybe\"}"),
              DK_DASH_INVALID);
    /* A proposal with an unreadable start still counts in the funnel. */
    CHECK_INT(feed(d, "dk.appointments", "appointment.changed", 1, "2026-03-02T08:00:00Z",
                   "{\"appointment_id\":\"a\",\"change\":\"proposed\",\"start\":\"soon\"}"),
              DK_DASH_FOLDED);
    /* Many distinct long reasons: a bounded table, the rest "other". */
    for (int i = 0; i < 100; i++) {
        char data[512];
        snprintf(data, sizeof data,
                 "{\"verdict\":\"rejected\",\"reasons\":[\"reason-%03d-%0100d\",\"r%d\"]}", i, 0,
                 i);
        CHECK_INT(feed(d, "dk.documents.validated", "document.validated", 1, "2026-03-02T08:00:00Z",
                       data),
                  DK_DASH_FOLDED);
    }
    json_t *f = dk_dash_figures(d, 1772442000000LL);
    json_t *reasons = json_object_get(json_object_get(f, "document_rejections"), "reasons");
    CHECK(json_array_size(reasons) <= 41);
    json_t *skipped = json_object_get(json_object_get(f, "messages"), "skipped");
    CHECK_INT(json_integer_value(json_object_get(skipped, "malformed")), 6);
    CHECK_INT(json_integer_value(json_object_get(skipped, "unknown_type")), 3);
    CHECK_INT(json_integer_value(json_object_get(skipped, "invalid")), 6);
    json_decref(f);
    /* A replay (same envelope id) folds once. */
    CHECK_INT(feed_id(d, "dk.keys", "key.activated", 2, "2026-03-02T08:00:00Z", "{}", 777),
              DK_DASH_FOLDED);
    CHECK_INT(feed_id(d, "dk.keys", "key.activated", 2, "2026-03-02T08:00:00Z", "{}", 777),
              DK_DASH_DUPLICATE);
    CHECK_INT(stage(d, "activated"), 1);
    /* Random bytes never crash it. */
    dk_test_rng_state = 42;
    for (int i = 0; i < 2000; i++) {
        char buf[64];
        for (size_t j = 0; j < sizeof buf; j++)
            buf[j] = (char)dk_test_rnd(256);
        dk_dash_fold(d, "dk.alerts", 0, i, 0, buf, (size_t)dk_test_rnd(64));
    }
    dk_dash_free(d);
}

static void test_percentile(void)
{
    int64_t v[] = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
    CHECK_INT(dk_dash_percentile(v, 10, 50), 5);
    CHECK_INT(dk_dash_percentile(v, 10, 90), 9);
    CHECK_INT(dk_dash_percentile(v, 10, 100), 10);
    CHECK_INT(dk_dash_percentile(v, 1, 50), 1);
    CHECK_INT(dk_dash_percentile(v, 0, 50), 0);
    int64_t w[] = {7};
    CHECK_INT(dk_dash_percentile(w, 1, 90), 7);
    CHECK_INT(dk_dash_percentile(w, 1, 1000), 7);
}

static void test_view(void)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:{s:s, s:i, s:i}, s:s}", "reason", "bad", "group",
                             "g", "service", "s", "source", "topic", "dk.keys", "partition", 1,
                             "offset", 2, "original", "\x01not json: jan@example.be");
    json_t *v = dk_dash_deadletter_view(data);
    CHECK(v != NULL);
    char *text = json_dumps(v, 0);
    CHECK(text && !strstr(text, "jan@"));
    free(text);
    json_decref(v);
    json_decref(data);
    CHECK(dk_dash_deadletter_view(NULL) == NULL);
}

int main(void)
{
    test_funnel();
    test_order_across_topics();
    test_promise_mail_dead();
    test_hostile();
    test_percentile();
    test_view();
    DK_TEST_DONE();
}
