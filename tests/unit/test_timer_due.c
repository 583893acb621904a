/* SPDX-License-Identifier: EUPL-1.2 */
/* test_timer_due.c — when the deadlines of common/timer fall: the reminder
 * 24 real hours before the interview on both sides of the daylight-saving
 * changes of 2026 and 2027 (the Brussels wall time of the reminder differs
 * from the interview's when a change lies between them), the rules for an
 * interview reserved less than 24 hours ahead, the outcome deadline, the
 * kinds, and the timer rows' ids (one cause, one id). */
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

int main(void)
{
    test_reminder_across_dst();
    test_reminder_reserved_late();
    test_outcome_due();
    test_defaults();
    test_kinds_and_rows();
    DK_TEST_DONE();
}
