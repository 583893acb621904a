/* SPDX-License-Identifier: EUPL-1.2 */
/* test_web_server.c — proves that common/web carries a second server, not
 * only the intake: a tiny server of two routes on the real daemon
 * (dk_web_start on a loopback port, no mock), spoken to over real HTTP with
 * raw sockets:
 *   GET  /page       a page from its own template table in the common
 *                    layout, in nl, fr and en;
 *   POST /api/notes  JSON (or a form body) behind a session cookie and a
 *                    CSRF header bound to that session (web/dk_csrf.h).
 * It checks the security headers (its own Content-Security-Policy, on
 * libmicrohttpd's own error pages too), the page in three languages, the
 * stylesheet, 401/403 without the session or the CSRF header, 403 for a
 * foreign Origin (the handler never called), 413 for a body declared or
 * streamed past the limit, 400 for ambiguous framing and for a nameless
 * multipart part, a slow header trickle cut by the header bound while
 * another client is answered at once, and a drain that leaves nothing. */
#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_html.h"
#include "core/dk_log.h"
#include "dk_test.h"
#include "i18n/dk_i18n.h"
#include "web/dk_csrf.h"
#include "web/dk_web.h"
#include "web/dk_web_form.h"
#include "web/dk_web_page.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define KEY "test-web-csrf-key-0123456789abcdef"
#define SESSION "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55"
#define CSP "default-src 'none'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'"
#define PUBLIC "https://console.example"
#define OWN_CSP "default-src 'none'; script-src 'self'"
#define HEADER_MS 600
#define MAX_BODY 1024

static int port;
static int notes_handled; /* POSTs that reached the handler's work */

/* ---- the server under test ---- */

static const dk_render_template templates[] = {
    {"page", "{{>head}}<p class=\"lead\" id=\"lead\">{{t:origin_refused}}</p>{{>foot}}"},
    {0, 0},
};
static dk_web_pages *pages;

static void page(const dk_web_request *rq, dk_web_reply *r)
{
    const char *lang = dk_i18n_lang_or_default(
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "lang"));
    dk_buf out = DK_BUF_INIT;
    int rc = dk_web_render_page(&out, pages, "page", lang, "/page",
                                json_pack("{s:s}", "title_key", "origin_title"));
    dk_web_reply_page(r, 200, rc, &out);
    /* a page that loads a script of ours carries a policy of its own */
    const char *own = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "csp");
    if (own && !strcmp(own, "own"))
        r->csp = OWN_CSP;
}

/* The note of a JSON body, or of a form body's field "text". */
static void notes(const dk_web_request *rq, dk_web_reply *r)
{
    const char *session = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, "dk_staff");
    if (!session || strcmp(session, SESSION) != 0) {
        dk_web_reply_error(r, 401, "sign in first");
        return;
    }
    const char *csrf = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!dk_csrf_session_valid(KEY, session, csrf)) {
        dk_web_reply_error(r, 403, "the CSRF header is missing or not this session's");
        return;
    }
    const char *ct = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Content-Type");
    json_t *doc;
    if (ct && !strncasecmp(ct, "application/json", 16)) {
        doc = json_loadb(rq->body, rq->len, 0, NULL);
        if (!doc) {
            dk_web_reply_error(r, 400, "not JSON");
            return;
        }
    } else {
        doc = json_object();
        if (dk_web_form_fields(rq->conn, rq->body, rq->len, doc) != 0) {
            json_decref(doc);
            dk_web_reply_error(r, 400, "every part needs a name");
            return;
        }
    }
    const char *text = json_string_value(json_object_get(doc, "text"));
    __atomic_add_fetch(&notes_handled, 1, __ATOMIC_SEQ_CST);
    dk_web_reply_json(r, 201, json_pack("{s:s}", "saved", text ? text : ""));
    json_decref(doc);
}

static void handle(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    (void)cls;
    int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
    if (!strcmp(rq->url, "/page") && get)
        page(rq, r);
    else if (!strcmp(rq->url, "/api/notes") && !strcmp(rq->method, "POST"))
        notes(rq, r);
    else
        dk_web_reply_error(r, 404, "no such page");
}

/* ---- a client on raw sockets ---- */

static int dial(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void send_all(int fd, const char *data, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, data, n, MSG_NOSIGNAL);
        if (k <= 0)
            return; /* the server answered early and closed: read what it said */
        data += k, n -= (size_t)k;
    }
}

/* Reads until the server closes (or 5 s of silence) into out. */
static void read_all(int fd, dk_buf *out)
{
    char buf[4096];
    ssize_t k;
    while ((k = recv(fd, buf, sizeof buf, 0)) > 0)
        dk_buf_append(out, buf, (size_t)k);
}

/* One exchange: the answer whole (status line, headers, body) in out;
 * returns its status, 0 when none. */
static int exchange(const char *req, size_t len, dk_buf *out)
{
    dk_buf_reset(out);
    int fd = dial();
    if (fd < 0)
        return 0;
    send_all(fd, req, len);
    read_all(fd, out);
    close(fd);
    dk_buf_puts(out, ""); /* NUL-terminated */
    int status = 0;
    if (out->data && sscanf(out->data, "HTTP/1.%*d %d", &status) != 1)
        status = 0;
    return status;
}

static int exchange_str(const char *req, dk_buf *out)
{
    return exchange(req, strlen(req), out);
}

/* The value of header name in the answer's head (copied to value), or "". */
static const char *header(const dk_buf *answer, const char *name, char *value, size_t n)
{
    value[0] = '\0';
    const char *p = answer->data ? strstr(answer->data, "\r\n") : NULL;
    const char *end = answer->data ? strstr(answer->data, "\r\n\r\n") : NULL;
    size_t len = strlen(name);
    while (p && end && p < end) {
        p += 2;
        if (!strncasecmp(p, name, len) && p[len] == ':') {
            const char *v = p + len + 1 + (p[len + 1] == ' ');
            snprintf(value, n, "%.*s", (int)strcspn(v, "\r"), v);
            break;
        }
        p = strstr(p, "\r\n");
    }
    return value;
}

static const char *body_of(const dk_buf *answer)
{
    const char *end = answer->data ? strstr(answer->data, "\r\n\r\n") : NULL;
    return end ? end + 4 : "";
}

/* A POST of body to /api/notes with the headers in extra. */
static int post_notes(const char *ctype, const char *extra, const char *body, dk_buf *out)
{
    dk_buf req = DK_BUF_INIT;
    dk_buf_appendf(&req,
                   "POST /api/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                   "Content-Type: %s\r\nContent-Length: %zu\r\n%s\r\n%s",
                   ctype, strlen(body), extra, body);
    int status = exchange(req.data, req.len, out);
    dk_buf_free(&req);
    return status;
}

static char csrf_header[128], good_auth[256];

/* ---- the cases ---- */

static void check_security_headers(const dk_buf *a)
{
    char v[512];
    CHECK_STR(header(a, "Content-Security-Policy", v, sizeof v), CSP);
    CHECK_STR(header(a, "X-Frame-Options", v, sizeof v), "DENY");
    CHECK_STR(header(a, "X-Content-Type-Options", v, sizeof v), "nosniff");
    CHECK_STR(header(a, "Cache-Control", v, sizeof v), "no-store");
    CHECK_STR(header(a, "Referrer-Policy", v, sizeof v), "same-origin");
    CHECK_STR(header(a, "Strict-Transport-Security", v, sizeof v), ""); /* not https */
}

static void test_page_in_three_languages(void)
{
    static const char *const langs[] = {"nl", "fr", "en"};
    dk_buf a = DK_BUF_INIT;
    for (int i = 0; i < 3; i++) {
        char req[200], want[1024], v[128];
        snprintf(req, sizeof req,
                 "GET /page?lang=%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                 langs[i]);
        CHECK_INT(exchange_str(req, &a), 200);
        check_security_headers(&a);
        CHECK_STR(header(&a, "Content-Type", v, sizeof v), "text/html; charset=utf-8");
        const char *body = body_of(&a);
        snprintf(want, sizeof want, "<html lang=\"%s\">", langs[i]);
        CHECK(strstr(body, want) != NULL);
        /* The title and the sentence in that language, from the catalogue. */
        char *title = dk_html_escape(dk_i18n_text(langs[i], "origin_title"));
        char *lead = dk_html_escape(dk_i18n_text(langs[i], "origin_refused"));
        snprintf(want, sizeof want, "<title>%s</title>", title);
        CHECK(strstr(body, want) != NULL);
        snprintf(want, sizeof want, "<p class=\"lead\" id=\"lead\">%s</p>", lead);
        CHECK(strstr(body, want) != NULL);
        free(title);
        free(lead);
        /* The layout's language switch marks this one. */
        snprintf(want, sizeof want, "<a href=\"/page?lang=%s\" lang=\"%s\" aria-current=\"page\">",
                 langs[i], langs[i]);
        CHECK(strstr(body, want) != NULL);
        CHECK(strstr(body, "<link rel=\"stylesheet\" href=\"/style.css\">") != NULL);
        CHECK(strstr(body, "</main></body></html>\n") != NULL);
    }
    /* The three differ: the words are the language's. */
    CHECK(strcmp(dk_i18n_text("nl", "origin_title"), dk_i18n_text("fr", "origin_title")) != 0);
    CHECK_INT(exchange_str("GET /style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &a),
              200);
    CHECK_STR(body_of(&a), dk_web_css);
    /* The icon browsers ask for by themselves: none, and no 404 for it. */
    CHECK_INT(exchange_str("GET /favicon.ico HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &a),
              204);
    CHECK_STR(body_of(&a), "");
    CHECK_INT(exchange_str("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &a),
              404);
    check_security_headers(&a);
    dk_buf_free(&a);
}

/* An answer's own Content-Security-Policy replaces the server's: one
 * header, the answer's; the other security headers stay. */
static void test_an_answer_s_own_policy(void)
{
    dk_buf a = DK_BUF_INIT;
    char v[512];
    CHECK_INT(
        exchange_str("GET /page?csp=own HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &a),
        200);
    CHECK_STR(header(&a, "Content-Security-Policy", v, sizeof v), OWN_CSP);
    int n = 0;
    for (const char *p = a.data; p && (p = strstr(p, "Content-Security-Policy:")); p++)
        n++;
    CHECK_INT(n, 1);
    CHECK_STR(header(&a, "X-Frame-Options", v, sizeof v), "DENY");
    CHECK_STR(header(&a, "Cache-Control", v, sizeof v), "no-store");
    dk_buf_free(&a);
}

static void test_session_and_csrf(void)
{
    dk_buf a = DK_BUF_INIT;
    int before = notes_handled;
    CHECK_INT(post_notes("application/json", good_auth, "{\"text\":\"seen\"}", &a), 201);
    CHECK_STR(body_of(&a), "{\"saved\":\"seen\"}");
    check_security_headers(&a);
    CHECK_INT(notes_handled, before + 1);
    /* No CSRF header; the header of another session; no session. */
    CHECK_INT(
        post_notes("application/json", "Cookie: dk_staff=" SESSION "\r\n", "{\"text\":\"x\"}", &a),
        403);
    char other[DK_CSRF_LEN + 1], extra[256];
    dk_csrf_for_session(KEY, "another-session", other);
    snprintf(extra, sizeof extra, "Cookie: dk_staff=%s\r\nX-CSRF-Token: %s\r\n", SESSION, other);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 403);
    snprintf(extra, sizeof extra, "X-CSRF-Token: %s\r\n", csrf_header);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 401);
    CHECK_INT(notes_handled, before + 1);
    dk_buf_free(&a);
}

static void test_origin(void)
{
    dk_buf a = DK_BUF_INIT;
    char extra[512];
    int before = notes_handled;
    /* Another site: 403 from the server, the handler never called. */
    snprintf(extra, sizeof extra, "%sOrigin: https://evil.example\r\n", good_auth);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 403);
    check_security_headers(&a);
    snprintf(extra, sizeof extra, "%sReferer: https://console.example.evil.example/x\r\n",
             good_auth);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 403);
    snprintf(extra, sizeof extra, "%sOrigin: null\r\n", good_auth);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 403);
    CHECK_INT(notes_handled, before);
    /* The public URL's origin and the server's own address are ours. */
    snprintf(extra, sizeof extra, "%sOrigin: " PUBLIC "\r\n", good_auth);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 201);
    snprintf(extra, sizeof extra, "%sOrigin: http://127.0.0.1:%d\r\n", good_auth, port);
    CHECK_INT(post_notes("application/json", extra, "{\"text\":\"x\"}", &a), 201);
    CHECK_INT(notes_handled, before + 2);
    dk_buf_free(&a);
}

static void test_sizes_and_framing(void)
{
    dk_buf a = DK_BUF_INIT, req = DK_BUF_INIT;
    int before = notes_handled;
    /* Declared too large: 413 before a byte of the body is sent. */
    dk_buf_appendf(&req,
                   "POST /api/notes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s"
                   "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n",
                   good_auth, MAX_BODY + 1);
    CHECK_INT(exchange(req.data, req.len, &a), 413);
    check_security_headers(&a);
    /* Chunked past the limit: cut with 413, the rest never read. */
    dk_buf_reset(&req);
    dk_buf_appendf(&req,
                   "POST /api/notes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s"
                   "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                   good_auth);
    for (int i = 0; i < 8; i++) {
        dk_buf_puts(&req, "200\r\n");
        for (int k = 0; k < 0x200; k++)
            dk_buf_puts(&req, "x");
        dk_buf_puts(&req, "\r\n");
    }
    CHECK_INT(exchange(req.data, req.len, &a), 413);
    char v[512];
    CHECK_STR(header(&a, "Content-Security-Policy", v, sizeof v), CSP);
    /* Two Content-Lengths; Content-Length with chunked. */
    dk_buf_reset(&req);
    dk_buf_appendf(&req,
                   "POST /api/notes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s"
                   "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n"
                   "\r\n{}",
                   good_auth);
    CHECK_INT(exchange(req.data, req.len, &a), 400);
    dk_buf_reset(&req);
    dk_buf_appendf(&req,
                   "POST /api/notes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s"
                   "Content-Type: application/json\r\nContent-Length: 2\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                   good_auth);
    CHECK_INT(exchange(req.data, req.len, &a), 400);
    CHECK_INT(notes_handled, before);
    /* libmicrohttpd's own refusal (another HTTP version) carries this
     * server's headers too. */
    CHECK_INT(exchange_str("GET /page HTTP/2.5\r\nHost: x\r\n\r\n", &a), 505);
    check_security_headers(&a);
    dk_buf_free(&req);
    dk_buf_free(&a);
}

static void test_nameless_part(void)
{
    static const char *const bodies[] = {
        "--xyzxyz\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--xyzxyz--\r\n",
        "--xyzxyz\r\nContent-Disposition: form-data; filename=\"a.jpg\"\r\n\r\nabc\r\n"
        "--xyzxyz--\r\n",
        "--xyzxyz\r\nContent-Disposition: form-data; name=\"text\r\n\r\nabc\r\n--xyzxyz--\r\n",
    };
    dk_buf a = DK_BUF_INIT;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        CHECK_INT(post_notes("multipart/form-data; boundary=xyzxyz", good_auth, bodies[i], &a),
                  400);
        CHECK(strstr(body_of(&a), "every part needs a name") != NULL);
    }
    /* The same body with a named part is fine, and so is url-encoded. */
    CHECK_INT(post_notes("multipart/form-data; boundary=xyzxyz", good_auth,
                         "--xyzxyz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nabc\r\n"
                         "--xyzxyz--\r\n",
                         &a),
              201);
    CHECK_STR(body_of(&a), "{\"saved\":\"abc\"}");
    CHECK_INT(post_notes("application/x-www-form-urlencoded", good_auth, "text=a%20b", &a), 201);
    CHECK_STR(body_of(&a), "{\"saved\":\"a b\"}");
    dk_buf_free(&a);
}

/* A client trickling a header line every 150 ms is cut once its headers
 * took longer than HEADER_MS; another client is answered at once meanwhile. */
static void test_slow_headers_cut(dk_web *w)
{
    long cut_before = dk_web_cut(w);
    int fd = dial();
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    int64_t t0 = dk_mono_ms(), closed_at = 0;
    static const char start[] = "GET /page HTTP/1.1\r\nHost: x\r\n";
    send_all(fd, start, sizeof start - 1);
    int answered_fast = 0, got_answer = 0;
    for (int i = 0; i < 40 && !closed_at; i++) {
        usleep(150 * 1000);
        if (i == 1) {
            dk_buf a = DK_BUF_INIT;
            int64_t s = dk_mono_ms();
            answered_fast =
                exchange_str("GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &a) ==
                    200 &&
                dk_mono_ms() - s < 500;
            dk_buf_free(&a);
        }
        char line[32];
        int n = snprintf(line, sizeof line, "X-Slow-%d: 1\r\n", i);
        if (send(fd, line, (size_t)n, MSG_NOSIGNAL) <= 0) {
            closed_at = dk_mono_ms();
            break;
        }
        /* A cut connection reads as closed (or reset). */
        char c;
        ssize_t k = recv(fd, &c, 1, MSG_DONTWAIT);
        got_answer |= k > 0;
        if (k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            closed_at = dk_mono_ms();
    }
    close(fd);
    CHECK(answered_fast);
    CHECK(!got_answer); /* cut, not answered */
    CHECK(closed_at != 0);
    int64_t took = closed_at - t0;
    CHECK(took >= HEADER_MS - 50);   /* not before its bound */
    CHECK(took <= HEADER_MS + 1000); /* nor long after it (the reaper wakes every 250 ms) */
    CHECK(dk_web_cut(w) >= cut_before + 1);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    setenv("DK_LOG_LEVEL", "error", 1);
    dk_log_init("test-web");
    pages = dk_web_pages_new(templates);
    CHECK(pages != NULL);
    dk_csrf_for_session(KEY, SESSION, csrf_header);
    snprintf(good_auth, sizeof good_auth, "Cookie: dk_staff=%s\r\nX-CSRF-Token: %s\r\n", SESSION,
             csrf_header);
    dk_web_options o = {.name = "test",
                        .host = "127.0.0.1",
                        .port = 0,
                        .handler = handle,
                        .max_body = MAX_BODY,
                        .header_ms = HEADER_MS,
                        .body_ms = 2000,
                        .workers = 2,
                        .loops = 1,
                        .max_connections = 64,
                        .per_address = 32,
                        .csp = CSP,
                        .style = dk_web_css,
                        .public_url = PUBLIC};
    char err[256];
    dk_web *w = dk_web_start(&o, err, sizeof err);
    if (!w) {
        fprintf(stderr, "test_web_server: %s\n", err);
        return 1;
    }
    port = dk_web_port(w);
    CHECK(port > 0);
    test_page_in_three_languages();
    test_an_answer_s_own_policy();
    test_session_and_csrf();
    test_origin();
    test_sizes_and_framing();
    test_nameless_part();
    test_slow_headers_cut(w);
    CHECK_INT(dk_web_drain(w, 2000), 0);
    dk_web_pages_free(pages);
    /* A server with a host that is no IPv4 address does not start. */
    o.host = "localhost";
    CHECK(dk_web_start(&o, err, sizeof err) == NULL);
    CHECK(strstr(err, "IPv4") != NULL);
    DK_TEST_DONE();
}
