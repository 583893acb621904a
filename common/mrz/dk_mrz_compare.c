/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_compare.c — the document's MRZ against what the applicant
 * declared, field by field, so that an interviewer sees at once where the
 * two part: names (by ICAO's transliteration, a name the MRZ had to cut
 * short matching on what it kept), birth date (the MRZ has no century: the
 * six digits are compared), sex, nationality, and the expiry against the
 * interview's day. A field the MRZ does not vouch for (its check digit
 * wrong, or characters the OCR could not read) is not_readable: never a
 * match. */
#include "mrz/dk_mrz_internal.h"

#include <string.h>

/* The MRZ form of a parsed name part: spaces back to fillers. */
static void mrz_form(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        out[n++] = *s == ' ' ? '<' : *s;
    out[n] = '\0';
}

static dk_mrz_verdict name_verdict(const char *declared, const char *parsed, int readable,
                                   int may_truncate, int *truncated)
{
    if (declared == NULL)
        return DK_MRZ_NOT_ASKED;
    if (!readable)
        return DK_MRZ_NOT_READABLE;
    char mrz[DK_MRZ_LINE_MAX + 1];
    mrz_form(parsed, mrz, sizeof mrz);
    switch (dk_mrz_name_compare(declared, mrz, strlen(mrz), may_truncate)) {
    case DK_MRZ_NAME_MATCH:
        return DK_MRZ_MATCH;
    case DK_MRZ_NAME_TRUNCATED:
        *truncated = 1;
        return DK_MRZ_MATCH;
    case DK_MRZ_NAME_UNFOLDABLE:
        return DK_MRZ_NOT_COMPARABLE;
    default:
        break;
    }
    /* The MRZ cut the given names off entirely: nothing left to compare. */
    if (parsed[0] == '\0' && may_truncate)
        return DK_MRZ_NOT_READABLE;
    return DK_MRZ_DIFFERS;
}

static dk_mrz_verdict birth_verdict(const dk_mrz *m, const char *declared)
{
    if (declared == NULL)
        return DK_MRZ_NOT_ASKED;
    dk_date d;
    if (dk_date_parse(declared, &d) != 0)
        return DK_MRZ_NOT_COMPARABLE;
    if (!(m->has_check & (1u << DK_MRZ_CHECK_BIRTH)) || !m->check_ok[DK_MRZ_CHECK_BIRTH])
        return DK_MRZ_NOT_READABLE;
    char want[7] = {declared[2], declared[3], declared[5], declared[6],
                    declared[8], declared[9], '\0'};
    int known = 0;
    for (int i = 0; i < 6; i++) {
        char c = m->birth_date[i];
        if (c == '<') /* a part the issuer did not know */
            continue;
        if (c < '0' || c > '9')
            return DK_MRZ_NOT_READABLE;
        known++;
        if (c != want[i])
            return DK_MRZ_DIFFERS;
    }
    return known ? DK_MRZ_MATCH : DK_MRZ_NOT_READABLE;
}

static dk_mrz_verdict sex_verdict(const dk_mrz *m, const char *declared)
{
    if (declared == NULL)
        return DK_MRZ_NOT_ASKED;
    if (strcmp(declared, "F") != 0 && strcmp(declared, "M") != 0 && strcmp(declared, "X") != 0)
        return DK_MRZ_NOT_COMPARABLE;
    char s = m->sex[0];
    if (s == '<')
        s = 'X';
    if (s != 'F' && s != 'M' && s != 'X')
        return DK_MRZ_NOT_READABLE;
    return s == declared[0] ? DK_MRZ_MATCH : DK_MRZ_DIFFERS;
}

static dk_mrz_verdict nationality_verdict(const dk_mrz *m, const char *declared)
{
    if (declared == NULL)
        return DK_MRZ_NOT_ASKED;
    if (dk_mrz_state_of_alpha2(declared) == NULL)
        return DK_MRZ_NOT_COMPARABLE;
    /* The layout's field, trailing fillers dropped ("FRA" on France's
     * card, which has none); all fillers says no state: differs. */
    const char *code = m->nationality;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || *p == '<'))
            return DK_MRZ_NOT_READABLE;
    const char *a2 = dk_mrz_state_alpha2(code, strlen(code));
    return a2 && strcmp(a2, declared) == 0 ? DK_MRZ_MATCH : DK_MRZ_DIFFERS;
}

static dk_mrz_expiry expiry_verdict(const dk_mrz *m, const char *on)
{
    dk_date d;
    if (on == NULL || dk_date_parse(on, &d) != 0)
        return DK_MRZ_EXPIRY_NOT_ASKED;
    if (!(m->has_check & (1u << DK_MRZ_CHECK_EXPIRY)) || !m->check_ok[DK_MRZ_CHECK_EXPIRY] ||
        !m->expiry_valid)
        return DK_MRZ_EXPIRY_NOT_READABLE;
    return dk_date_cmp(m->expiry, d) >= 0 ? DK_MRZ_EXPIRY_VALID : DK_MRZ_EXPIRED;
}

void dk_mrz_compare(const dk_mrz *m, const dk_mrz_request *req, dk_mrz_comparison *out)
{
    memset(out, 0, sizeof *out);
    if (!m->found) {
        out->surname = req->surname ? DK_MRZ_NOT_READABLE : DK_MRZ_NOT_ASKED;
        out->given_names = req->given_names ? DK_MRZ_NOT_READABLE : DK_MRZ_NOT_ASKED;
        out->birth_date = req->birth_date ? DK_MRZ_NOT_READABLE : DK_MRZ_NOT_ASKED;
        out->sex = req->sex ? DK_MRZ_NOT_READABLE : DK_MRZ_NOT_ASKED;
        out->nationality = req->nationality ? DK_MRZ_NOT_READABLE : DK_MRZ_NOT_ASKED;
        out->expiry = req->on_date ? DK_MRZ_EXPIRY_NOT_READABLE : DK_MRZ_EXPIRY_NOT_ASKED;
        return;
    }
    /* The surname may have been cut only when nothing follows it. */
    int no_given = m->given_names[0] == '\0';
    out->surname = name_verdict(req->surname, m->surname, m->names_readable && m->surname[0],
                                m->name_full && no_given, &out->surname_truncated);
    out->given_names = name_verdict(req->given_names, m->given_names, m->names_readable,
                                    m->name_full, &out->given_names_truncated);
    out->birth_date = birth_verdict(m, req->birth_date);
    out->sex = sex_verdict(m, req->sex);
    out->nationality = nationality_verdict(m, req->nationality);
    out->expiry = expiry_verdict(m, req->on_date);
}

const char *dk_mrz_verdict_name(dk_mrz_verdict v)
{
    switch (v) {
    case DK_MRZ_MATCH:
        return "match";
    case DK_MRZ_DIFFERS:
        return "differs";
    case DK_MRZ_NOT_READABLE:
        return "not_readable";
    case DK_MRZ_NOT_COMPARABLE:
        return "not_comparable";
    default:
        return NULL;
    }
}

const char *dk_mrz_expiry_name(dk_mrz_expiry e)
{
    switch (e) {
    case DK_MRZ_EXPIRY_VALID:
        return "valid";
    case DK_MRZ_EXPIRED:
        return "expired";
    case DK_MRZ_EXPIRY_NOT_READABLE:
        return "not_readable";
    default:
        return NULL;
    }
}

json_t *dk_mrz_comparison_json(const dk_mrz_comparison *c)
{
    json_t *o = json_object(), *trunc = json_array();
    const struct {
        const char *key;
        dk_mrz_verdict v;
    } f[] = {{"surname", c->surname},
             {"given_names", c->given_names},
             {"birth_date", c->birth_date},
             {"sex", c->sex},
             {"nationality", c->nationality}};
    int bad = !o || !trunc;
    for (size_t i = 0; !bad && i < sizeof f / sizeof f[0]; i++)
        if (f[i].v != DK_MRZ_NOT_ASKED)
            bad |= json_object_set_new(o, f[i].key, json_string(dk_mrz_verdict_name(f[i].v)));
    if (!bad && c->expiry != DK_MRZ_EXPIRY_NOT_ASKED)
        bad |= json_object_set_new(o, "expiry", json_string(dk_mrz_expiry_name(c->expiry)));
    if (!bad && c->surname_truncated)
        bad |= json_array_append_new(trunc, json_string("surname"));
    if (!bad && c->given_names_truncated)
        bad |= json_array_append_new(trunc, json_string("given_names"));
    if (!bad && json_array_size(trunc) > 0) {
        bad |= json_object_set_new(o, "truncated", trunc);
        trunc = NULL;
    }
    json_decref(trunc);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}
