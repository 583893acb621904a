/* SPDX-License-Identifier: EUPL-1.2 */
/* key_call.c — the one way the intake reaches common/keys (key_call.h):
 * the API and the pages both come through here. */
#include "key_call.h"

#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "dk_source.h"

#include <string.h>

#define POOL_WAIT_MS 5000

int dk_keycall_rate_ok(dk_intake *in, struct MHD_Connection *c, int *wait)
{
    char addr[64];
    dk_web_client_addr(c, in->trust_proxy, addr);
    *wait = 0;
    if (dk_ratelimit_take(in->key_limiter, addr, wait))
        return 1;
    if (*wait < 1)
        *wait = 1;
    return 0;
}

static const char *const step_names[] = {
    "activation view", "activation choice", "activation confirmation", "activation e-mail code",
    "login",           "passkey options"};

int dk_keycall_run(dk_intake *in, struct MHD_Connection *c, const dk_keycall *k, dk_key_result *res)
{
    char addr[64], source[65] = "", err[512] = "";
    dk_web_client_addr(c, in->trust_proxy, addr);
    dk_source_key(in->code_key, addr, source);
    dk_key_ctx ctx = {source, dk_now_ms()};
    PGconn *pg = dk_pgpool_get(in->pool, POOL_WAIT_MS, err, sizeof err);
    if (!pg) {
        dk_log(DK_LOG_ERROR, "database_unavailable", "%s", err);
        return -1;
    }
    int rc = -1;
    switch (k->step) {
    case DK_KEYCALL_VIEW:
        rc = dk_key_activation_view(pg, k->token, &ctx, res, err, sizeof err);
        break;
    case DK_KEYCALL_CHOOSE:
        rc = dk_key_activation_choose(pg, k->choice, &ctx, res, err, sizeof err);
        break;
    case DK_KEYCALL_CONFIRM:
        rc = dk_key_activation_confirm(pg, k->confirmation, &ctx, res, err, sizeof err);
        break;
    case DK_KEYCALL_EMAIL_CODE:
        rc = dk_key_activation_email_code(pg, k->token, &ctx, res, err, sizeof err);
        break;
    case DK_KEYCALL_LOGIN:
        rc = dk_key_login(pg, k->login, &ctx, res, err, sizeof err);
        break;
    case DK_KEYCALL_PASSKEY_OPTIONS:
        rc = dk_key_passkey_options(pg, k->identifier, &ctx, res, err, sizeof err);
        break;
    }
    dk_pgpool_put(in->pool, pg);
    if (rc != 0) {
        dk_log(DK_LOG_ERROR, "key_step_failed", "%s: %s",
               (unsigned)k->step < sizeof step_names / sizeof *step_names ? step_names[k->step]
                                                                          : "?",
               err);
        return -1;
    }
    /* What the step queued (the mails, key.activated) goes out now. */
    if (k->step != DK_KEYCALL_VIEW && k->step != DK_KEYCALL_PASSKEY_OPTIONS)
        dk_relay_kick(in->relay);
    return 0;
}
