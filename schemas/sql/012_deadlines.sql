-- SPDX-License-Identifier: EUPL-1.2
-- 012_deadlines.sql — the deadlines that end or erase an application (issue
-- 13 items 3 and 5): the 3-working-day promise (a request without a
-- proposal after 3 Belgian working days is 'not_served') and data retention
-- (GDPR): document images, interview captures and personal data erased a
-- configurable time after the application's end, as `retention` timers.
-- The promise timers are set by the recorder and cancelled by the
-- scheduler's first proposal (common/timer); the retention timers are set
-- here, by triggers, in the transaction of every change that ends an
-- application (whichever program makes it), records an interview's outcome
-- or sets the fraud flag; dk-timers erases (common/booking/dk_booking_retention.c).

-- 'not_served': no proposal came within 3 working days; the applicant was
-- told to request again, so the application is over (not live: the address
-- may request again; common/booking/dk_live.h says the same).
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN (
    'submitted', 'waiting', 'proposed', 'document_pending', 'document_rejected', 'reserved',
    'rescheduling', 'cancelled', 'expired', 'duplicate',
    'awaiting_activation', 'missing_information', 'rejected', 'no_show', 'activated',
    'not_served'));

DROP INDEX applications_one_live_per_email_idx;
CREATE UNIQUE INDEX applications_one_live_per_email_idx ON applications (lower(email))
    WHERE status NOT IN ('cancelled', 'expired', 'duplicate', 'rejected', 'missing_information',
                         'no_show', 'activated', 'not_served');

-- The statuses in which an application is over (the complement of live).
CREATE FUNCTION dk_application_ended(status text) RETURNS boolean IMMUTABLE LANGUAGE sql AS $$
    SELECT status IN ('cancelled', 'expired', 'duplicate', 'rejected', 'missing_information',
                      'no_show', 'activated', 'not_served')
$$;

-- ended_at: when the application entered an ended status (its updated_at
-- then, which every writer sets to its clock, DK_NOW in tests; NULL while
-- live: missing information and a no-show may become live again).
-- personal_purged_at: when retention erased its personal data; the columns
-- holding it are NULL from then on, and only then.
ALTER TABLE applications
    ADD COLUMN ended_at            timestamptz,
    ADD COLUMN personal_purged_at  timestamptz;
ALTER TABLE applications
    ALTER COLUMN last_name DROP NOT NULL, ALTER COLUMN first_names DROP NOT NULL,
    ALTER COLUMN birth_date DROP NOT NULL, ALTER COLUMN birth_country DROP NOT NULL,
    ALTER COLUMN birth_place DROP NOT NULL, ALTER COLUMN sex DROP NOT NULL,
    ALTER COLUMN email DROP NOT NULL, ALTER COLUMN motivation DROP NOT NULL;
ALTER TABLE applications ADD CONSTRAINT applications_personal CHECK (
    personal_purged_at IS NOT NULL OR (last_name IS NOT NULL AND first_names IS NOT NULL
        AND birth_date IS NOT NULL AND birth_country IS NOT NULL AND birth_place IS NOT NULL
        AND sex IS NOT NULL AND email IS NOT NULL AND motivation IS NOT NULL));
UPDATE applications SET ended_at = updated_at WHERE dk_application_ended(status);

-- An image whose bytes retention removed from the document store: the row
-- stays (the verdict, the reasons and the size serve statistics and the
-- audit; the sha256 says which file it was), the file is gone.
ALTER TABLE documents ADD COLUMN purged_at timestamptz;
ALTER TABLE interview_captures ADD COLUMN purged_at timestamptz;
-- A mail's recipient is personal data too: erased with the application's.
ALTER TABLE mails ALTER COLUMN recipient DROP NOT NULL;

-- The retention periods in days. dk-timers writes its configuration here
-- when it starts (DK_DOCUMENT_RETENTION_DAYS, DK_PERSONAL_RETENTION_DAYS,
-- DK_FRAUD_RETENTION_DAYS) and moves the open retention timers when one
-- changed; the triggers below read them, so whichever program ends an
-- application sets the same due times.
CREATE TABLE retention_rules (
    rule        text PRIMARY KEY CHECK (rule IN ('documents', 'personal', 'fraud')),
    days        integer NOT NULL CHECK (days BETWEEN 1 AND 36500),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO retention_rules (rule, days) VALUES ('documents', 30), ('personal', 365),
    ('fraud', 1825);

-- What retention erased: one row per file removed and one per application
-- whose personal data was blanked; what, when, under which rule, by which
-- timer or command — never the data itself. Append-only, as the audit trail.
CREATE TABLE retention_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    application_id  uuid NOT NULL,  -- no foreign key: the log outlives what it names
    rule            text NOT NULL CHECK (rule IN ('documents', 'personal', 'fraud')),
    what            text NOT NULL CHECK (what IN ('document_image', 'interview_capture',
                                                  'personal_data')),
    object          text NOT NULL CHECK (length(object) BETWEEN 1 AND 200),
    timer_id        uuid,
    actor           text NOT NULL CHECK (actor IN ('dk-timers', 'dk retention'))
);
CREATE INDEX retention_log_application_idx ON retention_log (application_id, id);
REVOKE UPDATE, DELETE, TRUNCATE ON retention_log FROM CURRENT_USER, PUBLIC;
CREATE TRIGGER retention_log_append_only BEFORE UPDATE OR DELETE ON retention_log
    FOR EACH ROW EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER retention_log_no_truncate BEFORE TRUNCATE ON retention_log
    FOR EACH STATEMENT EXECUTE FUNCTION dk_append_only();

-- A rejection with the fraud flag that no correction undid.
CREATE FUNCTION dk_retention_fraud(app uuid) RETURNS boolean STABLE LANGUAGE sql AS $$
    SELECT EXISTS (SELECT 1 FROM interview_outcomes o WHERE o.application_id = app
                   AND o.fraud_suspected
                   AND NOT EXISTS (SELECT 1 FROM interview_outcomes c WHERE c.corrects_id = o.id))
$$;

-- When a retention rule ('documents' or 'personal') falls due for an
-- application, from its state now; NULL when none applies.
--   documents  the document images: the retention days after the first of
--              its last interview's outcome and its end
--   personal   personal data and interview captures of an ended application
--              without a key: the retention days after its end
--   a dossier rejected with the fraud flag keeps both for the fraud days
--   after its end.
CREATE FUNCTION dk_retention_due(app uuid, what text) RETURNS timestamptz STABLE
LANGUAGE plpgsql AS $$
DECLARE
    a record;
    interviewed timestamptz;
BEGIN
    SELECT status, ended_at INTO a FROM applications WHERE id = app;
    IF NOT FOUND OR what NOT IN ('documents', 'personal') THEN
        RETURN NULL;
    END IF;
    IF dk_retention_fraud(app) THEN
        RETURN a.ended_at + (SELECT days FROM retention_rules WHERE rule = 'fraud')
            * interval '1 day';
    END IF;
    IF what = 'documents' THEN
        SELECT max(decided_at) INTO interviewed FROM interview_outcomes
            WHERE application_id = app;
        RETURN least(interviewed, a.ended_at)
            + (SELECT days FROM retention_rules WHERE rule = 'documents') * interval '1 day';
    END IF;
    IF a.ended_at IS NULL OR a.status = 'activated'
       OR EXISTS (SELECT 1 FROM digital_keys k WHERE k.application_id = app) THEN
        RETURN NULL;
    END IF;
    RETURN a.ended_at + (SELECT days FROM retention_rules WHERE rule = 'personal')
        * interval '1 day';
END $$;

-- Sets, moves or cancels the two retention timers of an application
-- (causes "<id>:documents", "<id>:personal") to what dk_retention_due says
-- now. A cancelled one opens again when a rule applies again (missing
-- information, then a new interview); a fired one opens again when its new
-- due time is after its firing (data may have come since: a new upload).
CREATE FUNCTION dk_retention_plan(app uuid, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    what text;
    due timestamptz;
BEGIN
    FOREACH what IN ARRAY ARRAY['documents', 'personal'] LOOP
        due := dk_retention_due(app, what);
        IF due IS NULL THEN
            UPDATE timers SET cancelled_at = at, result = 'not_applicable'
                WHERE kind = 'retention' AND cause = app::text || ':' || what
                AND fired_at IS NULL AND cancelled_at IS NULL;
        ELSE
            INSERT INTO timers (id, kind, cause, application_id, due_at, created_at)
                VALUES (gen_random_uuid(), 'retention', app::text || ':' || what, app, due, at)
            ON CONFLICT (kind, cause) DO UPDATE SET due_at = EXCLUDED.due_at,
                fired_at = NULL, cancelled_at = NULL, result = NULL, attempts = 0,
                last_error = NULL
            WHERE (timers.fired_at IS NULL AND (timers.cancelled_at IS NOT NULL
                                                OR timers.due_at <> EXCLUDED.due_at))
               OR timers.fired_at < EXCLUDED.due_at;
        END IF;
    END LOOP;
END $$;

-- ended_at follows the status (BEFORE), then the retention timers (AFTER).
CREATE FUNCTION dk_applications_ended_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT dk_application_ended(NEW.status) THEN
        NEW.ended_at := NULL;
    ELSIF TG_OP = 'INSERT' THEN
        NEW.ended_at := NEW.submitted_at;
    ELSIF NOT dk_application_ended(OLD.status) THEN
        NEW.ended_at := NEW.updated_at;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER applications_ended_at BEFORE INSERT OR UPDATE OF status ON applications
    FOR EACH ROW EXECUTE FUNCTION dk_applications_ended_at();

CREATE FUNCTION dk_applications_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dk_retention_plan(NEW.id, coalesce(NEW.ended_at, NEW.updated_at));
    RETURN NULL;
END $$;
CREATE TRIGGER applications_retention_insert AFTER INSERT ON applications
    FOR EACH ROW WHEN (dk_application_ended(NEW.status))
    EXECUTE FUNCTION dk_applications_retention();
CREATE TRIGGER applications_retention_update AFTER UPDATE OF status ON applications
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       AND (dk_application_ended(OLD.status) OR dk_application_ended(NEW.status)))
    EXECUTE FUNCTION dk_applications_retention();

-- An outcome (its documents' 30 days start) or a correction (the fraud flag
-- set or lifted) plans again.
CREATE FUNCTION dk_outcomes_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dk_retention_plan(NEW.application_id, NEW.decided_at);
    RETURN NULL;
END $$;
CREATE TRIGGER interview_outcomes_retention AFTER INSERT ON interview_outcomes
    FOR EACH ROW EXECUTE FUNCTION dk_outcomes_retention();

-- The applications that ended or were interviewed before this migration.
SELECT dk_retention_plan(a.id, coalesce(a.ended_at, a.updated_at)) FROM applications a
    WHERE a.ended_at IS NOT NULL
       OR EXISTS (SELECT 1 FROM interview_outcomes o WHERE o.application_id = a.id);

-- A request still without a proposal gets its promise timers, as the
-- recorder sets them: 72 and 36 hours of working time (Monday to Friday
-- without Belgian public holidays, Brussels time) from its submission, by
-- the working-day calendar of common/core, which SQL does not have: the
-- timers of the requests waiting at the upgrade are set by dk-timers when
-- it starts (dk_booking_deadlines_start), not here.
