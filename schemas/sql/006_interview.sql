-- SPDX-License-Identifier: EUPL-1.2
-- 006_interview.sql — the interview (steps 3-4, issue 10): the civil servants
-- who hold it (staff) and their sessions, what they check, the session code
-- the applicant reads aloud, the captures taken during the call, the outcome
-- and the activation code, and the audit trail of all of it.
-- Secrets are never stored: tokens, session ids and codes only as keyed
-- hashes (hex HMAC-SHA256, common/interview), the TOTP secret sealed
-- (AES-256-GCM, common/store/dk_seal.h), images in the encrypted document
-- store. The audit trail, the outcomes, the checks and the feature draws are
-- append-only for the role that owns them (the application's own): a
-- correction is a new row, never an edit.

CREATE TABLE staff (
    id                  uuid PRIMARY KEY,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email               text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    role                text NOT NULL CHECK (role IN ('interviewer', 'operator', 'admin')),
    -- An interviewer's account speaks for one interviewer of the agenda.
    interviewer_id      uuid UNIQUE REFERENCES interviewers (id),
    password_hash       text CHECK (password_hash LIKE '$argon2id$%'),   -- PHC string
    totp_secret_sealed  jsonb,        -- dk_seal object, purpose 'staff.totp', id = staff id
    totp_last_step      bigint,       -- the last 30 s step accepted: a replay is refused
    failed_tries        integer NOT NULL DEFAULT 0 CHECK (failed_tries >= 0),
    locked_at           timestamptz,
    enrol_token_hash    text UNIQUE CHECK (enrol_token_hash ~ '^[0-9a-f]{64}$'),
    enrol_expires_at    timestamptz,
    enrolled_at         timestamptz,
    disabled_at         timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT staff_interviewer_link CHECK ((role = 'interviewer') = (interviewer_id IS NOT NULL)),
    CONSTRAINT staff_enrol_token CHECK ((enrol_token_hash IS NULL) = (enrol_expires_at IS NULL)),
    CONSTRAINT staff_enrolled_has_secrets CHECK (
        enrolled_at IS NULL OR (password_hash IS NOT NULL AND totp_secret_sealed IS NOT NULL))
);
CREATE UNIQUE INDEX staff_email_idx ON staff (lower(email));

-- A signed-in console session: the cookie's value is never stored, only its
-- keyed hash; the CSRF token likewise. Idle 30 minutes, at most 10 hours:
-- the queries of common/interview/dk_staff.c say so (a row outside those is
-- dead whatever ended_at says).
CREATE TABLE staff_sessions (
    id_hash       text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    staff_id      uuid NOT NULL REFERENCES staff (id),
    csrf_hash     text NOT NULL CHECK (csrf_hash ~ '^[0-9a-f]{64}$'),
    address       inet,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL CHECK (last_seen_at >= created_at),
    ended_at      timestamptz
);
CREATE INDEX staff_sessions_staff_idx ON staff_sessions (staff_id) WHERE ended_at IS NULL;

-- Refuses every UPDATE, DELETE and TRUNCATE: the tables it guards are
-- append-only even for their owner, who could otherwise grant itself back
-- what is revoked below.
CREATE FUNCTION dk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

-- The audit trail: who did what to which application, from where, when.
-- actor: 'staff' (staff_id set), 'applicant' or 'system' (the CLI, a worker).
CREATE TABLE audit_events (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor           text NOT NULL CHECK (actor IN ('staff', 'applicant', 'system')),
    staff_id        uuid REFERENCES staff (id),
    action          text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
    application_id  uuid,           -- no foreign key: the trail outlives what it names
    appointment_id  uuid,
    object          text CHECK (length(object) <= 200),
    address         inet,
    detail          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
    CONSTRAINT audit_events_staff CHECK ((actor = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX audit_events_application_idx ON audit_events (application_id, id)
    WHERE application_id IS NOT NULL;
CREATE INDEX audit_events_staff_idx ON audit_events (staff_id, id) WHERE staff_id IS NOT NULL;

-- The security features drawn for an interview, once per document kind: the
-- dossier shows the same draw on every visit (common/interview/dk_feature.c).
CREATE TABLE interview_feature_draws (
    appointment_id  uuid NOT NULL REFERENCES appointments (id),
    document_kind   text NOT NULL CHECK (document_kind IN ('be_id_card', 'be_passport', 'foreign')),
    features        text[] NOT NULL CHECK (cardinality(features) >= 3),
    staff_id        uuid NOT NULL REFERENCES staff (id),
    drawn_at        timestamptz NOT NULL,
    PRIMARY KEY (appointment_id, document_kind)
);

-- What the interviewer checked, step by step. A check recorded again is a
-- new row; the latest per (appointment, check) counts.
CREATE TABLE interview_checks (
    id              bigserial PRIMARY KEY,
    appointment_id  uuid NOT NULL REFERENCES appointments (id),
    application_id  uuid NOT NULL REFERENCES applications (id),
    check_key       text NOT NULL CHECK (check_key ~ '^(primary_document|document_valid|not_forged|not_stolen|person_matches|data_matches|feature\.[a-z0-9_]+)$'),
    result          text NOT NULL CHECK (result IN ('yes', 'no', 'seen', 'not_seen')),
    document_kind   text CHECK (document_kind IN ('be_id_card', 'be_passport', 'foreign')),
    valid_until     date,           -- document_valid: the expiry date as entered
    note            text CHECK (length(note) <= 1000),
    staff_id        uuid NOT NULL REFERENCES staff (id),
    recorded_at     timestamptz NOT NULL,
    CONSTRAINT interview_checks_result CHECK (
        (check_key LIKE 'feature.%') = (result IN ('seen', 'not_seen'))),
    CONSTRAINT interview_checks_valid_until CHECK (
        (check_key = 'document_valid') = (valid_until IS NOT NULL)),
    CONSTRAINT interview_checks_feature_kind CHECK (
        (check_key LIKE 'feature.%') = (document_kind IS NOT NULL))
);
CREATE INDEX interview_checks_appointment_idx ON interview_checks (appointment_id, check_key, id);

-- The 6-digit code the applicant's page shows and the applicant reads
-- aloud. The code is derived from the id under DK_CODE_KEY (the page
-- recomputes it); only its keyed hash is kept, to check what is typed.
CREATE TABLE interview_session_codes (
    id              uuid PRIMARY KEY,
    appointment_id  uuid NOT NULL REFERENCES appointments (id),
    application_id  uuid NOT NULL REFERENCES applications (id),
    code_hash       text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    staff_id        uuid NOT NULL REFERENCES staff (id),
    issued_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL CHECK (expires_at > issued_at),
    tries           integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
    verified_at     timestamptz,
    revoked_at      timestamptz
);
CREATE UNIQUE INDEX interview_session_codes_live_idx ON interview_session_codes (appointment_id)
    WHERE verified_at IS NULL AND revoked_at IS NULL;

-- Images of the person and of the document taken during the call: the bytes
-- are in the encrypted document store under the capture's id.
CREATE TABLE interview_captures (
    id              uuid PRIMARY KEY,
    appointment_id  uuid NOT NULL REFERENCES appointments (id),
    application_id  uuid NOT NULL REFERENCES applications (id),
    subject         text NOT NULL CHECK (subject IN ('person', 'document_front', 'document_back')),
    source          text NOT NULL CHECK (source IN ('upload', 'screen')),
    byte_size       integer NOT NULL CHECK (byte_size > 0),
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    staff_id        uuid NOT NULL REFERENCES staff (id),
    captured_at     timestamptz NOT NULL
);
CREATE INDEX interview_captures_appointment_idx ON interview_captures (appointment_id, captured_at);

-- The outcome of an interview: one per appointment, a database fact (the
-- unique index on the first outcomes). A correction is a new row naming the
-- one it corrects (of the same appointment), with who and why; each outcome
-- is corrected at most once, so the outcomes of an appointment form one
-- chain whose last link counts.
CREATE TABLE interview_outcomes (
    id                 uuid PRIMARY KEY,
    appointment_id     uuid NOT NULL REFERENCES appointments (id),
    application_id     uuid NOT NULL REFERENCES applications (id),
    outcome            text NOT NULL CHECK (outcome IN ('approved', 'missing_information', 'rejected', 'no_show')),
    reasons            text[] NOT NULL DEFAULT '{}',
    missing_items      text[] NOT NULL DEFAULT '{}',
    missing_text       text CHECK (length(missing_text) <= 1000),
    motivation         text CHECK (length(motivation) <= 2000),
    fraud_suspected    boolean NOT NULL DEFAULT false,
    staff_id           uuid NOT NULL REFERENCES staff (id),
    decided_at         timestamptz NOT NULL,
    corrects_id        uuid UNIQUE,
    correction_reason  text CHECK (length(correction_reason) BETWEEN 1 AND 1000),
    UNIQUE (id, appointment_id),
    FOREIGN KEY (corrects_id, appointment_id) REFERENCES interview_outcomes (id, appointment_id),
    CONSTRAINT interview_outcomes_correction CHECK ((corrects_id IS NULL) = (correction_reason IS NULL)),
    CONSTRAINT interview_outcomes_motivation CHECK (
        outcome <> 'rejected' OR length(btrim(motivation)) > 0),
    CONSTRAINT interview_outcomes_missing CHECK (
        (outcome = 'missing_information') = (cardinality(missing_items) > 0)),
    CONSTRAINT interview_outcomes_fraud CHECK (NOT fraud_suspected OR outcome = 'rejected')
);
CREATE UNIQUE INDEX interview_outcomes_one_idx ON interview_outcomes (appointment_id)
    WHERE corrects_id IS NULL;
CREATE INDEX interview_outcomes_application_idx ON interview_outcomes (application_id, decided_at);

-- The activation code of an approval: only its keyed hash (under
-- DK_ACTIVATION_KEY) is kept; the activation link's token is derived from
-- the id under DK_TOKEN_KEY and only its keyed hash kept for the lookup.
-- Single use (used_at), valid until expires_at, at most one live per
-- application; a correction of the approval revokes it.
CREATE TABLE activation_codes (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id),
    outcome_id      uuid NOT NULL UNIQUE REFERENCES interview_outcomes (id),
    code_hash       text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    token_hash      text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL CHECK (expires_at > created_at),
    failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until    timestamptz,
    used_at         timestamptz,
    revoked_at      timestamptz
);
CREATE UNIQUE INDEX activation_codes_one_live_idx ON activation_codes (application_id)
    WHERE used_at IS NULL AND revoked_at IS NULL;

-- Append-only, for the role that runs this migration (the application's
-- role, which owns the tables) and everyone else: no UPDATE, DELETE or
-- TRUNCATE privilege, and a trigger that refuses them should one be granted
-- back. interview_outcomes keeps the UPDATE privilege alone: foreign keys
-- to it (corrections, activation codes) lock the row they reference FOR KEY
-- SHARE, which needs it; its trigger refuses every UPDATE all the same.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, interview_checks, interview_feature_draws
    FROM CURRENT_USER, PUBLIC;
REVOKE DELETE, TRUNCATE ON interview_outcomes FROM CURRENT_USER, PUBLIC;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER interview_outcomes_append_only BEFORE UPDATE OR DELETE ON interview_outcomes
    FOR EACH ROW EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER interview_outcomes_no_truncate BEFORE TRUNCATE ON interview_outcomes
    FOR EACH STATEMENT EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER interview_checks_append_only BEFORE UPDATE OR DELETE ON interview_checks
    FOR EACH ROW EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER interview_checks_no_truncate BEFORE TRUNCATE ON interview_checks
    FOR EACH STATEMENT EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER interview_feature_draws_append_only BEFORE UPDATE OR DELETE ON interview_feature_draws
    FOR EACH ROW EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER interview_feature_draws_no_truncate BEFORE TRUNCATE ON interview_feature_draws
    FOR EACH STATEMENT EXECUTE FUNCTION dk_append_only();

-- The interview's end: the appointment is over ('completed' with an
-- outcome, 'no_show' when the applicant was absent); both free the slot.
ALTER TABLE appointments DROP CONSTRAINT appointments_status_check;
ALTER TABLE appointments ADD CONSTRAINT appointments_status_check CHECK (status IN (
    'held', 'reserved',
    'replaced', 'cancelled', 'expired', 'withdrawn', 'completed', 'no_show'));

-- The application after its interview:
--   awaiting_activation  approved; the activation code and link exist
--   missing_information  the applicant must bring something and may ask a new slot
--   rejected             refused (with a motivation); the application ends
--   no_show              the applicant was absent; may ask a new slot
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN (
    'submitted', 'waiting', 'proposed', 'document_pending', 'document_rejected', 'reserved',
    'rescheduling', 'cancelled', 'expired', 'duplicate',
    'awaiting_activation', 'missing_information', 'rejected', 'no_show'));

-- A rejected application is over: the address may request again (live =
-- not cancelled, expired, duplicate or rejected; common/booking/dk_live.h).
DROP INDEX applications_one_live_per_email_idx;
CREATE UNIQUE INDEX applications_one_live_per_email_idx ON applications (lower(email))
    WHERE status NOT IN ('cancelled', 'expired', 'duplicate', 'rejected');

-- The transitions into and out of the interview's statuses, a database
-- fact whatever the code: an outcome follows a reserved interview (or
-- corrects another outcome); missing information and a no-show may ask a
-- new slot or cancel; nothing else leaves them. The same table is
-- dk_outcome_transition_allowed() in common/interview/dk_outcome.c.
CREATE FUNCTION dk_interview_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    outcome_statuses CONSTANT text[] := ARRAY['awaiting_activation', 'missing_information',
                                              'rejected', 'no_show'];
BEGIN
    IF NEW.status = ANY (outcome_statuses) AND NOT (OLD.status = 'reserved'
                                                    OR OLD.status = ANY (outcome_statuses)) THEN
        RAISE EXCEPTION 'application %: % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = ANY (outcome_statuses) AND NOT (NEW.status = ANY (outcome_statuses)
            OR (OLD.status IN ('missing_information', 'no_show')
                AND NEW.status IN ('rescheduling', 'cancelled'))) THEN
        RAISE EXCEPTION 'application %: % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER applications_interview_transition BEFORE UPDATE OF status ON applications
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION dk_interview_transition();
