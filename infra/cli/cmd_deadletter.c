/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_deadletter.c — `dk deadletter list [--since TIME] [--group G]
 * [--limit N] [--json]`: the messages the workers gave up on, redacted, with
 * the reason, where the original was and whether it was replayed; and the
 * dispatch to `dk deadletter replay` (cmd_deadletter_replay.c). Read from
 * dead_letters (store/dk_deadletter.h), the source of truth. */
#include "dk.h"
#include "store/dk_deadletter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: dk deadletter list [--since TIME] [--group GROUP] [--limit N] [--json]\n"
            "       dk deadletter replay ID\n"
            "       dk deadletter replay --all-since TIME [--group GROUP]\n"
            "TIME: an instant (2026-12-02T10:00:00Z) or a span back from now (30m, 12h,"
            " 7d)\n");
    return 2;
}

/* "mail.requested" when the (redacted) original is an envelope, else "?". */
static void original_type(const dk_deadletter *d, char *out, size_t cap)
{
    json_t *o = json_loads(d->original, 0, NULL);
    const char *t = json_string_value(json_object_get(o, "type"));
    snprintf(out, cap, "%.60s", t ? t : "not an envelope");
    json_decref(o);
}

static void print_text(const dk_deadletter *d)
{
    char state[96], type[64];
    if (d->replayed_at[0])
        snprintf(state, sizeof state, "replayed %s by %.40s", d->replayed_at,
                 d->replayed_by ? d->replayed_by : "?");
    else
        snprintf(state, sizeof state, "%s", d->replayable ? "replayable" : "not replayable");
    original_type(d, type, sizeof type);
    printf("%-20s  %s  %-14s  %s[%d]@%lld\n", d->at, d->id, d->group, d->topic, (int)d->partition,
           (long long)d->offset);
    printf("    reason:   %s\n", d->reason);
    printf("    original: %s %s, application %s%s\n", type, d->message_id, d->application_id,
           d->redacted ? " (values redacted)" : "");
    printf("    state:    %s\n", state);
}

int dk_cmd_deadletter_list(int argc, char **argv)
{
    dk_deadletter_query q = {0};
    int json_out = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json_out = 1;
        } else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) {
            if (dk_deadletter_since_parse(argv[++i], &q.since_ms, &q.back_s) != 0) {
                fprintf(stderr,
                        "dk deadletter list: '%.60s' is neither an instant"
                        " (2026-12-02T10:00:00Z) nor a span (30m, 12h, 7d)\n",
                        argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc) {
            q.group = argv[++i];
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            char *end;
            q.limit = strtol(argv[++i], &end, 10);
            if (*end || q.limit < 1 || q.limit > 10000) {
                fprintf(stderr, "dk deadletter list: --limit takes 1 to 10000\n");
                return 2;
            }
        } else {
            return usage();
        }
    }
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    dk_deadletter *list;
    size_t n;
    int rc = dk_deadletter_list(pg, &q, &list, &n, err, sizeof err);
    PQfinish(pg);
    if (rc != 0) {
        fprintf(stderr, "dk deadletter list: %s\n", err);
        return rc == 1 ? 2 : 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (json_out) {
            json_t *o = dk_deadletter_json(&list[i]);
            char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            printf("%s\n", text ? text : "{\"error\":\"out of memory\"}");
            free(text);
            json_decref(o);
        } else {
            print_text(&list[i]);
        }
    }
    if (!json_out && n == 0)
        printf("no dead letters%s\n", q.since_ms || q.back_s ? " in that time" : "");
    dk_deadletter_list_free(list, n);
    return 0;
}

int dk_cmd_deadletter(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return dk_cmd_deadletter_list(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "replay") == 0)
        return dk_cmd_deadletter_replay(argc - 1, argv + 1);
    return usage();
}
