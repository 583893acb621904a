/* SPDX-License-Identifier: EUPL-1.2 */
/* test_timer_due.c — when the deadlines of common/timer fall: the reminder
 * 24 real hours before the interview on both sides of the daylight-saving
 * changes of 2026 and 2027 (the Brussels wall time of the reminder differs
 * from the interview's when a change lies between them), the rules for an
 * interview reserved less than 24 hours ahead, the outcome deadline, the
 * kinds, the timer rows' ids (one cause, one id), and the 3-working-day
 * promise across Easter 2027, Christmas, weekends and both clock changes. */
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "dk_test.h"
#include "timer/dk_timer.h"

#include <stdlib.h>
#include <string.h>

#define MIN 60000LL
#define HOUR (60 * MIN)

static int64_t at(const char *iso)
{
    int64_t ms = 0;
    CHECK_INT(dk_iso8601_parse(iso, &ms), 0);
    return ms;
}

/* The Brussels wall time of an instant, "YYYY-MM-DDTHH:MM:SS+hh:mm". */
static const char *local(int64_t ms)
{
    static char out[32];
    dk_iso8601_brussels(ms, out);
    return out;
}

static void test_reminder_across_dst(void)
{
    const int64_t lead = 60 * MIN, now = at("2026-01-01T00:00:00Z");
    static const struct {
        const char *start, *due_utc, *due_local;
    } cases[] = {
        /* Sunday 25 October 2026, 03:00 CEST → 02:00 CET: 24 real hours
         * before 12:00 on the switch day is 13:00 the day before. */
        {"2026-10-25T11:00:00Z", "2026-10-24T11:00:00Z", "2026-10-24T13:00:00+02:00"},
        /* the first working day after it: both in winter time */
        {"2026-10-26T08:00:00Z", "2026-10-25T08:00:00Z", "2026-10-25T09:00:00+01:00"},
        /* an interview at 01:30 CET on the switch night, one hour after it */
        {"2026-10-25T00:30:00Z", "2026-10-24T00:30:00Z", "2026-10-24T02:30:00+02:00"},
        /* Sunday 28 March 2027, 02:00 CET → 03:00 CEST: 24 real hours
         * before 12:00 on the switch day is 11:00 the day before. */
        {"2027-03-28T10:00:00Z", "2027-03-27T10:00:00Z", "2027-03-27T11:00:00+01:00"},
        /* Tuesday 30 March 2027 09:00 (Easter Monday the 29th is a holiday) */
        {"2027-03-30T07:00:00Z", "2027-03-29T07:00:00Z", "2027-03-29T09:00:00+02:00"},
        /* and 29 March 2026, the switch of the year before */
        {"2026-03-30T07:00:00Z", "2026-03-29T07:00:00Z", "2026-03-29T09:00:00+02:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t start = at(cases[i].start);
        int64_t due = dk_timer_reminder_due(start, now, lead);
        char utc[32];
        dk_iso8601_utc(due, utc);
        CHECK_STR(utc, cases[i].due_utc);
        CHECK_STR(local(due), cases[i].due_local);
        CHECK(start - due == 24 * HOUR);
    }
}

static void test_reminder_reserved_late(void)
{
    const int64_t lead = 60 * MIN, start = at("2026-12-08T09:30:00Z");
    /* 24 h or more ahead: exactly 24 h before */
    CHECK(dk_timer_reminder_due(start, start - 30 * HOUR, lead) == start - 24 * HOUR);
    CHECK(dk_timer_reminder_due(start, start - 24 * HOUR - 1, lead) == start - 24 * HOUR);
    /* exactly 24 h ahead: due now (the same instant) */
    CHECK(dk_timer_reminder_due(start, start - 24 * HOUR, lead) == start - 24 * HOUR);
    /* less than 24 h ahead: at once */
    CHECK(dk_timer_reminder_due(start, start - 5 * HOUR, lead) == start - 5 * HOUR);
    CHECK(dk_timer_reminder_due(start, start - 61 * MIN, lead) == start - 61 * MIN);
    /* the lead itself still gets one; less, or started, none */
    CHECK(dk_timer_reminder_due(start, start - 60 * MIN, lead) == start - 60 * MIN);
    CHECK(dk_timer_reminder_due(start, start - 60 * MIN + 1, lead) == -1);
    CHECK(dk_timer_reminder_due(start, start - 1, lead) == -1);
    CHECK(dk_timer_reminder_due(start, start, lead) == -1);
    CHECK(dk_timer_reminder_due(start, start + HOUR, lead) == -1);
    /* a lead of 0: anything that has not started yet */
    CHECK(dk_timer_reminder_due(start, start - 1, 0) == start - 1);
    CHECK(dk_timer_reminder_due(start, start, 0) == -1);
    /* a late firing (the workers were down) */
    CHECK_INT(dk_timer_reminder_wanted(start, start - 24 * HOUR, lead), 1);
    CHECK_INT(dk_timer_reminder_wanted(start, start - 2 * HOUR, lead), 1);
    CHECK_INT(dk_timer_reminder_wanted(start, start - 59 * MIN, lead), 0);
    CHECK_INT(dk_timer_reminder_wanted(start, start + 1, lead), 0);
    CHECK_INT(dk_timer_reminder_wanted(start, start, 0), 0);
    /* far-off instants do not overflow */
    CHECK(dk_timer_reminder_due(INT64_MAX / 2, 0, lead) == INT64_MAX / 2 - 24 * HOUR);
}

static void test_outcome_due(void)
{
    int64_t end = at("2026-10-25T00:30:00Z");
    CHECK(dk_timer_outcome_due(end, 120 * MIN) == at("2026-10-25T02:30:00Z"));
    CHECK_STR(local(dk_timer_outcome_due(end, 120 * MIN)), "2026-10-25T03:30:00+01:00");
    CHECK(dk_timer_outcome_due(end, 0) == end);
}

static void test_defaults(void)
{
    unsetenv("DK_REMINDER_MIN_LEAD_MIN");
    unsetenv("DK_OUTCOME_GRACE_MIN");
    CHECK(dk_timer_reminder_min_lead_ms() == 60 * MIN);
    CHECK(dk_timer_outcome_grace_ms() == 120 * MIN);
}

static void test_kinds_and_rows(void)
{
    static const char *const kinds[] = {"reminder",        "promise",         "promise_alert",
                                        "proposal_expiry", "outcome_overdue", "retention"};
    for (size_t i = 0; i < 6; i++)
        CHECK_INT(dk_timer_kind_known(kinds[i]), 1);
    CHECK_INT(dk_timer_kind_known("Reminder"), 0);
    CHECK_INT(dk_timer_kind_known(""), 0);
    CHECK_INT(dk_timer_kind_known(NULL), 0);
    CHECK_INT(dk_timer_kind_known("reminder; DROP TABLE timers"), 0);

    const char *app = "11111111-1111-4111-8111-111111111111";
    const char *appt = "22222222-2222-4222-8222-222222222222";
    json_t *a = dk_timer_row("reminder", NULL, app, appt, at("2026-12-07T09:30:00Z"));
    json_t *b = dk_timer_row("reminder", NULL, app, appt, at("2026-12-07T10:30:00Z"));
    json_t *c = dk_timer_row("outcome_overdue", NULL, app, appt, at("2026-12-07T09:30:00Z"));
    json_t *d = dk_timer_row("promise", NULL, app, NULL, at("2026-12-07T09:30:00Z"));
    /* one cause, one id, whatever the due time; the cause is the appointment */
    CHECK_STR(json_string_value(json_object_get(a, "id")),
              json_string_value(json_object_get(b, "id")));
    CHECK(strcmp(json_string_value(json_object_get(a, "id")),
                 json_string_value(json_object_get(c, "id"))) != 0);
    CHECK_STR(json_string_value(json_object_get(a, "cause")), appt);
    CHECK_STR(json_string_value(json_object_get(a, "due")), "2026-12-07T09:30:00Z");
    /* without an appointment: the application is the cause, no appointment_id */
    CHECK_STR(json_string_value(json_object_get(d, "cause")), app);
    CHECK(json_object_get(d, "appointment_id") == NULL);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(d);
}

/* The 3-working-day promise: 72 hours of Belgian working days (whole days,
 * Brussels wall time), and its alert at 36. A request made on a working
 * day keeps its wall time; one made on a weekend or a holiday counts from
 * 00:00 of the next working day. */
static void test_promise_working_days(void)
{
    static const struct {
        const char *what, *request, *due, *alert;
    } cases[] = {
        /* Thursday 16:00 → Friday, Monday, Tuesday 16:00; alert Monday 04:00. */
        {"plain Thursday 16:00", "2026-12-03T16:00:00+01:00", "2026-12-08T16:00:00+01:00",
         "2026-12-07T04:00:00+01:00"},
        /* The Thursday before Easter Monday 2027: Friday 26, (Monday 29 is
         * Easter Monday), Tuesday 30, Wednesday 31 March at 16:00 — now
         * CEST: the clocks changed on Sunday 28, so 143 real hours. */
        {"Easter 2027", "2027-03-25T16:00:00+01:00", "2027-03-31T16:00:00+02:00",
         "2027-03-30T04:00:00+02:00"},
        /* Christmas: Wednesday 23 10:00, Thursday 24 counts, Friday 25 not. */
        {"Christmas", "2026-12-23T10:00:00+01:00", "2026-12-29T10:00:00+01:00",
         "2026-12-24T22:00:00+01:00"},
        /* New Year's Day is a holiday too. */
        {"New Year", "2026-12-31T12:00:00+01:00", "2027-01-06T12:00:00+01:00",
         "2027-01-05T00:00:00+01:00"},
        /* A Saturday: from Monday 00:00, so the end of Wednesday (Thursday 00:00). */
        {"Saturday", "2026-12-05T10:00:00+01:00", "2026-12-10T00:00:00+01:00",
         "2026-12-08T12:00:00+01:00"},
        /* Easter Saturday: Monday is a holiday as well, from Tuesday 00:00. */
        {"Easter Saturday", "2027-03-27T10:00:00+01:00", "2027-04-02T00:00:00+02:00",
         "2027-03-31T12:00:00+02:00"},
        /* Across the October change: Friday 16:00 CEST → Wednesday 16:00 CET. */
        {"October change", "2026-10-23T16:00:00+02:00", "2026-10-28T16:00:00+01:00",
         "2026-10-27T04:00:00+01:00"},
        /* Midnight at the start of a working day counts that whole day. */
        {"Monday 00:00", "2026-12-07T00:00:00+01:00", "2026-12-10T00:00:00+01:00",
         "2026-12-08T12:00:00+01:00"},
        /* Sunday one millisecond before midnight: nothing counted before Monday. */
        {"Sunday 23:59:59.999", "2026-12-06T23:59:59.999+01:00", "2026-12-10T00:00:00+01:00",
         "2026-12-08T12:00:00+01:00"},
        /* Seconds and milliseconds are kept. */
        {"Thursday 16:00:30.250", "2026-12-03T16:00:30.250+01:00", "2026-12-08T16:00:30.250+01:00",
         "2026-12-07T04:00:30.250+01:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t req = at(cases[i].request);
        int64_t due = dk_timer_promise_due(req), alert = dk_timer_promise_alert_due(req);
        if (due != at(cases[i].due) || alert != at(cases[i].alert))
            fprintf(stderr, "  %s: due %s\n", cases[i].what, local(due));
        CHECK_INT(due, at(cases[i].due));
        if (alert != at(cases[i].alert))
            fprintf(stderr, "  %s: alert %s\n", cases[i].what, local(alert));
        CHECK_INT(alert, at(cases[i].alert));
        CHECK(alert > req && due > alert);
    }
    /* The Easter request's promise is 143 real hours after it, 3 working
     * days on the wall clock. */
    CHECK_INT(dk_timer_promise_due(at("2027-03-25T15:00:00Z")) - at("2027-03-25T15:00:00Z"),
              (24 * 5 + 23) * HOUR);
    /* Zero working time: the instant itself on a working day, else the
     * next working day's 00:00. */
    CHECK_INT(dk_be_add_working_ms(at("2026-12-03T15:00:00Z"), 0), at("2026-12-03T15:00:00Z"));
    CHECK_INT(dk_be_add_working_ms(at("2026-12-05T09:00:00Z"), 0), at("2026-12-07T00:00:00+01:00"));
    CHECK_INT(dk_be_add_working_ms(at("2026-12-05T09:00:00Z"), -5),
              at("2026-12-07T00:00:00+01:00"));
    /* A whole working week from Monday 00:00 ends when Friday does:
     * Saturday 00:00, not the next Monday. */
    CHECK_INT(dk_be_add_working_ms(at("2026-12-07T00:00:00+01:00"), 5 * 24 * HOUR),
              at("2026-12-12T00:00:00+01:00"));
    /* Beyond the calendar's years: -1, never a wrong date. */
    CHECK_INT(dk_timer_promise_due(at("9998-12-31T12:00:00Z")), -1);
    CHECK_INT(dk_be_add_working_ms(at("2026-12-07T00:00:00+01:00"), INT64_C(1) << 60), -1);
}

int main(void)
{
    test_reminder_across_dst();
    test_reminder_reserved_late();
    test_outcome_due();
    test_defaults();
    test_kinds_and_rows();
    test_promise_working_days();
    DK_TEST_DONE();
}
