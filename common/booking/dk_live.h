/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_live.h — one live application per e-mail address. An application is
 * live until it is cancelled, expired, a duplicate, or its interview ended
 * in a rejection, missing information or a no-show (the last two are told
 * to request anew), or its key was activated (a lost key: a new request, whose
 * activation revokes the old key), or no proposal came within 3 working days
 * ('not_served': told to request again). A second request for
 * the address of a live one is refused by the intake (409) or, when two
 * requests raced past that check, recorded as 'duplicate' by the recorder;
 * either way the address receives the "application_exists" mail about the
 * live one — its self-service link when it has a live appointment, else
 * that its proposal will follow — and nothing about it is shown to whoever
 * typed the address. PostgreSQL has the last word: a unique index on
 * lower(email) over live applications (schemas/sql/012_deadlines.sql). */
#ifndef DK_LIVE_H
#define DK_LIVE_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* The predicate of a live application (alias a), exactly as the unique
 * index says it, so the index serves every lookup. */
#define DK_LIVE_WHERE                                                                              \
    "a.status NOT IN ('cancelled', 'expired', 'duplicate', 'rejected', 'missing_information',"     \
    " 'no_show', 'activated', 'not_served')"

/* The columns dk_live_read takes, in order, from applications a. */
#define DK_LIVE_COLUMNS                                                                            \
    "a.id, a.language, a.email, a.first_names, a.last_name,"                                       \
    " coalesce((SELECT p.id::text FROM appointments p WHERE p.application_id = a.id"               \
    "  AND p.status IN ('held', 'reserved')), '')"
#define DK_LIVE_NCOLUMNS 6

typedef struct {
    char id[37];
    char language[4];
    char appointment_id[37]; /* "" while none is live (submitted, waiting, rescheduling) */
    json_t *row;             /* {email, first_names, last_name} */
} dk_live_app;

/* Fills out from the DK_LIVE_COLUMNS of row starting at column col. */
void dk_live_read(const PGresult *r, int row, int col, dk_live_app *out);

void dk_live_free(dk_live_app *a);

/* The live application of the address (in lower case; e-mail addresses are
 * ASCII). Returns 1 (out filled), 0 (none) or -1 with err. */
int dk_live_find(PGconn *pg, const char *email, dk_live_app *out, char *err, size_t errlen);

/* The "application_exists" mail job to the live application's own address,
 * in its language; its dedupe key allows one a day (Brussels) per
 * application, however often the address is typed again. As an outbox row
 * or as the envelope text (malloc'd). The mail carries the address owner's
 * end link (below): end_link_id receives its id, whose row the caller
 * writes (dk_live_end_link_row) with the job. */
json_t *dk_live_exists_mail_row(const dk_live_app *a, int64_t now_ms, char end_link_id[37]);
char *dk_live_exists_mail_text(const dk_live_app *a, int64_t now_ms, char end_link_id[37]);

/* ---- the end link (schemas/sql/015_end_links.sql) ----
 * Whoever reads the mails of an address can end the request in progress
 * for it: someone who requested first with that address (and so holds it,
 * one live request per address) and who alone saw its security code, or
 * the applicant who lost the code. The "application_exists" and
 * "request_received" mails carry vars.end_link_id; the mailer turns it into
 * {public url}/end/{token} (store/dk_token.h: dk_token_end_url). Single
 * use, valid DK_LIVE_END_LINK_HOURS; a new request for the address while
 * one is live brings a fresh one (the next day's "application_exists"). */
#define DK_LIVE_END_LINK_HOURS 72

/* The link's id for a mail's dedupe key (a name-based UUID): a replayed
 * cause names the same link, so it is written once. */
void dk_live_end_link_id(const char *dedupe_key, char out[37]);

/* The row of an end link of application_id issued at now_ms:
 * {id, application_id, token_hash, created_at, expires_at}. NULL when out
 * of memory. */
json_t *dk_live_end_link_row(const char *end_link_id, const char *application_id, int64_t now_ms);

/* Writes the rows (an array of dk_live_end_link_row) in one statement, in
 * the caller's transaction; a link already written (same id) is left as it
 * was. Returns 0, or -1 with err. */
int dk_live_end_links_add(PGconn *pg, const json_t *rows, char *err, size_t errlen);

#endif
