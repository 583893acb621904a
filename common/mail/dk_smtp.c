/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_smtp.c — one SMTP transaction over libcurl: URL and TLS policy, the
 * upload of a prepared message, and the mapping of curl's outcome and the
 * relay's reply code onto "sent", "retry later" and "give up". */
#include "mail/dk_smtp.h"
#include "core/dk_err.h"

#include "mail/dk_mime.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define URL_MAX 2048
#define STARTTLS_SUFFIX ";starttls"

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- the relay URL ------------------------------------------------------ */

typedef struct {
    char curl_url[URL_MAX + 1]; /* the URL without our ";starttls" */
    int starttls;               /* ";starttls" was given */
    int loopback;               /* the host is this machine */
} relay;

static int is_loopback(const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
        strcmp(host, "::1") == 0)
        return 1;
    if (strncmp(host, "127.", 4) != 0)
        return 0;
    return host[4] != '\0' && strspn(host + 4, "0123456789.") == strlen(host + 4);
}

static int parse_relay(const char *url, relay *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (!url || !*url) {
        dk_errf(err, errlen, "SMTP URL is empty");
        return -1;
    }
    size_t n = strlen(url);
    if (n > URL_MAX) {
        dk_errf(err, errlen, "SMTP URL is longer than %d bytes", URL_MAX);
        return -1;
    }
    memcpy(r->curl_url, url, n + 1);
    size_t sl = strlen(STARTTLS_SUFFIX);
    if (n > sl && strcasecmp(r->curl_url + n - sl, STARTTLS_SUFFIX) == 0) {
        r->starttls = 1;
        r->curl_url[n - sl] = '\0';
    }
    for (const char *p = r->curl_url; *p; p++) {
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
            dk_errf(err, errlen, "SMTP URL contains whitespace, control or non-ASCII characters");
            return -1;
        }
    }
    CURLU *u = curl_url();
    if (!u) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    char *scheme = NULL, *host = NULL;
    int rc = -1;
    CURLUcode uc = curl_url_set(u, CURLUPART_URL, r->curl_url, 0);
    if (uc != CURLUE_OK) {
        dk_errf(err, errlen, "SMTP URL cannot be parsed: %s", curl_url_strerror(uc));
    } else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
               (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)) {
        dk_errf(err, errlen, "SMTP URL must start with smtp:// or smtps://");
    } else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
        dk_errf(err, errlen, "SMTP URL has no host");
    } else if (r->starttls && strcmp(scheme, "smtps") == 0) {
        dk_errf(err, errlen, "SMTP URL: \";starttls\" applies to smtp://, smtps:// is TLS already");
    } else {
        r->loopback = is_loopback(host);
        rc = 0;
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

int dk_smtp_url_check(const char *url, char *err, size_t errlen)
{
    relay r;
    return parse_relay(url, &r, err, errlen);
}

/* ---- transfer callbacks ------------------------------------------------- */

typedef struct {
    const char *data;
    size_t len, pos;
} upload;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *userdata)
{
    upload *up = userdata;
    size_t room = size * nitems, left = up->len - up->pos;
    size_t n = left < room ? left : room;
    memcpy(buf, up->data + up->pos, n);
    up->pos += n;
    return n;
}

/* The relay's last error reply (4xx/5xx; curl's closing QUIT brings a 221
 * after it): its code and RFC 3463 enhanced status ("5.1.1"). The reply text
 * is not kept: it may echo the recipient's address, and errors end up in
 * logs where personal data does not belong. */
typedef struct {
    int code;
    char status[16];
    dk_smtp_stage stage; /* the command that error reply answered */
    dk_smtp_stage now;   /* the command the relay is answering */
} reply;

/* The RFC 3463 status at s ("5.1.1": class "." 1*3digit "." 1*3digit, the
 * class the reply code's first digit), copied into out; "" when absent. */
static void parse_status(const char *s, size_t n, char cls, char out[16])
{
    char tmp[16];
    size_t len = 0;
    int dots = 0, digits = 0;
    out[0] = '\0';
    if (n == 0 || s[0] != cls)
        return;
    for (size_t i = 0; i < n && s[i] != ' ' && s[i] != '\r' && s[i] != '\n'; i++) {
        if (s[i] == '.') {
            if (digits == 0 || ++dots > 2)
                return;
            digits = 0;
        } else if (s[i] < '0' || s[i] > '9' || ++digits > 3) {
            return;
        }
        if (len >= sizeof tmp - 1)
            return;
        tmp[len++] = s[i];
    }
    if (dots != 2 || digits == 0)
        return;
    tmp[len] = '\0';
    memcpy(out, tmp, len + 1);
}

/* One reply line "NNN[ -]text": kept when it is an error (4xx, 5xx). */
static void parse_reply_line(reply *r, const char *s, size_t n)
{
    if (n < 4 || s[0] < '4' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' ||
        (s[3] != ' ' && s[3] != '-'))
        return;
    r->code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    parse_status(s + 4, n - 4, s[0], r->status);
    r->stage = r->now;
}

/* One command line we sent: what the relay's next reply answers. */
static void track_command(reply *r, const char *s, size_t n)
{
    static const struct {
        const char *verb;
        dk_smtp_stage stage;
    } verbs[] = {{"EHLO", DK_SMTP_STAGE_HELLO},        {"HELO", DK_SMTP_STAGE_HELLO},
                 {"STARTTLS", DK_SMTP_STAGE_STARTTLS}, {"AUTH", DK_SMTP_STAGE_AUTH},
                 {"MAIL", DK_SMTP_STAGE_MAIL},         {"RCPT", DK_SMTP_STAGE_RCPT},
                 {"DATA", DK_SMTP_STAGE_DATA}};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        size_t len = strlen(verbs[i].verb);
        if (n >= len && strncasecmp(s, verbs[i].verb, len) == 0 &&
            (n == len || s[len] == ' ' || s[len] == '\r' || s[len] == '\n')) {
            r->now = verbs[i].stage;
            return;
        }
    }
}

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata)
{
    (void)h;
    reply *r = userdata;
    if (type == CURLINFO_HEADER_OUT) {
        track_command(r, data, size);
        return 0;
    }
    if (type != CURLINFO_HEADER_IN)
        return 0;
    /* 354 to DATA: the next reply is the one to the message itself. */
    if (r->now == DK_SMTP_STAGE_DATA && size >= 3 && memcmp(data, "354", 3) == 0) {
        r->now = DK_SMTP_STAGE_END;
        return 0;
    }
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || data[i] == '\n') {
            if (i > start)
                parse_reply_line(r, data + start, i - start);
            start = i + 1;
        }
    }
    return 0;
}

/* ---- giving up on a silent relay when asked to stop --------------------- */

static int (*abort_check)(void);

void dk_smtp_set_abort_check(int (*should_abort)(void))
{
    abort_check = should_abort;
}

static int progress_cb(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    const upload *up = userdata;
    /* Before the message's last byte is out the relay cannot accept it. */
    return abort_check && up->pos < up->len && abort_check() ? 1 : 0;
}

/* ---- the decision ------------------------------------------------------- */

dk_smtp_result dk_smtp_classify(dk_smtp_stage stage, int code, const char *status)
{
    if (code < 400 || code > 599)
        return DK_SMTP_TEMPORARY; /* no error reply: the relay is not there */
    if (code == 421 || (code == 452 && status && strcmp(status, "4.3.1") == 0))
        return DK_SMTP_TEMPORARY; /* closing, or out of storage: the relay's */
    int message_stage =
        stage == DK_SMTP_STAGE_RCPT || stage == DK_SMTP_STAGE_DATA || stage == DK_SMTP_STAGE_END;
    if (code < 500)
        return message_stage ? DK_SMTP_DEFERRED : DK_SMTP_TEMPORARY;
    if (message_stage || (stage == DK_SMTP_STAGE_MAIL && (code == 552 || code == 555)))
        return DK_SMTP_PERMANENT;
    return DK_SMTP_TEMPORARY; /* greeting, EHLO, STARTTLS, AUTH, sender: ours to fix */
}

/* ---- the transaction ---------------------------------------------------- */

/* curl outcomes that say nothing about this message: the relay or our
 * configuration must change, so the message waits and is retried. */
static int is_relay_trouble(CURLcode rc)
{
    switch (rc) {
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_AUTH_ERROR:
    case CURLE_OUT_OF_MEMORY:
        return 1;
    default:
        return 0;
    }
}

/* One curl handle per thread, kept between calls: its connection cache lets
 * consecutive mails to the same relay share one SMTP session (a new MAIL
 * FROM each) instead of paying TCP, EHLO and perhaps TLS every time. curl
 * checks a cached connection before reusing it and reconnects when the
 * relay has closed it. */
static __thread CURL *thread_handle;

void dk_smtp_release(void)
{
    if (thread_handle) {
        /* A relay that went silent must not hold the exit. curl closes a
         * kept connection with QUIT through its cache's own internal handle,
         * whose response timeout is curl's default (two minutes), not ours:
         * measured, a mailer stopped while its relay was hung took until
         * the stack's SIGKILL. So the socket is shut first: the QUIT fails
         * at once and the connection is dropped, which relays handle as
         * any client that goes away (the messages were all answered). */
        curl_socket_t s = CURL_SOCKET_BAD;
        if (curl_easy_getinfo(thread_handle, CURLINFO_ACTIVESOCKET, &s) == CURLE_OK &&
            s != CURL_SOCKET_BAD)
            shutdown(s, SHUT_RDWR);
        curl_easy_cleanup(thread_handle);
        thread_handle = NULL;
    }
}

dk_smtp_result dk_smtp_send(const char *url, const char *username, const char *password,
                            int require_tls, long timeout_ms, const char *mail_from,
                            const char *rcpt_to, const char *msg, size_t len, char *err,
                            size_t errlen)
{
    char why[160];
    relay r;
    if (err && errlen)
        err[0] = '\0';
    if (parse_relay(url, &r, err, errlen) != 0)
        return DK_SMTP_PERMANENT;
    if (dk_mime_addr_check(mail_from, why, sizeof why) != 0) {
        dk_errf(err, errlen, "mail_from: %s", why);
        return DK_SMTP_PERMANENT;
    }
    if (dk_mime_addr_check(rcpt_to, why, sizeof why) != 0) {
        dk_errf(err, errlen, "rcpt_to: %s", why);
        return DK_SMTP_PERMANENT;
    }
    if (!msg || len == 0) {
        dk_errf(err, errlen, "message is empty");
        return DK_SMTP_PERMANENT;
    }
    if (timeout_ms <= 0) {
        dk_errf(err, errlen, "timeout_ms must be positive");
        return DK_SMTP_PERMANENT;
    }
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        dk_errf(err, errlen, "curl_global_init: %s", curl_easy_strerror(global_rc));
        return DK_SMTP_TEMPORARY;
    }
    int has_user = username && *username;
    curl_usessl tls = CURLUSESSL_NONE;
    if (r.starttls || require_tls || (has_user && !r.loopback))
        tls = CURLUSESSL_ALL;
    else if (!r.loopback)
        tls = CURLUSESSL_TRY;

    CURL *h = thread_handle ? thread_handle : curl_easy_init();
    if (!h) {
        dk_errf(err, errlen, "curl_easy_init failed");
        return DK_SMTP_TEMPORARY;
    }
    thread_handle = h;
    curl_easy_reset(h); /* options from scratch; the connection cache stays */
    char from[DK_MIME_MAX_ADDR + 3], to[DK_MIME_MAX_ADDR + 3];
    snprintf(from, sizeof from, "<%s>", mail_from);
    snprintf(to, sizeof to, "<%s>", rcpt_to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    char curl_err[CURL_ERROR_SIZE] = "";
    upload up = {msg, len, 0};
    reply last = {0, "", DK_SMTP_STAGE_GREETING, DK_SMTP_STAGE_GREETING};
    CURLcode rc = rcpt ? CURLE_OK : CURLE_OUT_OF_MEMORY;
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (rc == CURLE_OK)                                                                        \
            rc = curl_easy_setopt(h, opt, val);                                                    \
    } while (0)
    SET(CURLOPT_ERRORBUFFER, curl_err);
    SET(CURLOPT_URL, r.curl_url);
    SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    SET(CURLOPT_PROXY, ""); /* straight to the relay, whatever *_proxy says */
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_TIMEOUT_MS, timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    /* Also bounds the QUIT of a kept connection closed during this call. */
    SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)((timeout_ms + 999) / 1000));
    SET(CURLOPT_USE_SSL, (long)tls);
    SET(CURLOPT_MAIL_FROM, from);
    SET(CURLOPT_MAIL_RCPT, rcpt);
    SET(CURLOPT_UPLOAD, 1L);
    SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    SET(CURLOPT_READFUNCTION, read_cb);
    SET(CURLOPT_READDATA, &up);
    SET(CURLOPT_DEBUGFUNCTION, debug_cb);
    SET(CURLOPT_DEBUGDATA, &last);
    SET(CURLOPT_VERBOSE, 1L); /* feeds debug_cb, which prints nothing */
    SET(CURLOPT_XFERINFOFUNCTION, progress_cb);
    SET(CURLOPT_XFERINFODATA, &up);
    SET(CURLOPT_NOPROGRESS, 0L);
    if (has_user) {
        SET(CURLOPT_USERNAME, username);
        SET(CURLOPT_PASSWORD, password ? password : "");
    }
#undef SET
    if (rc == CURLE_OK)
        rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    /* Nothing of this call may outlive it in the kept handle. */
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(h, CURLOPT_READDATA, NULL);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, NULL);
    curl_slist_free_all(rcpt);

    if (rc == CURLE_OK)
        return DK_SMTP_OK;
    const char *what = curl_err[0] ? curl_err : curl_easy_strerror(rc);
    if (code > 0 && last.code == code && last.status[0])
        dk_errf(err, errlen, "%s (SMTP %ld %s)", what, code, last.status);
    else if (code > 0)
        dk_errf(err, errlen, "%s (SMTP %ld)", what, code);
    else
        dk_errf(err, errlen, "%s", what);
    if (is_relay_trouble(rc) || rc == CURLE_ABORTED_BY_CALLBACK)
        return DK_SMTP_TEMPORARY;
    /* curl's reply code is the failing command's: with our own parse of the
     * same reply we also know which command it answered. */
    if (code > 0 && last.code == code)
        return dk_smtp_classify(last.stage, (int)code, last.status);
    return dk_smtp_classify(DK_SMTP_STAGE_GREETING, (int)code, "");
}
