/* SPDX-License-Identifier: EUPL-1.2 */
/* test_redact.c — unit tests for dk_redact: secret fields are replaced at
 * any depth (objects in arrays too), "code" only among a mail job's vars
 * (a document reason's "code" is not a secret), nothing else changes, and
 * the input is left alone. */
#include "core/dk_redact.h"
#include "dk_test.h"

#include <stdlib.h>
#include <string.h>

static void redacts(const char *in, const char *want, int want_n)
{
    json_t *v = json_loads(in, JSON_DECODE_ANY, NULL);
    CHECK(v != NULL);
    char *before = json_dumps(v, JSON_SORT_KEYS | JSON_ENCODE_ANY);
    int n = -1;
    json_t *out = dk_redact(v, &n);
    CHECK(out != NULL);
    char *got = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
    CHECK_STR(got, want);
    CHECK_INT(n, want_n);
    char *after = json_dumps(v, JSON_SORT_KEYS | JSON_ENCODE_ANY);
    CHECK_STR(after, before);
    free(before);
    free(after);
    free(got);
    json_decref(out);
    json_decref(v);
}

int main(void)
{
    CHECK_INT(dk_secret_field("security_code"), 1);
    CHECK_INT(dk_secret_field("token"), 1);
    CHECK_INT(dk_secret_field("password"), 1);
    CHECK_INT(dk_secret_field("code"), 0);
    CHECK_INT(dk_secret_field("Token"), 0);
    CHECK_INT(dk_secret_field(""), 0);
    CHECK_INT(dk_secret_field(NULL), 0);
    CHECK_INT(dk_secret_mail_var("code"), 1);
    CHECK_INT(dk_secret_mail_var("proposal_url"), 1);
    CHECK_INT(dk_secret_mail_var("first_names"), 0);
    CHECK_INT(dk_secret_mail_var(NULL), 0);
    /* Names that look like a code or a token, however they are spelled. */
    static const char *const looks_secret[] = {"activation_code",
                                               "ActivationCode",
                                               "activation-code",
                                               "ACTIVATION CODE",
                                               "activationcode",
                                               "session_code",
                                               "code2",
                                               "otp",
                                               "OTP",
                                               "pin",
                                               "tan",
                                               "totp",
                                               "link_token",
                                               "activation_url",
                                               "ActivationUrl",
                                               "proposalUrl",
                                               "password2",
                                               "passwd",
                                               "client_secret",
                                               "securityCode",
                                               "email_code",
                                               "EmailCodeId",
                                               "email_code_id2"};
    for (size_t i = 0; i < sizeof looks_secret / sizeof looks_secret[0]; i++) {
        CHECK_INT(dk_secret_mail_var(looks_secret[i]), 1);
        if (!dk_secret_mail_var(looks_secret[i]))
            fprintf(stderr, "  '%s' passed as a mail variable\n", looks_secret[i]);
    }
    /* What the mails use passes. */
    static const char *const plain[] = {"first_names",
                                        "last_name",
                                        "application_id",
                                        "appointment_id",
                                        "slot_start",
                                        "slot_end",
                                        "match",
                                        "moved",
                                        "hold_until",
                                        "support_url",
                                        "problems",
                                        "calendar",
                                        "video_url",
                                        "preferred_slots",
                                        "document_on_file",
                                        "request_url",
                                        "activation_id",
                                        "activation_days",
                                        "activation_expires",
                                        "missing",
                                        "interviewer_note",
                                        "decision_motivation",
                                        "email_code_id",
                                        "spinning",
                                        "potato"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        CHECK_INT(dk_secret_mail_var(plain[i]), 0);
        if (dk_secret_mail_var(plain[i]))
            fprintf(stderr, "  '%s' refused as a mail variable\n", plain[i]);
    }
    /* A name too long to be one of ours is refused rather than cut. */
    char longname[100];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    CHECK_INT(dk_secret_mail_var(longname), 1);
    CHECK_INT(dk_secret_field("activation_url"), 1);
    /* The end link's URL is the mailer's to make; its id may travel. */
    CHECK_INT(dk_secret_field("end_url"), 1);
    CHECK_INT(dk_secret_mail_var("end_url"), 1);
    CHECK_INT(dk_secret_mail_var("end_link_id"), 0);

    /* A mail job refused for its secrets. */
    redacts("{\"type\":\"mail.requested\",\"data\":{\"template\":\"proposal\",\"vars\":"
            "{\"first_names\":\"An\",\"security_code\":\"ABCD-EFGH\",\"code\":\"1234\","
            "\"token\":\"t0k\"}}}",
            "{\"data\":{\"template\":\"proposal\",\"vars\":{\"code\":\"[redacted]\","
            "\"first_names\":\"An\",\"security_code\":\"[redacted]\",\"token\":\"[redacted]\"}},"
            "\"type\":\"mail.requested\"}",
            3);
    /* Reasons keep their codes; secrets inside arrays are found. */
    redacts(
        "{\"data\":{\"reasons\":[{\"code\":\"blurred\"},{\"password\":[1,2]}],\"vars\":{"
        "\"reasons\":"
        "[{\"code\":\"glare\"}]}}}",
        "{\"data\":{\"reasons\":[{\"code\":\"blurred\"},{\"password\":\"[redacted]\"}],\"vars\":"
        "{\"reasons\":[{\"code\":\"glare\"}]}}}",
        1);
    /* Nothing secret: an equal copy. */
    redacts("[1,\"x\",null,true,{\"a\":{\"b\":2.5}}]", "[1,\"x\",null,true,{\"a\":{\"b\":2.5}}]",
            0);
    redacts("\"token\"", "\"token\"", 0);

    int n = 7;
    CHECK(dk_redact(NULL, &n) == NULL);
    CHECK_INT(n, 0);
    DK_TEST_DONE();
}
