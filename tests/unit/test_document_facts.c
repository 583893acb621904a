/* SPDX-License-Identifier: EUPL-1.2 */
/* test_document_facts.c — what the document pipeline decides from an MRZ
 * read: the expiry against the interview's day (refused only when every
 * check digit vouches for it), the register asked only about a number the
 * MRZ vouches for and never clear without an answer, the comparison with
 * the request, the validator's answer taken as text to check (hostile and
 * malformed answers give found false, nothing else), and the protocol head
 * that asks for the read. */
#include "dk_test.h"
#include "doccheck/dk_doc_protocol.h"
#include "facts.h"
#include "mrz/dk_mrz.h"

#include <stdlib.h>
#include <string.h>

/* ICAO Doc 9303 part 4's TD3 specimen: expires 15 April 2012. */
static const char L1[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char L2[] = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

static const dk_date TODAY = {2011, 6, 1};

static void parse2(const char *a, const char *b, dk_mrz *m)
{
    const char *lines[] = {a, b};
    size_t lens[] = {strlen(a), strlen(b)};
    dk_mrz_parse_lines(lines, lens, 2, TODAY, m);
}

/* A validator's answer: an accepted verdict carrying mrz (borrowed). */
static json_t *answer(const char *verdict, json_t *mrz)
{
    json_t *v = json_pack("{s:s, s:[], s:{}}", "verdict", verdict, "reasons", "figures");
    if (mrz)
        json_object_set_new(v, "mrz", mrz);
    return v;
}

static json_t *read_of(const char *a, const char *b)
{
    return json_pack("{s:b, s:[s,s], s:[], s:i, s:f}", "found", 1, "lines", a, b, "repairs",
                     "turned", 0, "ms", 120.5);
}

static void test_expiry(void)
{
    dk_mrz m;
    dk_mrz_comparison c;
    parse2(L1, L2, &m);
    CHECK(m.valid);
    dk_mrz_request on_day = {.on_date = "2012-04-15"}, after = {.on_date = "2012-04-16"};
    dk_mrz_compare(&m, &on_day, &c);
    CHECK_INT(c.expiry, DK_MRZ_EXPIRY_VALID); /* valid through its last day */
    CHECK(!dk_mrz_refuses_expired(&m, &c));
    dk_mrz_compare(&m, &after, &c);
    CHECK_INT(c.expiry, DK_MRZ_EXPIRED);
    CHECK(dk_mrz_refuses_expired(&m, &c));

    /* The composite wrong: the expiry's own digit holds, so the interviewer
     * is told it expired, but nobody is turned away on that read. */
    char bad[sizeof L2];
    memcpy(bad, L2, sizeof L2);
    bad[43] = '7';
    parse2(L1, bad, &m);
    CHECK(m.found && !m.valid);
    dk_mrz_compare(&m, &after, &c);
    CHECK_INT(c.expiry, DK_MRZ_EXPIRED);
    CHECK(!dk_mrz_refuses_expired(&m, &c));

    /* The expiry's check digit wrong: not readable, never expired. */
    memcpy(bad, L2, sizeof L2);
    bad[27] = '3';
    parse2(L1, bad, &m);
    dk_mrz_compare(&m, &after, &c);
    CHECK_INT(c.expiry, DK_MRZ_EXPIRY_NOT_READABLE);
    CHECK(!dk_mrz_refuses_expired(&m, &c));

    /* Nothing found: nothing refused. */
    dk_mrz none = {0};
    dk_mrz_compare(&none, &after, &c);
    CHECK(!dk_mrz_refuses_expired(&none, &c));
}

static void test_number_vouched(void)
{
    dk_mrz m;
    parse2(L1, L2, &m);
    CHECK(dk_mrz_number_vouched(&m));
    char bad[sizeof L2];
    memcpy(bad, L2, sizeof L2);
    bad[3] = '7'; /* L897902C3: the number's check digit no longer holds */
    parse2(L1, bad, &m);
    CHECK(m.found);
    CHECK(!dk_mrz_number_vouched(&m));
    dk_mrz none = {0};
    CHECK(!dk_mrz_number_vouched(&none));
}

static void test_json_lines(void)
{
    dk_mrz m;
    json_t *ok = json_pack("[s,s]", L1, L2);
    dk_mrz_parse_json_lines(ok, TODAY, &m);
    CHECK(m.found && m.valid);
    CHECK_STR(m.document_number, "L898902C3");
    json_decref(ok);

    char longline[400];
    memset(longline, 'A', sizeof longline - 1);
    longline[sizeof longline - 1] = '\0';
    json_t *bad[] = {
        json_string(L1),                        /* not an array */
        json_pack("[s]", L1),                   /* one line */
        json_pack("[s,s,s,s]", L1, L2, L1, L2), /* four */
        json_pack("[s,i]", L1, 7),              /* a number */
        json_pack("[s,s]", L1, longline),       /* a line over 256 bytes */
        json_pack("[s,s]", "\xc3\xa9\xc3\xa9<<<<", "<script>alert(1)</script>"),
        NULL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        dk_mrz_parse_json_lines(bad[i], TODAY, &m);
        CHECK(!m.found);
        CHECK(m.reason[0] != '\0');
        json_decref(bad[i]);
    }
}

static void test_facts_from_answers(void)
{
    /* A good read: the facts are the parser's, the validator's "mrz" is
     * taken out of the verdict. */
    dk_facts *f = dk_facts_new(answer("accepted", read_of(L1, L2)), TODAY);
    CHECK(f && f->read && f->mrz.found && f->mrz.valid);
    CHECK(json_object_get(f->verdict, "mrz") == NULL);
    CHECK(json_is_true(json_object_get(f->mrz_json, "found")));
    CHECK_STR(json_string_value(json_object_get(f->mrz_json, "expiry_date_iso")), "2012-04-15");
    CHECK_INT(f->read_ms, 121);
    dk_facts_free(f);

    /* The validator's repairs are kept in their shape only. */
    json_t *r = read_of(L1, L2);
    json_object_set_new(r, "repairs",
                        json_pack("[{s:s, s:i, s:i, s:s, s:s, s:s}]", "field", "document_number",
                                  "line", 2, "position", 4, "from", "O", "to", "0", "why",
                                  "glyph"));
    f = dk_facts_new(answer("accepted", r), TODAY);
    CHECK_INT(json_array_size(json_object_get(f->mrz_json, "repairs")), 1);
    dk_facts_free(f);
    r = read_of(L1, L2);
    json_object_set_new(r, "repairs", json_pack("[{s:s, s:i}]", "field", "x", "line", 99));
    f = dk_facts_new(answer("accepted", r), TODAY);
    CHECK_INT(json_array_size(json_object_get(f->mrz_json, "repairs")), 0);
    dk_facts_free(f);

    /* Hostile or broken answers: found false, with a reason, never facts
     * the parser did not make. */
    char huge[2000];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    json_t *hostile[] = {
        json_pack("{s:b, s:s}", "found", 1, "lines", "P<UTO"),
        json_pack("{s:b, s:[s,s]}", "found", 1, "lines", "'; DROP TABLE documents; --",
                  "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"),
        json_pack("{s:b, s:s}", "found", 0, "reason", huge),
        json_pack("{s:b}", "found", 0),
        json_pack("{s:s}", "found", "yes"),
    };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        f = dk_facts_new(answer("accepted", hostile[i]), TODAY);
        CHECK(f && f->read && !f->mrz.found);
        CHECK(json_is_false(json_object_get(f->mrz_json, "found")));
        const char *why = json_string_value(json_object_get(f->mrz_json, "reason"));
        CHECK(why && strlen(why) <= 200);
        CHECK(json_object_get(f->mrz_json, "document_number") == NULL);
        dk_facts_free(f);
    }

    /* A rejected image is not read, whatever the answer carries; an
     * accepted one without a read (or a read that is no object) neither. */
    f = dk_facts_new(answer("rejected", read_of(L1, L2)), TODAY);
    CHECK(f && !f->read && !f->mrz.found && !f->mrz_json);
    dk_facts_free(f);
    f = dk_facts_new(answer("accepted", json_string("P<UTO")), TODAY);
    CHECK(f && !f->read);
    dk_facts_free(f);
    f = dk_facts_new(answer("accepted", NULL), TODAY);
    CHECK(f && !f->read);
    dk_facts_free(f);
}

static void test_register_never_clear_unasked(void)
{
    dk_register_config none = {.url = "", .token = "", .ca_file = "", .timeout_ms = 500};
    /* No MRZ: not asked. */
    dk_facts *f = dk_facts_new(
        answer("accepted", json_pack("{s:b, s:s}", "found", 0, "reason", "no band")), TODAY);
    dk_facts_ask_register(f, &none);
    CHECK(!f->asked);
    CHECK_STR(dk_facts_register_status(f), "not_checked");
    CHECK_STR(f->not_checked, "no_mrz");
    dk_facts_free(f);
    /* A number its check digit does not vouch for: not asked. */
    char bad[sizeof L2];
    memcpy(bad, L2, sizeof L2);
    bad[3] = '7';
    f = dk_facts_new(answer("accepted", read_of(L1, bad)), TODAY);
    dk_facts_ask_register(f, &none);
    CHECK(!f->asked);
    CHECK_STR(f->not_checked, "number_unreadable");
    dk_facts_free(f);
    /* Asked, no register configured: unavailable, not clear. */
    f = dk_facts_new(answer("accepted", read_of(L1, L2)), TODAY);
    dk_facts_ask_register(f, &none);
    CHECK(f->asked);
    CHECK_STR(dk_facts_register_status(f), "unavailable");
    CHECK_STR(f->reg.reason, "not_configured");
    CHECK_STR(f->query.document_number, "L898902C3");
    CHECK_STR(f->query.issuing_state, "UTO");
    dk_facts_free(f);
    /* A closed port: unavailable, never clear. */
    dk_register_config closed = {.url = "http://127.0.0.1:9",
                                 .token = "",
                                 .ca_file = "",
                                 .timeout_ms = 500,
                                 .retries = 1,
                                 .backoff_ms = 10};
    f = dk_facts_new(answer("accepted", read_of(L1, L2)), TODAY);
    dk_facts_ask_register(f, &closed);
    CHECK(f->asked);
    CHECK_STR(dk_facts_register_status(f), "unavailable");
    CHECK_INT(f->reg.attempts, 2);
    dk_facts_free(f);
}

static void test_comparison(void)
{
    dk_facts *f = dk_facts_new(answer("accepted", read_of(L1, L2)), TODAY);
    dk_mrz_comparison c;
    int refuse = -1;
    dk_facts_request req = {"Eriksson", "Anna María", "1974-08-12", "F", "2012-04-16"};
    dk_facts_compare(f, &req, &c, &refuse);
    CHECK_INT(c.surname, DK_MRZ_MATCH);
    CHECK_INT(c.given_names, DK_MRZ_MATCH);
    CHECK_INT(c.birth_date, DK_MRZ_MATCH);
    CHECK_INT(c.sex, DK_MRZ_MATCH);
    CHECK_INT(c.nationality, DK_MRZ_NOT_ASKED); /* the request has none */
    CHECK_INT(c.expiry, DK_MRZ_EXPIRED);
    CHECK_INT(refuse, 1);
    dk_facts_request other = {"Ericsson", "Anna", "1974-08-21", "M", "2012-04-15"};
    dk_facts_compare(f, &other, &c, &refuse);
    CHECK_INT(c.surname, DK_MRZ_DIFFERS);
    CHECK_INT(c.given_names, DK_MRZ_DIFFERS);
    CHECK_INT(c.birth_date, DK_MRZ_DIFFERS);
    CHECK_INT(c.sex, DK_MRZ_DIFFERS);
    CHECK_INT(c.expiry, DK_MRZ_EXPIRY_VALID);
    CHECK_INT(refuse, 0);
    json_t *j = dk_mrz_comparison_json(&c);
    CHECK_STR(json_string_value(json_object_get(j, "surname")), "differs");
    CHECK(json_object_get(j, "nationality") == NULL);
    json_decref(j);
    dk_facts_free(f);
    /* Erased request fields are not compared; nothing found, nothing refused. */
    f = dk_facts_new(answer("accepted", json_pack("{s:b}", "found", 0)), TODAY);
    dk_facts_request erased = {NULL, NULL, NULL, NULL, "2030-01-01"};
    dk_facts_compare(f, &erased, &c, &refuse);
    CHECK_INT(c.surname, DK_MRZ_NOT_ASKED);
    CHECK_INT(refuse, 0);
    dk_facts_free(f);
}

static void test_protocol(void)
{
    char head[DK_DOC_REQUEST_HEAD_MAX], kind[DK_DOC_REQUEST_WORD_MAX],
        side[DK_DOC_REQUEST_WORD_MAX];
    size_t len = 0;
    int mrz = -1;
    CHECK(dk_doc_request_head(head, sizeof head, "id_card", "back", 1234, 1) > 0);
    CHECK_STR(head, "id_card back 1234 mrz\n");
    CHECK_INT(dk_doc_request_parse(head, kind, side, &len, &mrz), 0);
    CHECK_INT(mrz, 1);
    CHECK_INT(len, 1234);
    CHECK_INT(dk_doc_request_parse("passport front 10\n", kind, side, &len, &mrz), 0);
    CHECK_INT(mrz, 0);
    CHECK_INT(dk_doc_request_parse("passport front 10 all\n", kind, side, &len, &mrz), -1);
    CHECK_INT(dk_doc_request_parse("passport front\n", kind, side, &len, &mrz), -1);
}

int main(void)
{
    test_expiry();
    test_number_vouched();
    test_json_lines();
    test_facts_from_answers();
    test_register_never_clear_unasked();
    test_comparison();
    test_protocol();
    DK_TEST_DONE();
}
