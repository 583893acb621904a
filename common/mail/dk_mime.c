/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mime.c — builds complete e-mails: validates every header value (no
 * injection, valid UTF-8, capped sizes), encodes and folds the headers, and
 * nests the text, HTML and attachment parts under random boundaries. */
#include "mail/dk_mime.h"
#include "core/dk_err.h"

#include "core/dk_buf.h"
#include "core/dk_calendar.h"
#include "core/dk_crypto.h"
#include "core/dk_utf8.h"
#include "mail/dk_qp.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINE_MAX_ 78
#define BOUNDARY_TRIES 8

/* ---- checks ------------------------------------------------------------- */

/* A header value: present, at most max bytes, no control characters (CR
 * and LF above all: they would start a new header), valid UTF-8. */
static int check_header_text(const char *what, const char *s, size_t max, char *err, size_t errlen)
{
    if (!s || !*s) {
        dk_errf(err, errlen, "%s is missing", what);
        return -1;
    }
    size_t n = strlen(s);
    if (n > max) {
        dk_errf(err, errlen, "%s is longer than %zu bytes", what, max);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' || c == '\n') {
            dk_errf(err, errlen, "%s contains a line break (header injection refused)", what);
            return -1;
        }
        if (c < 0x20 || c == 0x7f) {
            dk_errf(err, errlen, "%s contains a control character", what);
            return -1;
        }
    }
    if (!dk_utf8_valid(s, n)) {
        dk_errf(err, errlen, "%s is not valid UTF-8", what);
        return -1;
    }
    return 0;
}

static int check_body(const char *what, const char *s, char *err, size_t errlen)
{
    size_t n = strlen(s);
    if (n > DK_MIME_MAX_BODY) {
        dk_errf(err, errlen, "%s body is longer than %u bytes", what, DK_MIME_MAX_BODY);
        return -1;
    }
    if (!dk_utf8_valid(s, n)) {
        dk_errf(err, errlen, "%s body is not valid UTF-8", what);
        return -1;
    }
    return 0;
}

int dk_mime_addr_check(const char *addr, char *err, size_t errlen)
{
    if (!addr || !*addr) {
        dk_errf(err, errlen, "address is empty");
        return -1;
    }
    size_t n = strlen(addr), at = 0, at_pos = 0;
    if (n > DK_MIME_MAX_ADDR) {
        dk_errf(err, errlen, "address is longer than %d bytes", DK_MIME_MAX_ADDR);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)addr[i];
        if (c == '\r' || c == '\n') {
            dk_errf(err, errlen, "address contains a line break (header injection refused)");
            return -1;
        }
        if (c == ' ' || c == '\t') {
            dk_errf(err, errlen, "address contains whitespace");
            return -1;
        }
        if (c < 0x20 || c == 0x7f) {
            dk_errf(err, errlen, "address contains a control character");
            return -1;
        }
        if (c >= 0x80) {
            dk_errf(err, errlen,
                    "address contains non-ASCII characters (SMTPUTF8 is not supported)");
            return -1;
        }
        if (strchr("<>()[],;:\\\"", c)) {
            dk_errf(err, errlen, "address contains '%c'", c);
            return -1;
        }
        if (c == '@') {
            at++;
            at_pos = i;
        }
    }
    if (at != 1) {
        dk_errf(err, errlen, "address must contain exactly one '@'");
        return -1;
    }
    if (at_pos == 0 || at_pos == n - 1) {
        dk_errf(err, errlen, "address has an empty %s", at_pos == 0 ? "local part" : "domain");
        return -1;
    }
    return 0;
}

static int check_language(const char *lang, char *err, size_t errlen)
{
    size_t n = strlen(lang);
    int ok = n >= 1 && n <= 35;
    for (size_t i = 0; ok && i < n; i++) {
        char c = lang[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!ok)
        dk_errf(err, errlen, "language must be a language tag like \"nl\" or \"fr-BE\"");
    return ok ? 0 : -1;
}

static int check_content_type(const char *ct, char *err, size_t errlen)
{
    if (check_header_text("attachment content_type", ct, 200, err, errlen) != 0)
        return -1;
    for (const char *p = ct; *p; p++) {
        if ((unsigned char)*p >= 0x80) {
            dk_errf(err, errlen, "attachment content_type must be ASCII");
            return -1;
        }
    }
    if (!strchr(ct, '/') || strncasecmp(ct, "multipart/", 10) == 0 ||
        strncasecmp(ct, "message/", 8) == 0) {
        dk_errf(err, errlen, "attachment content_type \"%s\" is not a leaf type/subtype", ct);
        return -1;
    }
    return 0;
}

/* ---- headers ------------------------------------------------------------ */

static int is_ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* RFC 5322 atext, the characters a display name may hold unquoted. */
static int is_atext(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* An ASCII display name written as atoms separated by single spaces. */
static int is_atom_phrase(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' ? s[i + 1] == ' ' : !is_atext(s[i]))
            return 0;
    }
    return 1;
}

static int append_date(dk_buf *b, int64_t ms, char *err, size_t errlen)
{
    static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (ms < 0 || ms > INT64_C(253402300799999)) {
        dk_errf(err, errlen, "date_ms is outside the years 1970..9999");
        return -1;
    }
    int off = dk_brussels_offset_minutes(ms);
    time_t t = (time_t)(ms / 1000 + (int64_t)off * 60);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        dk_errf(err, errlen, "date_ms cannot be represented");
        return -1;
    }
    return dk_buf_appendf(b, "Date: %s, %d %s %04d %02d:%02d:%02d %c%02d%02d\r\n", wday[tm.tm_wday],
                          tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                          tm.tm_sec, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
}

/* From: [display name] <addr>, the name as atoms, a quoted-string, or
 * encoded-words, whichever the text needs, folded before "<" if long. */
static int append_from(dk_buf *b, const char *name, const char *addr)
{
    size_t alen = strlen(addr);
    if (!name || !*name)
        return dk_buf_appendf(b, "From: %s\r\n", addr);
    size_t col;
    if (is_ascii_printable(name) && !strstr(name, "=?")) {
        dk_buf phrase = DK_BUF_INIT;
        int rc = 0;
        if (is_atom_phrase(name)) {
            rc = dk_buf_puts(&phrase, name);
        } else {
            rc |= dk_buf_putc(&phrase, '"');
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    rc |= dk_buf_putc(&phrase, '\\');
                rc |= dk_buf_putc(&phrase, *p);
            }
            rc |= dk_buf_putc(&phrase, '"');
        }
        int fits = rc == 0 && 6 + phrase.len <= LINE_MAX_;
        if (fits) {
            rc = dk_buf_puts(b, "From: ") | dk_buf_append(b, phrase.data, phrase.len);
            col = 6 + phrase.len;
        }
        dk_buf_free(&phrase);
        if (rc != 0)
            return -1;
        if (fits)
            goto addr_part;
    }
    if (dk_buf_puts(b, "From: ") != 0 || dk_qp_rfc2047(b, 6, name, &col) != 0)
        return -1;
addr_part:
    if (col + 3 + alen <= LINE_MAX_)
        return dk_buf_appendf(b, " <%s>\r\n", addr);
    return dk_buf_appendf(b, "\r\n <%s>\r\n", addr);
}

/* Subject: plain ASCII folded at spaces when that keeps every line within
 * 78 characters, else encoded-words (which fold anywhere). */
static int append_subject(dk_buf *b, const char *subject)
{
    if (dk_buf_puts(b, "Subject: ") != 0)
        return -1;
    if (is_ascii_printable(subject) && !strstr(subject, "=?")) {
        dk_buf t = DK_BUF_INIT;
        size_t col = 9;
        int ok = 1, rc = 0;
        const char *p = subject;
        size_t tl = strcspn(p, " ");
        rc |= dk_buf_append(&t, p, tl);
        col += tl;
        ok = col <= LINE_MAX_;
        p += tl;
        while (ok && *p == ' ') {
            p++;
            tl = strcspn(p, " ");
            /* Fold before this word's space; never before an empty word,
             * which would leave a line of nothing but whitespace. */
            if (tl > 0 && col + 1 + tl > LINE_MAX_) {
                rc |= dk_buf_append(&t, "\r\n", 2);
                col = 0;
            }
            rc |= dk_buf_putc(&t, ' ');
            rc |= dk_buf_append(&t, p, tl);
            col += 1 + tl;
            ok = col <= LINE_MAX_;
            p += tl;
        }
        if (rc == 0 && ok)
            rc = dk_buf_append(b, t.data, t.len);
        dk_buf_free(&t);
        if (rc != 0)
            return -1;
        if (ok)
            return dk_buf_puts(b, "\r\n");
    }
    if (dk_qp_rfc2047(b, 9, subject, NULL) != 0)
        return -1;
    return dk_buf_puts(b, "\r\n");
}

/* ---- parts -------------------------------------------------------------- */

static int text_part(dk_buf *p, const char *subtype, const char *body)
{
    if (dk_buf_appendf(p,
                       "Content-Type: text/%s; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                       subtype) != 0)
        return -1;
    return dk_qp_body(p, body, strlen(body));
}

/* RFC 2231 attr-char: what a parameter value may carry without %XX. */
static int is_attr_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$&+-.^_`|~", c));
}

/* Content-Disposition with the file name: quoted when it is short, plain
 * ASCII; else RFC 2231 UTF-8 percent-encoding split into continuations. */
static int append_disposition(dk_buf *p, const char *filename)
{
    if (!filename)
        return dk_buf_puts(p, "Content-Disposition: attachment\r\n");
    size_t n = strlen(filename);
    if (is_ascii_printable(filename) && !strpbrk(filename, "\"\\") && 1 + 10 + n + 1 <= LINE_MAX_)
        return dk_buf_appendf(p, "Content-Disposition: attachment;\r\n filename=\"%s\"\r\n",
                              filename);
    int rc = dk_buf_puts(p, "Content-Disposition: attachment");
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    for (int section = 0; rc == 0 && i < n; section++) {
        rc |= dk_buf_appendf(p, ";\r\n filename*%d*=%s", section, section == 0 ? "UTF-8''" : "");
        size_t used = 0;
        while (rc == 0 && i < n && used + 3 <= 56) {
            unsigned char c = (unsigned char)filename[i++];
            if (is_attr_char(c)) {
                rc |= dk_buf_putc(p, (char)c);
                used++;
            } else {
                char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
                rc |= dk_buf_append(p, enc, 3);
                used += 3;
            }
        }
    }
    return rc | dk_buf_puts(p, "\r\n");
}

static int attachment_part(dk_buf *p, const dk_mime_attachment *a)
{
    int rc = dk_buf_puts(p, "Content-Type: ");
    size_t ct_len = strlen(a->content_type);
    if (14 + ct_len <= LINE_MAX_) {
        rc |= dk_buf_puts(p, a->content_type);
    } else { /* fold after each ";" that a space follows */
        for (const char *c = a->content_type; *c; c++) {
            rc |= dk_buf_putc(p, *c);
            if (*c == ';' && c[1] == ' ')
                rc |= dk_buf_puts(p, "\r\n");
        }
    }
    rc |= dk_buf_puts(p, "\r\n");
    rc |= append_disposition(p, a->filename);
    rc |= dk_buf_puts(p, "Content-Transfer-Encoding: base64\r\n\r\n");
    unsigned char line[77];
    for (size_t off = 0; rc == 0 && off < a->len; off += 57) {
        size_t chunk = a->len - off < 57 ? a->len - off : 57;
        int w = EVP_EncodeBlock(line, a->data + off, (int)chunk);
        if (off > 0)
            rc |= dk_buf_puts(p, "\r\n");
        rc |= dk_buf_append(p, (const char *)line, (size_t)w);
    }
    return rc;
}

/* A fresh "=_dk_<32 hex>" boundary found in none of the given buffers (nor
 * in `avoid`). "=_" cannot occur in quoted-printable or base64 text, and the
 * search proves it for headers too. */
static int pick_boundary(char out[48], const dk_buf *parts, size_t n, const char *avoid)
{
    for (int t = 0; t < BOUNDARY_TRIES; t++) {
        memcpy(out, "=_dk_", 5);
        if (dk_random_hex(out + 5, 16) != 0) /* 32 digits: 5 + 32 + NUL fit in 48 */
            return -1;
        int clash = avoid && strstr(avoid, out);
        for (size_t i = 0; !clash && i < n; i++)
            clash = parts[i].len && memmem(parts[i].data, parts[i].len, out, strlen(out)) != NULL;
        if (!clash)
            return 0;
    }
    return -1;
}

/* A multipart entity: its Content-Type header, then each part between
 * delimiter lines, then the close delimiter (no CRLF after it). */
static int multipart(dk_buf *out, const char *subtype, const char *boundary, const dk_buf *parts,
                     size_t n)
{
    int rc = dk_buf_appendf(out, "Content-Type: multipart/%s;\r\n boundary=\"%s\"\r\n\r\n", subtype,
                            boundary);
    for (size_t i = 0; i < n; i++) {
        rc |= dk_buf_appendf(out, "--%s\r\n", boundary);
        rc |= dk_buf_append(out, parts[i].data, parts[i].len);
        rc |= dk_buf_puts(out, "\r\n");
    }
    return rc | dk_buf_appendf(out, "--%s--", boundary);
}

/* ---- calendar attachments ----------------------------------------------- */

int dk_mime_calendar_attachment(const char *method, const char *ics, size_t len,
                                dk_mime_attachment *out)
{
    static const char request[] =
        "text/calendar; charset=UTF-8; method=REQUEST; name=\"" DK_MIME_ICS_FILENAME "\"";
    static const char cancel[] =
        "text/calendar; charset=UTF-8; method=CANCEL; name=\"" DK_MIME_ICS_FILENAME "\"";
    if (!method || (strcmp(method, "REQUEST") != 0 && strcmp(method, "CANCEL") != 0))
        return -1;
    out->filename = DK_MIME_ICS_FILENAME;
    out->content_type = method[0] == 'R' ? request : cancel;
    out->data = (const unsigned char *)ics;
    out->len = len;
    return 0;
}

/* ---- the message -------------------------------------------------------- */

static int check_message(const dk_mime_message *m, char *err, size_t errlen)
{
    char why[160];
    if (dk_mime_addr_check(m->from_addr, why, sizeof why) != 0) {
        dk_errf(err, errlen, "from_addr: %s", why);
        return -1;
    }
    if (dk_mime_addr_check(m->to_addr, why, sizeof why) != 0) {
        dk_errf(err, errlen, "to_addr: %s", why);
        return -1;
    }
    if (dk_mime_addr_check(m->message_id, why, sizeof why) != 0) {
        dk_errf(err, errlen, "message_id (id@domain, without <>): %s", why);
        return -1;
    }
    if (m->from_name && *m->from_name &&
        check_header_text("from_name", m->from_name, DK_MIME_MAX_NAME, err, errlen) != 0)
        return -1;
    if (check_header_text("subject", m->subject, DK_MIME_MAX_SUBJECT, err, errlen) != 0)
        return -1;
    if (m->language && check_language(m->language, err, errlen) != 0)
        return -1;
    if (!m->text) {
        dk_errf(err, errlen, "text body is missing");
        return -1;
    }
    if (check_body("text", m->text, err, errlen) != 0 ||
        (m->html && check_body("html", m->html, err, errlen) != 0))
        return -1;
    if (m->n_attachments > DK_MIME_MAX_ATTACHMENTS) {
        dk_errf(err, errlen, "more than %d attachments", DK_MIME_MAX_ATTACHMENTS);
        return -1;
    }
    if (m->n_attachments && !m->attachments) {
        dk_errf(err, errlen, "n_attachments is %zu but attachments is NULL", m->n_attachments);
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < m->n_attachments; i++) {
        const dk_mime_attachment *a = &m->attachments[i];
        if (check_content_type(a->content_type, err, errlen) != 0)
            return -1;
        if (a->filename &&
            check_header_text("attachment filename", a->filename, 255, err, errlen) != 0)
            return -1;
        if (a->filename && strpbrk(a->filename, "/\\")) {
            dk_errf(err, errlen, "attachment filename must not contain a path separator");
            return -1;
        }
        if (a->len && !a->data) {
            dk_errf(err, errlen, "attachment %zu has len %zu but no data", i, a->len);
            return -1;
        }
        if (a->len > DK_MIME_MAX_ATTACHED - total) {
            dk_errf(err, errlen, "attachments are larger than %u bytes together",
                    DK_MIME_MAX_ATTACHED);
            return -1;
        }
        total += a->len;
    }
    return 0;
}

/* The body entity (its own Content-Type header, blank line, content):
 * text/plain, multipart/alternative, or multipart/mixed around either. */
static int build_body(dk_buf *out, const dk_mime_message *m, char *err, size_t errlen)
{
    size_t n_att = m->n_attachments;
    dk_buf *parts = calloc(n_att + 2, sizeof *parts);
    if (!parts) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    char b_alt[48], b_mix[48];
    int rc = 0;
    size_t np = 0;
    rc |= text_part(&parts[np++], "plain", m->text);
    if (m->html)
        rc |= text_part(&parts[np++], "html", m->html);
    dk_buf main_part = DK_BUF_INIT; /* text alone, or the alternative */
    if (rc == 0 && np == 2) {
        if (pick_boundary(b_alt, parts, np, NULL) != 0) {
            dk_errf(err, errlen, "no usable MIME boundary (random generator failed)");
            rc = -1;
        } else {
            rc |= multipart(&main_part, "alternative", b_alt, parts, np);
        }
    } else if (rc == 0) {
        rc |= dk_buf_append(&main_part, parts[0].data, parts[0].len);
    }
    if (rc == 0 && n_att == 0) {
        rc |= dk_buf_append(out, main_part.data, main_part.len);
    } else if (rc == 0) {
        /* Reuse the slots: [0] = main part, [1..] = attachments. */
        for (size_t i = 0; i < np; i++)
            dk_buf_free(&parts[i]);
        parts[0] = main_part;
        main_part = (dk_buf)DK_BUF_INIT;
        for (size_t i = 0; i < n_att && rc == 0; i++)
            rc |= attachment_part(&parts[1 + i], &m->attachments[i]);
        np = 1 + n_att;
        if (rc == 0 && pick_boundary(b_mix, parts, np, m->html ? b_alt : NULL) != 0) {
            dk_errf(err, errlen, "no usable MIME boundary (random generator failed)");
            rc = -1;
        }
        if (rc == 0)
            rc |= multipart(out, "mixed", b_mix, parts, np);
    }
    dk_buf_free(&main_part);
    for (size_t i = 0; i < n_att + 2; i++)
        dk_buf_free(&parts[i]);
    free(parts);
    if (rc != 0 && err && errlen && !*err)
        dk_errf(err, errlen, "out of memory");
    return rc;
}

char *dk_mime_build(const dk_mime_message *m, size_t *len_out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!m) {
        dk_errf(err, errlen, "no message");
        return NULL;
    }
    if (check_message(m, err, errlen) != 0)
        return NULL;
    dk_buf b = DK_BUF_INIT;
    int rc = append_date(&b, m->date_ms, err, errlen);
    if (rc != 0) {
        dk_buf_free(&b);
        return NULL;
    }
    rc |= append_from(&b, m->from_name, m->from_addr);
    rc |= dk_buf_appendf(&b, "To: %s\r\n", m->to_addr);
    rc |= append_subject(&b, m->subject);
    rc |= dk_buf_appendf(&b, "Message-ID: <%s>\r\n", m->message_id);
    rc |= dk_buf_puts(&b, "MIME-Version: 1.0\r\n");
    if (m->language)
        rc |= dk_buf_appendf(&b, "Content-Language: %s\r\n", m->language);
    rc |= dk_buf_puts(&b, "Auto-Submitted: auto-generated\r\n");
    if (rc != 0) {
        dk_errf(err, errlen, "out of memory");
        dk_buf_free(&b);
        return NULL;
    }
    /* The message ends with CRLF; a text-only body may already. */
    if (build_body(&b, m, err, errlen) != 0 ||
        ((b.len < 2 || memcmp(b.data + b.len - 2, "\r\n", 2) != 0) &&
         dk_buf_puts(&b, "\r\n") != 0)) {
        if (err && errlen && !*err)
            dk_errf(err, errlen, "out of memory");
        dk_buf_free(&b);
        return NULL;
    }
    if (len_out)
        *len_out = b.len;
    return dk_buf_steal(&b);
}
