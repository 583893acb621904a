/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_staff.c — `dk staff add|list|disable|unlock`: the accounts of the civil
 * servants who use the interviewer console. `add` prints the one-time
 * enrolment link (SPEC.md: {"staff_id":…, "enrol_url":…}); the link's token
 * exists only in that output, the database keeps its keyed hash. Bad input
 * is refused before anything is written, with exit 2 (usage) or 1 (refused
 * by what the database holds). */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "dk.h"
#include "interview/dk_staff.h"
#include "interview/dk_staff_auth.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: dk staff add --name NAME --email EMAIL --role interviewer|operator|admin"
            " [--interviewer ID]\n"
            "       dk staff list [--json]\n"
            "       dk staff disable ID\n"
            "       dk staff unlock ID\n");
    return 2;
}

/* The sentence for a refusal code of dk_staff_add / dk_staff_disable. */
static const char *explain(const char *code)
{
    static const struct {
        const char *code, *text;
    } t[] = {
        {"name_invalid", "--name must be 1 to 200 bytes of UTF-8 text without control characters"},
        {"email_invalid", "--email is not an e-mail address"},
        {"role_unknown", "--role must be interviewer, operator or admin"},
        {"interviewer_invalid", "--interviewer is not an interviewer id (a UUID)"},
        {"interviewer_not_allowed", "--interviewer is only for --role interviewer"},
        {"email_taken", "a staff account with that e-mail address exists already"},
        {"interviewer_unknown", "no interviewer with that id (see: dk interviewer list)"},
        {"interviewer_taken", "that interviewer has a staff account already"},
        {"interviewer_required",
         "an interviewer's account needs --interviewer ID (no interviewer has that e-mail "
         "address)"},
        {"staff_unknown", "no staff account with that id (see: dk staff list)"},
        {"already_disabled", "that staff account is disabled already"},
        {"not_locked", "that staff account is not locked"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (strcmp(t[i].code, code) == 0)
            return t[i].text;
    return code;
}

static const char *os_user(void)
{
    const char *u = getenv("USER");
    return u && *u ? u : NULL;
}

static int add(int argc, char **argv)
{
    dk_staff_new s = {0};
    for (int i = 2; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--name") == 0          ? &s.name
                            : strcmp(argv[i], "--email") == 0       ? &s.email
                            : strcmp(argv[i], "--role") == 0        ? &s.role
                            : strcmp(argv[i], "--interviewer") == 0 ? &s.interviewer_id
                                                                    : NULL;
        if (!slot || i + 1 >= argc || *slot) {
            fprintf(stderr, "dk staff add: unexpected '%s'%s\n", argv[i],
                    slot && *slot ? " (given twice)" : "");
            return usage();
        }
        *slot = argv[++i];
    }
    if (!s.name || !s.email || !s.role) {
        fprintf(stderr, "dk staff add: --name, --email and --role are required\n");
        return usage();
    }
    const char *refusal = dk_staff_new_refusal(&s);
    if (refusal) {
        fprintf(stderr, "dk staff add: %s (%s)\n", explain(refusal), refusal);
        return 2;
    }
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    char id[37], url[700], err[1024];
    int rc = dk_staff_add(pg, &s, os_user(), dk_now_ms(), id, url, sizeof url, &refusal, err,
                          sizeof err);
    PQfinish(pg);
    if (rc < 0) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    if (rc > 0) {
        fprintf(stderr, "dk staff add: %s (%s)\n", explain(refusal), refusal);
        return 1;
    }
    json_t *o = json_pack("{s:s, s:s}", "staff_id", id, "enrol_url", url);
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("%s\n", text);
    free(text);
    json_decref(o);
    return 0;
}

static int list(int json_out)
{
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    json_t *all = dk_staff_list(pg, dk_now_ms(), err, sizeof err);
    PQfinish(pg);
    if (!all) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    if (!json_out)
        printf("%-36s  %-24s  %-11s  %-17s  %s\n", "ID", "NAME", "ROLE", "STATE", "EMAIL");
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
    {
        if (json_out) {
            char *text = json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER);
            printf("%s\n", text);
            free(text);
        } else {
            printf("%-36s  %-24s  %-11s  %-17s  %s\n", json_string_value(json_object_get(s, "id")),
                   json_string_value(json_object_get(s, "name")),
                   json_string_value(json_object_get(s, "role")),
                   json_string_value(json_object_get(s, "state")),
                   json_string_value(json_object_get(s, "email")));
        }
    }
    json_decref(all);
    return 0;
}

static int disable(const char *id)
{
    if (!dk_uuid_valid(id)) {
        fprintf(stderr, "dk staff disable: '%s' is not a staff id (a UUID)\n", id);
        return 2;
    }
    char err[1024];
    const char *refusal = NULL;
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    int rc = dk_staff_disable(pg, id, os_user(), dk_now_ms(), &refusal, err, sizeof err);
    PQfinish(pg);
    if (rc < 0)
        fprintf(stderr, "dk: %s\n", err);
    else if (rc > 0)
        fprintf(stderr, "dk staff disable: %s (%s)\n", explain(refusal), refusal);
    else
        fprintf(stderr, "dk: staff %s disabled; their sessions are ended\n", id);
    return rc == 0 ? 0 : 1;
}

/* After DK_STAFF_MAX_TRIES wrong sign-ins: the account may sign in again. */
static int unlock(const char *id)
{
    if (!dk_uuid_valid(id)) {
        fprintf(stderr, "dk staff unlock: '%s' is not a staff id (a UUID)\n", id);
        return 2;
    }
    char err[1024];
    const char *refusal = NULL;
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    int rc = dk_staff_unlock(pg, id, os_user(), dk_now_ms(), &refusal, err, sizeof err);
    PQfinish(pg);
    if (rc < 0)
        fprintf(stderr, "dk: %s\n", err);
    else if (rc > 0)
        fprintf(stderr, "dk staff unlock: %s (%s)\n", explain(refusal), refusal);
    else
        fprintf(stderr, "dk: staff %s unlocked\n", id);
    return rc == 0 ? 0 : 1;
}

int dk_cmd_staff(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return add(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "list") == 0 &&
        (argc == 2 || (argc == 3 && strcmp(argv[2], "--json") == 0)))
        return list(argc == 3);
    if (argc == 3 && strcmp(argv[1], "disable") == 0)
        return disable(argv[2]);
    if (argc == 3 && strcmp(argv[1], "unlock") == 0)
        return unlock(argv[2]);
    return usage();
}
