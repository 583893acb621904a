/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_guard.c — the connection deadlines of dk_web_guard.h: a list of open
 * connections under one mutex, and a reaper thread that wakes four times a
 * second. The list entry goes away in the "closed" notification, which
 * libmicrohttpd sends before it closes the socket; the reaper writes the
 * answer of a cut body and shuts sockets down under the same mutex, so it
 * never touches a closed descriptor. A body with a minimum pace has its
 * deadline moved on with every byte: it must have sent rate × (t − start)
 * bytes at every time t past the grace, so the deadline is start + the
 * longer of the grace and bytes / rate, never past the body's own bound. */
#include "web/dk_web_guard.h"

#include "core/dk_clock.h"
#include "core/dk_log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct dk_web_guarded {
    dk_web_guard *guard;
    int fd;
    int64_t deadline; /* monotonic ms; 0 = none */
    int answered;     /* requests answered on this connection */
    /* A streamed body (dk_web_guard_body): its start, its own bound, its
     * pace (bytes/s, 0 = none) and grace, the bytes so far, and the answer
     * written when it is cut (NULL: none). */
    int64_t body_start, body_end;
    long rate, grace_ms;
    uint64_t bytes;
    char *answer;
    size_t answer_len;
    int cut_answered; /* this request's body was cut and its answer written */
    dk_web_guarded *prev, *next;
};

/* Back to a plain deadline (under the mutex). */
static void body_done(dk_web_guarded *x)
{
    free(x->answer);
    x->answer = NULL;
    x->answer_len = 0;
    x->rate = 0;
    x->body_end = 0;
}

/* Writes a cut body's answer and reads away what the client had already
 * sent, so that closing does not reset the connection before the client
 * has read it (under the mutex: the descriptor is still open). */
static void write_answer(dk_web_guarded *x)
{
    size_t sent = 0;
    while (sent < x->answer_len) {
        ssize_t n =
            send(x->fd, x->answer + sent, x->answer_len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    char sink[4096];
    for (int i = 0; i < 64 && recv(x->fd, sink, sizeof sink, MSG_DONTWAIT) > 0; i++)
        ;
}

struct dk_web_guard {
    int header_ms;
    void *owner;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    dk_web_guarded *head;
    int stopping;
    long cut;
    pthread_t reaper;
    int reaper_started;
};

static void *reap(void *arg)
{
    dk_web_guard *g = arg;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000)
            ts.tv_sec++, ts.tv_nsec -= 1000000000;
        pthread_cond_timedwait(&g->cv, &g->mu, &ts);
        int64_t now = dk_mono_ms();
        long n = 0, answered = 0;
        for (dk_web_guarded *x = g->head; x; x = x->next)
            if (x->deadline && now >= x->deadline) {
                if (x->answer) {
                    write_answer(x);
                    x->cut_answered = 1;
                    answered++;
                }
                body_done(x);
                shutdown(x->fd, SHUT_RDWR);
                x->deadline = 0;
                n++;
            }
        __atomic_add_fetch(&g->cut, n, __ATOMIC_RELAXED);
        if (n) {
            pthread_mutex_unlock(&g->mu);
            dk_logj(DK_LOG_WARN, "slow_clients_cut",
                    json_pack("{s:I, s:I, s:s}", "connections", (json_int_t)n, "answered_408",
                              (json_int_t)answered, "why",
                              "the request did not arrive within its time bound, or its body "
                              "came slower than its minimum pace"));
            pthread_mutex_lock(&g->mu);
        }
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

dk_web_guard *dk_web_guard_new(int header_ms, void *owner)
{
    dk_web_guard *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->header_ms = header_ms;
    g->owner = owner;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    if (pthread_create(&g->reaper, NULL, reap, g) != 0) {
        dk_web_guard_free(g);
        return NULL;
    }
    g->reaper_started = 1;
    return g;
}

void dk_web_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code)
{
    dk_web_guard *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        dk_web_guarded *x = calloc(1, sizeof *x);
        if (!ci || !x) {
            free(x); /* unguarded: only the idle timeout bounds it */
            *socket_context = NULL;
            return;
        }
        x->guard = g;
        x->fd = ci->connect_fd;
        x->deadline = dk_mono_ms() + g->header_ms;
        pthread_mutex_lock(&g->mu);
        x->next = g->head;
        if (g->head)
            g->head->prev = x;
        g->head = x;
        pthread_mutex_unlock(&g->mu);
        *socket_context = x;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        dk_web_guarded *x = *socket_context;
        if (!x)
            return;
        pthread_mutex_lock(&g->mu);
        if (x->prev)
            x->prev->next = x->next;
        else
            g->head = x->next;
        if (x->next)
            x->next->prev = x->prev;
        pthread_mutex_unlock(&g->mu);
        free(x->answer);
        free(x);
        *socket_context = NULL;
    }
}

dk_web_guarded *dk_web_guard_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void *dk_web_guard_owner(struct MHD_Connection *c)
{
    dk_web_guarded *x = dk_web_guard_of(c);
    return x ? x->guard->owner : NULL;
}

void dk_web_guard_deadline(dk_web_guard *g, dk_web_guarded *x, int ms)
{
    if (!x)
        return;
    pthread_mutex_lock(&g->mu);
    body_done(x);
    x->deadline = ms > 0 ? dk_mono_ms() + ms : 0;
    pthread_mutex_unlock(&g->mu);
}

/* The deadline of a body with a pace (under the mutex). */
static void body_deadline(dk_web_guarded *x)
{
    int64_t d = x->body_start + x->grace_ms;
    if (x->rate > 0) {
        uint64_t paid = x->bytes * 1000 / (uint64_t)x->rate; /* ms the bytes so far cover */
        if (paid > (uint64_t)x->grace_ms)
            d = x->body_start + (int64_t)(paid < (uint64_t)INT32_MAX ? paid : INT32_MAX);
    } else {
        d = x->body_end;
    }
    x->deadline = d < x->body_end ? d : x->body_end;
}

void dk_web_guard_body(dk_web_guard *g, dk_web_guarded *x, int body_ms, int rate, int grace_ms,
                       const char *answer, size_t answer_len)
{
    if (!x)
        return;
    char *copy = answer && answer_len ? malloc(answer_len) : NULL;
    if (copy)
        memcpy(copy, answer, answer_len);
    pthread_mutex_lock(&g->mu);
    body_done(x);
    x->answer = copy;
    x->answer_len = copy ? answer_len : 0;
    x->body_start = dk_mono_ms();
    x->body_end = x->body_start + (body_ms > 0 ? body_ms : 1);
    x->rate = rate > 0 ? rate : 0;
    x->grace_ms = grace_ms > 0 ? grace_ms : 0;
    x->bytes = 0;
    body_deadline(x);
    pthread_mutex_unlock(&g->mu);
}

void dk_web_guard_progress(dk_web_guard *g, dk_web_guarded *x, size_t n)
{
    if (!x)
        return;
    pthread_mutex_lock(&g->mu);
    if (x->rate > 0 && x->deadline) {
        x->bytes += n;
        body_deadline(x);
    }
    pthread_mutex_unlock(&g->mu);
}

void dk_web_guard_next_request(dk_web_guard *g, dk_web_guarded *x)
{
    if (!x)
        return;
    pthread_mutex_lock(&g->mu);
    body_done(x);
    x->answered++;
    x->cut_answered = 0;
    x->deadline = dk_mono_ms() + g->header_ms;
    pthread_mutex_unlock(&g->mu);
}

int dk_web_guard_cut_answered(dk_web_guard *g, const dk_web_guarded *x)
{
    if (!x)
        return 0;
    pthread_mutex_lock(&g->mu);
    int yes = x->cut_answered;
    pthread_mutex_unlock(&g->mu);
    return yes;
}

int dk_web_guard_awaited(dk_web_guard *g)
{
    int n = 0;
    pthread_mutex_lock(&g->mu);
    for (dk_web_guarded *x = g->head; x; x = x->next)
        n += x->answered == 0 && x->deadline != 0;
    pthread_mutex_unlock(&g->mu);
    return n;
}

long dk_web_guard_cut(const dk_web_guard *g)
{
    return __atomic_load_n(&g->cut, __ATOMIC_RELAXED);
}

void dk_web_guard_free(dk_web_guard *g)
{
    if (!g)
        return;
    if (g->reaper_started) {
        pthread_mutex_lock(&g->mu);
        g->stopping = 1;
        pthread_cond_signal(&g->cv);
        pthread_mutex_unlock(&g->mu);
        pthread_join(g->reaper, NULL);
    }
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->cv);
    free(g);
}
