/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_interviewer.c — `dk interviewer add|absent|hours|list`: the operator
 * manages who interviews, in which languages and when. Every change that
 * makes an interviewer unavailable withdraws the appointments it affects and
 * asks the scheduler for new proposals, in the same transaction; a new
 * interviewer, or new hours, give the applications still waiting for a slot
 * in their languages another try. */
#include "belgium/dk_email.h"
#include "belgium/dk_hours.h"
#include "booking/dk_booking.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_utf8.h"
#include "dk.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: dk interviewer add --name NAME --email EMAIL --languages nl,fr --hours "
                    "'mon-fri 09:00-12:00,13:00-17:00'\n"
                    "       dk interviewer absent ID FROM TO   (dates YYYY-MM-DD, TO included, or "
                    "ISO-8601 instants)\n"
                    "       dk interviewer hours ID 'HOURS'\n"
                    "       dk interviewer list [--json]\n");
    return 2;
}

/* "nl,fr" → PostgreSQL array literal "{nl,fr}", each language once. */
static int languages_literal(const char *s, char *out, size_t n, char *err, size_t errlen)
{
    char seen[3][3] = {"", "", ""};
    int count = 0;
    const char *p = s;
    while (*p && count < 3) {
        size_t len = strcspn(p, ",");
        char code[8];
        if (len == 0 || len >= sizeof code) {
            snprintf(err, errlen, "--languages '%s': a comma-separated list of nl, fr, en", s);
            return -1;
        }
        memcpy(code, p, len);
        code[len] = '\0';
        if (strcmp(code, "nl") && strcmp(code, "fr") && strcmp(code, "en")) {
            snprintf(err, errlen, "--languages: '%s' is not one of nl, fr, en", code);
            return -1;
        }
        for (int i = 0; i < count; i++)
            if (strcmp(seen[i], code) == 0) {
                snprintf(err, errlen, "--languages: '%s' is given twice", code);
                return -1;
            }
        memcpy(seen[count++], code, 3); /* two letters and the NUL, checked above */
        p += len;
        if (*p == ',' && (*++p == '\0' || count == 3)) {
            snprintf(err, errlen, "--languages '%s' ends with a comma", s);
            return -1;
        }
    }
    if (count == 0) {
        snprintf(err, errlen, "--languages is empty");
        return -1;
    }
    snprintf(out, n, "{%s%s%s%s%s}", seen[0], count > 1 ? "," : "", seen[1], count > 2 ? "," : "",
             seen[2]);
    return 0;
}

/* Runs fn inside one transaction; prints err and returns 1 on failure. */
static int in_transaction(int (*fn)(PGconn *, void *), void *arg)
{
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    int rc = dk_pg_exec(pg, "BEGIN", err, sizeof err) == 0 ? fn(pg, arg) : 1;
    if (rc == 0 && dk_pg_exec(pg, "COMMIT", err, sizeof err) != 0) {
        fprintf(stderr, "dk: %s\n", err);
        rc = 1;
    }
    if (rc != 0)
        dk_pg_rollback(pg);
    PQfinish(pg);
    return rc;
}

typedef struct {
    const char *name, *email, *hours, *id, *from, *to;
    char languages[16];
    int64_t from_ms, to_ms;
} change;

/* The applications still waiting for a slot in a language this interviewer
 * speaks get another try: the new hours may hold a slot for them. */
static int retry_waiting(PGconn *pg, const char *interviewer_id)
{
    char err[1024];
    json_t *rows = json_array();
    int n = dk_booking_retry_waiting(pg, rows, interviewer_id, 0, dk_now_ms(), err, sizeof err);
    int rc = n > 0 ? dk_outbox_add_rows(pg, rows, err, sizeof err) : n;
    json_decref(rows);
    if (rc != 0)
        fprintf(stderr, "dk: %s\n", err);
    else if (n > 0)
        fprintf(stderr, "dk: %d waiting application%s get another try\n", n, n == 1 ? "" : "s");
    return rc == 0 ? 0 : 1;
}

static int do_add(PGconn *pg, void *arg)
{
    change *c = arg;
    char id[37], err[1024], canon[DK_HOURS_TEXT_MAX];
    dk_hours h;
    dk_hours_parse(c->hours, &h, err, sizeof err);
    dk_hours_format(&h, canon, sizeof canon);
    if (dk_uuid_v4(id) != 0) {
        fprintf(stderr, "dk: no randomness for an id\n");
        return 1;
    }
    const char *p[] = {id, c->name, c->email, c->languages, canon};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO interviewers (id, name, email, languages, hours)"
                              " VALUES ($1, $2, lower($3), $4::text[], $5)"
                              " ON CONFLICT (email) DO NOTHING RETURNING id",
                              5, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    int added = PQntuples(r) == 1;
    PQclear(r);
    if (!added) {
        fprintf(stderr, "dk interviewer add: an interviewer with e-mail %s exists already\n",
                c->email);
        return 1;
    }
    if (retry_waiting(pg, id) != 0)
        return 1;
    printf("%s\n", id);
    return 0;
}

/* Withdraws what the change made impossible and says how many. */
static int withdraw(PGconn *pg, const char *id)
{
    char err[1024];
    long n = dk_booking_withdraw_unavailable(pg, id, dk_now_ms(), err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    fprintf(stderr, "dk: %ld appointment%s withdrawn; new proposals follow by e-mail\n", n,
            n == 1 ? "" : "s");
    return 0;
}

static int lock_interviewer(PGconn *pg, const char *id)
{
    char err[1024];
    const char *p[] = {id};
    PGresult *r = dk_pg_query(pg, "SELECT 1 FROM interviewers WHERE id = $1::uuid FOR UPDATE", 1, p,
                              err, sizeof err);
    int found = r && PQntuples(r) == 1;
    if (!r)
        fprintf(stderr, "dk: %s\n", err);
    else if (!found)
        fprintf(stderr, "dk: no interviewer %s (see: dk interviewer list)\n", id);
    PQclear(r);
    return found ? 0 : 1;
}

static int do_absent(PGconn *pg, void *arg)
{
    change *c = arg;
    if (lock_interviewer(pg, c->id) != 0)
        return 1;
    char err[1024], from[32], to[32];
    dk_iso8601_utc(c->from_ms, from);
    dk_iso8601_utc(c->to_ms, to);
    const char *p[] = {c->id, from, to};
    PGresult *r =
        dk_pg_query(pg,
                    "INSERT INTO interviewer_absences (interviewer_id, starts_at, ends_at)"
                    " VALUES ($1::uuid, $2::timestamptz, $3::timestamptz)",
                    3, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    PQclear(r);
    return withdraw(pg, c->id);
}

static int do_hours(PGconn *pg, void *arg)
{
    change *c = arg;
    if (lock_interviewer(pg, c->id) != 0)
        return 1;
    char err[1024], canon[DK_HOURS_TEXT_MAX];
    dk_hours h;
    dk_hours_parse(c->hours, &h, err, sizeof err);
    dk_hours_format(&h, canon, sizeof canon);
    const char *p[] = {c->id, canon};
    PGresult *r = dk_pg_query(
        pg, "UPDATE interviewers SET hours = $2, updated_at = now() WHERE id = $1::uuid", 2, p, err,
        sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    PQclear(r);
    return withdraw(pg, c->id) || retry_waiting(pg, c->id);
}

/* FROM/TO: a date (whole Brussels days, TO included) or an ISO-8601 instant. */
static int parse_bound(const char *s, int is_end, int64_t *out)
{
    dk_date d;
    if (strlen(s) == 10 && dk_date_parse(s, &d) == 0) {
        *out = dk_brussels_to_utc_ms(is_end ? dk_date_add_days(d, 1) : d, 0);
        return 0;
    }
    return dk_iso8601_parse(s, out);
}

static int list(int json_out)
{
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    char now[32];
    dk_iso8601_utc(dk_now_ms(), now);
    const char *p[] = {now};
    PGresult *r = dk_pg_query(
        pg,
        "SELECT i.id, i.name, i.email, array_to_string(i.languages, ','), i.hours,"
        " (SELECT count(*) FROM appointments p WHERE p.interviewer_id = i.id"
        "  AND p.status IN ('held', 'reserved') AND p.starts_at > $1::timestamptz),"
        " (SELECT coalesce(json_agg(json_build_object('from', dk_iso(b.starts_at), 'to',"
        "  dk_iso(b.ends_at)) ORDER BY b.starts_at), '[]') FROM interviewer_absences b"
        "  WHERE b.interviewer_id = i.id AND b.ends_at > $1::timestamptz)"
        " FROM interviewers i ORDER BY i.name, i.id",
        1, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        PQfinish(pg);
        return 1;
    }
    if (!json_out)
        printf("%-36s  %-24s  %-9s  %-8s  %s\n", "ID", "NAME", "LANGUAGES", "UPCOMING", "HOURS");
    for (int i = 0; i < PQntuples(r); i++) {
        if (json_out) {
            json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "id", PQgetvalue(r, i, 0),
                                  "name", PQgetvalue(r, i, 1), "email", PQgetvalue(r, i, 2),
                                  "languages", PQgetvalue(r, i, 3), "hours", PQgetvalue(r, i, 4),
                                  "upcoming", (json_int_t)atoll(PQgetvalue(r, i, 5)), "absences",
                                  json_loads(PQgetvalue(r, i, 6), 0, NULL));
            char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            printf("%s\n", text);
            free(text);
            json_decref(o);
        } else {
            printf("%-36s  %-24s  %-9s  %-8s  %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
                   PQgetvalue(r, i, 3), PQgetvalue(r, i, 5), PQgetvalue(r, i, 4));
        }
    }
    PQclear(r);
    PQfinish(pg);
    return 0;
}

static int add(int argc, char **argv)
{
    change c = {0};
    const char *languages = NULL;
    for (int i = 2; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--name") == 0        ? &c.name
                            : strcmp(argv[i], "--email") == 0     ? &c.email
                            : strcmp(argv[i], "--languages") == 0 ? &languages
                            : strcmp(argv[i], "--hours") == 0     ? &c.hours
                                                                  : NULL;
        if (!slot || i + 1 >= argc) {
            fprintf(stderr, "dk interviewer add: unexpected '%s'\n", argv[i]);
            return usage();
        }
        *slot = argv[++i];
    }
    if (!c.name || !c.email || !languages || !c.hours)
        return usage();
    char err[512];
    dk_hours h;
    size_t name_len = strlen(c.name);
    if (name_len == 0 || name_len > 200 || !dk_utf8_valid(c.name, name_len)) {
        fprintf(stderr, "dk interviewer add: --name must be 1 to 200 bytes of UTF-8 text\n");
        return 2;
    }
    if (!dk_email_valid(c.email)) {
        fprintf(stderr, "dk interviewer add: --email '%s' is not an e-mail address\n", c.email);
        return 2;
    }
    if (languages_literal(languages, c.languages, sizeof c.languages, err, sizeof err) != 0 ||
        dk_hours_parse(c.hours, &h, err, sizeof err) != 0) {
        fprintf(stderr, "dk interviewer add: %s\n", err);
        return 2;
    }
    return in_transaction(do_add, &c);
}

int dk_cmd_interviewer(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return add(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "list") == 0 &&
        (argc == 2 || (argc == 3 && strcmp(argv[2], "--json") == 0)))
        return list(argc == 3);
    change c = {0};
    char err[512];
    if (argc == 5 && strcmp(argv[1], "absent") == 0) {
        c.id = argv[2];
        if (!dk_uuid_valid(c.id)) {
            fprintf(stderr, "dk interviewer absent: '%s' is not an interviewer id\n", c.id);
            return 2;
        }
        if (parse_bound(argv[3], 0, &c.from_ms) != 0 || parse_bound(argv[4], 1, &c.to_ms) != 0) {
            fprintf(
                stderr,
                "dk interviewer absent: FROM and TO are dates (YYYY-MM-DD) or ISO-8601 instants\n");
            return 2;
        }
        if (c.to_ms <= c.from_ms) {
            fprintf(stderr, "dk interviewer absent: TO (%s) is not after FROM (%s)\n", argv[4],
                    argv[3]);
            return 2;
        }
        return in_transaction(do_absent, &c);
    }
    if (argc == 4 && strcmp(argv[1], "hours") == 0) {
        dk_hours h;
        c.id = argv[2];
        c.hours = argv[3];
        if (!dk_uuid_valid(c.id)) {
            fprintf(stderr, "dk interviewer hours: '%s' is not an interviewer id\n", c.id);
            return 2;
        }
        if (dk_hours_parse(c.hours, &h, err, sizeof err) != 0) {
            fprintf(stderr, "dk interviewer hours: %s\n", err);
            return 2;
        }
        return in_transaction(do_hours, &c);
    }
    return usage();
}
