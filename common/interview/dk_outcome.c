/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_outcome.c — the outcome rules (see dk_outcome.h): codes, refusals,
 * statuses and transitions, without any I/O. */
#include "interview/dk_outcome.h"

#include "booking/dk_missing_items.h"

#include "core/dk_utf8.h"

#include <string.h>

static const char *const kinds[DK_OUTCOME_KINDS] = {"approved", "missing_information", "rejected",
                                                    "no_show"};
static const char *const reasons[] = {"document_expired",
                                      "document_not_primary",
                                      "person_mismatch",
                                      "document_forged_suspected",
                                      "document_reported_stolen",
                                      "document_cancelled",
                                      "data_mismatch",
                                      "session_code_failed",
                                      "applicant_absent",
                                      "other",
                                      NULL};
static const char *const checks[DK_OUTCOME_CHECKS] = {"primary_document", "document_valid",
                                                      "not_forged",       "not_stolen",
                                                      "person_matches",   "data_matches"};
static const char *const refusals[] = {"outcome_unknown",
                                       "too_early",
                                       "reason_unknown",
                                       "reason_duplicate",
                                       "too_many_items",
                                       "reasons_not_allowed",
                                       "missing_items_not_allowed",
                                       "missing_items_required",
                                       "missing_item_unknown",
                                       "missing_item_duplicate",
                                       "missing_text_required",
                                       "missing_text_not_allowed",
                                       "motivation_required",
                                       "reason_required",
                                       "absent_is_no_show",
                                       "no_show_reason_invalid",
                                       "fraud_requires_rejection",
                                       "text_invalid",
                                       "text_too_long",
                                       "correction_reason_required",
                                       "check_missing",
                                       "check_failed",
                                       "features_not_checked",
                                       "feature_not_seen",
                                       "session_code_unverified",
                                       NULL};

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

const char *dk_outcome_kind(size_t i)
{
    return i < DK_OUTCOME_KINDS ? kinds[i] : NULL;
}

int dk_outcome_kind_known(const char *kind)
{
    return in_list(kinds, DK_OUTCOME_KINDS, kind);
}

const char *dk_outcome_reason(size_t i)
{
    return i < sizeof reasons / sizeof *reasons ? reasons[i] : NULL;
}

int dk_outcome_reason_known(const char *code)
{
    return in_list(reasons, sizeof reasons / sizeof *reasons, code);
}

const char *dk_outcome_check(size_t i)
{
    return i < DK_OUTCOME_CHECKS ? checks[i] : NULL;
}

int dk_outcome_check_known(const char *key)
{
    return in_list(checks, DK_OUTCOME_CHECKS, key);
}

const char *dk_outcome_refusal_code(size_t i)
{
    return i < sizeof refusals / sizeof *refusals ? refusals[i] : NULL;
}

void dk_outcome_checks_none(dk_outcome_checks *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < DK_OUTCOME_CHECKS; i++)
        c->check[i] = -1;
}

static int given(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

/* "text_invalid", "text_too_long" or NULL for an optional free text:
 * UTF-8, no control character but tab and line breaks, at most max code
 * points. */
static const char *text_refusal(const char *s, size_t max)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    if (!dk_utf8_valid(s, len))
        return "text_invalid";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)
            return "text_invalid";
    return dk_utf8_count(s) > max ? "text_too_long" : NULL;
}

/* A duplicate in list, or an unknown code (known() false): the refusal. */
static const char *codes_refusal(const char *const *list, size_t n, int (*known)(const char *),
                                 const char *unknown, const char *duplicate)
{
    if (n > DK_OUTCOME_MAX_ITEMS)
        return "too_many_items";
    for (size_t i = 0; i < n; i++) {
        if (!known(list[i]))
            return unknown;
        for (size_t j = 0; j < i; j++)
            if (strcmp(list[i], list[j]) == 0)
                return duplicate;
    }
    return NULL;
}

static int has(const char *const *list, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] && strcmp(list[i], code) == 0)
            return 1;
    return 0;
}

static const char *approval_refusal(const dk_outcome_checks *c)
{
    for (size_t i = 0; i < DK_OUTCOME_CHECKS; i++)
        if (c->check[i] < 0)
            return "check_missing";
    for (size_t i = 0; i < DK_OUTCOME_CHECKS; i++)
        if (c->check[i] == 0)
            return "check_failed";
    if (c->features_drawn < 3 || c->features_seen + c->features_not_seen < c->features_drawn)
        return "features_not_checked";
    if (c->features_not_seen > 0)
        return "feature_not_seen";
    if (!c->session_code_verified)
        return "session_code_unverified";
    return NULL;
}

const char *dk_outcome_refusal(const dk_outcome_input *in, const dk_outcome_checks *c,
                               int64_t now_ms, int64_t interview_start_ms)
{
    const char *o = in->outcome, *why;
    if (!dk_outcome_kind_known(o))
        return "outcome_unknown";
    if (now_ms < interview_start_ms)
        return "too_early";
    int approved = !strcmp(o, "approved"), missing = !strcmp(o, "missing_information"),
        rejected = !strcmp(o, "rejected"), no_show = !strcmp(o, "no_show");
    if ((why = codes_refusal(in->reasons, in->nreasons, dk_outcome_reason_known, "reason_unknown",
                             "reason_duplicate")) ||
        (why = codes_refusal(in->missing_items, in->nmissing, dk_missing_item_known,
                             "missing_item_unknown", "missing_item_duplicate")))
        return why;
    if ((why = text_refusal(in->motivation, DK_OUTCOME_MOTIVATION_MAX)) ||
        (why = text_refusal(in->missing_text, DK_OUTCOME_TEXT_MAX)) ||
        (why = text_refusal(in->correction_reason, DK_OUTCOME_TEXT_MAX)))
        return why;
    if (in->correction_reason && !given(in->correction_reason))
        return "correction_reason_required";
    if ((approved || missing) && in->nreasons > 0)
        return "reasons_not_allowed";
    if (!missing && in->nmissing > 0)
        return "missing_items_not_allowed";
    if (!missing && given(in->missing_text))
        return "missing_text_not_allowed";
    if (in->fraud_suspected && !rejected)
        return "fraud_requires_rejection";
    if (missing) {
        if (in->nmissing == 0)
            return "missing_items_required";
        if (has(in->missing_items, in->nmissing, "other") && !given(in->missing_text))
            return "missing_text_required";
    }
    if (rejected) {
        if (in->nreasons == 0)
            return "reason_required";
        if (has(in->reasons, in->nreasons, "applicant_absent"))
            return "absent_is_no_show";
        if (!given(in->motivation))
            return "motivation_required";
    }
    if (no_show &&
        (in->nreasons > 1 || (in->nreasons == 1 && strcmp(in->reasons[0], "applicant_absent"))))
        return "no_show_reason_invalid";
    if (approved)
        return c ? approval_refusal(c) : "check_missing";
    return NULL;
}

const char *dk_outcome_status(const char *outcome)
{
    if (!dk_outcome_kind_known(outcome))
        return NULL;
    return strcmp(outcome, "approved") == 0 ? "awaiting_activation" : outcome;
}

int dk_outcome_is_outcome_status(const char *status)
{
    static const char *const statuses[] = {"awaiting_activation", "missing_information", "rejected",
                                           "no_show"};
    return in_list(statuses, 4, status);
}

int dk_outcome_transition_allowed(const char *from, const char *to)
{
    if (!from || !to)
        return 0;
    if (strcmp(from, to) == 0)
        return 1;
    /* The key exists (issue 12): from the approval only, and for good. */
    if (!strcmp(from, "activated") || !strcmp(to, "activated"))
        return !strcmp(from, "awaiting_activation") && !strcmp(to, "activated");
    int from_outcome = dk_outcome_is_outcome_status(from),
        to_outcome = dk_outcome_is_outcome_status(to);
    if (to_outcome && !(strcmp(from, "reserved") == 0 || from_outcome))
        return 0;
    if (from_outcome && !to_outcome)
        return (!strcmp(from, "missing_information") || !strcmp(from, "no_show")) &&
               (!strcmp(to, "rescheduling") || !strcmp(to, "cancelled"));
    return 1;
}
