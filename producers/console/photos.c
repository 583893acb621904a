/* SPDX-License-Identifier: EUPL-1.2 */
/* photos.c — the new photos the interviewer asks of the applicant during the
 * interview (common/interview/dk_photo_request.h):
 *   POST …/photo-requests {"subject"} → 201 {"request_id", "subject",
 *        "created"} (200 with the open one when it was asked already); the
 *        page's form answers 303 to the dossier.
 *   GET  /api/v1/interviews/{id}/photos → {"version", "requests", "photos"}:
 *        the open requests and the re-uploads (pending, rejected with their
 *        reasons, accepted), each judged image with its image_url; "version"
 *        changes when any of it does, so the dossier's script polls this
 *        small answer and reloads the images only then.
 * Only who may see the dossier may ask or look (403 audited, as the
 * dossier). The poll itself shows no image and no personal data: it is not
 * an audit row; each image it names is, when viewed. */
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "interview/dk_photo_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *dk_photos_json(PGconn *pg, const char *appt, char *err, size_t errlen)
{
    json_t *requests = dk_interview_photo_open(pg, appt, err, errlen);
    json_t *images = requests ? dk_interview_images(pg, appt, err, errlen) : NULL;
    if (!images) {
        json_decref(requests);
        return NULL;
    }
    json_t *photos = json_array();
    size_t i;
    json_t *im;
    json_array_foreach(images, i, im)
    {
        if (json_is_null(json_object_get(im, "photo_request_id")))
            continue; /* the accept's own images: the dossier's documents */
        json_t *x = json_deep_copy(im);
        const char *doc = dk_req_str(im, "document_id");
        char url[160];
        snprintf(url, sizeof url, "/api/v1/interviews/%s/documents/%s", appt, doc ? doc : "");
        json_object_set_new(x, "image_url", doc ? json_string(url) : json_null());
        json_array_append_new(photos, x);
    }
    json_decref(images);
    json_t *out = json_pack("{s:o, s:o}", "requests", requests, "photos", photos);
    char *text = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
    char hash[65];
    dk_sha256_hex(text ? text : "", text ? strlen(text) : 0, hash);
    free(text);
    hash[16] = '\0';
    json_object_set_new(out, "version", json_string(hash));
    return out;
}

void dk_photos_get(dk_req *q, const char *appt)
{
    q->api = 1;
    if (!dk_req_session(q, NULL))
        return;
    char app[37], kind[16], err[512];
    if (!dk_dossier_may_see(q, appt, app, kind))
        return;
    json_t *doc = dk_photos_json(q->pg, appt, err, sizeof err);
    if (!doc) {
        dk_log(DK_LOG_ERROR, "database_error", "photos: %s", err);
        dk_req_fail(q, 503, "unavailable");
        return;
    }
    dk_web_reply_json(q->r, 200, doc);
}

void dk_photos_ask(dk_req *q, const char *appt)
{
    json_t *body = q->api ? dk_req_json(q) : dk_req_form(q);
    if (!body)
        return;
    char app[37], kind[16], err[512];
    if (!dk_req_session(q, body) || !dk_dossier_may_see(q, appt, app, kind)) {
        json_decref(body);
        return;
    }
    const json_t *s = json_object_get(body, "subject");
    const char *subject = json_string_value(s);
    char request_id[37];
    int created = 0;
    const char *refusal = NULL;
    dk_interview_actor who = {q->s.staff_id, q->addr};
    int rc = subject ? dk_interview_photo_request(q->pg, &who, appt, subject, dk_now_ms(),
                                                  request_id, &created, &refusal, err, sizeof err)
                     : 1;
    if (!subject)
        refusal = "subject_unknown";
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "interview_action_failed", "photo request: %s", err);
        dk_req_fail(q, 503, "unavailable");
    } else if (rc == 1) {
        dk_req_fail(q, dk_refusal_status(refusal), refusal);
    } else if (q->api) {
        dk_web_reply_json(q->r, created ? 201 : 200,
                          json_pack("{s:s, s:s, s:b}", "request_id", request_id, "subject", subject,
                                    "created", created));
    } else {
        char path[96];
        snprintf(path, sizeof path, "/interviews/%s", appt);
        dk_req_redirect(q, path);
    }
    json_decref(body);
}
