/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_register.h — asks a register of stolen, lost and cancelled identity
 * documents (Belgium's Checkdoc answers this for Belgian documents) whether
 * a document was reported, and records what it answered. The interviewer
 * must not be fooled by a register that did not answer: only a well-formed
 * 200 answer saying "clear" is clear; a reported document is reported with
 * what the register said; everything else (no URL, a refused URL, a
 * connection or TLS failure, a timeout, another HTTP status, an answer too
 * large, not JSON, of the wrong shape or with an unknown status) is
 * unavailable, with the reason.
 *
 * The contract (README "The document register"):
 *   POST {DK_REGISTER_URL}/v1/documents/check
 *     Content-Type: application/json   [Authorization: Bearer DK_REGISTER_TOKEN]
 *     {"document_type":"I", "document_number":"B12345678", "issuing_state":"BEL"}
 *   200 {"status":"clear"}
 *   200 {"status":"reported", "reason":"stolen|lost|cancelled|invalidated",
 *        "since":"YYYY-MM-DD", "authority":"..."}
 * The number travels in the body, never in the URL (access logs, proxies).
 *
 * Transport: libcurl, DK_REGISTER_TIMEOUT_MS per attempt, DK_REGISTER_RETRIES
 * more attempts after a failure that may pass (no connection, a timeout,
 * 408, 429, 5xx) with a doubling wait from DK_REGISTER_BACKOFF_MS; https with
 * the peer and host verified (system CA bundle or DK_REGISTER_CA_FILE); plain
 * http only to this machine unless DK_REGISTER_ALLOW_HTTP=1, and the bearer
 * token never over plain http to another machine. The token is a secret:
 * no log line or error message carries it.
 *
 * Thread-safety: every function may run on several threads at once. */
#ifndef DK_REGISTER_H
#define DK_REGISTER_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>

/* ---- what is asked ------------------------------------------------------ */

#define DK_REGISTER_NUMBER_MAX 31 /* a TD1 long number joined with its rest fits */

typedef struct {
    char document_type[3];                            /* "P", "I", "ID", "IR", … (MRZ code) */
    char document_number[DK_REGISTER_NUMBER_MAX + 1]; /* A-Z 0-9, fillers removed */
    char issuing_state[4]; /* the MRZ code, fillers removed: "BEL", "D" (Germany), "UTO" */
} dk_register_query;

/* Fills q from the document's type, number and issuing state as an MRZ
 * writes them (upper case; trailing '<' fillers and spaces are dropped):
 * type 1-2 letters, number 1-31 letters and digits, state 1-3 letters.
 * Returns 0, or -1 with the field at fault in err. */
int dk_register_query_make(dk_register_query *q, const char *type, const char *number,
                           const char *state, char *err, size_t errlen);

/* The keyed hash under which register_checks keeps the number (the issuing
 * state and the number, HMAC-SHA256 under a key derived from
 * DK_DOCUMENT_KEY): 64 hex digits. */
void dk_register_number_hash(const dk_register_query *q, char out[65]);

/* ---- the answer ---------------------------------------------------------- */

/* Zero is unavailable: a result nobody filled in is never clear. */
typedef enum {
    DK_REGISTER_UNAVAILABLE = 0,
    DK_REGISTER_CLEAR,
    DK_REGISTER_REPORTED,
} dk_register_status;

/* The largest answer body read; a longer one is cut and unavailable. */
#define DK_REGISTER_ANSWER_MAX 8192

typedef struct {
    dk_register_status status;
    /* reported: stolen, lost, cancelled, invalidated, or unspecified (the
     * register said reported with no reason we know: still reported);
     * unavailable: not_configured, url_refused, connect, timeout, tls,
     * http_status, too_large, not_json, bad_answer, transport. "" when clear. */
    char reason[24];
    char detail[256];    /* unavailable: what went wrong, for operators (never the token) */
    char since[11];      /* reported: "YYYY-MM-DD" when the register said so, else "" */
    char authority[129]; /* reported: who reported it, when the register said so */
    json_t *said;        /* the register's answer object (≤ DK_REGISTER_ANSWER_MAX), or NULL */
    long http_status;    /* of the last attempt; 0 when none came */
    int attempts;        /* HTTP requests made (0: refused before any) */
    long ms;             /* wall time of the whole check, retries included */
} dk_register_result;

/* "clear", "reported", "unavailable". */
const char *dk_register_status_name(dk_register_status s);

/* Frees what r holds (said) and zeroes it: unavailable again. */
void dk_register_result_clear(dk_register_result *r);

/* Judges one answer: the HTTP status, the Content-Type header (NULL when
 * none), the body (any bytes, len of them) and the query it answers. Only
 * 200 with application/json and a JSON object (no duplicate keys, nothing
 * after it, at most DK_REGISTER_ANSWER_MAX bytes) whose "status" is the
 * string "clear" or "reported" is an answer; a "clear" answer must carry no
 * reason, and an answer naming a document_number or issuing_state must name
 * the one asked. Fills status, reason, detail, since, authority, said and
 * http_status of out (after dk_register_result_clear); attempts and ms are
 * the caller's. Never clear otherwise. */
void dk_register_parse_answer(long http_status, const char *content_type, const char *body,
                              size_t len, const dk_register_query *q, dk_register_result *out);

/* ---- where it is asked --------------------------------------------------- */

typedef struct {
    const char *url;     /* base URL; "" = no register configured */
    const char *token;   /* bearer token; "" = none */
    const char *ca_file; /* CA bundle for https; "" = the system's */
    long timeout_ms;     /* one attempt, connection included */
    int retries;         /* further attempts after one that may pass */
    long backoff_ms;     /* wait before the first retry; doubles */
    int allow_http;      /* plain http to another machine allowed */
} dk_register_config;

/* The settings DK_REGISTER_URL, DK_REGISTER_TOKEN, DK_REGISTER_CA_FILE,
 * DK_REGISTER_TIMEOUT_MS, DK_REGISTER_RETRIES, DK_REGISTER_BACKOFF_MS,
 * DK_REGISTER_ALLOW_HTTP (the strings stay valid for the process's life). */
void dk_register_config_load(dk_register_config *c);

/* The URL and TLS policy: base must be an absolute http or https URL of at
 * most 1024 bytes without user, query or fragment; http only when its host
 * is this machine (localhost, 127.0.0.0/8, ::1) or allow_http, and never
 * with a token to another machine. Fills endpoint (base + "/v1/documents/
 * check") and *https. Returns 0, or -1 with why in err. */
int dk_register_endpoint(const char *base, int allow_http, int has_token, char *endpoint,
                         size_t endpoint_len, int *https, char *err, size_t errlen);

/* Asks the register of c about q and fills out (dk_register_result_clear
 * first): never fails, the failures are an unavailable result. */
void dk_register_check(const dk_register_config *c, const dk_register_query *q,
                       dk_register_result *out);

/* ---- the record ---------------------------------------------------------- */

/* Inserts r into register_checks (the number as dk_register_number_hash,
 * what the register said as jsonb) for application_id (NULL: none), at the
 * clock's now. Fills id (37 bytes) when not NULL. Returns 0, or -1 with err. */
int dk_register_record(PGconn *pg, const char *application_id, const dk_register_query *q,
                       const dk_register_result *r, char *id, char *err, size_t errlen);

/* What the document pipeline calls: validates (type, number, state), asks
 * the register configured by the DK_REGISTER_* settings, records the
 * result and fills *out. Returns 0 when recorded; 1 when the query is not
 * one (err says which field; nothing asked or recorded); -1 when recording
 * failed (err; *out still holds the answer). */
int dk_register_check_and_record(PGconn *pg, const char *application_id, const char *type,
                                 const char *number, const char *state, dk_register_result *out,
                                 char *err, size_t errlen);

/* The result as JSON for operators and, later, the dossier: status, reason
 * (null when clear), since, authority, register_said, http_status,
 * attempts, ms, detail (unavailable only). NULL when memory ran out. */
json_t *dk_register_result_json(const dk_register_result *r);

#endif
