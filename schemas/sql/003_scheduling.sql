-- SPDX-License-Identifier: EUPL-1.2
-- 003_scheduling.sql — interviewers and their hours, the appointments the
-- scheduler proposes and the applicant answers, the uploads made when
-- accepting, and the lockout of a link after wrong security codes.
-- No double booking is a database fact: an exclusion constraint forbids two
-- live appointments of one interviewer that overlap in time, whatever the
-- code or the number of scheduler replicas.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE interviewers (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       text NOT NULL UNIQUE,
    languages   text[] NOT NULL CHECK (cardinality(languages) >= 1
                                       AND languages <@ ARRAY['nl', 'fr', 'en']),
    hours       text NOT NULL,   -- as typed, e.g. 'mon-fri 09:00-12:00,13:00-17:00' (Brussels time)
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE interviewer_absences (
    id              bigserial PRIMARY KEY,
    interviewer_id  uuid NOT NULL REFERENCES interviewers (id),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interviewer_absences_idx ON interviewer_absences (interviewer_id, starts_at);

ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN (
    'submitted',          -- recorded, waiting for the scheduler
    'waiting',            -- no interviewer/slot could be found yet
    'proposed',           -- a slot is held, the applicant has not answered
    'document_pending',   -- accepted with an upload that is being checked
    'document_rejected',  -- the upload failed the check; the slot stays held
    'reserved',           -- definitively reserved
    'rescheduling',       -- the applicant (or a change of hours) asked for another slot
    'cancelled',          -- the applicant cancelled or declined
    'expired'));          -- the hold ran out without an answer
ALTER TABLE applications
    ADD COLUMN code_failures      integer NOT NULL DEFAULT 0,
    ADD COLUMN code_locked_until  timestamptz,
    ADD COLUMN ics_sequence       integer NOT NULL DEFAULT 0;
-- Only the applications waiting for capacity are looked up by status (when an
-- interviewer is added or changes hours); a partial index stays small.
CREATE INDEX applications_waiting_idx ON applications (submitted_at) WHERE status = 'waiting';

-- One row per proposal. Its link token is never stored: the token is
-- HMAC(DK_TOKEN_KEY, id) and only its keyed hash is kept for the lookup.
CREATE TABLE appointments (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id),
    interviewer_id  uuid NOT NULL REFERENCES interviewers (id),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    status          text NOT NULL CHECK (status IN (
                        'held', 'reserved',                               -- live: the slot is taken
                        'replaced', 'cancelled', 'expired', 'withdrawn')), -- ended: the slot is free
    match           text NOT NULL CHECK (match IN ('preferred', 'nearest', 'later')),
    preferred_rank  smallint CHECK (preferred_rank BETWEEN 1 AND 10),
    token_hash      text NOT NULL UNIQUE,
    held_until      timestamptz NOT NULL,
    room_id         text UNIQUE,          -- the video room, once reserved
    proposed_at     timestamptz NOT NULL,
    reserved_at     timestamptz,
    ended_at        timestamptz,
    CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (
        interviewer_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('held', 'reserved'))
);
CREATE UNIQUE INDEX appointments_one_live_idx ON appointments (application_id)
    WHERE status IN ('held', 'reserved');
CREATE INDEX appointments_interviewer_idx ON appointments (interviewer_id, starts_at)
    WHERE status IN ('held', 'reserved');
CREATE INDEX appointments_hold_idx ON appointments (held_until) WHERE status = 'held';
CREATE INDEX appointments_application_idx ON appointments (application_id, proposed_at);

-- One accept = one upload of one document (one or two sides).
CREATE TABLE document_uploads (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id),
    appointment_id  uuid NOT NULL REFERENCES appointments (id),
    kind            text NOT NULL CHECK (kind IN ('passport', 'id_card')),
    sides           smallint NOT NULL CHECK (sides IN (1, 2)),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    uploaded_at     timestamptz NOT NULL,
    decided_at      timestamptz
);
CREATE INDEX document_uploads_application_idx ON document_uploads (application_id, uploaded_at);

ALTER TABLE documents ADD COLUMN upload_id uuid REFERENCES document_uploads (id);
CREATE INDEX documents_upload_idx ON documents (upload_id);
