/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_guard.c — the connection deadlines of dk_web_guard.h: a list of open
 * connections under one mutex, and a reaper thread that wakes four times a
 * second. The list entry goes away in the "closed" notification, which
 * libmicrohttpd sends before it closes the socket; the reaper shuts sockets
 * down under the same mutex, so it never touches a closed descriptor. */
#include "web/dk_web_guard.h"

#include "core/dk_clock.h"
#include "core/dk_log.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

struct dk_web_guarded {
    dk_web_guard *guard;
    int fd;
    int64_t deadline; /* monotonic ms; 0 = none */
    int answered;     /* requests answered on this connection */
    dk_web_guarded *prev, *next;
};

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
        long n = 0;
        for (dk_web_guarded *x = g->head; x; x = x->next)
            if (x->deadline && now >= x->deadline) {
                shutdown(x->fd, SHUT_RDWR);
                x->deadline = 0;
                n++;
            }
        __atomic_add_fetch(&g->cut, n, __ATOMIC_RELAXED);
        if (n) {
            pthread_mutex_unlock(&g->mu);
            dk_logj(DK_LOG_WARN, "slow_clients_cut",
                    json_pack("{s:I, s:s}", "connections", (json_int_t)n, "why",
                              "the request did not arrive within its time bound"));
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
    x->deadline = ms > 0 ? dk_mono_ms() + ms : 0;
    pthread_mutex_unlock(&g->mu);
}

void dk_web_guard_next_request(dk_web_guard *g, dk_web_guarded *x)
{
    if (!x)
        return;
    pthread_mutex_lock(&g->mu);
    x->answered++;
    x->deadline = dk_mono_ms() + g->header_ms;
    pthread_mutex_unlock(&g->mu);
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
