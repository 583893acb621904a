/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mime.c — dk_mime_build() and the encoders under it (dk_qp): encoded
 * subjects decode back to their UTF-8, lines stay within 78/76 characters,
 * header injection is refused, and Python's email package (an independent
 * parser) reads every built message without defects. */
#include "core/dk_buf.h"
#include "dk_test.h"
#include "dk_test_python.h"
#include "mail/dk_mime.h"
#include "mail/dk_qp.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define FR_SUBJECT "Mes clés numériques : votre demande d'entretien vidéo a bien été reçue…"
#define RU_SUBJECT "Ваша заявка на видеоинтервью получена — Мои цифровые ключи"

/* ---- helpers: a small independent decoder ------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes one encoded-word payload into out. Returns 0/-1. */
static int decode_word(char enc, const char *p, size_t n, dk_buf *out)
{
    if (enc == 'B' || enc == 'b') {
        if (n % 4 != 0)
            return -1;
        unsigned char *tmp = malloc(n / 4 * 3 + 1);
        int got = EVP_DecodeBlock(tmp, (const unsigned char *)p, (int)n);
        if (got < 0) {
            free(tmp);
            return -1;
        }
        size_t pad = (n >= 1 && p[n - 1] == '=') + (n >= 2 && p[n - 2] == '=');
        dk_buf_append(out, (const char *)tmp, (size_t)got - pad);
        free(tmp);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '_') {
            dk_buf_putc(out, ' ');
        } else if (p[i] == '=') {
            if (i + 2 >= n)
                return -1;
            int hi = hexval(p[i + 1]), lo = hexval(p[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            dk_buf_putc(out, (char)(hi * 16 + lo));
            i += 2;
        } else {
            dk_buf_putc(out, p[i]);
        }
    }
    return 0;
}

/* Unfolds a header value and decodes its encoded-words (whitespace between
 * two adjacent words is dropped, as RFC 2047 §6.2 says). Returns malloc'd
 * text, or NULL on a malformed word. */
static char *decode_header(const char *v)
{
    dk_buf unf = DK_BUF_INIT, out = DK_BUF_INIT;
    for (const char *p = v; *p; p++)
        if (*p != '\r' && *p != '\n')
            dk_buf_putc(&unf, *p);
    const char *p = unf.data ? unf.data : "";
    int last_word = 0;
    while (*p) {
        if (strncasecmp(p, "=?UTF-8?", 8) == 0 && p[8] && p[9] == '?') {
            char enc = p[8];
            const char *start = p + 10, *end = strstr(start, "?=");
            if (!end || decode_word(enc, start, (size_t)(end - start), &out) != 0) {
                dk_buf_free(&unf);
                dk_buf_free(&out);
                return NULL;
            }
            p = end + 2;
            last_word = 1;
            continue;
        }
        if (*p == ' ' || *p == '\t') {
            size_t ws = strspn(p, " \t");
            if (last_word && strncasecmp(p + ws, "=?UTF-8?", 8) == 0) {
                p += ws;
                continue;
            }
        }
        dk_buf_putc(&out, *p++);
        last_word = 0;
    }
    dk_buf_free(&unf);
    return dk_buf_steal(&out);
}

/* The raw value of header `name` (folds included, CRLFs kept), malloc'd. */
static char *raw_header(const char *msg, const char *name)
{
    size_t nl = strlen(name);
    const char *p = msg;
    while (*p && !(p[0] == '\r' && p[1] == '\n')) {
        const char *eol = strstr(p, "\r\n");
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            if (*v == ' ')
                v++;
            const char *end = eol;
            while (end && (end[2] == ' ' || end[2] == '\t'))
                end = strstr(end + 2, "\r\n");
            return strndup(v, (size_t)(end - v));
        }
        p = eol + 2;
    }
    return NULL;
}

static char *decoded_header(const char *msg, const char *name)
{
    char *raw = raw_header(msg, name);
    char *dec = raw ? decode_header(raw) : NULL;
    free(raw);
    return dec;
}

/* Longest line of the header block and of the body. All lines end in CRLF,
 * no bare CR or LF anywhere. */
static void line_stats(const char *msg, size_t len, size_t *head_max, size_t *body_max,
                       int *bad_eol)
{
    *head_max = *body_max = 0;
    *bad_eol = 0;
    int in_body = 0;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
            *bad_eol = 1;
        if (msg[i] == '\r' && (i + 1 == len || msg[i + 1] != '\n'))
            *bad_eol = 1;
        if (msg[i] == '\n') {
            size_t l = i - start - 1;
            if (l == 0)
                in_body = 1;
            size_t *m = in_body ? body_max : head_max;
            if (l > *m)
                *m = l;
            start = i + 1;
        }
    }
    if (len < 2 || msg[len - 2] != '\r' || msg[len - 1] != '\n')
        *bad_eol = 1;
}

/* Runs Python's email parser over the message: argv[2..] are assertions
 * "Header=value" (decoded), "text=...", "html=...", "attachment=name:bytes",
 * "parts=N" (leaf count). Exit status 0 when all hold. */
static const char py_check[] =
    "import sys, email, email.policy\n"
    "raw = open(sys.argv[1], 'rb').read()\n"
    "m = email.message_from_bytes(raw, policy=email.policy.default)\n"
    "bad = []\n"
    "leaves = [p for p in m.walk() if not p.is_multipart()]\n"
    "for p in m.walk():\n"
    "    if p.defects: bad.append('defects %r' % p.defects)\n"
    "atts = {}\n"
    "for p in m.iter_attachments() if m.is_multipart() else []:\n"
    "    atts[p.get_filename()] = p.get_content()\n"
    "for a in sys.argv[2:]:\n"
    "    k, v = a.split('=', 1)\n"
    "    if k == 'text': got = m.get_body(('plain',)).get_content().replace('\\r\\n', '\\n')\n"
    "    elif k == 'html': got = m.get_body(('html',)).get_content().replace('\\r\\n', '\\n')\n"
    "    elif k == 'parts': got = str(len(leaves))\n"
    "    elif k == 'from_name': got = m['From'].addresses[0].display_name\n"
    "    elif k == 'from_addr': got = m['From'].addresses[0].addr_spec\n"
    "    elif k == 'attachment':\n"
    "        name, size = v.rsplit(':', 1)\n"
    "        data = atts.get(name)\n"
    "        got = v if data is not None and len(data) == int(size) else repr((list(atts), data "
    "and len(data)))\n"
    "    else: got = str(m[k])\n"
    "    if got != v: bad.append('%s: got %r, want %r' % (k, got, v))\n"
    "for b in bad: print('python email:', b, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n";

static dk_mime_message base_message(void)
{
    dk_mime_message m = {
        .from_name = "Mijn digitale sleutels",
        .from_addr = "no-reply@digitalkey.localhost",
        .to_addr = "zoe.obrien@example.be",
        .subject = "Hello",
        .text = "Line one\nLine two\n",
        .html = NULL,
        .message_id = "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f@dk.local",
        .date_ms = INT64_C(1796630400000), /* 2026-12-07T08:00:00Z */
        .language = "nl",
    };
    return m;
}

/* ---- cases -------------------------------------------------------------- */

static void test_ascii_message(void)
{
    dk_mime_message m = base_message();
    char err[256];
    size_t len = 0;
    char *msg = dk_mime_build(&m, &len, err, sizeof err);
    CHECK(msg != NULL);
    if (!msg)
        return;
    CHECK_INT(strlen(msg), len);
    CHECK(strstr(msg, "Date: Mon, 7 Dec 2026 09:00:00 +0100\r\n") == msg);
    CHECK(strstr(msg, "\r\nFrom: Mijn digitale sleutels <no-reply@digitalkey.localhost>\r\n"));
    CHECK(strstr(msg, "\r\nTo: zoe.obrien@example.be\r\n"));
    CHECK(strstr(msg, "\r\nSubject: Hello\r\n"));
    CHECK(strstr(msg, "\r\nMessage-ID: <3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f@dk.local>\r\n"));
    CHECK(strstr(msg, "\r\nMIME-Version: 1.0\r\n"));
    CHECK(strstr(msg, "\r\nContent-Language: nl\r\n"));
    CHECK(strstr(msg, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    CHECK(strstr(msg, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
    CHECK(strstr(msg, "\r\n\r\nLine one\r\nLine two\r\n"));
    size_t hm, bm;
    int bad;
    line_stats(msg, len, &hm, &bm, &bad);
    CHECK(!bad);
    const char *asserts[] = {"Subject=Hello", "text=Line one\nLine two\n", "parts=1",
                             "from_name=Mijn digitale sleutels", NULL};
    CHECK_INT(dk_test_python(py_check, msg, len, asserts), 0);
    free(msg);
}

static void test_summer_date(void)
{
    dk_mime_message m = base_message();
    m.date_ms = INT64_C(1782900000000); /* 2026-07-01T10:00:00Z */
    char err[256];
    char *msg = dk_mime_build(&m, NULL, err, sizeof err);
    CHECK(msg && strncmp(msg, "Date: Wed, 1 Jul 2026 12:00:00 +0200\r\n", 38) == 0);
    free(msg);
}

/* Builds a message with this subject and from_name; checks the decoded
 * Subject and From, the line limits, and Python's reading. */
static void check_subject(const char *subject, const char *from_name)
{
    dk_mime_message m = base_message();
    m.subject = subject;
    m.from_name = from_name;
    char err[256] = "";
    size_t len = 0;
    char *msg = dk_mime_build(&m, &len, err, sizeof err);
    CHECK(msg != NULL);
    if (!msg) {
        fprintf(stderr, "  dk_mime_build: %s\n", err);
        return;
    }
    char *dec = decoded_header(msg, "Subject");
    CHECK_STR(dec, subject);
    free(dec);
    char *raw = raw_header(msg, "Subject");
    /* Every encoded-word at most 75 characters, whole UTF-8 characters in
     * each: each word decodes on its own to valid UTF-8. */
    for (const char *w = raw ? strstr(raw, "=?") : NULL; w; w = strstr(w + 2, "=?")) {
        const char *end = strstr(w + 10, "?=");
        CHECK(end && end + 2 - w <= 75);
        if (!end)
            break;
        char *one = strndup(w, (size_t)(end + 2 - w));
        char *d = decode_header(one);
        CHECK(d != NULL);
        if (d) {
            /* a lone fragment of a multi-byte character would not be UTF-8 */
            const unsigned char *u = (const unsigned char *)d;
            int ok = 1;
            for (size_t i = 0; u[i]; i++) {
                int k = u[i] < 0x80    ? 0
                        : u[i] >= 0xF0 ? 3
                        : u[i] >= 0xE0 ? 2
                        : u[i] >= 0xC0 ? 1
                                       : -1;
                if (k < 0) {
                    ok = 0;
                    break;
                }
                for (int j = 1; j <= k; j++)
                    if ((u[i + j] & 0xC0) != 0x80)
                        ok = 0;
                i += (size_t)k;
            }
            CHECK(ok);
        }
        free(d);
        free(one);
        w = end;
    }
    free(raw);
    size_t hm, bm;
    int bad;
    line_stats(msg, len, &hm, &bm, &bad);
    CHECK(hm <= 78);
    CHECK(bm <= 76);
    CHECK(!bad);
    if (hm > 78)
        fprintf(stderr, "  header line of %zu characters in:\n%s\n", hm, msg);
    char a_subject[1200], a_name[400];
    snprintf(a_subject, sizeof a_subject, "Subject=%s", subject);
    snprintf(a_name, sizeof a_name, "from_name=%s", from_name);
    const char *asserts[] = {a_subject, a_name, "from_addr=no-reply@digitalkey.localhost", NULL};
    CHECK_INT(dk_test_python(py_check, msg, len, asserts), 0);
    free(msg);
}

static void test_subjects(void)
{
    check_subject("Mijn digitale sleutels: je aanvraag voor een video-interview is ontvangen",
                  "Mijn digitale sleutels");
    check_subject(FR_SUBJECT, "Mes clés numériques");
    check_subject(RU_SUBJECT, "Мои цифровые ключи");
    check_subject("a subject with =?UTF-8?Q?look-alike?= text", "O'Brien & Zoë \"the\" tester");
    check_subject("ASCII with \"quotes\" and a backslash \\", "Service \"Digital\" Keys, Belgium");
    check_subject("emoji 🔑 and CJK 数字钥匙", "🔑");

    /* 300-character subjects: ASCII with spaces (folded at spaces), ASCII
     * without any space (encoded-words), and mixed UTF-8. */
    char ascii[301], nospace[301];
    dk_buf mixed = DK_BUF_INIT;
    for (int i = 0; i < 300; i++) {
        ascii[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
        nospace[i] = (char)('A' + i % 26);
    }
    ascii[299] = 'z';
    ascii[300] = nospace[300] = '\0';
    while (mixed.len < 300)
        dk_buf_puts(&mixed, "Clé numérique — Цифровой ключ ");
    mixed.data[300] = '\0';
    while (mixed.len > 0 && ((unsigned char)mixed.data[strlen(mixed.data) - 1] & 0xC0) == 0x80)
        mixed.data[strlen(mixed.data) - 1] = '\0';
    /* drop a possibly cut lead byte */
    size_t ml = strlen(mixed.data);
    if (ml && (unsigned char)mixed.data[ml - 1] >= 0xC0)
        mixed.data[ml - 1] = '\0';
    check_subject(ascii, "Mijn digitale sleutels");
    check_subject(nospace, "Mijn digitale sleutels");
    check_subject(mixed.data, "Mes clés numériques");
    dk_buf_free(&mixed);

    /* The ASCII one is folded at spaces, not encoded. */
    dk_mime_message m = base_message();
    m.subject = ascii;
    char err[256];
    char *msg = dk_mime_build(&m, NULL, err, sizeof err);
    char *raw = msg ? raw_header(msg, "Subject") : NULL;
    CHECK(raw && !strstr(raw, "=?") && strstr(raw, "\r\n "));
    free(raw);
    free(msg);
}

static void test_encoded_word_forms(void)
{
    /* The shorter form wins: Q for mostly-ASCII text, B for Cyrillic. */
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_qp_rfc2047(&b, 9, "Zoë Smith-Johnson", NULL), 0);
    CHECK_STR(b.data, "=?UTF-8?Q?Zo=C3=AB_Smith-Johnson?=");
    dk_buf_reset(&b);
    CHECK_INT(dk_qp_rfc2047(&b, 9, "Ключ", NULL), 0);
    CHECK_STR(b.data, "=?UTF-8?B?0JrQu9GO0Yc=?=");
    dk_buf_reset(&b);
    CHECK_INT(dk_qp_rfc2047(&b, 9, "bad \xC3\x28 utf8", NULL), -1);
    dk_buf_reset(&b);
    CHECK_INT(dk_qp_rfc2047(&b, 9, "", NULL), 0);
    CHECK_INT(b.len, 0);
    dk_buf_free(&b);
}

static char *qp_decode(const char *s)
{
    dk_buf out = DK_BUF_INIT;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '=' && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 2;
        } else if (s[i] == '=' && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            dk_buf_putc(&out, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
            i += 2;
        } else {
            dk_buf_putc(&out, s[i]);
        }
    }
    return dk_buf_steal(&out);
}

static void test_qp_body(void)
{
    dk_buf text = DK_BUF_INIT, enc = DK_BUF_INIT, want = DK_BUF_INIT;
    dk_buf_puts(&text, "Short line with trailing space \n");
    dk_buf_puts(&text, ".starts with a dot\nFrom the start\n");
    for (int i = 0; i < 60; i++)
        dk_buf_puts(&text, "é");
    dk_buf_puts(&text, "\n");
    for (int i = 0; i < 200; i++)
        dk_buf_putc(&text, (char)('a' + i % 26));
    dk_buf_puts(&text, "\r\nequals = sign and tab\tend\t\nno final newline ✓");
    CHECK_INT(dk_qp_body(&enc, text.data, text.len), 0);
    size_t start = 0, max = 0;
    for (size_t i = 0; i < enc.len; i++) {
        CHECK((unsigned char)enc.data[i] < 0x80);
        if (enc.data[i] == '\n') {
            CHECK(i > 0 && enc.data[i - 1] == '\r');
            size_t l = i - start - 1;
            max = l > max ? l : max;
            if (l > 0) {
                char last = enc.data[i - 2];
                CHECK(last != ' ' && last != '\t');
            }
            start = i + 1;
        }
    }
    CHECK(max <= 76);
    CHECK(strstr(enc.data, "space=20\r\n"));
    CHECK(strstr(enc.data, "\r\n=2Estarts"));
    CHECK(strstr(enc.data, "\r\n=46rom the"));
    CHECK(strstr(enc.data, "equals =3D sign"));
    /* Round trip: the same text with CRLF line ends. */
    for (size_t i = 0; i < text.len; i++) {
        if (text.data[i] == '\n' && (i == 0 || text.data[i - 1] != '\r'))
            dk_buf_putc(&want, '\r');
        dk_buf_putc(&want, text.data[i]);
    }
    char *dec = qp_decode(enc.data);
    CHECK_STR(dec, want.data);
    free(dec);
    dk_buf_free(&text);
    dk_buf_free(&enc);
    dk_buf_free(&want);
}

static void test_alternative_and_attachments(void)
{
    dk_mime_message m = base_message();
    m.subject = FR_SUBJECT;
    m.language = "fr";
    const char *text = "Bonjour Zoë,\n\nVotre demande a bien été reçue.\n";
    const char *html =
        "<!DOCTYPE html>\n<html lang=\"fr\"><body><p>Bonjour Zo&euml;, "
        "une ligne très longue qui dépasse largement soixante-seize caractères pour forcer "
        "des coupures douces =3D ok</p></body></html>\n";
    m.text = text;
    m.html = html;
    char err[256] = "";
    size_t len = 0;
    char *msg = dk_mime_build(&m, &len, err, sizeof err);
    CHECK(msg != NULL);
    if (msg) {
        CHECK(strstr(msg, "Content-Type: multipart/alternative;\r\n boundary=\"=_dk_"));
        CHECK(!strstr(msg, "multipart/mixed"));
        CHECK(strstr(msg, "Content-Type: text/html; charset=UTF-8\r\n"));
        char *raw = raw_header(msg, "Content-Type");
        const char *q = raw ? strchr(raw, '"') : NULL;
        if (q) {
            char boundary[80];
            snprintf(boundary, sizeof boundary, "--%.*s", (int)strcspn(q + 1, "\""), q + 1);
            /* the boundary opens each part and closes the entity once */
            size_t count = 0;
            for (const char *p = strstr(msg, boundary); p; p = strstr(p + 1, boundary))
                count++;
            CHECK_INT(count, 3);
        }
        CHECK(q != NULL);
        free(raw);
        size_t hm, bm;
        int bad;
        line_stats(msg, len, &hm, &bm, &bad);
        CHECK(hm <= 78 && bm <= 76 && !bad);
        char a_text[512], a_html[1024];
        snprintf(a_text, sizeof a_text, "text=%s", text);
        snprintf(a_html, sizeof a_html, "html=%s", html);
        const char *asserts[] = {"Subject=" FR_SUBJECT, a_text, a_html, "parts=2",
                                 "Content-Language=fr", NULL};
        CHECK_INT(dk_test_python(py_check, msg, len, asserts), 0);
        free(msg);
    }

    /* With attachments: multipart/mixed around the alternative. */
    const char *ics =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//dk//EN\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
    unsigned char bin[1000];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 37 + 11);
    dk_mime_attachment att[] = {
        {"invite.ics", "text/calendar; method=REQUEST; charset=UTF-8", (const unsigned char *)ics,
         strlen(ics)},
        {"Überprüfung van je identiteitsdocument – afspraak op maandag 7 december 2026.bin",
         "application/octet-stream", bin, sizeof bin},
        {NULL, "application/pdf", (const unsigned char *)"", 0},
    };
    m.attachments = att;
    m.n_attachments = 3;
    msg = dk_mime_build(&m, &len, err, sizeof err);
    CHECK(msg != NULL);
    if (!msg) {
        fprintf(stderr, "  dk_mime_build: %s\n", err);
        return;
    }
    CHECK(strstr(msg, "Content-Type: multipart/mixed;\r\n boundary=\"=_dk_"));
    CHECK(strstr(msg, "Content-Type: multipart/alternative;\r\n boundary=\"=_dk_"));
    CHECK(strstr(msg, "Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"));
    CHECK(strstr(msg, "Content-Disposition: attachment;\r\n filename=\"invite.ics\"\r\n"));
    CHECK(strstr(msg, "filename*0*=UTF-8''%C3%9Cberpr%C3%BCfung"));
    CHECK(strstr(msg, "Content-Transfer-Encoding: base64\r\n"));
    size_t hm, bm;
    int bad;
    line_stats(msg, len, &hm, &bm, &bad);
    CHECK(hm <= 78 && bm <= 76 && !bad);
    char a_bin[200], a_ics[64];
    snprintf(a_ics, sizeof a_ics, "attachment=invite.ics:%zu", strlen(ics));
    snprintf(a_bin, sizeof a_bin, "attachment=%s:%zu", att[1].filename, sizeof bin);
    const char *asserts[] = {"Subject=" FR_SUBJECT, "parts=5", a_ics, a_bin, NULL};
    CHECK_INT(dk_test_python(py_check, msg, len, asserts), 0);
    free(msg);
}

static void expect_refused(dk_mime_message m, const char *why_fragment)
{
    char err[256] = "";
    size_t len = 12345;
    char *msg = dk_mime_build(&m, &len, err, sizeof err);
    CHECK(msg == NULL);
    CHECK(strstr(err, why_fragment) != NULL);
    if (msg || !strstr(err, why_fragment))
        fprintf(stderr, "  err \"%s\", wanted \"%s\"\n", err, why_fragment);
    free(msg);
}

static void test_refusals(void)
{
    dk_mime_message m = base_message();
    m.subject = "Hello\r\nBcc: victim@example.be";
    expect_refused(m, "subject contains a line break (header injection refused)");
    m = base_message();
    m.subject = "Hello\nBcc: victim@example.be";
    expect_refused(m, "header injection");
    m = base_message();
    m.from_name = "Evil\rName";
    expect_refused(m, "from_name contains a line break");
    m = base_message();
    m.to_addr = "a@example.be\r\nBcc: victim@example.be";
    expect_refused(m, "to_addr: address contains a line break");
    m = base_message();
    m.to_addr = "<a@example.be>";
    expect_refused(m, "to_addr: address contains '<'");
    m = base_message();
    m.to_addr = "a@example.be>";
    expect_refused(m, "to_addr: address contains '>'");
    m = base_message();
    m.from_addr = "no reply@example.be";
    expect_refused(m, "from_addr: address contains whitespace");
    m = base_message();
    m.to_addr = "zoë@example.be";
    expect_refused(m, "non-ASCII");
    m = base_message();
    m.to_addr = "no-at-sign.example.be";
    expect_refused(m, "exactly one '@'");
    m = base_message();
    m.message_id = "abc@dk.local>\r\nX-Evil: 1";
    expect_refused(m, "message_id");
    m = base_message();
    m.subject = "";
    expect_refused(m, "subject is missing");
    m = base_message();
    m.subject = "tab\tin subject";
    expect_refused(m, "control character");
    m = base_message();
    m.subject = "bad \xC3\x28 UTF-8";
    expect_refused(m, "subject is not valid UTF-8");
    m = base_message();
    m.text = "bad \xFF body";
    expect_refused(m, "text body is not valid UTF-8");
    m = base_message();
    m.text = NULL;
    expect_refused(m, "text body is missing");
    m = base_message();
    m.language = "nl\r\nX: y";
    expect_refused(m, "language");
    m = base_message();
    dk_mime_attachment a = {"a.ics", "text/calendar\r\nX-Evil: 1", (const unsigned char *)"x", 1};
    m.attachments = &a;
    m.n_attachments = 1;
    expect_refused(m, "content_type contains a line break");
    dk_mime_attachment a2 = {"../etc/passwd", "text/plain", (const unsigned char *)"x", 1};
    m.attachments = &a2;
    expect_refused(m, "path separator");
    dk_mime_attachment a3 = {"x.eml", "message/rfc822", (const unsigned char *)"x", 1};
    m.attachments = &a3;
    expect_refused(m, "not a leaf type");
    m = base_message();
    m.date_ms = -1;
    expect_refused(m, "date_ms");
}

static void test_addr_check(void)
{
    char err[128];
    CHECK_INT(dk_mime_addr_check("no-reply@digitalkey.localhost", err, sizeof err), 0);
    CHECK_INT(dk_mime_addr_check("tempfail2-x+tag@example.be", err, sizeof err), 0);
    CHECK_INT(dk_mime_addr_check("", err, sizeof err), -1);
    CHECK_INT(dk_mime_addr_check(NULL, err, sizeof err), -1);
    CHECK_INT(dk_mime_addr_check("@example.be", err, sizeof err), -1);
    CHECK_INT(dk_mime_addr_check("a@", err, sizeof err), -1);
    CHECK_INT(dk_mime_addr_check("a,b@example.be", err, sizeof err), -1);
}

int main(void)
{
    test_ascii_message();
    test_summer_date();
    test_subjects();
    test_encoded_word_forms();
    test_qp_body();
    test_alternative_and_attachments();
    test_refusals();
    test_addr_check();
    DK_TEST_DONE();
}
