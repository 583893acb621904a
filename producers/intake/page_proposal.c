/* SPDX-License-Identifier: EUPL-1.2 */
/* page_proposal.c — the models of the self-service link's pages: the
 * proposal with its actions (proposal.html), the security-code form
 * (code_form.html), the question before cancelling (cancel_confirm.html),
 * and the pages that only say something (message.html). */
#include "pages.h"

#include <stdio.h>
#include <string.h>

static json_t *opt(const char *s)
{
    return s ? dk_page_str(s) : json_null();
}

static json_t *sentence(dk_page_sentence s)
{
    return s.key ? json_pack("{s:s, s:o}", "key", s.key, "arg", opt(s.arg)) : json_null();
}

int dk_page_render_message(dk_buf *out, const dk_message_model *m)
{
    json_t *vars =
        json_pack("{s:s, s:o, s:b, s:b}", "title_key", m->title_key, "lead", sentence(m->lead),
                  "link_back", m->link_back && strcmp(m->path, "/") != 0, "link_new", m->link_new);
    return dk_page_render_template(out, "message", m->lang, m->path, vars);
}

int dk_page_render_code_form(dk_buf *out, const dk_code_form_model *m)
{
    dk_page_sentence banner = {m->banner_key, NULL};
    json_t *vars = json_pack("{s:s, s:s, s:o, s:o, s:b}", "title_key", m->title_key, "lead_key",
                             m->lead_key, "csrf", dk_page_str(m->csrf), "banner", sentence(banner),
                             "wrong", m->banner_key && !strcmp(m->banner_key, "code_wrong"));
    return dk_page_render_template(out, "code_form", m->lang, m->path, vars);
}

int dk_page_render_cancel_confirm(dk_buf *out, const dk_cancel_confirm_model *m)
{
    json_t *vars = json_pack("{s:s, s:o, s:o, s:b}", "title_key", "cancel_confirm_title", "csrf",
                             dk_page_str(m->csrf), "slot_text", dk_page_str(m->slot_text),
                             "link_back", strcmp(m->path, "/") != 0);
    return dk_page_render_template(out, "cancel_confirm", m->lang, m->path, vars);
}

/* The status under the slot, and its tone: good news and bad news are told
 * by colour too, not only in words. */
static json_t *status_text(const dk_proposal_model *m, const char **tone)
{
    const char *s = m->status;
    *tone = NULL;
    dk_page_sentence t = {"status_other", NULL};
    if (m->started)
        t.key = "conflict_started";
    else if (!strcmp(s, "proposed"))
        t = (dk_page_sentence){"status_proposed", m->held_text};
    else if (!strcmp(s, "document_rejected"))
        t = (dk_page_sentence){"status_document_rejected", m->held_text}, *tone = "bad";
    else if (!strcmp(s, "document_pending"))
        t.key = "status_document_pending";
    else if (!strcmp(s, "reserved"))
        t.key = "status_reserved", *tone = "good";
    return sentence(t);
}

/* The problems of a rejected document, each {code, problem, fix}. */
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

json_t *dk_page_file_input(const char *name, const char *label_key, const char *hint_key,
                           int required, const char *error)
{
    char desc[64] = "";
    if (hint_key)
        snprintf(desc, sizeof desc, "%s-hint", name);
    if (error)
        snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "%s%s-error", desc[0] ? " " : "",
                 name);
    return json_pack(
        "{s:s, s:s, s:o, s:b, s:o, s:o}", "name", name, "label_key", label_key, "hint_key",
        opt(hint_key), "required", required, "describedby", opt(desc[0] ? desc : NULL), "error",
        error ? json_pack("{s:s, s:o}", "id", name, "text", dk_page_str(error)) : json_null());
}

static json_t *upload(const dk_proposal_model *m)
{
    static const char *const kinds[] = {"passport", "id_card"};
    static const char *const kind_keys[] = {"doc_passport", "doc_id_card"};
    json_t *choices = json_array();
    for (int i = 0; i < 2; i++)
        json_array_append_new(
            choices, json_pack("{s:s, s:s, s:b, s:b}", "value", kinds[i], "label_key", kind_keys[i],
                               "checked", m->kind && !strcmp(m->kind, kinds[i]), "first", i == 0));
    json_t *kind = json_pack("{s:o, s:o}", "error",
                             m->kind_error ? json_pack("{s:s, s:o}", "id", "document_kind", "text",
                                                       dk_page_str(m->kind_error))
                                           : json_null(),
                             "choices", choices);
    return json_pack("{s:b, s:I, s:o, s:o, s:o}", "after_previous", m->previous_kind != NULL,
                     "max_mb", (json_int_t)m->upload_max_mb, "kind", kind, "front",
                     dk_page_file_input("front", "doc_front", NULL, 1, m->front_error), "back",
                     dk_page_file_input("back", "doc_back", "doc_back_hint", 0, m->back_error));
}

int dk_page_render_proposal(dk_buf *out, const dk_proposal_model *m)
{
    const char *tone;
    json_t *text = status_text(m, &tone);
    json_t *previous = m->can_accept && m->previous_kind
                           ? json_pack("{s:s, s:o}", "key",
                                       !strcmp(m->previous_kind, "id_card") ? "previous_id_card"
                                                                            : "previous_passport",
                                       "day", dk_page_str(m->previous_day))
                           : json_null();
    json_t *empty = json_object();
    dk_slot_view slots = m->slots;
    if (!slots.values)
        slots.values = empty;
    json_t *vars = json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "title_key",
        !strcmp(m->status, "reserved") ? "reserved_title" : "prop_title", "csrf",
        dk_page_str(m->csrf), "banner", sentence(m->banner), "slot_text", dk_page_str(m->slot_text),
        "status", dk_page_str(m->status), "tone", opt(tone), "status_text", text, "video_url",
        opt(m->video_url), "problems", m->problems ? problems(m->problems) : json_array(),
        "previous", previous, "upload", m->can_accept ? upload(m) : json_null(), "reschedule",
        m->can_reschedule ? dk_page_slots_model(m->lang, &slots, m->rules, m->now_ms) : json_null(),
        "can_cancel", m->can_cancel);
    json_decref(empty);
    if (vars && dk_page_interview_vars(m, vars) != 0) {
        json_decref(vars);
        vars = NULL;
    }
    return dk_page_render_template(out, "proposal", m->lang, m->path, vars);
}
