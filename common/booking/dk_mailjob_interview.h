/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mailjob_interview.h — the e-mails an applicant receives after the
 * video interview (issue 10), as outbox rows of mail.requested jobs
 * (dk_mailjob.h) for the transaction that records the interview's outcome:
 *   activation                     approved: the activation link, never the
 *                                  activation code (read aloud by the
 *                                  interviewer), how long the link is valid;
 *   interview_missing_information  what is missing and what to bring, the
 *                                  interviewer's note, the way to a new
 *                                  request;
 *   interview_rejected             the decision with the civil servant's
 *                                  motivation and where to turn; no reason
 *                                  code and no fraud flag ever reach it;
 *   interview_no_show              the applicant was absent, the slot is
 *                                  closed, they may request anew.
 * Each builder checks what it is given and refuses, with a message, rather
 * than queue a mail the mailer would fail on. The recipient, the names and
 * the free texts travel sealed (store/dk_personal.h). None of these mails
 * carries a calendar entry: the interview took place (or its time passed),
 * so the entry already in the applicant's calendar stays true. */
#ifndef DK_MAILJOB_INTERVIEW_H
#define DK_MAILJOB_INTERVIEW_H

#include <jansson.h>
#include <stddef.h>

/* The most code points of a free text (a note, a motivation). */
#define DK_MAILJOB_FREE_TEXT_MAX 4000

/* The interview an outcome is about; every field is required. */
typedef struct {
    const char *application_id; /* UUID */
    const char *outcome_id;     /* UUID of the outcome record: one mail each */
    const char *language;       /* the applicant's: nl, fr, en */
    const char *email;          /* the recipient */
    const char *first_names, *last_name;
    const char *slot_start, *slot_end; /* ISO-8601 instants */
} dk_mailjob_outcome;

/* "activation": the link {DK_PUBLIC_URL}/activate/{token} is made by the
 * mailer from activation_id (store/dk_token.h: dk_token_activation), so the
 * token is in no message; valid_days (1..365) and expires_at (an ISO-8601
 * instant) say how long it works. One mail per activation id. */
json_t *dk_mailjob_activation_row(const dk_mailjob_outcome *o, const char *activation_id,
                                  int valid_days, const char *expires_at, char *err, size_t errlen);

/* "interview_missing_information": item_codes is a non-empty JSON array of
 * dk_missing_item_codes (booking/dk_missing_items.h), written out in the
 * applicant's language; note (may be NULL or "") is the interviewer's own
 * text. */
json_t *dk_mailjob_missing_information_row(const dk_mailjob_outcome *o, const json_t *item_codes,
                                           const char *note, char *err, size_t errlen);

/* "interview_rejected": motivation is the civil servant's text (required). */
json_t *dk_mailjob_rejected_row(const dk_mailjob_outcome *o, const char *motivation, char *err,
                                size_t errlen);

/* "interview_no_show". */
json_t *dk_mailjob_no_show_row(const dk_mailjob_outcome *o, char *err, size_t errlen);

#endif
