/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_form.c — the HTML side every server's pages share (see
 * dk_web_form.h): reading a form body, cookies and their CSRF pairs. */
#include "web/dk_web_form.h"

#include "web/dk_csrf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum MHD_Result dk_web_form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *content_type,
                                  const char *transfer_encoding, const char *data, uint64_t off,
                                  size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    dk_web_form_sink *f = cls;
    /* MHD gives a multipart part without name= (or with an unclosed quote,
     * or a NUL in it) a NULL key: no form of ours sends one. */
    if (!key) {
        f->nameless = 1;
        return MHD_YES;
    }
    /* A field may arrive in pieces: append to what we have, by its length
     * (a %00 in the value is kept for the validator to refuse). */
    const json_t *cur = json_object_get(f->values, key);
    size_t had = off != 0 && json_is_string(cur) ? json_string_length(cur) : 0;
    if (had + size > DK_WEB_FORM_VALUE_MAX) {
        f->overflow = 1;
        return MHD_YES;
    }
    char *v = malloc(had + size + 1);
    if (!v) {
        f->overflow = 1;
        return MHD_YES;
    }
    if (had)
        memcpy(v, json_string_value(cur), had);
    if (size)
        memcpy(v + had, data, size); /* data may be NULL for a key without a value */
    v[had + size] = '\0';
    json_object_set_new(f->values, key, json_stringn_nocheck(v, had + size));
    free(v);
    return MHD_YES;
}

int dk_web_form_fields(struct MHD_Connection *c, const char *body, size_t len, json_t *values)
{
    dk_web_form_sink f = {.values = values};
    struct MHD_PostProcessor *pp = MHD_create_post_processor(c, 16384, dk_web_form_field, &f);
    int parsed = pp && MHD_post_process(pp, body, len) == MHD_YES;
    /* MHD_NO from a multipart body: it ended inside a part, without its
     * closing boundary (a url-encoded body gets MHD_NO only for a last key
     * without '=', which is harmless). */
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    int multipart = ct && strncasecmp(ct, "multipart/", 10) == 0;
    if (pp && MHD_destroy_post_processor(pp) != MHD_YES && multipart)
        parsed = 0;
    return parsed && !f.overflow && !f.nameless ? 0 : -1;
}

void dk_web_cookie(char *set_cookie, size_t len, int secure, const char *name, const char *value,
                   int max_age)
{
    char age[32] = "";
    if (max_age > 0)
        snprintf(age, sizeof age, "; Max-Age=%d", max_age);
    snprintf(set_cookie, len, "%s=%s; Path=/%s; HttpOnly; SameSite=Strict%s", name, value, age,
             secure ? "; Secure" : "");
}

void dk_web_issue_csrf(int secure, const char *key, const char *cookie_name, char *set_cookie,
                       size_t set_cookie_len, char token[128])
{
    char cookie[DK_CSRF_LEN + 1];
    dk_csrf_issue(key, cookie, token);
    dk_web_cookie(set_cookie, set_cookie_len, secure, cookie_name, cookie, 0);
}

int dk_web_csrf_pair_valid(struct MHD_Connection *c, const char *key, const char *cookie_name,
                           const char *field)
{
    return dk_csrf_valid(key, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, cookie_name), field);
}
