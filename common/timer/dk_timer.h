/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_timer.h — the deadlines of the procedure as rows of the timers table
 * (schemas/sql/010_timers.sql): made, moved and cancelled inside the
 * transaction of the state change that causes them (the outbox way), claimed
 * by dk-timers with FOR UPDATE SKIP LOCKED and marked fired in the
 * transaction of their effects, so each fires once whatever crashes. The
 * effects of each kind live with the worker (workers/timers); this library
 * knows the table, the due times and the dk.timers.fired message. */
#ifndef DK_TIMER_H
#define DK_TIMER_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdint.h>

/* The kinds (the CHECK of the table, SPEC.md's `dk timers`). */
#define DK_TIMER_REMINDER "reminder"
#define DK_TIMER_PROMISE "promise"
#define DK_TIMER_PROMISE_ALERT "promise_alert"
#define DK_TIMER_PROPOSAL_EXPIRY "proposal_expiry"
#define DK_TIMER_OUTCOME_OVERDUE "outcome_overdue"
#define DK_TIMER_RETENTION "retention"

/* 1 when kind is one of the six above. */
int dk_timer_kind_known(const char *kind);

/* ---- due times (dk_timer_due.c: pure, unit-tested) ---- */

#define DK_TIMER_REMINDER_LEAD_MS (24LL * 3600 * 1000)

/* When the reminder of an interview starting at start_ms, reserved at
 * now_ms, is due: 24 real hours before the start (whatever the Brussels
 * offset does meanwhile); at once (now_ms) when that has passed and the
 * interview still starts at least min_lead_ms after now; -1 (no reminder)
 * when it starts sooner or has started. */
int64_t dk_timer_reminder_due(int64_t start_ms, int64_t now_ms, int64_t min_lead_ms);

/* 1 when a reminder that fires at now_ms (late, perhaps: the workers were
 * down) still goes out: the interview starts at least min_lead_ms later. */
int dk_timer_reminder_wanted(int64_t start_ms, int64_t now_ms, int64_t min_lead_ms);

/* When an interview ending at end_ms without an outcome is overdue. */
int64_t dk_timer_outcome_due(int64_t end_ms, int64_t grace_ms);

/* The 3-working-day promise (SPEC.md step 2): a request made at
 * request_ms that has no proposal when 3 working days have passed
 * (dk_be_add_working_ms: 72 hours of Belgian working days, Brussels time)
 * is not served; operators are alerted when half of that working time (36
 * hours of it) has passed. -1 beyond year 9998. */
#define DK_TIMER_PROMISE_WORKING_DAYS 3
int64_t dk_timer_promise_due(int64_t request_ms);
int64_t dk_timer_promise_alert_due(int64_t request_ms);

/* The two above with DK_REMINDER_MIN_LEAD_MIN and DK_OUTCOME_GRACE_MIN. */
int64_t dk_timer_reminder_min_lead_ms(void);
int64_t dk_timer_outcome_grace_ms(void);

/* ---- writing timers (inside the caller's open transaction) ---- */

/* A row for dk_timer_set_rows. cause NULL: the appointment id when there is
 * one, else the application id. NULL when memory ran out. */
json_t *dk_timer_row(const char *kind, const char *cause, const char *application_id,
                     const char *appointment_id, int64_t due_ms);

/* Makes each timer of rows (an array of dk_timer_row), or moves it to its
 * new due time when one of that kind and cause is still open; one that has
 * ended (fired or cancelled) stays ended: one cause, one firing. One
 * statement. Returns 0, or -1 with err. */
int dk_timer_set_rows(PGconn *pg, const json_t *rows, int64_t now_ms, char *err, size_t errlen);

/* One timer, as dk_timer_set_rows. */
int dk_timer_set(PGconn *pg, const char *kind, const char *cause, const char *application_id,
                 const char *appointment_id, int64_t due_ms, int64_t now_ms, char *err,
                 size_t errlen);

/* Cancels the open timers of the appointments in appointment_ids (a JSON
 * array of ids), of every kind when kind is NULL, recording why. Returns how
 * many, or -1 with err. */
long dk_timer_cancel_appointments(PGconn *pg, const json_t *appointment_ids, const char *kind,
                                  const char *why, int64_t now_ms, char *err, size_t errlen);

/* The same for one appointment. */
long dk_timer_cancel_appointment(PGconn *pg, const char *appointment_id, const char *kind,
                                 const char *why, int64_t now_ms, char *err, size_t errlen);

/* Cancels the open timers of an application (those of its appointments
 * too) of the kinds listed (NULL-terminated), recording why. Returns how
 * many, or -1 with err. */
long dk_timer_cancel_application(PGconn *pg, const char *application_id, const char *const *kinds,
                                 const char *why, int64_t now_ms, char *err, size_t errlen);

/* The timers of a reserved interview (start_ms..end_ms), in one call: its
 * proposal_expiry ends (the proposal was answered), its reminder (when
 * dk_timer_reminder_due gives one) and its outcome_overdue are set. */
int dk_timer_on_reserved(PGconn *pg, const char *application_id, const char *appointment_id,
                         int64_t start_ms, int64_t end_ms, int64_t now_ms, char *err,
                         size_t errlen);

/* The promise and its half-time alert of a request made at request_ms
 * (dk_timer_promise_due), as two dk_timer_row rows appended to rows (cause:
 * the application id). Returns 0, -1 when memory ran out. */
int dk_timer_promise_rows(json_t *rows, const char *application_id, int64_t request_ms);

/* Cancels the open promise and promise_alert timers of the applications in
 * application_ids (a JSON array of ids): a proposal was made. Returns how
 * many, or -1 with err. */
long dk_timer_cancel_promises(PGconn *pg, const json_t *application_ids, const char *why,
                              int64_t now_ms, char *err, size_t errlen);

/* ---- firing (dk-timers, and any later worker of timers) ---- */

typedef struct {
    char id[37];
    char kind[24];
    char cause[201];
    char application_id[37];
    char appointment_id[37]; /* "" when none */
    int64_t due_ms;
    int attempts; /* failed firings before this one */
} dk_timer;

/* Locks up to limit open timers due by now_ms (of one kind, or any when
 * kind is NULL), oldest first, FOR UPDATE SKIP LOCKED (another replica's
 * claimed rows are skipped, never waited for), in the caller's open
 * transaction. *out is malloc'd (free it) and holds the count returned;
 * -1 with err. */
long dk_timer_claim(PGconn *pg, int64_t now_ms, int limit, const char *kind, dk_timer **out,
                    char *err, size_t errlen);

/* Marks the claimed timers fired at now_ms, each with its result (results
 * is an array of {"id","result"}), and appends to outbox one
 * timer.fired message each for dk.timers.fired. Returns 0, or -1 with err. */
int dk_timer_mark_fired(PGconn *pg, const dk_timer *timers, const json_t *results, int64_t now_ms,
                        json_t *outbox, char *err, size_t errlen);

/* A firing of t failed with error: attempts + 1 and last_error recorded,
 * due again after backoff_ms (in its own transaction, the claim's having
 * rolled back). Returns 0, or -1 with err. */
int dk_timer_mark_failed(PGconn *pg, const dk_timer *t, const char *error, int64_t now_ms,
                         int64_t backoff_ms, char *err, size_t errlen);

/* The outbox row of the timer.fired message of t (schemas/messages), its
 * message id derived from the timer's, so a replay is recognisable. */
json_t *dk_timer_fired_row(const dk_timer *t, const char *result, int64_t fired_ms);

/* The outbox row of an alert.raised message on dk.alerts for operators:
 * alert is its name (e.g. "outcome_overdue"), text one English sentence
 * without personal data; appointment_id may be NULL. Its id is derived from
 * alert and cause, so one cause raises one alert. */
json_t *dk_timer_alert_row(const char *alert, const char *cause, const char *application_id,
                           const char *appointment_id, const char *text, int64_t since_ms);

#endif
