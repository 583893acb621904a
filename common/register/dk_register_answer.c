/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_register_answer.c — judges what the register answered. The one rule:
 * nothing but a well-formed 200 answer saying "clear" for the document
 * asked is clear; an answer saying "reported" is reported even when the
 * rest of it is poor (the interviewer must see it); everything else is
 * unavailable, with the reason. */
#include "register/dk_register.h"

#include "core/dk_calendar.h"
#include "core/dk_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const known_reasons[] = {"stolen", "lost", "cancelled", "invalidated", NULL};

const char *dk_register_status_name(dk_register_status s)
{
    switch (s) {
    case DK_REGISTER_CLEAR:
        return "clear";
    case DK_REGISTER_REPORTED:
        return "reported";
    default:
        return "unavailable";
    }
}

void dk_register_result_clear(dk_register_result *r)
{
    json_decref(r->said);
    memset(r, 0, sizeof *r);
}

static void unavailable(dk_register_result *out, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void unavailable(dk_register_result *out, const char *reason, const char *fmt, ...)
{
    out->status = DK_REGISTER_UNAVAILABLE;
    snprintf(out->reason, sizeof out->reason, "%s", reason);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->detail, sizeof out->detail, fmt, ap);
    va_end(ap);
}

/* "application/json", any case, alone or before parameters. */
static int is_json_type(const char *ct)
{
    if (!ct)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strlen("application/json");
    if (strncasecmp(ct, "application/json", n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

/* An answer that names a document must name the one asked. */
static int names_other(const json_t *said, const char *key, const char *asked)
{
    const json_t *v = json_object_get(said, key);
    return v && !(json_is_string(v) && strcmp(json_string_value(v), asked) == 0);
}

static void reported(const json_t *said, dk_register_result *out)
{
    out->status = DK_REGISTER_REPORTED;
    const char *reason = json_string_value(json_object_get(said, "reason"));
    snprintf(out->reason, sizeof out->reason, "unspecified");
    for (int i = 0; reason && known_reasons[i]; i++)
        if (strcmp(reason, known_reasons[i]) == 0)
            snprintf(out->reason, sizeof out->reason, "%s", known_reasons[i]);
    const char *since = json_string_value(json_object_get(said, "since"));
    dk_date d;
    if (since && strlen(since) == 10 && dk_date_parse(since, &d) == 0)
        snprintf(out->since, sizeof out->since, "%s", since);
    const char *authority = json_string_value(json_object_get(said, "authority"));
    if (authority && strlen(authority) < sizeof out->authority) {
        int printable = 1;
        for (const unsigned char *p = (const unsigned char *)authority; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                printable = 0;
        if (printable)
            snprintf(out->authority, sizeof out->authority, "%s", authority);
    }
}

void dk_register_parse_answer(long http_status, const char *content_type, const char *body,
                              size_t len, const dk_register_query *q, dk_register_result *out)
{
    dk_register_result_clear(out);
    out->http_status = http_status;
    if (http_status != 200) {
        unavailable(out, "http_status", "the register answered HTTP %ld", http_status);
        return;
    }
    if (len > DK_REGISTER_ANSWER_MAX) {
        unavailable(out, "too_large", "an answer of more than %d bytes", DK_REGISTER_ANSWER_MAX);
        return;
    }
    if (!is_json_type(content_type)) {
        unavailable(out, "bad_answer", "the answer is not application/json");
        return;
    }
    json_error_t jerr;
    json_t *said = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
    if (!said) {
        unavailable(out, "not_json", "the answer is not JSON: %s", jerr.text);
        return;
    }
    if (!json_is_object(said)) {
        json_decref(said);
        unavailable(out, "bad_answer", "the answer is not a JSON object");
        return;
    }
    if (names_other(said, "document_number", q->document_number) ||
        names_other(said, "issuing_state", q->issuing_state)) {
        json_decref(said);
        unavailable(out, "bad_answer", "the answer is about another document");
        return;
    }
    const json_t *status = json_object_get(said, "status");
    const char *s = json_string_value(status);
    if (s && strcmp(s, "reported") == 0) {
        reported(said, out);
    } else if (s && strcmp(s, "clear") == 0) {
        const json_t *reason = json_object_get(said, "reason");
        if (reason && !json_is_null(reason)) {
            json_decref(said);
            unavailable(out, "bad_answer", "a clear answer that gives a reason");
            return;
        }
        out->status = DK_REGISTER_CLEAR;
    } else {
        json_decref(said);
        unavailable(out, "bad_answer",
                    s ? "the answer's status is neither clear nor reported"
                      : "the answer has no status string");
        return;
    }
    out->said = said;
}
