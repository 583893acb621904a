/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_metrics_server.c — the listener on the metrics port of every
 * long-running binary (libmicrohttpd, a thread per connection, at most 16
 * connections, 10 s each): GET /metrics (the exposition), /healthz (200
 * while the process is alive) and /readyz (the readiness checks its binary
 * registered: 200, or 503 with what is down). Kept apart from the service's
 * own port so that a container's health check and Prometheus reach it
 * whatever the service's own load and its limits per address. */
#include "metrics/dk_metrics.h"

#include "core/dk_config.h"
#include "core/dk_log.h"
#include "core/dk_ready.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CHECKS 8

typedef struct {
    char name[32];
    dk_metrics_check_fn fn;
    void *arg;
} check;

static check checks[MAX_CHECKS];
/* Held while /readyz runs the checks: removing one waits for them. */
static pthread_mutex_t checks_lock = PTHREAD_MUTEX_INITIALIZER;

int dk_metrics_ready_check(const char *name, dk_metrics_check_fn fn, void *arg)
{
    int rc = -1;
    pthread_mutex_lock(&checks_lock);
    for (int i = 0; i < MAX_CHECKS && rc != 0; i++)
        if (checks[i].fn && !strcmp(checks[i].name, name)) {
            checks[i].fn = fn, checks[i].arg = arg;
            rc = 0;
        }
    for (int i = 0; i < MAX_CHECKS && rc != 0; i++)
        if (!checks[i].fn) {
            snprintf(checks[i].name, sizeof checks[i].name, "%s", name);
            checks[i].fn = fn, checks[i].arg = arg;
            rc = 0;
        }
    pthread_mutex_unlock(&checks_lock);
    return rc;
}

void dk_metrics_ready_remove(const char *name)
{
    pthread_mutex_lock(&checks_lock);
    for (int i = 0; i < MAX_CHECKS; i++)
        if (checks[i].fn && !strcmp(checks[i].name, name))
            checks[i] = (check){0};
    pthread_mutex_unlock(&checks_lock);
}

int dk_metrics_ready(dk_buf *out)
{
    json_t *down = json_object();
    pthread_mutex_lock(&checks_lock);
    int ready = 1;
    for (int i = 0; i < MAX_CHECKS; i++) {
        if (!checks[i].fn)
            continue;
        char why[256] = "";
        if (checks[i].fn(checks[i].arg, why, sizeof why) != 0) {
            ready = 0;
            json_object_set_new(down, checks[i].name, json_string(why[0] ? why : "down"));
        }
    }
    pthread_mutex_unlock(&checks_lock);
    if (out) {
        json_t *doc = ready ? json_pack("{s:s}", "status", "ready")
                            : json_pack("{s:s, s:O}", "status", "unavailable", "down", down);
        char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        if (text)
            dk_buf_appendf(out, "%s\n", text);
        else
            dk_buf_puts(out, ready ? "{\"status\":\"ready\"}\n" : "{\"status\":\"unavailable\"}\n");
        free(text);
        json_decref(doc);
    }
    json_decref(down);
    return ready;
}

/* ---- the listener ---- */

struct dk_metrics_server {
    struct MHD_Daemon *d;
    int port;
};

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type,
                                 dk_buf *body)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        body->len, body->data ? body->data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls, (void)version, (void)upload;
    if (!*con_cls) { /* the headers: answer once the (ignored) body is in */
        *con_cls = (void *)1;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* a body is read away, never kept */
        return MHD_YES;
    }
    dk_buf body = DK_BUF_INIT;
    dk_buf_limit(&body, 8u << 20);
    enum MHD_Result ok;
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (!get) {
        dk_buf_puts(&body, "use GET\n");
        ok = send_text(c, 405, "text/plain; charset=utf-8", &body);
    } else if (!strcmp(url, "/metrics")) {
        if (dk_metrics_expose(&body) == 0) {
            ok = send_text(c, 200, DK_METRICS_CONTENT_TYPE, &body);
        } else {
            dk_buf_free(&body);
            dk_buf_puts(&body, "the exposition could not be built\n");
            ok = send_text(c, 500, "text/plain; charset=utf-8", &body);
        }
    } else if (!strcmp(url, "/healthz")) {
        dk_buf_puts(&body, "ok\n");
        ok = send_text(c, 200, "text/plain; charset=utf-8", &body);
    } else if (!strcmp(url, "/readyz")) {
        int ready = dk_metrics_ready(&body);
        ok = send_text(c, ready ? 200 : 503, "application/json", &body);
    } else {
        dk_buf_puts(&body, "not found: /metrics, /healthz or /readyz\n");
        ok = send_text(c, 404, "text/plain; charset=utf-8", &body);
    }
    dk_buf_free(&body);
    return ok;
}

static void quiet_logger(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void quiet_logger(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    dk_log(DK_LOG_DEBUG, "metrics_http", "%s", msg);
}

static void register_process_metrics(const char *service)
{
    dk_metrics_set(dk_metrics_with(dk_metrics_gauge("dk_service_info",
                                                    "1, labelled with the service this process "
                                                    "runs (intake, recorder, ...).",
                                                    "service"),
                                   service),
                   1);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts); /* the real start, whatever DK_NOW says */
    dk_metrics_series *start = dk_metrics_with(
        dk_metrics_gauge("process_start_time_seconds",
                         "Start time of the process since the Unix epoch in seconds.", NULL));
    if (dk_metrics_value(start, NULL) == 0)
        dk_metrics_set(start, (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0);
}

dk_metrics_server *dk_metrics_serve_on(const char *service, const char *bind, int port, char *err,
                                       size_t errlen)
{
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (port < 0 || port > 65535 || !bind || inet_pton(AF_INET, bind, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "%s: the metrics address '%s:%d' is not an IPv4 address and port",
                 service, bind ? bind : "", port);
        return NULL;
    }
    dk_metrics_server *ms = calloc(1, sizeof *ms);
    if (!ms) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    register_process_metrics(service);
    ms->d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, quiet_logger,
        NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_CONNECTION_LIMIT, (unsigned)16,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)32768, MHD_OPTION_END);
    if (!ms->d) {
        snprintf(err, errlen, "%s: cannot listen on %s:%d for metrics (in use?)", service, bind,
                 port);
        free(ms);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(ms->d, MHD_DAEMON_INFO_BIND_PORT);
    ms->port = info ? info->port : port;
    return ms;
}

dk_metrics_server *dk_metrics_serve(const char *service)
{
    char err[256];
    const char *bind = dk_config_str("DK_METRICS_BIND");
    dk_metrics_server *ms =
        dk_metrics_serve_on(service, bind, (int)dk_config_int("DK_METRICS_PORT"), err, sizeof err);
    if (!ms) {
        dk_log(DK_LOG_ERROR, "metrics_unavailable", "%s", err);
        return NULL;
    }
    char url[128];
    snprintf(url, sizeof url, "http://%s:%d", strcmp(bind, "0.0.0.0") ? bind : "127.0.0.1",
             ms->port);
    const char *ready_file = dk_config_str("DK_METRICS_READY_FILE");
    if (*ready_file && dk_ready_file_write(ready_file, url) != 0)
        dk_log(DK_LOG_ERROR, "metrics_unavailable", "cannot write %s", ready_file);
    dk_logj(DK_LOG_INFO, "metrics_listening", json_pack("{s:s}", "url", url));
    return ms;
}

int dk_metrics_server_port(const dk_metrics_server *ms)
{
    return ms ? ms->port : 0;
}

void dk_metrics_stop(dk_metrics_server *ms)
{
    if (!ms)
        return;
    MHD_stop_daemon(ms->d);
    free(ms);
}
