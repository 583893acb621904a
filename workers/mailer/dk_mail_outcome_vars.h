/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_outcome_vars.h — the variables of the interview outcome mails
 * (activation, interview_missing_information, interview_rejected,
 * interview_no_show; common/booking/dk_mailjob_interview.h builds their
 * jobs) checked for their type, and completed with what only the mailer
 * makes: the activation link. */
#ifndef DK_MAIL_OUTCOME_VARS_H
#define DK_MAIL_OUTCOME_VARS_H

#include <jansson.h>
#include <stddef.h>

/* The most code points of interviewer_note and decision_motivation. */
#define DK_MAIL_FREE_TEXT_MAX 4000

/* Checks the outcome variables a job's vars carry (each optional here; a
 * template that needs one and lacks it fails to render, naming it) and sets
 * into v, the copy being rendered:
 *   activation_id       a UUID: activation_url, {public url}/activate/{token}
 *                       (store/dk_token.h), is set from it;
 *   activation_days     an integer 1..365: activation_one_day is set (true
 *                       for 1, the template's singular);
 *   activation_expires  a string (the template's datetime filter reads it);
 *   missing             1 to 16 objects, each with the texts item and bring;
 *   interviewer_note, decision_motivation
 *                       texts of at most DK_MAIL_FREE_TEXT_MAX code points.
 * Refused too, as never meant for an applicant: a name that starts with
 * "fraud" or "reason" (the outcome's flag and internal reason codes).
 * Returns 0, or -1 with err naming the variable. */
int dk_mail_outcome_vars(const json_t *vars, json_t *v, char *err, size_t errlen);

/* The job variables each outcome template needs (the builders always set
 * them): activation: activation_id, activation_days, activation_expires,
 * slot_start; interview_missing_information: missing, slot_start;
 * interview_rejected: decision_motivation, slot_start; interview_no_show:
 * slot_start, slot_end. Returns 0 (also for any other template), or -1 with
 * err naming the first one absent. */
int dk_mail_outcome_required(const char *template_name, const json_t *vars, char *err,
                             size_t errlen);

#endif
