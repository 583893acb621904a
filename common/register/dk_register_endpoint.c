/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_register_endpoint.c — the URL and TLS policy of the register: which
 * base URLs may be asked at all. Plain http is refused towards any other
 * machine (unless DK_REGISTER_ALLOW_HTTP=1, for a register reached through
 * a TLS-terminating sidecar, say): the request carries a document number
 * and perhaps the bearer token, and on a network whoever sits on the path
 * could read them and, worse, forge the "clear" the check exists to give.
 * On this machine (the development register) there is no path to sit on.
 * The token never goes over plain http to another machine, setting or not. */
#include "register/dk_register.h"

#include "core/dk_err.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define URL_MAX 1024
#define CHECK_PATH "/v1/documents/check"

static int is_loopback(const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
        strcmp(host, "::1") == 0)
        return 1;
    if (strncmp(host, "127.", 4) != 0)
        return 0;
    /* 127.0.0.0/8 as a dotted quad, not a name that begins with "127." */
    int dots = 0;
    for (const char *p = host + 4; *p; p++) {
        if (*p == '.')
            dots++;
        else if (*p < '0' || *p > '9')
            return 0;
    }
    return dots == 2 && host[strlen(host) - 1] != '.';
}

/* Fills scheme and host from url with curl's own parser (the one that will
 * connect), refusing what a base URL must not carry. */
static int parts(const char *url, char *scheme, size_t sl, char *host, size_t hl, char *err,
                 size_t errlen)
{
    CURLU *u = curl_url();
    if (!u) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    int rc = -1;
    char *s = NULL, *h = NULL, *user = NULL, *query = NULL, *frag = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
        dk_errf(err, errlen, "DK_REGISTER_URL is not a URL");
    } else if (curl_url_get(u, CURLUPART_SCHEME, &s, 0) != CURLUE_OK ||
               curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK || !*h) {
        dk_errf(err, errlen, "DK_REGISTER_URL has no scheme or host");
    } else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
        dk_errf(err, errlen, "DK_REGISTER_URL carries a user name (use DK_REGISTER_TOKEN)");
    } else if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK ||
               curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0) == CURLUE_OK) {
        dk_errf(err, errlen, "DK_REGISTER_URL carries a query or a fragment");
    } else if (strlen(s) >= sl || strlen(h) >= hl) {
        dk_errf(err, errlen, "DK_REGISTER_URL's host is too long");
    } else {
        snprintf(scheme, sl, "%s", s);
        snprintf(host, hl, "%s", h);
        rc = 0;
    }
    curl_free(s);
    curl_free(h);
    curl_free(user);
    curl_free(query);
    curl_free(frag);
    curl_url_cleanup(u);
    return rc;
}

int dk_register_endpoint(const char *base, int allow_http, int has_token, char *endpoint,
                         size_t endpoint_len, int *https, char *err, size_t errlen)
{
    if (!base || !*base) {
        dk_errf(err, errlen, "no register configured (DK_REGISTER_URL is empty)");
        return -1;
    }
    size_t n = strlen(base);
    if (n > URL_MAX) {
        dk_errf(err, errlen, "DK_REGISTER_URL is longer than %d bytes", URL_MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)base[i];
        if (c <= 0x20 || c >= 0x7f) {
            dk_errf(err, errlen, "DK_REGISTER_URL holds a space, a control or a non-ASCII byte");
            return -1;
        }
    }
    /* Only the two schemes, spelled out before curl guesses one. */
    int is_https = strncasecmp(base, "https://", 8) == 0;
    if (!is_https && strncasecmp(base, "http://", 7) != 0) {
        dk_errf(err, errlen,
                "DK_REGISTER_URL must start with https:// (or http:// on this "
                "machine)");
        return -1;
    }
    char scheme[8], host[256];
    if (parts(base, scheme, sizeof scheme, host, sizeof host, err, errlen) != 0)
        return -1;
    if (!is_https) {
        int local = is_loopback(host);
        if (!local && !allow_http) {
            dk_errf(err, errlen,
                    "plain http to %s refused: a register on another machine is asked over "
                    "https (DK_REGISTER_ALLOW_HTTP=1 to allow it)",
                    host);
            return -1;
        }
        if (!local && has_token) {
            dk_errf(err, errlen, "the bearer token is never sent over plain http to %s", host);
            return -1;
        }
    }
    while (n > 0 && base[n - 1] == '/')
        n--;
    if (n + strlen(CHECK_PATH) + 1 > endpoint_len) {
        dk_errf(err, errlen, "DK_REGISTER_URL is too long");
        return -1;
    }
    snprintf(endpoint, endpoint_len, "%.*s%s", (int)n, base, CHECK_PATH);
    *https = is_https;
    return 0;
}
