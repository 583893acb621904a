/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_register.c — `dk register add|remove|list|check`: the development
 * register's reports (table register_reports, which dk-register answers
 * from) and a check of one document against the register DK_REGISTER_URL
 * names, recorded like the pipeline's (common/register). Exit 0 done (a
 * check: whatever it answered, see its status), 1 failed or nothing to
 * remove, 2 usage. */
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "dk.h"
#include "register/dk_register.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: dk register add NUMBER --reason stolen|lost|cancelled|invalidated"
                    " [--state BEL] [--type I|P|…] [--since YYYY-MM-DD] [--note TEXT]\n"
                    "       dk register remove NUMBER [--state BEL] [--type T]\n"
                    "       dk register list [--json]\n"
                    "       dk register check NUMBER [--state BEL] [--type I] [--application ID]"
                    " [--json]\n");
    return 2;
}

typedef struct {
    const char *number, *state, *type, *reason, *since, *note, *application;
    int json;
} args;

/* NUMBER then options; which options a subcommand takes is its own check. */
static int parse(int argc, char **argv, args *a, int want_number)
{
    memset(a, 0, sizeof *a);
    a->state = "BEL";
    int i = 2;
    if (want_number) {
        if (argc < 3 || argv[2][0] == '-')
            return -1;
        a->number = argv[2];
        i = 3;
    }
    for (; i < argc; i++) {
        const char *o = argv[i];
        const char **slot = !strcmp(o, "--state")         ? &a->state
                            : !strcmp(o, "--type")        ? &a->type
                            : !strcmp(o, "--reason")      ? &a->reason
                            : !strcmp(o, "--since")       ? &a->since
                            : !strcmp(o, "--note")        ? &a->note
                            : !strcmp(o, "--application") ? &a->application
                                                          : NULL;
        if (!strcmp(o, "--json")) {
            a->json = 1;
        } else if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else {
            fprintf(stderr, "dk register: unexpected '%s'\n", o);
            return -1;
        }
    }
    return 0;
}

static int valid_reason(const char *r)
{
    return r && (!strcmp(r, "stolen") || !strcmp(r, "lost") || !strcmp(r, "cancelled") ||
                 !strcmp(r, "invalidated"));
}

/* The number, state and type (checked as the adapter checks them; a
 * missing type only for add and remove: every type). */
static int document(const args *a, dk_register_query *q, int type_required)
{
    char err[256];
    if (dk_register_query_make(q, a->type ? a->type : "I", a->number, a->state, err, sizeof err) !=
        0) {
        fprintf(stderr, "dk register: %s\n", err);
        return -1;
    }
    if (!a->type && !type_required)
        q->document_type[0] = '\0';
    return 0;
}

static int run(PGconn *pg, const char *sql, int n, const char *const *p, PGresult **out)
{
    char err[1024];
    PGresult *r = dk_pg_query(pg, sql, n, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s", err);
        return -1;
    }
    if (out)
        *out = r;
    else
        PQclear(r);
    return 0;
}

static int add(const args *a)
{
    dk_register_query q;
    if (document(a, &q, 0) != 0)
        return 2;
    if (!valid_reason(a->reason)) {
        fprintf(stderr, "dk register add: --reason stolen|lost|cancelled|invalidated\n");
        return 2;
    }
    char today[32], now[32];
    int64_t now_ms = dk_now_ms();
    dk_iso8601_brussels(now_ms, today);
    today[10] = '\0';
    dk_iso8601_utc(now_ms, now);
    dk_date d;
    if (a->since && (strlen(a->since) != 10 || dk_date_parse(a->since, &d) != 0)) {
        fprintf(stderr, "dk register add: --since YYYY-MM-DD\n");
        return 2;
    }
    if (a->note && strlen(a->note) > 200) {
        fprintf(stderr, "dk register add: --note is at most 200 characters\n");
        return 2;
    }
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    const char *p[] = {q.document_number,
                       q.issuing_state,
                       q.document_type[0] ? q.document_type : NULL,
                       a->reason,
                       a->since ? a->since : today,
                       a->note,
                       now};
    int rc = run(pg,
                 "INSERT INTO register_reports (document_number, issuing_state, document_type,"
                 " reason, since, note, created_at) VALUES ($1, $2, $3, $4, $5::date, $6,"
                 " $7::timestamptz) ON CONFLICT (document_number, issuing_state, document_type)"
                 " DO UPDATE SET reason = EXCLUDED.reason, since = EXCLUDED.since,"
                 " note = EXCLUDED.note",
                 7, p, NULL);
    PQfinish(pg);
    if (rc != 0)
        return 1;
    fprintf(stderr, "dk: %s (%s%s%s) reported %s\n", q.document_number, q.issuing_state,
            q.document_type[0] ? ", " : "", q.document_type, a->reason);
    return 0;
}

static int remove_report(const args *a)
{
    dk_register_query q;
    if (document(a, &q, 0) != 0)
        return 2;
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    const char *p[] = {q.document_number, q.issuing_state,
                       q.document_type[0] ? q.document_type : NULL};
    PGresult *r = NULL;
    int rc = run(pg,
                 "DELETE FROM register_reports WHERE document_number = $1 AND issuing_state = $2"
                 " AND ($3::text IS NULL OR document_type IS NOT DISTINCT FROM $3)",
                 3, p, &r);
    PQfinish(pg);
    if (rc != 0)
        return 1;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    if (n == 0) {
        fprintf(stderr, "dk register remove: no report of %s (%s)\n", q.document_number,
                q.issuing_state);
        return 1;
    }
    fprintf(stderr, "dk: %d report%s of %s (%s) removed\n", n, n == 1 ? "" : "s", q.document_number,
            q.issuing_state);
    return 0;
}

static int list(const args *a)
{
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    PGresult *r = NULL;
    int rc = run(pg,
                 "SELECT document_number, issuing_state, document_type, reason, since::text, note"
                 " FROM register_reports ORDER BY issuing_state, document_number, document_type",
                 0, NULL, &r);
    PQfinish(pg);
    if (rc != 0)
        return 1;
    if (!a->json && PQntuples(r) > 0)
        printf("%-20s  %-5s  %-4s  %-11s  %-10s  %s\n", "NUMBER", "STATE", "TYPE", "REASON",
               "SINCE", "NOTE");
    for (int i = 0; i < PQntuples(r); i++) {
        const char *type = PQgetisnull(r, i, 2) ? NULL : PQgetvalue(r, i, 2);
        const char *note = PQgetisnull(r, i, 5) ? NULL : PQgetvalue(r, i, 5);
        if (!a->json) {
            printf("%-20s  %-5s  %-4s  %-11s  %-10s  %s\n", PQgetvalue(r, i, 0),
                   PQgetvalue(r, i, 1), type ? type : "any", PQgetvalue(r, i, 3),
                   PQgetvalue(r, i, 4), note ? note : "");
            continue;
        }
        json_t *o =
            json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?}", "document_number", PQgetvalue(r, i, 0),
                      "issuing_state", PQgetvalue(r, i, 1), "document_type", type, "reason",
                      PQgetvalue(r, i, 3), "since", PQgetvalue(r, i, 4), "note", note);
        char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        if (text)
            printf("%s\n", text);
        free(text);
        json_decref(o);
    }
    PQclear(r);
    return 0;
}

static int check(const args *a)
{
    dk_register_query q;
    if (document(a, &q, 1) != 0)
        return 2;
    if (a->application && !dk_uuid_valid(a->application)) {
        fprintf(stderr, "dk register check: --application takes an application id\n");
        return 2;
    }
    /* The record's hash is keyed by DK_DOCUMENT_KEY: not the development
     * key outside development, as for the pipeline's processes. */
    char err[1024];
    if (dk_config_check_secrets(err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "development_secrets_refused", "%s", err);
        return 2;
    }
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    dk_register_config c;
    dk_register_config_load(&c);
    dk_register_result res = {0};
    dk_register_check(&c, &q, &res);
    char id[37];
    int rc = dk_register_record(pg, a->application, &q, &res, id, err, sizeof err);
    PQfinish(pg);
    if (rc != 0) {
        fprintf(stderr, "dk: the check was made (%s) but not recorded: %s\n",
                dk_register_status_name(res.status), err);
        dk_register_result_clear(&res);
        return 1;
    }
    if (a->json) {
        json_t *o = dk_register_result_json(&res);
        json_t *head =
            json_pack("{s:s, s:s, s:s, s:s, s:s?}", "check_id", id, "document_type",
                      q.document_type, "issuing_state", q.issuing_state, "document_number",
                      q.document_number, "application_id", a->application);
        if (!o || !head || json_object_update(head, o) != 0) {
            fprintf(stderr, "dk: out of memory\n");
            rc = 1;
        } else {
            char *text = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (text)
                printf("%s\n", text);
            free(text);
        }
        json_decref(o);
        json_decref(head);
    } else if (res.status == DK_REGISTER_REPORTED) {
        printf("%s (%s, %s): reported %s%s%s%s%s\n", q.document_number, q.issuing_state,
               q.document_type, res.reason, res.since[0] ? " since " : "", res.since,
               res.authority[0] ? " by " : "", res.authority);
    } else if (res.status == DK_REGISTER_CLEAR) {
        printf("%s (%s, %s): clear (not reported stolen, lost or cancelled)\n", q.document_number,
               q.issuing_state, q.document_type);
    } else {
        printf("%s (%s, %s): unavailable: %s (%s) after %d request%s — not a clear answer\n",
               q.document_number, q.issuing_state, q.document_type, res.reason, res.detail,
               res.attempts, res.attempts == 1 ? "" : "s");
    }
    dk_register_result_clear(&res);
    return rc;
}

int dk_cmd_register(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *sub = argv[1];
    int number = strcmp(sub, "list") != 0;
    args a;
    if (parse(argc, argv, &a, number) != 0)
        return usage();
    if (!strcmp(sub, "add"))
        return a.json || a.application ? usage() : add(&a);
    if (!strcmp(sub, "remove"))
        return a.json || a.application || a.reason || a.since || a.note ? usage()
                                                                        : remove_report(&a);
    if (!strcmp(sub, "list"))
        return a.type || a.reason || a.since || a.note || a.application ? usage() : list(&a);
    if (!strcmp(sub, "check"))
        return a.reason || a.since || a.note ? usage() : check(&a);
    return usage();
}
