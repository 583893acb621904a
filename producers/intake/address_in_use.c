/* SPDX-License-Identifier: EUPL-1.2 */
/* address_in_use.c — one live application per e-mail address, checked by the
 * intake before it produces (common/booking/dk_live.h): a request for an address
 * that already has a live application is refused (409, the same words
 * whoever typed it) and the "application_exists" mail about the live one —
 * its link, or that its proposal follows — goes to the address, never into
 * the HTTP answer. When PostgreSQL cannot tell, the request goes on: the
 * recorder applies the same rule with the database's unique index. */
#include "booking/dk_live.h"
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "intake.h"
#include "store/dk_outbox.h"

#include <stdio.h>
#include <string.h>

/* How long a submission waits for a pool connection before it goes on
 * unchecked. */
#define POOL_WAIT_MS 2000

int dk_intake_address_in_use(dk_intake *in, const char *email)
{
    char addr[256], err[512];
    size_t n = strlen(email);
    while (n > 0 && strchr(" \t\r\n", email[n - 1]))
        n--;
    while (n > 0 && strchr(" \t\r\n", *email))
        email++, n--;
    if (n == 0 || n >= sizeof addr)
        return 0; /* not an address the validator accepts */
    memcpy(addr, email, n);
    addr[n] = '\0';
    PGconn *pg = dk_pgpool_get(in->pool, POOL_WAIT_MS, err, sizeof err);
    if (!pg) {
        dk_log(DK_LOG_WARN, "address_check_skipped", "%s", err);
        return 0;
    }
    /* One statement in the common case (no transaction: a read, then the
     * end link and the mail, each atomic on its own; a link without its
     * mail is harmless, nobody has its token). */
    dk_live_app live = {0};
    int found = dk_live_find(pg, addr, &live, err, sizeof err);
    if (found == 1) {
        int64_t now = dk_now_ms();
        char end_link[37];
        json_t *rows = json_array(), *links = json_array();
        json_array_append_new(rows, dk_live_exists_mail_row(&live, now, end_link));
        json_array_append_new(links, dk_live_end_link_row(end_link, live.id, now));
        if (json_array_size(rows) != 1 || json_array_size(links) != 1 ||
            dk_live_end_links_add(pg, links, err, sizeof err) != 0 ||
            dk_outbox_add_rows(pg, rows, err, sizeof err) != 0)
            /* The refusal stands (the address is in use); only its mail is lost. */
            dk_log(DK_LOG_ERROR, "application_exists_mail_not_queued", "%s", err);
        else
            dk_relay_kick(in->relay);
        json_decref(rows);
        json_decref(links);
        dk_logj(DK_LOG_INFO, "application_exists",
                json_pack("{s:s}", "live_application_id", live.id));
    } else if (found < 0) {
        dk_log(DK_LOG_WARN, "address_check_skipped", "%s", err);
    }
    dk_live_free(&live);
    dk_pgpool_put(in->pool, pg);
    return found == 1;
}
