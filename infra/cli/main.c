/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — `dk`, the operator's command line: one small tool over the same
 * configuration, database and topics the pipeline uses. Exit codes: 0 done,
 * 1 failed, 2 usage error. */
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "dk.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <string.h>

PGconn *dk_cli_db(void)
{
    char err[1024];
    PGconn *pg = dk_pg_connect("dk-cli", err, sizeof err);
    if (!pg)
        fprintf(stderr, "dk: cannot connect to PostgreSQL: %s\n", err);
    return pg;
}

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *help;
} command;

/* `dk document check ...` (judging files) and `dk document upload ...`; the
 * upload encrypts with DK_DOCUMENT_KEY, so it refuses the development key
 * outside development as the pipeline's processes do. */
static int document(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "upload") == 0) {
        char err[512];
        if (dk_config_check_secrets(err, sizeof err) != 0) {
            dk_log(DK_LOG_ERROR, "development_secrets_refused", "%s", err);
            return 2;
        }
        return dk_document_upload(argc - 1, argv + 1);
    }
    return dk_cmd_document(argc, argv);
}

static const command commands[] = {
    {"application", dk_cmd_application, "application show ID",
     "the application's current state as one JSON object"},
    {"topics", dk_cmd_topics, "topics",
     "each topic with partitions, messages, and each consumer group's lag"},
    {"document", document, "document check [--kind K] [--side S] FILE...",
     "judge identity-document images: one JSON line per file (verdict, reasons, figures, ms)"},
    {"document", document, "document mrz --text [--surname S --given-names G --birth-date D ...]",
     "parse MRZ lines from standard input (a blank line between documents): one JSON line each"},
    {"document", document, "document upload APP_ID FILE [--kind K] [--side S]",
     "store an image for an application (encrypted) and have the checker judge it"},
    {"interviewer", dk_cmd_interviewer,
     "interviewer add --name N --email E --languages nl,fr --hours H",
     "add an interviewer (prints the id); H like 'mon-fri 09:00-12:00,13:00-17:00'"},
    {"interviewer", dk_cmd_interviewer, "interviewer absent ID FROM TO",
     "record an absence (dates, TO included, or instants); affected interviews are re-proposed"},
    {"interviewer", dk_cmd_interviewer, "interviewer hours ID H",
     "change an interviewer's hours; interviews outside them are re-proposed"},
    {"interviewer", dk_cmd_interviewer, "interviewer list [--json]",
     "every interviewer with languages, hours, upcoming interviews and absences"},
    {"agenda", dk_cmd_agenda, "agenda DATE [--json]",
     "who interviews whom when on that day (Brussels time)"},
    {"staff", dk_cmd_staff,
     "staff add --name N --email E --role interviewer|operator|admin [--interviewer ID]",
     "add a console account; prints {\"staff_id\", \"enrol_url\"}: the one-time enrolment link"},
    {"staff", dk_cmd_staff, "staff list [--json]", "every console account with its role and state"},
    {"staff", dk_cmd_staff, "staff disable ID",
     "disable a console account (no more sign-in) and end its sessions"},
    {"key", dk_cmd_key, "key unlock EMAIL",
     "let a digital key locked after too many failed sign-ins sign in again"},
    {"key", dk_cmd_key, "key revoke EMAIL",
     "end a digital key for good (a lost phone): a new one needs a new request"},
    {"register", dk_cmd_register,
     "register check NUMBER [--state BEL] [--type I] [--application ID] [--json]",
     "ask the document register (DK_REGISTER_URL): clear, reported or unavailable; recorded"},
    {"register", dk_cmd_register,
     "register add NUMBER --reason stolen|lost|cancelled|invalidated [--state BEL] [--type T]",
     "report a document to the development register (dk-register); remove NUMBER, list"},
    {"audit", dk_cmd_audit, "audit APPLICATION_ID [--json]",
     "the audit trail of an application: who did what, from where, when"},
    {"deadletter", dk_cmd_deadletter, "deadletter list [--since TIME] [--group G] [--json]",
     "the messages the workers gave up on, redacted: reason, source, replayed or not; TIME an "
     "instant or a span back (30m, 12h, 7d)"},
    {"deadletter", dk_cmd_deadletter, "deadletter replay ID|--all-since TIME [--group G]",
     "once the cause is fixed, send dead letters back to their topic (same id, key, "
     "partition): handled once more, recorded in the audit trail"},
    {"holds", dk_cmd_holds, "holds expire",
     "free the proposed slots whose hold has run out now (dk-timers does it too)"},
    {"timers", dk_cmd_timers, "timers [--due] [--application ID] [--json]",
     "the deadlines (reminders, proposal expiries, outcome alerts ...): due, fired or "
     "cancelled; --due: open and due now"},
    {"retention", dk_cmd_retention, "retention [--dry-run] [--application ID] [--json]",
     "erase now the document images, captures and personal data whose retention ran out "
     "(dk-timers does it too); --dry-run: list what would go, erase nothing"},
    {"migrate", dk_cmd_migrate, "migrate",
     "apply the schema migrations not yet applied, in order, and record them"},
    {"config", dk_cmd_config, "config [--markdown]",
     "every DK_* setting: its value here, its default and what it does"},
    {NULL, NULL, NULL, NULL},
};

static int help(FILE *out)
{
    fprintf(out, "dk — operator CLI of the digital-key pipeline\n\nusage:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(out, "  dk %s\n      %s\n", c->usage, c->help);
    fprintf(out, "  dk help\n      this list\n");
    fprintf(out, "\nSettings come from DK_* environment variables (see `dk config`);\n"
                 "for the embedded stack: set -a; . var/stack.env; set +a\n");
    return 0;
}

int main(int argc, char **argv)
{
    dk_log_init("dk");
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0)
        return help(argc < 2 ? stderr : stdout) + (argc < 2 ? 2 : 0);
    char err[512];
    if (dk_config_check(err, sizeof err) != 0) {
        fprintf(stderr, "dk: %s\n", err);
        return 2;
    }
    for (const command *c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "dk: unknown command '%s' (see: dk help)\n", argv[1]);
    return 2;
}
