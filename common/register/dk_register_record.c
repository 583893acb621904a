/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_register_record.c — keeps every register check in register_checks
 * (schemas/sql/011_register.sql), so that the dossier can show what the
 * register said and when, and an unavailable register stays visible as
 * such; and the one call the document pipeline makes: check and record. */
#include "register/dk_register.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_register_record(PGconn *pg, const char *application_id, const dk_register_query *q,
                       const dk_register_result *r, char *id, char *err, size_t errlen)
{
    char row_id[37], hash[65], now[32], http[16], attempts[16], ms[24];
    if (dk_uuid_v4(row_id) != 0) {
        dk_errf(err, errlen, "no random bytes for the check's id");
        return -1;
    }
    dk_register_number_hash(q, hash);
    dk_iso8601_utc(dk_now_ms(), now);
    snprintf(http, sizeof http, "%ld", r->http_status);
    snprintf(attempts, sizeof attempts, "%d", r->attempts);
    snprintf(ms, sizeof ms, "%ld", r->ms);
    /* What the register said, but the number it may repeat (the one asked:
     * dk_register_parse_answer checked it): the record keeps no number. */
    json_t *copy = r->said ? json_deep_copy(r->said) : NULL;
    if (copy)
        json_object_del(copy, "document_number");
    char *said = copy ? json_dumps(copy, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(copy);
    if (r->said && !said) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    int unavailable = r->status == DK_REGISTER_UNAVAILABLE;
    const char *p[] = {row_id,
                       application_id && *application_id ? application_id : NULL,
                       q->document_type,
                       q->issuing_state,
                       hash,
                       dk_register_status_name(r->status),
                       r->reason[0] ? r->reason : NULL,
                       r->since[0] ? r->since : NULL,
                       r->authority[0] ? r->authority : NULL,
                       said,
                       r->http_status ? http : NULL,
                       attempts,
                       unavailable && r->detail[0] ? r->detail : NULL,
                       now,
                       ms};
    PGresult *res = dk_pg_query(
        pg,
        "INSERT INTO register_checks (id, application_id, document_type, issuing_state,"
        " document_number_hash, status, reason, since, authority, register_said, http_status,"
        " attempts, detail, checked_at, ms) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7,"
        " $8::date, $9, $10::jsonb, $11::int, $12::int, $13, $14::timestamptz, $15::int)",
        15, p, err, errlen);
    free(said);
    if (!res)
        return -1;
    PQclear(res);
    if (id)
        memcpy(id, row_id, sizeof row_id);
    return 0;
}

int dk_register_check_and_record(PGconn *pg, const char *application_id, const char *type,
                                 const char *number, const char *state, dk_register_result *out,
                                 char *err, size_t errlen)
{
    dk_register_result_clear(out);
    dk_register_query q;
    if (dk_register_query_make(&q, type, number, state, err, errlen) != 0)
        return 1;
    dk_register_config c;
    dk_register_config_load(&c);
    dk_register_check(&c, &q, out);
    return dk_register_record(pg, application_id, &q, out, NULL, err, errlen) == 0 ? 0 : -1;
}

json_t *dk_register_result_json(const dk_register_result *r)
{
    int unavailable = r->status == DK_REGISTER_UNAVAILABLE;
    return json_pack("{s:s, s:s?, s:s?, s:s?, s:O?, s:I, s:i, s:I, s:s?}", "status",
                     dk_register_status_name(r->status), "reason", r->reason[0] ? r->reason : NULL,
                     "since", r->since[0] ? r->since : NULL, "authority",
                     r->authority[0] ? r->authority : NULL, "register_said", r->said, "http_status",
                     (json_int_t)r->http_status, "attempts", r->attempts, "ms", (json_int_t)r->ms,
                     "detail", unavailable && r->detail[0] ? r->detail : NULL);
}
