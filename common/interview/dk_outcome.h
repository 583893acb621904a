/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_outcome.h — the rules of an interview's outcome, as pure functions:
 * which outcome kinds, reason codes and missing-information items exist,
 * which combinations are valid (each invalid one has its own refusal code,
 * which the console turns into a 422 naming it), which checks an approval
 * needs, and which application status each outcome leads to. The database
 * (schemas/sql/006_interview.sql) enforces the same transitions. Names are
 * catalogue keys: outcome.<kind>, outcome.reason.<code>,
 * outcome.missing.<item>. */
#ifndef DK_OUTCOME_H
#define DK_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

#define DK_OUTCOME_MOTIVATION_MAX 2000 /* characters */
#define DK_OUTCOME_TEXT_MAX 1000       /* missing-information text, correction reason */
#define DK_OUTCOME_MAX_ITEMS 16        /* reasons, or missing items, per outcome */

/* "approved", "missing_information", "rejected", "no_show"; i < 4. */
#define DK_OUTCOME_KINDS 4
const char *dk_outcome_kind(size_t i);
int dk_outcome_kind_known(const char *kind);

/* Reason codes (i-th, NULL past the end): document_expired,
 * document_not_primary, person_mismatch, document_forged_suspected,
 * document_reported_stolen, document_cancelled, data_mismatch,
 * session_code_failed, applicant_absent, other. */
const char *dk_outcome_reason(size_t i);
int dk_outcome_reason_known(const char *code);

/* Missing-information items: booking/dk_missing_items.h (dk_missing_item_codes,
 * the same codes the outcome mail words; "other" needs the free text); the
 * console's short label of each is the catalogue's outcome.missing.<code>. */

/* The seed's checks, i < DK_OUTCOME_CHECKS: primary_document,
 * document_valid, not_forged, not_stolen, person_matches, data_matches.
 * Each is recorded "yes" or "no" (document_valid: computed from the
 * expiry date entered and the interview's date). */
#define DK_OUTCOME_CHECKS 6
const char *dk_outcome_check(size_t i);
int dk_outcome_check_known(const char *key);

/* What was recorded during the interview, as the outcome rules see it. */
typedef struct {
    int check[DK_OUTCOME_CHECKS]; /* per dk_outcome_check(i): -1 not recorded, 0 no, 1 yes */
    int features_drawn;           /* features drawn for the document shown */
    int features_seen;            /* of those, recorded as seen */
    int features_not_seen;        /* of those, recorded as not seen */
    int session_code_verified;    /* the applicant read the session code back */
} dk_outcome_checks;

/* Fills c with "nothing recorded". */
void dk_outcome_checks_none(dk_outcome_checks *c);

/* An outcome as the interviewer gave it. Strings are NUL-terminated UTF-8;
 * NULL or "" = not given. */
typedef struct {
    const char *outcome;
    const char *const *reasons;
    size_t nreasons;
    const char *const *missing_items;
    size_t nmissing;
    const char *missing_text;
    const char *motivation;
    int fraud_suspected;
    const char *correction_reason; /* set when this outcome corrects an earlier one */
} dk_outcome_input;

/* Why the outcome cannot be recorded, as a stable code, or NULL when it can.
 * checks: what was recorded (NULL = nothing, which refuses an approval).
 * now and interview_start are instants in ms:
 *   outcome_unknown              not one of the four kinds
 *   too_early                    before the interview's start time
 *   reason_unknown               a reason that is not a reason code
 *   reason_duplicate             the same reason twice
 *   too_many_items               more than DK_OUTCOME_MAX_ITEMS reasons or items
 *   reasons_not_allowed          reasons with approved or missing_information
 *   missing_items_not_allowed    items with another outcome than missing_information
 *   missing_items_required       missing_information without an item
 *   missing_item_unknown         an item that is not an item code
 *   missing_item_duplicate       the same item twice
 *   missing_text_required        the item "other" without its free text
 *   missing_text_not_allowed     free text with another outcome than missing_information
 *   motivation_required          rejected without a motivation (blank counts as none)
 *   reason_required              rejected without a reason
 *   absent_is_no_show            rejected for applicant_absent (that is a no-show)
 *   no_show_reason_invalid       a no-show with a reason other than applicant_absent
 *   fraud_requires_rejection     the fraud flag with another outcome than rejected
 *   text_invalid                 a text that is not valid UTF-8 or holds a control character
 *   text_too_long                motivation, free text or correction reason too long
 *   correction_reason_required   a correction without its reason (blank counts as none)
 *   check_missing                approved while a seed check is not recorded
 *   check_failed                 approved while a seed check is "no"
 *   features_not_checked         approved while a drawn feature is not recorded
 *   feature_not_seen             approved while a drawn feature was not seen
 *   session_code_unverified      approved without the session code read back */
const char *dk_outcome_refusal(const dk_outcome_input *in, const dk_outcome_checks *checks,
                               int64_t now_ms, int64_t interview_start_ms);

/* Every refusal code dk_outcome_refusal can return (i-th, NULL past the
 * end), for tests and for the console's messages. */
const char *dk_outcome_refusal_code(size_t i);

/* The application status an outcome leads to: approved →
 * "awaiting_activation", the others their own name. NULL when unknown. */
const char *dk_outcome_status(const char *outcome);

/* 1 when an application may go from status from to status to by the
 * interview's rules (the same table as the database trigger
 * dk_interview_transition): into an outcome status only from "reserved" or
 * from another outcome status (a correction); out of one only into another
 * (a correction), or from missing_information and no_show into
 * "rescheduling" or "cancelled"; into "activated" (the key exists, issue
 * 12) only from "awaiting_activation", and out of it never. Pairs that
 * involve none of these statuses are not the interview's to judge: 1. */
int dk_outcome_transition_allowed(const char *from, const char *to);

/* 1 when status is one of the four an outcome leads to. */
int dk_outcome_is_outcome_status(const char *status);

#endif
