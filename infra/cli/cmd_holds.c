/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_holds.c — `dk holds expire`: frees every hold that has run out now,
 * the same work the scheduler's sweep does every DK_SCHEDULER_SWEEP_MS; for
 * operators who do not want to wait, and for tests that move DK_NOW. */
#include "booking/dk_booking.h"
#include "core/dk_clock.h"
#include "dk.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <string.h>

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
    long total = 0, n;
    do {
        n = -1;
        if (dk_pg_exec(pg, "BEGIN", err, sizeof err) == 0 &&
            (n = dk_booking_expire_holds(pg, dk_now_ms(), 500, err, sizeof err)) >= 0 &&
            dk_pg_exec(pg, "COMMIT", err, sizeof err) == 0) {
            total += n;
        } else {
            dk_pg_rollback(pg);
            n = -1;
        }
    } while (n == 500);
    PQfinish(pg);
    if (n < 0) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    printf("%ld hold%s expired\n", total, total == 1 ? "" : "s");
    return 0;
}
