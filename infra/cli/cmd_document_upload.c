/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_document_upload.c — `dk document upload APP_ID FILE [--kind K] [--side S]`:
 * stores an identity-document image for an application (encrypted) and asks
 * the checker to judge it, as the applicant's upload does. For operators who
 * receive a document through another channel, and for tests. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_upload_limit.h"
#include "dk.h"
#include "i18n/dk_i18n.h"
#include "store/dk_docstore.h"
#include "store/dk_envelope.h"
#include "store/dk_kafka.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: dk document upload APPLICATION_ID FILE [--kind passport|id_card]"
                    " [--side front|back]\n");
    return 2;
}

int dk_document_upload(int argc, char **argv)
{
    const char *app = NULL, *file = NULL, *kind = "passport", *side = "front";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kind") == 0 && i + 1 < argc)
            kind = argv[++i];
        else if (strcmp(argv[i], "--side") == 0 && i + 1 < argc)
            side = argv[++i];
        else if (!app)
            app = argv[i];
        else if (!file)
            file = argv[i];
        else
            return usage();
    }
    if (!app || !file || (strcmp(kind, "passport") && strcmp(kind, "id_card")) ||
        (strcmp(side, "front") && strcmp(side, "back")))
        return usage();
    if (!dk_uuid_valid(app)) {
        fprintf(stderr, "dk document upload: '%s' is not an application id\n", app);
        return 2;
    }
    FILE *f = fopen(file, "rb");
    if (!f) {
        perror(file);
        return 1;
    }
    size_t max = dk_upload_max();
    unsigned char *bytes = malloc(max + 1);
    if (!bytes) {
        fclose(f);
        fprintf(stderr, "dk document upload: out of memory\n");
        return 1;
    }
    size_t len = fread(bytes, 1, max + 1, f);
    fclose(f);
    if (len > max) {
        char words[32];
        dk_i18n_size_words(max, "en", words, sizeof words);
        fprintf(stderr, "dk document upload: %s is larger than %s\n", file, words);
        free(bytes);
        return 1;
    }
    char doc_id[37], err[512], digest[65], ts[32];
    dk_sha256_hex(bytes, len, digest);
    if (dk_uuid_v4(doc_id) != 0 || dk_docstore_put(doc_id, bytes, len, err, sizeof err) != 0) {
        fprintf(stderr, "dk document upload: %s\n", err);
        free(bytes);
        return 1;
    }
    free(bytes);
    dk_iso8601_utc(dk_now_ms(), ts);
    json_t *env = dk_envelope_new("document.uploaded", 1, app,
                                  json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "document_id", doc_id,
                                            "kind", kind, "side", side, "byte_size",
                                            (json_int_t)len, "sha256", digest, "uploaded_at", ts),
                                  NULL);
    char *text = dk_json_text(env);
    json_decref(env);
    dk_producer *p = dk_producer_new("dk-cli", 10000, err, sizeof err);
    if (!p) {
        fprintf(stderr, "dk document upload: %s\n", err);
        free(text);
        return 1;
    }
    dk_outmsg m = {
        .topic = DK_TOPIC_DOCS_UPLOADED, .key = app, .payload = text, .len = strlen(text)};
    dk_producer_send_batch(p, &m, 1);
    dk_producer_free(p, 5000);
    free(text);
    if (m.err) {
        fprintf(stderr, "dk document upload: the broker did not take it: %s\n", m.errstr);
        return 1;
    }
    printf("{\"document_id\":\"%s\",\"application_id\":\"%s\"}\n", doc_id, app);
    return 0;
}
