/* SPDX-License-Identifier: EUPL-1.2 */
/* dashboard.h — dk-dashboard, what the people who run the service look at:
 * its own consumer group reads every topic of schemas/topics.tsv from the
 * oldest message the broker keeps and folds each into the figures of
 * common/dash; a second thread asks the broker for every group's lag; the
 * page (server-rendered HTML with SVG charts, nl/fr/en) and the same
 * figures as JSON are for staff of role operator or admin, signed in with
 * the console's accounts (common/staffweb). Shared state and the pieces'
 * interfaces. */
#ifndef DK_DASHBOARD_H
#define DK_DASHBOARD_H

#include "dash/dk_dash.h"
#include "staffweb/dk_staffweb.h"
#include "store/dk_pgpool.h"
#include "web/dk_web.h"
#include "web/dk_web_page.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#define DK_DASHBOARD_CSP                                                                           \
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "                \
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

#define DK_DASHBOARD_SESSION_COOKIE(secure) DK_WEB_COOKIE(secure, "dk_dashboard")
#define DK_DASHBOARD_FORM_COOKIE(secure) DK_WEB_COOKIE(secure, "dk_dashboard_form")

/* Partitions per topic the consumer follows positions of. */
#define DK_DASHBOARD_MAX_PARTITIONS 256

typedef struct {
    /* the figures and what guards them */
    pthread_mutex_t lock;
    dk_dash *dash;
    json_t *lag;       /* the last lag reading: array of rows, or NULL */
    char lag_at[32];   /* when it was read */
    char lag_err[256]; /* why the last reading failed, or "" */
    /* the consumer's progress (under lock) */
    int64_t consumed;      /* messages read */
    int64_t started_ms;    /* monotonic, when it started reading */
    int64_t caught_up_ms;  /* monotonic, when it had read what the topics held at start; 0 */
    int64_t backlog_start; /* messages the topics held at start */
    /* configuration */
    const char *group;
    int lag_ms;
    /* the web side */
    dk_pgpool *pool;
    dk_web *web;
    dk_web_pages *pages;
    dk_staffweb staff;
    int secure, trust_proxy, max_tries;
    const char *csrf_key;
} dk_board;

/* consume.c: the consumer, made and subscribed before the threads start
 * (0; -1, logged, when librdkafka refuses its configuration), then its
 * thread (runs until dk_board_stopping()). */
int dk_board_open_consumer(dk_board *b);
void *dk_board_consume(void *arg);
/* The next offset the consumer will fold of a partition, -1 before its
 * first; call with b->lock held. */
int64_t dk_board_position(const char *topic, int32_t partition);
/* lag.c: the lag thread. */
void *dk_board_lag(void *arg);
int dk_board_stopping(void);
void dk_board_stop(void);

/* The figures with the lag and the consumer's progress: a new reference
 * (NULL: no memory). */
json_t *dk_board_snapshot(dk_board *b);

/* page.c: the page's template values from a snapshot (borrowed). */
json_t *dk_board_page_vars(const json_t *snap, const char *lang);

/* route.c: every request. */
void dk_board_route(void *cls, const dk_web_request *rq, dk_web_reply *r);

/* Embedded files: the page's script and stylesheet. */
extern const char dk_dashboard_js[];
extern const char dk_dashboard_css[];
extern const dk_render_template dk_dashboard_templates[];

#endif
