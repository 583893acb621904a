/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mailjob.c — mail.requested envelopes (see dk_mailjob.h). */
#include "booking/dk_mailjob.h"

#include "core/dk_crypto.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_topics.h"

#include <stdlib.h>

static json_t *envelope(const char *template_name, const char *language, const char *to,
                        const char *dedupe_key, const char *application_id, json_t *vars)
{
    char id[37];
    dk_uuid_v5("dk.mail", dedupe_key, id);
    json_t *data =
        json_pack("{s:s, s:s, s:s, s:s, s:o}", "template", template_name, "language", language,
                  "to", to, "dedupe_key", dedupe_key, "vars", vars ? vars : json_object());
    return dk_envelope_new("mail.requested", 2, application_id, data, id);
}

char *dk_mailjob_text(const char *template_name, const char *language, const char *to,
                      const char *dedupe_key, const char *application_id, json_t *vars)
{
    json_t *env = envelope(template_name, language, to, dedupe_key, application_id, vars);
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    return text;
}

json_t *dk_mailjob_row(const char *template_name, const char *language, const char *to,
                       const char *dedupe_key, const char *application_id, json_t *vars)
{
    return dk_outbox_row(DK_TOPIC_MAIL_JOBS, application_id,
                         envelope(template_name, language, to, dedupe_key, application_id, vars));
}
