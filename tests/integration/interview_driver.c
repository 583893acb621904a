/* SPDX-License-Identifier: EUPL-1.2 */
/* interview_driver.c — drives the database operations of common/interview
 * for tests/integration/test_interview_data.py against the stack's
 * PostgreSQL, as the console will call them: `interview_driver OP JSON`
 * runs one operation with the arguments of the JSON object and prints one
 * JSON object: {"rc":0|1|-1, "refusal":…, "error":…, …results}. */
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "interview/dk_interview.h"
#include "interview/dk_photo_request.h"
#include "interview/dk_staff.h"
#include "store/dk_pg.h"

#include <argon2.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s(const json_t *a, const char *k)
{
    return json_string_value(json_object_get(a, k));
}

/* A JSON array of strings as a C array (pointers into a). */
static size_t strings(const json_t *a, const char *k, const char **out, size_t max)
{
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(json_object_get(a, k), i, v) if (n < max) out[n++] = json_string_value(v);
    return n;
}

static int outcome_hook(PGconn *pg, const dk_interview_outcome *o, void *ctx, char *err,
                        size_t errlen)
{
    (void)pg;
    (void)o;
    if (ctx && strcmp(ctx, "fail") == 0) {
        snprintf(err, errlen, "hook refused");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: interview_driver OP JSON\n");
        return 2;
    }
    json_t *a = json_loads(argv[2], 0, NULL);
    char err[1024] = "";
    PGconn *pg = dk_pg_connect("interview-driver", err, sizeof err);
    if (!a || !pg) {
        fprintf(stderr, "interview_driver: %s\n", a ? err : "argument is not JSON");
        return 2;
    }
    const char *op = argv[1], *refusal = NULL;
    dk_interview_actor who = {s(a, "staff_id"), s(a, "address")};
    const char *appt = s(a, "appointment_id");
    int64_t now = dk_now_ms();
    json_t *out = json_object();
    int rc = -1;
    if (!strcmp(op, "features")) {
        json_t *f = NULL;
        rc =
            dk_interview_features(pg, &who, appt, s(a, "kind"), now, &f, &refusal, err, sizeof err);
        if (f)
            json_object_set_new(out, "features", f);
    } else if (!strcmp(op, "check")) {
        dk_interview_check c = {appt,         s(a, "check"),       s(a, "result"),
                                s(a, "kind"), s(a, "valid_until"), s(a, "note")};
        const char *result = NULL;
        rc = dk_interview_record_check(pg, &who, &c, now, &result, &refusal, err, sizeof err);
        if (result)
            json_object_set_new(out, "result", json_string(result));
    } else if (!strcmp(op, "code_issue")) {
        char id[37];
        rc = dk_interview_session_code_issue(pg, &who, appt, now, id, &refusal, err, sizeof err);
        if (rc == 0)
            json_object_set_new(out, "code_id", json_string(id));
    } else if (!strcmp(op, "code_live")) {
        char code[8];
        int64_t expires = 0;
        rc = dk_interview_session_code_live(pg, appt, now, code, &expires, err, sizeof err);
        if (rc == 1)
            json_object_set_new(out, "code", json_string(code));
        json_object_set_new(out, "live", json_boolean(rc == 1));
        rc = rc < 0 ? -1 : 0;
    } else if (!strcmp(op, "code_verify")) {
        int verified = 0;
        rc = dk_interview_session_code_verify(pg, &who, appt, s(a, "code"), now, &verified,
                                              &refusal, err, sizeof err);
        json_object_set_new(out, "verified", json_boolean(verified));
    } else if (!strcmp(op, "capture")) {
        char id[37];
        const char *bytes = s(a, "bytes");
        rc =
            dk_interview_capture_add(pg, &who, appt, s(a, "subject"), s(a, "source"), bytes,
                                     bytes ? strlen(bytes) : 0, now, id, &refusal, err, sizeof err);
        if (rc == 0)
            json_object_set_new(out, "capture_id", json_string(id));
    } else if (!strcmp(op, "photo_request")) {
        char id[37];
        int created = 0;
        rc = dk_interview_photo_request(pg, &who, appt, s(a, "subject"), now, id, &created,
                                        &refusal, err, sizeof err);
        if (rc == 0) {
            json_object_set_new(out, "request_id", json_string(id));
            json_object_set_new(out, "created", json_boolean(created));
        }
    } else if (!strcmp(op, "photo_open") || !strcmp(op, "images")) {
        json_t *list = !strcmp(op, "images") ? dk_interview_images(pg, appt, err, sizeof err)
                                             : dk_interview_photo_open(pg, appt, err, sizeof err);
        rc = list ? 0 : -1;
        if (list)
            json_object_set_new(out, op[0] == 'i' ? "images" : "requests", list);
    } else if (!strcmp(op, "outcome")) {
        const char *reasons[20], *items[20];
        dk_outcome_input in = {.outcome = s(a, "outcome"),
                               .reasons = reasons,
                               .nreasons = strings(a, "reasons", reasons, 20),
                               .missing_items = items,
                               .nmissing = strings(a, "missing_items", items, 20),
                               .missing_text = s(a, "missing_text"),
                               .motivation = s(a, "motivation"),
                               .fraud_suspected = json_is_true(json_object_get(a, "fraud")),
                               .correction_reason = s(a, "correction_reason")};
        dk_interview_outcome o;
        rc =
            dk_interview_record_outcome(pg, &who, appt, s(a, "corrects_id"), &in, now, outcome_hook,
                                        (void *)s(a, "hook"), &o, &refusal, err, sizeof err);
        if (rc == 0) {
            json_object_set_new(out, "outcome_id", json_string(o.outcome_id));
            json_object_set_new(out, "status", json_string(o.status));
            if (o.activation_id[0]) {
                char url[700];
                dk_token_activation_url(o.activation_id, url, sizeof url);
                json_object_set_new(out, "activation_id", json_string(o.activation_id));
                json_object_set_new(out, "activation_code", json_string(o.activation_code));
                json_object_set_new(out, "activation_url", json_string(url));
            }
        }
    } else if (!strcmp(op, "audit")) {
        rc = dk_interview_audit(pg, &who, s(a, "action"), s(a, "application_id"), appt,
                                s(a, "object"), NULL, now, err, sizeof err);
    } else if (!strcmp(op, "session_open")) {
        char sid[DK_STAFF_TOKEN_LEN + 1], csrf[DK_STAFF_TOKEN_LEN + 1];
        rc = dk_staff_session_open(pg, who.staff_id, who.address, now, sid, csrf, err, sizeof err);
        if (rc == 0) {
            json_object_set_new(out, "session_id", json_string(sid));
            json_object_set_new(out, "csrf_token", json_string(csrf));
        }
    } else if (!strcmp(op, "session_check")) {
        dk_staff_session ss;
        rc = dk_staff_session_check(pg, s(a, "session_id"), now, &ss, err, sizeof err);
        json_object_set_new(out, "live", json_boolean(rc == 1));
        if (rc == 1)
            json_object_set_new(out, "role", json_string(ss.role));
        rc = rc < 0 ? -1 : 0;
    } else if (!strcmp(op, "totp_seal")) {
        char *sealed = dk_staff_totp_seal(who.staff_id, s(a, "secret"), err, sizeof err);
        rc = sealed ? 0 : -1;
        if (sealed)
            json_object_set_new(out, "sealed", json_string(sealed));
        free(sealed);
    } else if (!strcmp(op, "argon2_phc")) {
        /* A stored password as an older release made it: Argon2id with the
         * parameters given (t, m_kib), for the rehash at sign-in. */
        static const unsigned char salt[16] = "sixteen byte slt";
        const char *pw = s(a, "password") ? s(a, "password") : "";
        char phc[256];
        json_int_t t = json_integer_value(json_object_get(a, "t")),
                   m = json_integer_value(json_object_get(a, "m_kib"));
        rc = argon2id_hash_encoded((uint32_t)t, (uint32_t)m, 1, pw, strlen(pw), salt, sizeof salt,
                                   32, phc, sizeof phc) == ARGON2_OK
                 ? 0
                 : -1;
        snprintf(err, sizeof err, "argon2id_hash_encoded failed");
        if (rc == 0)
            json_object_set_new(out, "phc", json_string(phc));
    } else {
        fprintf(stderr, "interview_driver: unknown operation %s\n", op);
        return 2;
    }
    json_object_set_new(out, "rc", json_integer(rc));
    if (refusal)
        json_object_set_new(out, "refusal", json_string(refusal));
    if (rc < 0)
        json_object_set_new(out, "error", json_string(err));
    char *text = json_dumps(out, JSON_COMPACT);
    printf("%s\n", text);
    free(text);
    json_decref(out);
    json_decref(a);
    PQfinish(pg);
    return 0;
}
