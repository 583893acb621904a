/* SPDX-License-Identifier: EUPL-1.2 */
/* end_link.h — the address owner's end link (/end/{token} and
 * /api/v1/end-links/{token}; booking/dk_live.h says why it exists): whoever
 * reads the mails of an address ends the request in progress for it, and
 * can then make their own. The link alone is the proof (it only ever went
 * to that mailbox); single use, valid DK_LIVE_END_LINK_HOURS. The page and
 * the API are two faces of dk_end_link_run. */
#ifndef DK_INTAKE_END_LINK_H
#define DK_INTAKE_END_LINK_H

#include "intake.h"

typedef struct {
    /* 200 (a look: the request can be ended), 202 (ended), 404 (no such
     * link: malformed, tampered, invented), 409 (the request cannot be
     * ended now: its interview has begun or taken place), 410 (the link
     * was used or has run out, or the request has already ended), 503. */
    int status;
    char language[4]; /* the request's nl/fr/en, "" when not found */
} dk_end_outcome;

/* Looks (act 0: changes nothing, ends nothing) or ends the request of the
 * link token (act 1): in one transaction under the application's row lock,
 * the request 'cancelled' — with a live appointment exactly as the
 * self-service link's cancel does it (dk_proposal_cancel_tx: slot freed,
 * timers cancelled, slot_released mail and appointment.changed queued),
 * without one its promise timers cancelled — the link used, and an audit
 * row (actor applicant, action application.ended_by_address_owner, from
 * client_addr). */
void dk_end_link_run(dk_intake *in, const char *token, int act, const char *client_addr,
                     dk_end_outcome *o);

#endif
