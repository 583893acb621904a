/* page.c — the frame of every applicant page (head, language links, foot),
 * the error line shown next to a field, and reading a form body. */
#include "page.h"

#include "dk_csrf.h"
#include "core/dk_html.h"
#include "core/dk_utf8.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The pages are UTF-8: a value typed back into them (a form field with
 * bytes that are not UTF-8) gets U+FFFD for each byte that is not part of
 * a well-formed sequence. */
void dk_page_esc(dk_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (dk_utf8_valid(s, n)) {
        dk_html_escape_append(b, s, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80                 ? 1
                     : c >= 0xC2 && c <= 0xDF ? 2
                     : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4
                                              : 0;
        if (len && i + len <= n && dk_utf8_valid(s + i, len)) {
            dk_html_escape_append(b, s + i, len);
            i += len;
        } else {
            dk_buf_puts(b, "\xEF\xBF\xBD");
            i++;
        }
    }
}

void dk_page_start(dk_buf *b, const char *lang, const char *title_key, const char *path)
{
    dk_buf_appendf(b, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>", lang);
    dk_page_esc(b, dk_i18n_text(lang, title_key));
    dk_buf_puts(b, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
                   "<header><nav class=\"langs\" aria-label=\"Taal / Langue / Language\">");
    static const char *const langs[] = {"nl", "fr", "en"};
    for (int i = 0; i < 3; i++)
        dk_buf_appendf(b, "<a href=\"%s?lang=%s\" lang=\"%s\"%s>%s</a>", path, langs[i], langs[i],
                       strcmp(lang, langs[i]) == 0 ? " aria-current=\"page\"" : "",
                       i == 0 ? "Nederlands" : i == 1 ? "Français" : "English");
    dk_buf_puts(b, "</nav><p class=\"brand\">Mijn digitale sleutels · Mes clés numériques</p><h1>");
    dk_page_esc(b, dk_i18n_text(lang, title_key));
    dk_buf_puts(b, "</h1></header><main>");
}

void dk_page_end(dk_buf *b)
{
    dk_buf_puts(b, "</main></body></html>\n");
}

void dk_page_error_line(dk_buf *b, const char *lang, const char *id, const char *code)
{
    if (!code)
        return;
    dk_buf_appendf(b, "<p class=\"error\" id=\"%s-error\">", id);
    dk_page_esc(b, dk_app_field_error_message(id, code, lang));
    dk_buf_puts(b, "</p>");
}

typedef struct {
    json_t *values;
    int overflow;
    int nameless; /* a multipart part without a usable name */
} field_sink;

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    field_sink *f = cls;
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
    if (had + size > 20000) {
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

int dk_page_form_fields(struct MHD_Connection *c, const char *body, size_t len, json_t *values)
{
    field_sink f = {.values = values};
    struct MHD_PostProcessor *pp = MHD_create_post_processor(c, 16384, on_field, &f);
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

void dk_page_cookie(char *set_cookie, size_t len, int secure, const char *name, const char *value,
                    int max_age)
{
    char age[32] = "";
    if (max_age > 0)
        snprintf(age, sizeof age, "; Max-Age=%d", max_age);
    snprintf(set_cookie, len, "%s=%s; Path=/%s; HttpOnly; SameSite=Strict%s", name, value, age,
             secure ? "; Secure" : "");
}

void dk_page_issue_csrf(int secure_cookies, const char *csrf_key, char *set_cookie,
                        size_t set_cookie_len, char token[128])
{
    char cookie[DK_CSRF_LEN + 1];
    dk_csrf_issue(csrf_key, cookie, token);
    dk_page_cookie(set_cookie, set_cookie_len, secure_cookies, DK_COOKIE_CSRF(secure_cookies),
                   cookie, 0);
}
