/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_pgpool.h — a small fixed pool of PostgreSQL connections for a
 * multi-threaded server: a thread borrows one for a request and gives it
 * back; connections are opened lazily and reopened when found broken, so a
 * restarted database costs at most one failed request per connection. */
#ifndef DK_PGPOOL_H
#define DK_PGPOOL_H

#include <libpq-fe.h>
#include <stddef.h>

typedef struct dk_pgpool dk_pgpool;

/* A pool of at most size connections named application_name (kept, not
 * copied). Connects nothing yet. NULL when memory ran out. */
dk_pgpool *dk_pgpool_new(const char *application_name, int size);

/* Borrows a connection, waiting up to wait_ms for one to be free, and
 * (re)connects it when needed. Returns NULL with err when none became free
 * in time or the database cannot be reached. */
PGconn *dk_pgpool_get(dk_pgpool *p, int wait_ms, char *err, size_t errlen);

/* Gives a connection back: an open transaction is rolled back, a broken
 * connection is closed (the next borrower reconnects). */
void dk_pgpool_put(dk_pgpool *p, PGconn *pg);

/* BEGIN on a borrowed connection; when the connection turns out broken (the
 * server restarted while it sat in the pool) it is reset once and BEGIN is
 * tried again. Returns 0, or -1 with err. */
int dk_pgpool_begin(PGconn *pg, char *err, size_t errlen);

/* Closes every connection; none may be borrowed any more. */
void dk_pgpool_free(dk_pgpool *p);

#endif
