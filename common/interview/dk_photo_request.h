/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_photo_request.h — the interviewer asks the applicant for a new photo
 * of the document during the interview (schemas/sql/007_photo_requests.sql):
 * the console asks (audited), the applicant's self-service page lists the
 * open requests and sends the image as an upload of one side linked to the
 * request (producers/intake/proposal_photo.c), dk-docchecker judges it like
 * every upload, and the verdict's accepted upload closes the request (the
 * scheduler calls dk_interview_photo_answered). The dossier reads the
 * images of the interview with dk_interview_images. */
#ifndef DK_PHOTO_REQUEST_H
#define DK_PHOTO_REQUEST_H

#include "interview/dk_interview.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* What may be asked: "id_card_front", "id_card_back", "passport_page".
 * Returns 1 with the document kind ("id_card", "passport") and side
 * ("front", "back") its upload has, or 0 for anything else. */
int dk_interview_photo_subject(const char *subject, const char **kind, const char **side);

/* The interviewer asks for a new photo of subject: one transaction, the
 * request row and its audit row (photo_request.asked). Asking again while a
 * request for the same subject is open returns that one (*created 0, no new
 * row, audited all the same). Returns 0 with request_id, 1 refused
 * (*refusal: the common ones of dk_interview.h, interview_closed (an
 * outcome exists), interview_not_reserved, subject_unknown), -1 err. */
int dk_interview_photo_request(PGconn *pg, const dk_interview_actor *who,
                               const char *appointment_id, const char *subject, int64_t now_ms,
                               char request_id[37], int *created, const char **refusal, char *err,
                               size_t errlen);

/* The open requests of the appointment for the applicant's page and API,
 * oldest first: a new array of {"id", "subject", "kind", "side",
 * "requested_at" (ms), "upload": null or the latest upload answering it
 * {"status": pending|accepted|rejected, "reasons": [codes]}}. NULL with err
 * on a database error. Runs in the caller's transaction. */
json_t *dk_interview_photo_open(PGconn *pg, const char *appointment_id, char *err, size_t errlen);

/* The open request request_id of the appointment, locked (FOR UPDATE):
 * returns 1 with subject (a string of at least 16 bytes), 0 when there is
 * no such open request (unknown, answered, another appointment's, or not a
 * UUID), -1 err. In the caller's transaction. */
int dk_interview_photo_find_open(PGconn *pg, const char *appointment_id, const char *request_id,
                                 char subject[16], char *err, size_t errlen);

/* After the verdict on upload_id is recorded (document_uploads.status set):
 * when that upload answers an open request and was accepted, closes the
 * request (answered_at, upload_id) and writes a system audit row
 * (photo_request.answered). Returns 1 closed, 0 nothing to do, -1 err. In
 * the caller's transaction. */
int dk_interview_photo_answered(PGconn *pg, const char *upload_id, int64_t now_ms, char *err,
                                size_t errlen);

/* For the dossier: the images of the interview's application — the
 * documents of the accepted uploads and of the photo requests' uploads —
 * newest first, a new array of {"document_id", "upload_id",
 * "appointment_id", "kind", "side", "status" (the image's verdict:
 * accepted/rejected, or pending while unjudged), "reasons", "uploaded_at"
 * (ISO-8601), "photo_request_id" (null for the accept's), "subject" (the
 * request's, or null)}. Each document_id is the encrypted store's id
 * (dk_docstore_get). NULL with err on a database error. */
json_t *dk_interview_images(PGconn *pg, const char *appointment_id, char *err, size_t errlen);

#endif
