/* csrf.c — protection of the HTML form against cross-site request forgery:
 * a signed double-submit token. The page carries it in a hidden field and in
 * an HttpOnly, SameSite=Strict cookie; a submission must bring both, equal,
 * with a valid signature under DK_CSRF_KEY. */
#include "dk_crypto.h"
#include "dk_csrf.h"

#include <stdio.h>
#include <string.h>

/* token = 32 hex (random) "." 64 hex (HMAC of the random part) */
void dk_csrf_issue(const char *key, char out[128])
{
    char hex[33], mac[65];
    if (dk_random_hex(hex, 16) != 0)
        dk_hex((const unsigned char[16]){0}, 16, hex); /* fails closed: dk_csrf_valid rejects it */
    dk_keyed_hash_hex(key, hex, mac);
    snprintf(out, 128, "%s.%s", hex, mac);
}

int dk_csrf_valid(const char *key, const char *cookie, const char *field)
{
    if (!cookie || !field || strlen(cookie) != 97 || strlen(field) != 97 || cookie[32] != '.')
        return 0;
    if (!dk_ct_equal(cookie, field, 97))
        return 0;
    char hex[33], mac[65];
    memcpy(hex, cookie, 32);
    hex[32] = '\0';
    if (strspn(hex, "0") == 32)
        return 0;
    dk_keyed_hash_hex(key, hex, mac);
    return dk_ct_equal(mac, cookie + 33, 64);
}
