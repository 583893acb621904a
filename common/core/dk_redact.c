/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_redact.c — the secret field names and the redacting copy (see
 * dk_redact.h). */
#include "core/dk_redact.h"

#include <string.h>

static const char *const secret_fields[] = {"security_code",   "token",    "proposal_url",
                                            "activation_code", "password", "totp_secret",
                                            "activation_url",  "end_url"};

/* Words that make a mail variable's name look like a secret, in the name
 * lower-cased with everything but letters and digits dropped
 * ("Activation-Code" -> "activationcode"). */
static const char *const secret_words[] = {"code", "token", "secret", "passw", "totp"};
static const char *const secret_names[] = {"pin", "otp", "tan"};
/* Names the words above would catch that are ids, not secrets: the e-mail
 * code's id (issue 12) only gives the code through DK_TOKEN_KEY, which is
 * why it may travel and the code never does. Exactly as spelled here. */
static const char *const not_secret_names[] = {"email_code_id"};

int dk_secret_field(const char *name)
{
    for (size_t i = 0; name && i < sizeof secret_fields / sizeof secret_fields[0]; i++)
        if (strcmp(name, secret_fields[i]) == 0)
            return 1;
    return 0;
}

int dk_secret_mail_var(const char *name)
{
    if (!name)
        return 0;
    if (dk_secret_field(name))
        return 1;
    for (size_t i = 0; i < sizeof not_secret_names / sizeof not_secret_names[0]; i++)
        if (strcmp(name, not_secret_names[i]) == 0)
            return 0;
    char flat[64];
    size_t n = 0;
    for (const char *p = name; *p; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (n + 1 >= sizeof flat)
                return 1; /* a name this long is no variable of ours */
            flat[n++] = c;
        }
    }
    flat[n] = '\0';
    for (size_t i = 0; i < sizeof secret_words / sizeof secret_words[0]; i++)
        if (strstr(flat, secret_words[i]))
            return 1;
    for (size_t i = 0; i < sizeof secret_names / sizeof secret_names[0]; i++)
        if (strcmp(flat, secret_names[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof secret_fields / sizeof secret_fields[0]; i++) {
        /* the secret fields flattened the same way: "proposalurl", "activationurl" */
        char f[64];
        size_t k = 0;
        for (const char *p = secret_fields[i]; *p && k + 1 < sizeof f; p++)
            if (*p != '_')
                f[k++] = *p;
        f[k] = '\0';
        if (strcmp(flat, f) == 0)
            return 1;
    }
    return 0;
}

/* in_vars: v is the value of a "vars" field (a mail job's variables). */
static json_t *copy(const json_t *v, int in_vars, int *replaced)
{
    if (json_is_array(v)) {
        json_t *out = json_array();
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item) if (!out ||
                                           json_array_append_new(out, copy(item, 0, replaced)) != 0)
        {
            json_decref(out);
            return NULL;
        }
        return out;
    }
    if (!json_is_object(v))
        return json_deep_copy(v);
    json_t *out = json_object();
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)v, key, value)
    {
        json_t *c;
        if (dk_secret_field(key) || (in_vars && dk_secret_mail_var(key))) {
            c = json_string(DK_REDACTED);
            (*replaced)++;
        } else {
            c = copy(value, strcmp(key, "vars") == 0, replaced);
        }
        if (!out || json_object_set_new(out, key, c) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

json_t *dk_redact(const json_t *v, int *replaced)
{
    int n = 0;
    json_t *out = v ? copy(v, 0, &n) : NULL;
    if (replaced)
        *replaced = n;
    return out;
}
