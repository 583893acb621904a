/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_holds.c — `dk holds expire`: fires every proposal_expiry timer due now
 * (the holds that ran out: slot freed, applicant mailed), the work dk-timers
 * does on its own; for operators who do not want to wait, and for tests
 * that move DK_NOW. The same claim as dk-timers (SKIP LOCKED): a running
 * dk-timers and this command never fire one timer twice. */
#include "booking/dk_booking_timers.h"
#include "core/dk_clock.h"
#include "dk.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One batch in one transaction: how many holds expired, or -1 with err;
 * *claimed says how many timers were due. */
static long expire_batch(PGconn *pg, int64_t now, long *claimed, char *err, size_t errlen)
{
    dk_timer *t = NULL;
    long expired = -1;
    *claimed = 0;
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    long n = dk_timer_claim(pg, now, 500, DK_TIMER_PROPOSAL_EXPIRY, &t, err, errlen);
    if (n >= 0 && dk_booking_fire_timers(pg, t, (size_t)n, now, err, errlen) >= 0) {
        PGresult *r = NULL;
        char *ids = NULL;
        if (n > 0) { /* how many of them ended a hold (the others: obsolete, kept) */
            json_t *list = json_array();
            for (long i = 0; i < n; i++)
                json_array_append_new(list, json_string(t[i].id));
            ids = dk_json_text(list);
            json_decref(list);
            const char *p[] = {ids};
            r = ids ? dk_pg_query(pg,
                                  "SELECT count(*) FROM timers WHERE result = 'expired' AND id IN"
                                  " (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)",
                                  1, p, err, errlen)
                    : NULL;
        }
        if (n == 0 || r)
            expired = r ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
        PQclear(r);
        free(ids);
    }
    free(t);
    if (expired < 0 || dk_pg_exec(pg, "COMMIT", err, errlen) != 0) {
        dk_pg_rollback(pg);
        return -1;
    }
    *claimed = n;
    return expired;
}

int dk_cmd_holds(int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "expire") != 0) {
        fprintf(stderr, "usage: dk holds expire\n");
        return 2;
    }
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    long total = 0, n = 0, claimed = 0;
    int64_t now = dk_now_ms();
    for (int rounds = 0; rounds < 100000; rounds++) { /* 500 a round: 50 million holds at most */
        n = expire_batch(pg, now, &claimed, err, sizeof err);
        total += n > 0 ? n : 0;
        if (n < 0 || claimed < 500)
            break;
    }
    PQfinish(pg);
    if (n < 0) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    printf("%ld hold%s expired\n", total, total == 1 ? "" : "s");
    return 0;
}
