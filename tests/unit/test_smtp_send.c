/* SPDX-License-Identifier: EUPL-1.2 */
/* test_smtp_send.c — dk_smtp_send() against a real SMTP server: the project's
 * own infra/smtp/dk_smtpd.py, started here on a free loopback port. Checks
 * delivery into the Maildir byte for byte, and how failures are classified
 * (4xx, 5xx, refused connection, silent server, 421 greeting, TLS policy),
 * and that a stop abandons a wait on a silent server. */
#include "dk_test.h"
#include "mail/dk_mime.h"
#include "mail/dk_smtp.h"

#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SMTPD_DEFAULT "infra/smtp/dk_smtpd.py"
#define MAX_SIZE "200000"
#define FROM "no-reply@digitalkey.localhost"

static char dir[] = "/tmp/dk-test-smtp-XXXXXX";
static char maildir[256], ready[256], url[64];
static pid_t server = -1;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts dk_smtpd.py on port 0 and waits at most 10 s for its ready file.
 * Returns the port, or -1. */
static int start_server(void)
{
    const char *script = getenv("DK_SMTPD_SCRIPT");
    if (!script || !*script)
        script = SMTPD_DEFAULT;
    if (access(script, R_OK) != 0) {
        fprintf(stderr, "cannot read %s (run from the repository root or set DK_SMTPD_SCRIPT)\n",
                script);
        return -1;
    }
    server = fork();
    if (server < 0)
        return -1;
    if (server == 0) {
        execl("/usr/bin/python3", "python3", script, "--host", "127.0.0.1", "--port", "0",
              "--maildir", maildir, "--ready-file", ready, "--max-size", MAX_SIZE, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) { /* 200 x 50 ms = 10 s */
        FILE *f = fopen(ready, "r");
        if (f) {
            int port = -1;
            int ok = fscanf(f, "%d", &port) == 1;
            fclose(f);
            if (ok && port > 0 && port < 65536)
                return port;
        }
        int st;
        if (waitpid(server, &st, WNOHANG) == server) {
            fprintf(stderr, "dk_smtpd.py exited before it was ready\n");
            server = -1;
            return -1;
        }
        sleep_ms(50);
    }
    fprintf(stderr, "dk_smtpd.py not ready after 10 s\n");
    return -1;
}

/* SIGTERM, then at most 5 s for a clean exit (status 0), else SIGKILL. */
static int stop_server(void)
{
    if (server <= 0)
        return -1;
    kill(server, SIGTERM);
    int st = 0;
    for (int i = 0; i < 100; i++) {
        if (waitpid(server, &st, WNOHANG) == server) {
            server = -1;
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        }
        sleep_ms(50);
    }
    kill(server, SIGKILL);
    waitpid(server, &st, 0);
    server = -1;
    return -1;
}

static void remove_tree(void)
{
    static const char *const subs[] = {"new", "cur", "tmp"};
    char path[512];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", maildir, subs[i]);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char f[800];
            snprintf(f, sizeof f, "%s/%s", path, e->d_name);
            unlink(f);
        }
        if (d)
            closedir(d);
        rmdir(path);
    }
    rmdir(maildir);
    unlink(ready);
    rmdir(dir);
}

/* Reads every file in maildir/new: their number, and whether one contains
 * `needle` (n bytes). */
static int maildir_scan(const char *needle, size_t n, int *found)
{
    char path[512];
    snprintf(path, sizeof path, "%s/new", maildir);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int count = 0;
    *found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        count++;
        char f[800];
        snprintf(f, sizeof f, "%s/%s", path, e->d_name);
        FILE *fp = fopen(f, "rb");
        if (!fp)
            continue;
        static char buf[1 << 20];
        size_t got = fread(buf, 1, sizeof buf, fp);
        fclose(fp);
        if (needle && memmem(buf, got, needle, n))
            (*found)++;
    }
    closedir(d);
    return count;
}

static char *build(const char *to, const char *subject, size_t *len)
{
    dk_mime_message m = {
        .from_name = "Mes clés numériques",
        .from_addr = FROM,
        .to_addr = to,
        .subject = subject,
        .text = "Bonjour,\n\nVotre demande a bien été reçue.\n",
        .html = "<p>Votre demande a bien été reçue.</p>\n",
        .message_id = "0d9e6c1e-5b43-4a3f-8f0e-2b8f1a9c7d64@dk.local",
        .date_ms = INT64_C(1796630400000),
        .language = "fr",
    };
    char err[256];
    char *msg = dk_mime_build(&m, len, err, sizeof err);
    if (!msg)
        fprintf(stderr, "dk_mime_build: %s\n", err);
    return msg;
}

/* The Subject header exactly as built (with its folds), to find in the
 * stored file. */
static char *subject_bytes(const char *msg)
{
    const char *s = strstr(msg, "\r\nSubject: ");
    if (!s)
        return NULL;
    s += 2;
    const char *e = strstr(s, "\r\n");
    while (e && (e[2] == ' ' || e[2] == '\t'))
        e = strstr(e + 2, "\r\n");
    return e ? strndup(s, (size_t)(e + 2 - s)) : NULL;
}

static dk_smtp_result send_to(const char *to, const char *msg, size_t len, char *err, size_t errlen)
{
    return dk_smtp_send(url, NULL, NULL, 0, 10000, FROM, to, msg, len, err, errlen);
}

static void test_delivery(void)
{
    static const char *const subjects[] = {
        "Your request for a video interview has been received",
        "Mes clés numériques : votre demande d'entretien vidéo a bien été reçue — Ключ",
    };
    for (int i = 0; i < 2; i++) {
        size_t len;
        char *msg = build("applicant@example.be", subjects[i], &len);
        CHECK(msg != NULL);
        if (!msg)
            continue;
        char err[256] = "";
        dk_smtp_result r = send_to("applicant@example.be", msg, len, err, sizeof err);
        CHECK_INT(r, DK_SMTP_OK);
        if (r != DK_SMTP_OK)
            fprintf(stderr, "  send: %s\n", err);
        char *subj = subject_bytes(msg);
        int found = 0;
        CHECK_INT(maildir_scan(subj, subj ? strlen(subj) : 0, &found), i + 1);
        CHECK_INT(found, 1);
        /* the whole message is stored unchanged after the trace headers */
        CHECK_INT(maildir_scan(msg, len, &found), i + 1);
        CHECK_INT(found, 1);
        free(subj);
        free(msg);
    }
    int found;
    maildir_scan("X-DK-Envelope-To: <applicant@example.be>\r\n", 42, &found);
    CHECK_INT(found, 2);
    maildir_scan("Return-Path: <" FROM ">\r\n", strlen("Return-Path: <" FROM ">\r\n"), &found);
    CHECK_INT(found, 2);
}

static void test_tempfail_then_ok(void)
{
    size_t len;
    char *msg = build("tempfail1-x@example.be", "retry me", &len);
    char err[256] = "";
    /* A 4xx to RCPT: this message is deferred, the relay itself works. */
    CHECK_INT(send_to("tempfail1-x@example.be", msg, len, err, sizeof err), DK_SMTP_DEFERRED);
    CHECK(strstr(err, "451") && strstr(err, "4.3.0"));
    err[0] = '\0';
    CHECK_INT(send_to("tempfail1-x@example.be", msg, len, err, sizeof err), DK_SMTP_OK);
    int found;
    CHECK_INT(maildir_scan("Subject: retry me\r\n", 19, &found), 3);
    CHECK_INT(found, 1);
    free(msg);
}

static void test_reject_is_permanent(void)
{
    size_t len;
    char *msg = build("reject-x@example.be", "refused", &len);
    char err[256] = "";
    CHECK_INT(send_to("reject-x@example.be", msg, len, err, sizeof err), DK_SMTP_PERMANENT);
    CHECK(strstr(err, "550") && strstr(err, "5.1.1"));
    CHECK(!strstr(err, "reject-x")); /* no address in the error text */
    free(msg);
}

static void test_oversize_is_permanent(void)
{
    size_t n = 300000;
    char *big = malloc(n + 64);
    int k = snprintf(big, 64, "Subject: big\r\nMessage-ID: <big@dk.local>\r\n\r\n");
    memset(big + k, 'x', n - (size_t)k - 2);
    memcpy(big + n - 2, "\r\n", 2);
    char err[256] = "";
    CHECK_INT(send_to("applicant@example.be", big, n, err, sizeof err), DK_SMTP_PERMANENT);
    CHECK(strstr(err, "552") != NULL);
    free(big);
}

/* A port with nothing listening: bind one, note it, close it. */
static void test_closed_port_is_temporary(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
          getsockname(s, (struct sockaddr *)&a, &al) == 0);
    close(s);
    char closed[64], err[256] = "";
    snprintf(closed, sizeof closed, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    int64_t t0 = now_ms();
    CHECK_INT(dk_smtp_send(closed, NULL, NULL, 0, 5000, FROM, "a@example.be", "x\r\n", 3, err,
                           sizeof err),
              DK_SMTP_TEMPORARY);
    CHECK(now_ms() - t0 < 5000);
    CHECK(err[0] != '\0');
}

/* A server that accepts the connection (backlog) but never greets. */
static void test_silent_server_times_out(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 4) == 0 &&
          getsockname(s, (struct sockaddr *)&a, &al) == 0);
    char silent[64], err[256] = "";
    snprintf(silent, sizeof silent, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    int64_t t0 = now_ms();
    CHECK_INT(
        dk_smtp_send(silent, NULL, NULL, 0, 700, FROM, "a@example.be", "x\r\n", 3, err, sizeof err),
        DK_SMTP_TEMPORARY);
    int64_t took = now_ms() - t0;
    CHECK(took >= 600 && took < 5000);
    CHECK(strstr(err, "imeout") || strstr(err, "timed out"));
    close(s);
}

/* A silent server, and a worker asked to stop: the wait ends at once, long
 * before the transaction's timeout, as DK_SMTP_TEMPORARY. */
static int stop_now;
static int should_stop(void)
{
    return stop_now;
}

static void test_stop_abandons_a_silent_server(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 4) == 0 &&
          getsockname(s, (struct sockaddr *)&a, &al) == 0);
    char silent[64], err[256] = "";
    snprintf(silent, sizeof silent, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    dk_smtp_set_abort_check(should_stop);
    stop_now = 1;
    int64_t t0 = now_ms();
    CHECK_INT(dk_smtp_send(silent, NULL, NULL, 0, 20000, FROM, "a@example.be", "x\r\n", 3, err,
                           sizeof err),
              DK_SMTP_TEMPORARY);
    CHECK(now_ms() - t0 < 3000);
    stop_now = 0;
    dk_smtp_set_abort_check(NULL);
    close(s);
}

/* A relay that greets with 421 (shutting down): the relay's trouble, never
 * the message's, whatever the code's first digit would say elsewhere. */
static void *greet_421(void *arg)
{
    int c = accept(*(int *)arg, NULL, NULL);
    if (c >= 0) {
        static const char line[] = "421 4.3.2 Service shutting down\r\n";
        ssize_t w = write(c, line, sizeof line - 1);
        (void)w;
        sleep_ms(200);
        close(c);
    }
    return NULL;
}

static void test_greeting_421_is_temporary(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 4) == 0 &&
          getsockname(s, (struct sockaddr *)&a, &al) == 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, greet_421, &s) == 0);
    char u[64], err[256] = "";
    snprintf(u, sizeof u, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    dk_smtp_release(); /* no kept connection to another server */
    CHECK_INT(
        dk_smtp_send(u, NULL, NULL, 0, 5000, FROM, "a@example.be", "x\r\n", 3, err, sizeof err),
        DK_SMTP_TEMPORARY);
    CHECK(strstr(err, "421") != NULL);
    pthread_join(t, NULL);
    close(s);
}

/* Our server offers no STARTTLS: a relay that must use TLS cannot be used,
 * which is the relay's problem, not the message's. */
static void test_tls_required_but_missing(void)
{
    size_t len;
    char *msg = build("applicant@example.be", "tls", &len);
    char starttls[80], err[256] = "";
    snprintf(starttls, sizeof starttls, "%s;starttls", url);
    CHECK_INT(dk_smtp_send(starttls, NULL, NULL, 0, 5000, FROM, "applicant@example.be", msg, len,
                           err, sizeof err),
              DK_SMTP_TEMPORARY);
    CHECK(err[0] != '\0');
    err[0] = '\0';
    CHECK_INT(dk_smtp_send(url, NULL, NULL, 1, 5000, FROM, "applicant@example.be", msg, len, err,
                           sizeof err),
              DK_SMTP_TEMPORARY);
    CHECK(err[0] != '\0');
    int found;
    CHECK_INT(maildir_scan(NULL, 0, &found), 3); /* nothing more delivered */
    free(msg);
}

static void test_bad_arguments(void)
{
    char err[256];
    CHECK_INT(dk_smtp_send("http://127.0.0.1:1", NULL, NULL, 0, 1000, FROM, "a@example.be", "x\r\n",
                           3, err, sizeof err),
              DK_SMTP_PERMANENT);
    CHECK(strstr(err, "smtp://"));
    CHECK_INT(dk_smtp_send(url, NULL, NULL, 0, 1000, FROM, "a@example.be\r\nRCPT TO:<b@example.be>",
                           "x\r\n", 3, err, sizeof err),
              DK_SMTP_PERMANENT);
    CHECK(strstr(err, "rcpt_to: address contains a line break"));
    CHECK_INT(dk_smtp_send(url, NULL, NULL, 0, 1000, "<" FROM ">", "a@example.be", "x\r\n", 3, err,
                           sizeof err),
              DK_SMTP_PERMANENT);
    CHECK(strstr(err, "mail_from"));
    CHECK_INT(
        dk_smtp_send(url, NULL, NULL, 0, 0, FROM, "a@example.be", "x\r\n", 3, err, sizeof err),
        DK_SMTP_PERMANENT);

    CHECK_INT(dk_smtp_url_check("smtp://127.0.0.1:2525", err, sizeof err), 0);
    CHECK_INT(dk_smtp_url_check("smtps://mail.example.be", err, sizeof err), 0);
    CHECK_INT(dk_smtp_url_check("smtp://mail.example.be:587;starttls", err, sizeof err), 0);
    CHECK_INT(dk_smtp_url_check("smtp://mail.example.be:587/;STARTTLS", err, sizeof err), 0);
    CHECK_INT(dk_smtp_url_check("smtps://mail.example.be;starttls", err, sizeof err), -1);
    CHECK_INT(dk_smtp_url_check("https://mail.example.be", err, sizeof err), -1);
    CHECK_INT(dk_smtp_url_check("", err, sizeof err), -1);
    CHECK_INT(dk_smtp_url_check(NULL, err, sizeof err), -1);
    CHECK_INT(dk_smtp_url_check("smtp://mail example.be", err, sizeof err), -1);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(maildir, sizeof maildir, "%s/maildir", dir);
    snprintf(ready, sizeof ready, "%s/ready", dir);
    int port = start_server();
    CHECK(port > 0);
    if (port > 0) {
        snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
        test_delivery();
        test_tempfail_then_ok();
        test_reject_is_permanent();
        test_oversize_is_permanent();
        test_tls_required_but_missing();
        test_bad_arguments();
    }
    test_closed_port_is_temporary();
    test_silent_server_times_out();
    test_stop_abandons_a_silent_server();
    test_greeting_421_is_temporary();
    dk_smtp_release();
    CHECK_INT(stop_server(), 0);
    remove_tree();
    DK_TEST_DONE();
}
