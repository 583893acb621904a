/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_interview_internal.h — what the interview operations share: the
 * appointment they act on, locked, with the acting staff member checked. */
#ifndef DK_INTERVIEW_INTERNAL_H
#define DK_INTERVIEW_INTERNAL_H

#include "interview/dk_interview.h"

typedef struct {
    char appointment_id[37];
    char application_id[37];
    char interviewer_id[37];
    char appointment_status[16];
    char application_status[24];
    char language[4];
    int64_t start_ms;
    int has_outcome; /* an outcome is recorded for the appointment */
} dk_interview_ctx;

/* BEGIN, then locks the appointment and its application and checks who may
 * act on it. Returns 0 (ctx filled, transaction open), 1 refused (rolled
 * back, *refusal set), -1 err (rolled back). */
int dk_interview_begin(PGconn *pg, const dk_interview_actor *who, const char *appointment_id,
                       dk_interview_ctx *ctx, const char **refusal, char *err, size_t errlen);

/* COMMIT when rc is 0, else ROLLBACK; returns rc (-1 when COMMIT failed). */
int dk_interview_end(PGconn *pg, int rc, char *err, size_t errlen);

/* An audit row of who's action on the interview of ctx, in the transaction. */
int dk_interview_audit_ctx(PGconn *pg, const dk_interview_actor *who, const dk_interview_ctx *ctx,
                           const char *action, const char *object, const json_t *detail,
                           int64_t now_ms, char *err, size_t errlen);

#endif
