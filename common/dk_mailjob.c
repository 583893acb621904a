/* dk_mailjob.c — mail.requested envelopes (see dk_mailjob.h). */
#include "dk_mailjob.h"

#include "dk_crypto.h"
#include "dk_envelope.h"
#include "dk_topics.h"

#include <stdlib.h>

char *dk_mailjob_text(const char *template_name, const char *language, const char *to,
                      const char *dedupe_key, const char *application_id, json_t *vars)
{
    char id[37];
    dk_uuid_v5("dk.mail", dedupe_key, id);
    json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:o}", "template", template_name, "language",
                             language, "to", to, "dedupe_key", dedupe_key, "vars",
                             vars ? vars : json_object());
    json_t *env = dk_envelope_new("mail.requested", 1, application_id, data, id);
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    return text;
}

json_t *dk_mailjob_row(const char *template_name, const char *language, const char *to,
                       const char *dedupe_key, const char *application_id, json_t *vars)
{
    char *text = dk_mailjob_text(template_name, language, to, dedupe_key, application_id, vars);
    if (!text)
        return NULL;
    json_t *row = json_pack("{s:s, s:s, s:s}", "topic", DK_TOPIC_MAIL_JOBS, "key", application_id,
                            "payload", text);
    free(text);
    return row;
}
