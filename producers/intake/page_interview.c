/* SPDX-License-Identifier: EUPL-1.2 */
/* page_interview.c — the models of the self-service link's pages during and
 * after the interview: the session code to read aloud and the forms for the
 * new photos the interviewer asked for (parts of proposal.html), and the
 * page that says the interview has taken place (after_interview.html). */
#include "pages.h"

#include <stdio.h>
#include <string.h>

/* "123456" shown as "123 456": easier to read aloud. */
static json_t *grouped(const char *code)
{
    char out[16];
    size_t n = strlen(code);
    if (n != 6)
        return dk_page_str(code);
    snprintf(out, sizeof out, "%.3s %.3s", code, code + 3);
    return dk_page_str(out);
}

static json_t *session_code(const dk_proposal_model *m)
{
    if (!m->session_code || !m->session_code[0])
        return json_null();
    char minutes[16];
    snprintf(minutes, sizeof minutes, "%d", m->code_minutes);
    return json_pack("{s:o, s:o, s:s, s:o}", "code", dk_page_str(m->session_code), "shown",
                     grouped(m->session_code), "minutes", minutes, "until",
                     dk_page_str(m->code_until ? m->code_until : ""));
}

/* The sentence saying what is asked, by the request's subject. */
static const char *intro_key(const char *subject)
{
    if (subject && !strcmp(subject, "id_card_back"))
        return "iv_photo_id_card_back";
    if (subject && !strcmp(subject, "passport_page"))
        return "iv_photo_passport_page";
    return "iv_photo_id_card_front";
}

/* The problems of a rejected photo, each {code, problem, fix}. */
static json_t *problems(const json_t *list)
{
    json_t *out = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *code = json_string_value(json_object_get(item, "code"));
        const char *problem = json_string_value(json_object_get(item, "problem"));
        const char *fix = json_string_value(json_object_get(item, "fix"));
        json_array_append_new(out,
                              json_pack("{s:o, s:o, s:o}", "code", dk_page_str(code ? code : ""),
                                        "problem", dk_page_str(problem ? problem : ""), "fix",
                                        dk_page_str(fix ? fix : "")));
    }
    return out;
}

static json_t *photo(const dk_proposal_model *m, const json_t *q)
{
    const char *id = json_string_value(json_object_get(q, "id"));
    const char *subject = json_string_value(json_object_get(q, "subject"));
    const json_t *up = json_object_get(q, "upload");
    const char *status = json_string_value(json_object_get(up, "status"));
    int pending = status && !strcmp(status, "pending");
    int mine = m->photo_request && id && !strcmp(m->photo_request, id);
    int back = subject && !strcmp(subject, "id_card_back");
    const char *error = mine ? (back ? m->photo_back_error : m->photo_front_error) : NULL;
    json_t *form = pending ? json_null()
                           : json_pack("{s:I, s:o}", "max_mb", (json_int_t)m->upload_max_mb, "file",
                                       dk_page_file_input(back ? "back" : "front", "iv_photo_file",
                                                          NULL, 1, error));
    /* A side sent that was not asked for: said above the form. */
    const char *other = mine ? (back ? m->photo_front_error : m->photo_back_error) : NULL;
    json_t *o =
        json_pack("{s:o, s:o, s:s, s:b, s:o, s:o, s:o}", "id", dk_page_str(id ? id : ""), "subject",
                  dk_page_str(subject ? subject : ""), "intro_key", intro_key(subject), "pending",
                  pending, "photo_problems",
                  status && !strcmp(status, "rejected") ? problems(json_object_get(up, "problems"))
                                                        : json_array(),
                  "form", form, "photo_error", other ? dk_page_str(other) : json_null());
    return o;
}

int dk_page_interview_vars(const dk_proposal_model *m, json_t *vars)
{
    json_t *photos = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(m->photos, i, q) json_array_append_new(photos, photo(m, q));
    return json_object_set_new(vars, "session_code", session_code(m)) ||
                   json_object_set_new(vars, "photos", photos)
               ? -1
               : 0;
}

int dk_page_render_after_interview(dk_buf *out, const dk_after_interview_model *m)
{
    static const char *const known[] = {"approved", "missing_information", "rejected", "no_show"};
    const char *outcome = "held";
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (m->outcome && !strcmp(m->outcome, known[i]))
            outcome = known[i];
    char lead[40];
    snprintf(lead, sizeof lead, "after_%s", outcome);
    json_t *vars = json_pack(
        "{s:s, s:s, s:s, s:b}", "title_key", "after_title", "lead_key", lead, "outcome", outcome,
        "link_new", !strcmp(outcome, "missing_information") || !strcmp(outcome, "no_show"));
    return dk_page_render_template(out, "after_interview", m->lang, m->path, vars);
}
