/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash.h — the operations dashboard's figures, folded from the pipeline's
 * messages one at a time (the dashboard's consumer feeds every message of
 * every topic of schemas/topics.tsv, from the oldest the broker keeps): the
 * funnel of applications, throughput per minute, time from request to first
 * proposal, the 3-working-day promise, document rejections by reason, mail
 * jobs, dead letters (redacted), alerts, slot use per interviewer and day.
 *
 * The funnel (what SPEC.md's GET /api/v1/funnel answers), each stage a count
 * of distinct applications:
 *   requested            an application.submitted
 *   proposed             ever an appointment.changed "proposed"
 *   reserved             ever an appointment.changed "reserved"
 *   interviewed          its latest interview.outcome is approved,
 *                        missing_information or rejected (an interview took place)
 *   approved, missing_information, rejected, no_show
 *                        its latest interview.outcome (a correction replaces
 *                        the outcome it corrects: it comes later, on the same
 *                        partition)
 *   activated            a key.activated
 *   waiting              now: more schedule.requested (reasons submitted,
 *                        rescheduled, interviewer_changed: each asks for one
 *                        slot; a retry asks again for the same) than
 *                        appointment.changed "proposed" (each answers one),
 *                        and the promise did not end it (timer.fired promise
 *                        not_served). Counted, not timed: topics are read in
 *                        no set order between them, and clocks differ.
 *   expired, cancelled   ever an appointment.changed "expired" / "cancelled"
 *
 * A message that is not an envelope, of a type the dashboard does not fold,
 * on a topic that does not carry it, or missing what its type needs is
 * counted as skipped (by why), never folded; one seen before (same envelope
 * id: a relay's resend, a dead-letter replay) is counted as a duplicate.
 * Not thread-safe: the caller serialises folding and reading. */
#ifndef DK_DASH_H
#define DK_DASH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dk_dash dk_dash;

/* Empty figures; NULL when out of memory. */
dk_dash *dk_dash_new(void);
void dk_dash_free(dk_dash *d);

/* What folding one message did. */
typedef enum {
    DK_DASH_FOLDED = 0,
    DK_DASH_MALFORMED,    /* not JSON, not an envelope */
    DK_DASH_UNKNOWN_TYPE, /* a type not folded, or not on this topic */
    DK_DASH_INVALID,      /* the type's fields are missing or out of range */
    DK_DASH_DUPLICATE,    /* an envelope id folded before */
    DK_DASH_NO_MEMORY,
} dk_dash_result;

/* Folds one message of topic (partition, offset; broker_ms: its Kafka
 * timestamp, 0 when none: the time from request to proposal is measured on
 * it when both messages have one — one clock for all producers — and it
 * stands in for an unreadable envelope time). */
dk_dash_result dk_dash_fold(dk_dash *d, const char *topic, int32_t partition, int64_t offset,
                            int64_t broker_ms, const void *payload, size_t len);

/* {"stages":{requested,…,no_show}} as SPEC.md fixes it. A new reference. */
json_t *dk_dash_funnel(const dk_dash *d);

/* Every figure at now_ms (the throughput's last 60 minutes end at now):
 * {"stages","since","messages","throughput","request_to_proposal",
 *  "promise","document_rejections","mail","dead_letters","alerts",
 *  "slots"}; the README's dashboard section describes each. A new
 * reference, NULL when out of memory. */
json_t *dk_dash_figures(const dk_dash *d, int64_t now_ms);

/* The p-th percentile (nearest rank, 0 < p <= 100) of the n values v,
 * which it sorts; 0 when n is 0. */
int64_t dk_dash_percentile(int64_t *v, size_t n, int p);

/* What the dashboard shows of a dead letter (the data of a deadletter
 * envelope): its reason (at most 200 bytes, e-mail addresses masked),
 * group, service, source topic, partition and offset, and the original
 * redacted as `dk deadletter list` shows it (dk_deadletter_redact: secret
 * and personal values and e-mail addresses replaced), cut to
 * DK_DASH_ORIGINAL_MAX bytes, with how many values were replaced. A new
 * reference, NULL when data is not a dead letter. */
#define DK_DASH_ORIGINAL_MAX 300
json_t *dk_dash_deadletter_view(const json_t *data);

#endif
