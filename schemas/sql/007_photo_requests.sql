-- SPDX-License-Identifier: EUPL-1.2
-- 007_photo_requests.sql — the interviewer asks the applicant for a new photo
-- during the interview (issue 10, item 5): what is asked (the identity card's
-- front or back, or the passport's photo page), by whom, when, and the upload
-- that answered it. The applicant's image is an upload like the accept's
-- (document_uploads, one side; the image in the encrypted document store;
-- checked by dk-docchecker), linked to the request; an accepted verdict
-- closes the request (common/interview/dk_photo_request.c, called by the
-- scheduler when it records the verdict).

CREATE TABLE interview_photo_requests (
    id              uuid PRIMARY KEY,
    appointment_id  uuid NOT NULL REFERENCES appointments (id),
    application_id  uuid NOT NULL REFERENCES applications (id),
    subject         text NOT NULL CHECK (subject IN ('id_card_front', 'id_card_back', 'passport_page')),
    staff_id        uuid NOT NULL REFERENCES staff (id),
    requested_at    timestamptz NOT NULL,
    answered_at     timestamptz,    -- an accepted upload answered it
    upload_id       uuid UNIQUE,    -- that upload
    CONSTRAINT interview_photo_requests_answer CHECK ((answered_at IS NULL) = (upload_id IS NULL))
);
-- One open request per thing asked: asking again returns the open one.
CREATE UNIQUE INDEX interview_photo_requests_open_idx
    ON interview_photo_requests (appointment_id, subject) WHERE answered_at IS NULL;

-- The uploads that answer a request (NULL: the accept's own uploads).
ALTER TABLE document_uploads ADD COLUMN photo_request_id uuid
    REFERENCES interview_photo_requests (id);
CREATE INDEX document_uploads_photo_request_idx ON document_uploads (photo_request_id)
    WHERE photo_request_id IS NOT NULL;
ALTER TABLE interview_photo_requests ADD CONSTRAINT interview_photo_requests_upload
    FOREIGN KEY (upload_id) REFERENCES document_uploads (id);
