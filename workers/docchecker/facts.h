/* SPDX-License-Identifier: EUPL-1.2 */
/* facts.h — what one judged image says besides its quality: the MRZ the
 * validator read off it (parsed again here, so the facts stored are the
 * parser's, not the sandboxed process's), the register's answer about its
 * number (asked before the transaction), and, in the transaction, the
 * comparison with the request and the interview's day, stored in
 * document_facts (schemas/sql/013_document_facts.sql). */
#ifndef DK_FACTS_H
#define DK_FACTS_H

#include "core/dk_calendar.h"
#include "mrz/dk_mrz.h"
#include "register/dk_register.h"

#include <jansson.h>
#include <libpq-fe.h>

/* One image as the prepare step leaves it for the transaction. */
typedef struct {
    json_t *verdict;         /* the validator's answer, without its "mrz" */
    int read;                /* the image was accepted and its MRZ read (found or not) */
    dk_mrz mrz;              /* the parse of the lines read */
    json_t *mrz_json;        /* what is stored: dk_mrz_json() and how it was read */
    long read_ms;            /* the validator's time for the read */
    int asked;               /* the register was asked (reg holds its answer) */
    dk_register_query query; /* what it was asked */
    dk_register_result reg;  /* its answer (unavailable when it gave none) */
    const char *not_checked; /* when not asked: no_mrz, number_unreadable, not_a_query */
} dk_facts;

/* Takes the validator's answer (the reference is the facts' from now on)
 * and, when it carries an MRZ read, parses its lines with today for the
 * centuries. Returns a new dk_facts, or NULL when memory ran out. */
dk_facts *dk_facts_new(json_t *verdict, dk_date today);

/* Asks the register of c about the number when the MRZ vouches for it. */
void dk_facts_ask_register(dk_facts *f, const dk_register_config *c);

/* What the request says, for the comparison (NULL fields: not asked). */
typedef struct {
    const char *surname, *given_names, *birth_date, *sex;
    const char *on_date; /* "YYYY-MM-DD": the day the document must still be valid on */
} dk_facts_request;

/* The comparison and the expiry decision: *refuse set when the upload is
 * to be refused as expired (dk_mrz_refuses_expired). */
void dk_facts_compare(const dk_facts *f, const dk_facts_request *req, dk_mrz_comparison *cmp,
                      int *refuse);

/* In the transaction: records the register's answer (register_checks) and
 * the facts row of document doc_id. Returns 0, or -1 with err. */
int dk_facts_store(PGconn *pg, const char *doc_id, const char *app_id, const dk_facts *f,
                   const dk_mrz_comparison *cmp, const char *on_date, int refused, char *err,
                   size_t errlen);

/* The register's status as stored: clear, reported, unavailable or
 * not_checked. */
const char *dk_facts_register_status(const dk_facts *f);

void dk_facts_free(void *facts);

#endif
