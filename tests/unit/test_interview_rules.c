/* SPDX-License-Identifier: EUPL-1.2 */
/* test_interview_rules.c — the pure parts of common/interview: the security
 * feature draw over thousands of draws (always at least 3, at least 2
 * optically variable, each feature drawn sometimes, no fixed order, no two
 * the same), the outcome rules (every refusal code reached by its own
 * invalid combination, the valid ones accepted), the status transitions,
 * and the activation code (alphabet, length, grouping, uniqueness, hash). */
#include "booking/dk_missing_items.h"
#include "core/dk_crypto.h"
#include "dk_test.h"
#include "i18n/dk_i18n.h"
#include "interview/dk_activation.h"
#include "interview/dk_feature.h"
#include "interview/dk_outcome.h"
#include "interview/dk_staff.h"

#include <stdlib.h>
#include <string.h>

#define DRAWS 5000

static void feature_tables(void)
{
    for (size_t k = 0; k < DK_FEATURE_KINDS; k++) {
        size_t n = 0, ov = 0;
        const dk_feature *t = dk_feature_table(dk_feature_kind(k), &n);
        CHECK(t != NULL);
        CHECK(n >= DK_FEATURE_DRAWN);
        for (size_t i = 0; i < n; i++) {
            ov += (size_t)t[i].optically_variable;
            CHECK(strlen(t[i].key) < DK_FEATURE_KEY_MAX);
            for (size_t j = 0; j < i; j++)
                CHECK(strcmp(t[i].key, t[j].key) != 0);
        }
        CHECK(ov >= DK_FEATURE_MIN_OPTICAL);
    }
    CHECK(dk_feature_kind(DK_FEATURE_KINDS) == NULL);
    CHECK(!dk_feature_kind_known("passport"));
    CHECK(!dk_feature_kind_known(NULL));
    const dk_feature *out[DK_FEATURE_DRAWN];
    CHECK_INT(dk_feature_draw("be_driving_licence", out), -1);
    CHECK(dk_feature_find("be_id_card", "changeable_laser_image")->optically_variable);
    CHECK(dk_feature_find("be_id_card", "watermark") == NULL); /* a passport's, not the card's */
}

static void feature_draws(void)
{
    for (size_t k = 0; k < DK_FEATURE_KINDS; k++) {
        const char *kind = dk_feature_kind(k);
        size_t n = 0;
        const dk_feature *t = dk_feature_table(kind, &n);
        int seen[32] = {0}, first_ov = 0, first_not_ov = 0, same_as_last = 0;
        char last[256] = "";
        for (int d = 0; d < DRAWS; d++) {
            const dk_feature *out[DK_FEATURE_DRAWN];
            int got = dk_feature_draw(kind, out);
            CHECK(got >= DK_FEATURE_MIN_DRAWN);
            if (got < DK_FEATURE_MIN_DRAWN)
                return;
            int ov = 0;
            char sig[256] = "";
            for (int i = 0; i < got; i++) {
                ov += out[i]->optically_variable;
                seen[out[i] - t]++;
                for (int j = 0; j < i; j++)
                    CHECK(out[i] != out[j]);
                strcat(sig, out[i]->key);
                strcat(sig, ",");
            }
            CHECK(ov >= DK_FEATURE_MIN_OPTICAL);
            first_ov += out[0]->optically_variable;
            first_not_ov += !out[0]->optically_variable;
            same_as_last += strcmp(sig, last) == 0;
            strcpy(last, sig);
        }
        for (size_t i = 0; i < n; i++)
            CHECK(seen[i] > DRAWS / 100); /* every feature is drawn, and not rarely */
        /* No fixed order: the optically variable ones are not always first. */
        CHECK(first_ov > DRAWS / 20 && first_not_ov > DRAWS / 20);
        CHECK(same_as_last < DRAWS / 20); /* different each time (ties are rare) */
    }
}

static const char *refusal(const char *outcome, const char *const *reasons, size_t nr,
                           const char *const *items, size_t ni, const char *missing_text,
                           const char *motivation, int fraud, const dk_outcome_checks *c)
{
    dk_outcome_input in = {.outcome = outcome,
                           .reasons = reasons,
                           .nreasons = nr,
                           .missing_items = items,
                           .nmissing = ni,
                           .missing_text = missing_text,
                           .motivation = motivation,
                           .fraud_suspected = fraud};
    return dk_outcome_refusal(&in, c, 2000, 1000);
}

static void all_checked(dk_outcome_checks *c)
{
    dk_outcome_checks_none(c);
    for (size_t i = 0; i < DK_OUTCOME_CHECKS; i++)
        c->check[i] = 1;
    c->features_drawn = 4;
    c->features_seen = 4;
    c->session_code_verified = 1;
}

static int ok(const char *r)
{
    if (r)
        fprintf(stderr, "  refused: %s\n", r);
    return r == NULL;
}

static void outcome_rules(void)
{
    dk_outcome_checks c;
    all_checked(&c);
    const char *forged[] = {"document_forged_suspected"}, *absent[] = {"applicant_absent"},
               *twice[] = {"person_mismatch", "person_mismatch"}, *bogus[] = {"looks_odd"},
               *expired[] = {"document_expired"};
    const char *bring[] = {"valid_document"}, *other[] = {"other"}, *bad_item[] = {"photo"},
               *dup_items[] = {"document_back", "document_back"};
    const char *many[DK_OUTCOME_MAX_ITEMS + 1];
    for (size_t i = 0; i <= DK_OUTCOME_MAX_ITEMS; i++)
        many[i] = "other";

    /* The valid ones. */
    CHECK(ok(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &c)));
    CHECK(ok(refusal("missing_information", NULL, 0, bring, 1, NULL, NULL, 0, &c)));
    CHECK(ok(refusal("missing_information", NULL, 0, other, 1, "your birth certificate", NULL, 0,
                     NULL)));
    CHECK(
        ok(refusal("rejected", forged, 1, NULL, 0, NULL, "The photo page was replaced.", 1, NULL)));
    CHECK(ok(refusal("no_show", NULL, 0, NULL, 0, NULL, NULL, 0, NULL)));
    CHECK(ok(refusal("no_show", absent, 1, NULL, 0, NULL, NULL, 0, NULL)));

    /* Each refusal by its own combination. */
    CHECK_STR(refusal("maybe", NULL, 0, NULL, 0, NULL, NULL, 0, &c), "outcome_unknown");
    CHECK_STR(refusal(NULL, NULL, 0, NULL, 0, NULL, NULL, 0, &c), "outcome_unknown");
    dk_outcome_input early = {.outcome = "no_show"};
    CHECK_STR(dk_outcome_refusal(&early, NULL, 999, 1000), "too_early");
    CHECK(dk_outcome_refusal(&early, NULL, 1000, 1000) == NULL); /* from the start time on */
    CHECK_STR(refusal("rejected", bogus, 1, NULL, 0, NULL, "x", 0, NULL), "reason_unknown");
    CHECK_STR(refusal("rejected", twice, 2, NULL, 0, NULL, "x", 0, NULL), "reason_duplicate");
    CHECK_STR(refusal("rejected", many, DK_OUTCOME_MAX_ITEMS + 1, NULL, 0, NULL, "x", 0, NULL),
              "too_many_items");
    CHECK_STR(refusal("approved", expired, 1, NULL, 0, NULL, NULL, 0, &c), "reasons_not_allowed");
    CHECK_STR(refusal("missing_information", expired, 1, bring, 1, NULL, NULL, 0, &c),
              "reasons_not_allowed");
    CHECK_STR(refusal("approved", NULL, 0, bring, 1, NULL, NULL, 0, &c),
              "missing_items_not_allowed");
    CHECK_STR(refusal("missing_information", NULL, 0, NULL, 0, NULL, NULL, 0, &c),
              "missing_items_required");
    CHECK_STR(refusal("missing_information", NULL, 0, bad_item, 1, NULL, NULL, 0, &c),
              "missing_item_unknown");
    CHECK_STR(refusal("missing_information", NULL, 0, dup_items, 2, NULL, NULL, 0, &c),
              "missing_item_duplicate");
    CHECK_STR(refusal("missing_information", NULL, 0, other, 1, "  ", NULL, 0, &c),
              "missing_text_required");
    CHECK_STR(refusal("no_show", NULL, 0, NULL, 0, "bring it", NULL, 0, &c),
              "missing_text_not_allowed");
    CHECK_STR(refusal("rejected", forged, 1, NULL, 0, NULL, NULL, 0, &c), "motivation_required");
    CHECK_STR(refusal("rejected", forged, 1, NULL, 0, NULL, " \n\t", 0, &c), "motivation_required");
    CHECK_STR(refusal("rejected", NULL, 0, NULL, 0, NULL, "no reason given", 0, &c),
              "reason_required");
    CHECK_STR(refusal("rejected", absent, 1, NULL, 0, NULL, "was not there", 0, &c),
              "absent_is_no_show");
    CHECK_STR(refusal("no_show", forged, 1, NULL, 0, NULL, NULL, 0, &c), "no_show_reason_invalid");
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 1, &c), "fraud_requires_rejection");
    CHECK_STR(refusal("no_show", NULL, 0, NULL, 0, NULL, NULL, 1, &c), "fraud_requires_rejection");
    CHECK_STR(refusal("rejected", forged, 1, NULL, 0, NULL, "bad \xff byte", 0, &c),
              "text_invalid");
    CHECK_STR(refusal("rejected", forged, 1, NULL, 0, NULL, "a bell \a", 0, &c), "text_invalid");
    char *long_text = malloc(DK_OUTCOME_MOTIVATION_MAX + 2);
    memset(long_text, 'x', DK_OUTCOME_MOTIVATION_MAX + 1);
    long_text[DK_OUTCOME_MOTIVATION_MAX + 1] = '\0';
    CHECK_STR(refusal("rejected", forged, 1, NULL, 0, NULL, long_text, 0, &c), "text_too_long");
    long_text[DK_OUTCOME_MOTIVATION_MAX] = '\0';
    CHECK(ok(refusal("rejected", forged, 1, NULL, 0, NULL, long_text, 0, &c)));
    free(long_text);
    dk_outcome_input corr = {.outcome = "no_show", .correction_reason = " "};
    CHECK_STR(dk_outcome_refusal(&corr, NULL, 2000, 1000), "correction_reason_required");
    corr.correction_reason = "the applicant was in the waiting room";
    CHECK(dk_outcome_refusal(&corr, NULL, 2000, 1000) == NULL);

    /* An approval needs every check, every drawn feature seen, the code. */
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, NULL), "check_missing");
    dk_outcome_checks d = c;
    d.check[3] = -1;
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &d), "check_missing");
    d = c;
    d.check[1] = 0; /* the document is expired */
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &d), "check_failed");
    d = c;
    d.features_seen = 3;
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &d), "features_not_checked");
    d.features_drawn = 0;
    d.features_seen = 0;
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &d), "features_not_checked");
    d = c;
    d.features_seen = 3;
    d.features_not_seen = 1;
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &d), "feature_not_seen");
    d = c;
    d.session_code_verified = 0;
    CHECK_STR(refusal("approved", NULL, 0, NULL, 0, NULL, NULL, 0, &d), "session_code_unverified");

    /* Every code the function can return is listed, and nothing else. */
    size_t listed = 0;
    while (dk_outcome_refusal_code(listed))
        listed++;
    CHECK_INT(listed, 25);
}

static void transitions(void)
{
    CHECK_STR(dk_outcome_status("approved"), "awaiting_activation");
    CHECK_STR(dk_outcome_status("no_show"), "no_show");
    CHECK(dk_outcome_status("maybe") == NULL);
    CHECK(dk_outcome_transition_allowed("reserved", "awaiting_activation"));
    CHECK(dk_outcome_transition_allowed("reserved", "no_show"));
    CHECK(dk_outcome_transition_allowed("rejected", "awaiting_activation")); /* a correction */
    CHECK(!dk_outcome_transition_allowed("proposed", "awaiting_activation"));
    CHECK(!dk_outcome_transition_allowed("rescheduling", "rejected"));
    CHECK(!dk_outcome_transition_allowed("cancelled", "no_show"));
    CHECK(dk_outcome_transition_allowed("missing_information", "rescheduling"));
    CHECK(dk_outcome_transition_allowed("no_show", "cancelled"));
    CHECK(!dk_outcome_transition_allowed("awaiting_activation", "cancelled"));
    CHECK(!dk_outcome_transition_allowed("rejected", "rescheduling"));
    CHECK(!dk_outcome_transition_allowed("awaiting_activation", "reserved"));
    CHECK(dk_outcome_transition_allowed("proposed", "reserved")); /* not the interview's */
    CHECK(!dk_outcome_transition_allowed(NULL, "reserved"));
    CHECK(dk_outcome_transition_allowed("awaiting_activation", "activated"));
    CHECK(!dk_outcome_transition_allowed("reserved", "activated"));
    CHECK(!dk_outcome_transition_allowed("rejected", "activated"));
    CHECK(!dk_outcome_transition_allowed("activated", "rejected")); /* no correction after */
    CHECK(!dk_outcome_transition_allowed("activated", "cancelled"));
}

static void activation_codes(void)
{
    setenv("DK_ACTIVATION_KEY", "unit-test-activation-key", 1);
    setenv("DK_TOKEN_KEY", "unit-test-token-key", 1);
    enum { N = 2000 };
    static char codes[N][DK_ACTIVATION_CODE_LEN + 1];
    int used[256] = {0};
    for (int i = 0; i < N; i++) {
        CHECK_INT(dk_activation_code_new(codes[i]), 0);
        CHECK_INT(strlen(codes[i]), DK_ACTIVATION_CODE_LEN);
        int symbols = 0;
        for (int j = 0; codes[i][j]; j++) {
            if (j % 5 == 4) {
                CHECK(codes[i][j] == '-');
                continue;
            }
            CHECK(strchr(dk_security_code_alphabet, codes[i][j]) != NULL);
            used[(unsigned char)codes[i][j]]++;
            symbols++;
        }
        CHECK(symbols >= 10);
        CHECK_INT(symbols, DK_ACTIVATION_SYMBOLS);
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < i; j++)
            CHECK(strcmp(codes[i], codes[j]) != 0);
    /* Every symbol of the alphabet appears, none far more than its share. */
    for (const char *a = dk_security_code_alphabet; *a; a++) {
        CHECK(used[(unsigned char)*a] > N * DK_ACTIVATION_SYMBOLS / 31 / 2);
        CHECK(used[(unsigned char)*a] < N * DK_ACTIVATION_SYMBOLS / 31 * 2);
    }
    char canon[DK_ACTIVATION_CODE_LEN + 1];
    char typed[32];
    snprintf(typed, sizeof typed, " %c%c%c%c %c%c%c%c-%c%c%c%c ", codes[0][0] | 0x20, codes[0][1],
             codes[0][2], codes[0][3], codes[0][5], codes[0][6], codes[0][7], codes[0][8],
             codes[0][10], codes[0][11], codes[0][12], codes[0][13]);
    CHECK_INT(dk_activation_code_normalise(typed, canon), 0);
    CHECK_STR(canon, codes[0]);
    CHECK_INT(dk_activation_code_normalise("ABCD-EFGH-JKM", canon), -1);     /* too short */
    CHECK_INT(dk_activation_code_normalise("ABCD-EFGH-JKMNP", canon), -1);   /* too long */
    CHECK_INT(dk_activation_code_normalise("ABCD-EFGH-JKM0", canon), -1);    /* 0 is not ours */
    CHECK_INT(dk_activation_code_normalise("ABCD-EFGH-JKM\xc3", canon), -1); /* not ASCII */
    CHECK_INT(dk_activation_code_normalise("", canon), -1);

    /* The hash binds code and id, under DK_ACTIVATION_KEY. */
    const char *id = "7d1c2f0e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
               *other = "7d1c2f0e-3a4b-4c5d-8e9f-0a1b2c3d4e60";
    char h1[65], h2[65], h3[65], h4[65];
    dk_activation_code_hash(id, codes[0], h1);
    dk_activation_code_hash(id, codes[1], h2);
    dk_activation_code_hash(other, codes[0], h3);
    CHECK(strcmp(h1, h2) != 0 && strcmp(h1, h3) != 0);
    CHECK(strstr(h1, codes[0]) == NULL);
    setenv("DK_ACTIVATION_KEY", "another-key", 1);
    dk_activation_code_hash(id, codes[0], h4);
    CHECK(strcmp(h1, h4) != 0);

    /* The link: derived, not the proposal token of the same id, stable. */
    char t1[DK_TOKEN_LEN + 1], t2[DK_TOKEN_LEN + 1], url[600];
    dk_token_activation(id, t1);
    dk_token_for(id, t2);
    CHECK(dk_token_valid(t1));
    CHECK(strcmp(t1, t2) != 0);
    dk_token_activation(id, t2);
    CHECK_STR(t1, t2);
    setenv("DK_PUBLIC_URL", "https://mybelgianid.example/", 1);
    dk_token_activation_url(id, url, sizeof url);
    char want[600];
    snprintf(want, sizeof want, "https://mybelgianid.example/activate/%s", t1);
    CHECK_STR(url, want);
    unsetenv("DK_PUBLIC_URL");

    /* The e-mail code (issue 12): six digits, stable for an id, another for
     * another id or key, and every first digit about equally likely. */
    char e1[DK_EMAIL_CODE_DIGITS + 1], e2[DK_EMAIL_CODE_DIGITS + 1];
    dk_token_email_code(id, e1);
    dk_token_email_code(id, e2);
    CHECK_STR(e1, e2);
    CHECK(strlen(e1) == 6 && strspn(e1, "0123456789") == 6);
    int first[10] = {0}, same = 0;
    for (int i = 0; i < 5000; i++) {
        char uid[40];
        snprintf(uid, sizeof uid, "00000000-0000-4000-8000-%012d", i);
        dk_token_email_code(uid, e2);
        CHECK(strlen(e2) == 6 && strspn(e2, "0123456789") == 6);
        first[e2[0] - '0']++;
        same += strcmp(e1, e2) == 0;
    }
    CHECK(same <= 1);
    for (int d = 0; d < 10; d++)
        CHECK(first[d] > 380 && first[d] < 620); /* 500 expected, > 5 sigma */
    setenv("DK_TOKEN_KEY", "another-token-key", 1);
    dk_token_email_code(id, e2);
    CHECK(strcmp(e1, e2) != 0);
    setenv("DK_TOKEN_KEY", "unit-test-token-key", 1);
}

static void staff_pure(void)
{
    dk_staff_new s = {.name = "An Peeters", .email = "an@example.be", .role = "operator"};
    CHECK(dk_staff_new_refusal(&s) == NULL);
    s.role = "boss";
    CHECK_STR(dk_staff_new_refusal(&s), "role_unknown");
    s.role = NULL;
    CHECK_STR(dk_staff_new_refusal(&s), "role_unknown");
    s.role = "operator";
    s.email = "an.example.be";
    CHECK_STR(dk_staff_new_refusal(&s), "email_invalid");
    s.email = "an@example.be";
    s.name = "";
    CHECK_STR(dk_staff_new_refusal(&s), "name_invalid");
    s.name = "An\nPeeters";
    CHECK_STR(dk_staff_new_refusal(&s), "name_invalid");
    s.name = "An Peeters";
    s.interviewer_id = "not-a-uuid";
    CHECK_STR(dk_staff_new_refusal(&s), "interviewer_invalid");
    s.interviewer_id = "7d1c2f0e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";
    CHECK_STR(dk_staff_new_refusal(&s), "interviewer_not_allowed");
    s.role = "interviewer";
    CHECK(dk_staff_new_refusal(&s) == NULL);

    char a[DK_STAFF_TOKEN_LEN + 1], b[DK_STAFF_TOKEN_LEN + 1], ha[65], hb[65];
    CHECK_INT(dk_staff_random_token(a), 0);
    CHECK_INT(dk_staff_random_token(b), 0);
    CHECK(dk_token_valid(a) && strcmp(a, b) != 0);
    dk_staff_secret_hash("session", a, ha);
    dk_staff_secret_hash("csrf", a, hb);
    CHECK(strcmp(ha, hb) != 0); /* bound to its purpose */
    setenv("DK_CONSOLE_URL", "https://console.example//", 1);
    char url[200];
    dk_staff_enrol_url("TOKEN", url, sizeof url);
    CHECK_STR(url, "https://console.example/enrol/TOKEN");
    unsetenv("DK_CONSOLE_URL");
    setenv("DK_CONSOLE_PORT", "9999", 1);
    dk_staff_enrol_url("T", url, sizeof url);
    CHECK_STR(url, "http://127.0.0.1:9999/enrol/T");
    unsetenv("DK_CONSOLE_PORT");

    /* The TOTP secret is sealed for its account only. */
    setenv("DK_MESSAGE_KEY", "unit-test-message-key", 1);
    char err[256];
    const char *sid = "7d1c2f0e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
               *other = "7d1c2f0e-3a4b-4c5d-8e9f-0a1b2c3d4e60";
    char *sealed = dk_staff_totp_seal(sid, "JBSWY3DPEHPK3PXP", err, sizeof err);
    CHECK(sealed && strstr(sealed, "JBSWY3DPEHPK3PXP") == NULL);
    char *opened = sealed ? dk_staff_totp_open(sid, sealed, err, sizeof err) : NULL;
    CHECK(opened && strcmp(opened, "JBSWY3DPEHPK3PXP") == 0);
    free(opened);
    CHECK(sealed && dk_staff_totp_open(other, sealed, err, sizeof err) == NULL);
    CHECK(dk_staff_totp_open(sid, "{not json", err, sizeof err) == NULL);
    free(sealed);
}

/* Every feature, outcome, reason and item has its name in the catalogue. */
static void catalogue_names(void)
{
    char key[96];
    for (size_t k = 0; k < DK_FEATURE_KINDS; k++) {
        size_t n = 0;
        const dk_feature *t = dk_feature_table(dk_feature_kind(k), &n);
        for (size_t i = 0; i < n; i++) {
            snprintf(key, sizeof key, "feature.%s", t[i].key);
            CHECK(dk_i18n_has(key));
        }
    }
    for (size_t i = 0; dk_outcome_kind(i); i++) {
        snprintf(key, sizeof key, "outcome.%s", dk_outcome_kind(i));
        CHECK(dk_i18n_has(key));
    }
    for (size_t i = 0; dk_outcome_reason(i); i++) {
        snprintf(key, sizeof key, "outcome.reason.%s", dk_outcome_reason(i));
        CHECK(dk_i18n_has(key));
    }
    for (const char *const *c = dk_missing_item_codes; *c; c++) {
        snprintf(key, sizeof key, "outcome.missing.%s", *c);
        CHECK(dk_i18n_has(key));
    }
    CHECK_STR(dk_i18n_text("nl", "outcome.approved"), "Goedgekeurd");
}

int main(void)
{
    catalogue_names();
    feature_tables();
    feature_draws();
    outcome_rules();
    transitions();
    activation_codes();
    staff_pure();
    DK_TEST_DONE();
}
