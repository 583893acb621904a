/* session.c — the short session of the self-service page: once the
 * security code was right, a cookie "<expiry ms>.<HMAC>" lets the applicant
 * act for DK_SESSION_MINUTES without typing it again. The HMAC under
 * DK_CSRF_KEY binds the appointment id and the expiry, so the cookie opens
 * no other link and cannot be prolonged. */
#include "dk_crypto.h"
#include "proposal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mac_of(const char *key, const char *appointment_id, const char *expiry, char out[65])
{
    char msg[128];
    snprintf(msg, sizeof msg, "proposal-session:%s:%s", appointment_id, expiry);
    dk_keyed_hash_hex(key, msg, out);
}

void dk_session_issue(const char *key, const char *appointment_id, int64_t expires_ms, char out[96])
{
    char expiry[24], mac[65];
    snprintf(expiry, sizeof expiry, "%lld", (long long)expires_ms);
    mac_of(key, appointment_id, expiry, mac);
    snprintf(out, 96, "%s.%s", expiry, mac);
}

int dk_session_valid(const char *key, const char *appointment_id, const char *value, int64_t now)
{
    if (!value)
        return 0;
    const char *dot = strchr(value, '.');
    if (!dot || dot == value || dot - value > 20 || strlen(dot + 1) != 64)
        return 0;
    char expiry[24], mac[65];
    memcpy(expiry, value, (size_t)(dot - value));
    expiry[dot - value] = '\0';
    if (strspn(expiry, "0123456789") != strlen(expiry))
        return 0;
    mac_of(key, appointment_id, expiry, mac);
    if (!dk_ct_equal(mac, dot + 1, 64))
        return 0;
    return strtoll(expiry, NULL, 10) > now;
}
