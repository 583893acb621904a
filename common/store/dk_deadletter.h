/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_deadletter.h — dead letters, written, read and replayed in one place:
 * the consumer runtime records one when a worker gives up on a message,
 * `dk deadletter list|replay` and the dashboard read them. A dead letter is
 * a row of dead_letters (schemas/sql/014_dead_letters.sql, the source of
 * truth: written in the worker's transaction, it keeps the original sealed
 * for an exact replay and the replay's state) and a message on
 * dk.deadletter (schemas/messages/deadletter.json: the redacted feed for
 * dashboards and kcat). Both show the same redacted text: secret fields,
 * personal fields found in clear and e-mail addresses replaced by
 * "[redacted]"; what was sealed stays sealed. */
#ifndef DK_DEADLETTER_H
#define DK_DEADLETTER_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* ---- redaction (no database, no key) ---- */

/* The original as a dead letter shows it: a JSON text re-serialised with
 * every secret field (core/dk_redact.h), every personal field of its
 * message type found in clear (store/dk_personal.h) and every e-mail
 * address inside a string replaced; any other text with its e-mail
 * addresses replaced; NULL when it is not UTF-8 or memory ran out.
 * *replaced counts the replaced values (may be NULL). malloc'd. */
char *dk_deadletter_redact(const char *payload, size_t len, int *replaced);

/* Replaces, in place, every e-mail address inside text (NUL-terminated, in
 * a buffer of cap bytes) with "[redacted]", as far as the buffer allows
 * (the text is cut where one would not fit). Returns how many. */
int dk_deadletter_mask_emails(char *text, size_t cap);

/* ---- one dead letter ---- */

typedef struct {
    char id[37];             /* the dead letter's id */
    char message_id[37];     /* the original's id */
    char application_id[37]; /* the nil UUID when the original named none */
    char at[32];             /* when (ISO-8601 UTC): the database's clock, or the topic's time */
    char *reason, *group, *service;
    char *topic, *key; /* where the original was: topic, partition, offset, key */
    int32_t partition;
    int64_t offset;
    char *original; /* redacted (dk_deadletter_redact) */
    int redacted;   /* how many values original had replaced */
    /* From the database only (dk_deadletter_list); from the topic: 0 / "". */
    int replayable;       /* the original is kept sealed and is a message envelope */
    char replayed_at[32]; /* "" until replayed */
    char *replayed_by;    /* NULL until replayed */
} dk_deadletter;

/* Fills d from a message of dk.deadletter (its text, as on the topic),
 * redacting its original and reason again (a dead letter written before
 * this version, or by another producer, shows no more than one of now).
 * Returns 0, or -1 with err when it is not a deadletter v1 envelope (d is
 * then empty: dk_deadletter_clear is safe). */
int dk_deadletter_parse(const char *text, size_t len, dk_deadletter *d, char *err, size_t errlen);

/* One JSON object: id, at, group, service, reason, source {topic,
 * partition, offset, key, message_id}, application_id (null for none),
 * original, redacted, and replayable, replayed_at, replayed_by (null until
 * replayed). A new reference, NULL when memory ran out. */
json_t *dk_deadletter_json(const dk_deadletter *d);

void dk_deadletter_clear(dk_deadletter *d);

/* ---- written by the consumer runtime ---- */

typedef struct {
    const char *reason, *group, *service;
    const char *topic, *key, *message_id;
    int32_t partition;
    int64_t offset;
    const char *payload; /* the original's bytes as received */
    size_t len;
    /* The original's application id when it parsed as a message envelope,
     * else NULL: then it cannot be replayed. */
    const char *application_id;
} dk_deadletter_source;

/* Inside the caller's open transaction: the row of dead_letters (with the
 * original sealed) and the message for dk.deadletter in the outbox, under
 * a fresh id (a replayed message that fails again is a new dead letter).
 * Returns 0, or -1 with err. */
int dk_deadletter_record(PGconn *pg, const dk_deadletter_source *s, char *err, size_t errlen);

/* ---- read and replayed by operators ---- */

/* When a listing or a replay starts: "2026-12-02T10:00:00Z" (ISO-8601, see
 * dk_iso8601_parse) or a span back from now, "90s", "30m", "12h", "7d"
 * (1 to 3650 days' worth). Returns 0 and fills one of *at_ms (an instant)
 * or *back_s (a span; *at_ms then 0), or -1. */
int dk_deadletter_since_parse(const char *text, int64_t *at_ms, int64_t *back_s);

typedef struct {
    int64_t since_ms, back_s; /* from dk_deadletter_since_parse; both 0: from the first */
    const char *group;        /* NULL: every group */
    int unreplayed_only;      /* 1: only those not replayed yet */
    long limit;               /* the newest `limit` (0: 200) */
} dk_deadletter_query;

/* The dead letters the query selects, oldest first (*out malloc'd, free
 * with dk_deadletter_list_free). Returns 0; 1 when the query's instant is
 * later than the database's now (*out NULL, err says so); -1 with err. */
int dk_deadletter_list(PGconn *pg, const dk_deadletter_query *q, dk_deadletter **out, size_t *n,
                       char *err, size_t errlen);
void dk_deadletter_list_free(dk_deadletter *list, size_t n);

/* A dead letter taken for a replay: the original as it was received. */
typedef struct {
    dk_deadletter letter;
    char *payload; /* the original's exact bytes (a JSON text) */
    size_t len;
} dk_deadletter_replay;

/* Inside the caller's open transaction: locks dead letter id, checks it can
 * be replayed, opens its original, removes its group's "handled" mark of
 * the original's id (so that group handles it once more; every other group
 * still skips it) and records it replayed by `by`. The caller then sends
 * r->payload to r->letter.topic, partition r->letter.partition, key
 * r->letter.key, and commits only once the broker took it (or rolls back:
 * nothing happened). Returns 0; 1 refused, with *refusal one of
 * "unknown" (no such dead letter), "replayed" (already: r->letter says
 * when and by whom), "not_replayable" (its original was no message
 * envelope), "unopenable" (sealed under a key this process does not
 * have; err says why); -1 with err. Free r with
 * dk_deadletter_replay_free. */
int dk_deadletter_replay_take(PGconn *pg, const char *id, const char *by, dk_deadletter_replay *r,
                              const char **refusal, char *err, size_t errlen);
void dk_deadletter_replay_free(dk_deadletter_replay *r);

#endif
