-- SPDX-License-Identifier: EUPL-1.2
-- 010_timers.sql — the one mechanism for every deadline of the procedure
-- (issue 13): a row per timer, written in the transaction of the state change
-- that causes it (common/timer/dk_timer.h) and fired exactly once by dk-timers
-- (workers/timers), which claims due rows with FOR UPDATE SKIP LOCKED and marks
-- them fired in the transaction of their effects.
--
-- cause: what the timer is about, unique per kind, so one cause makes one
-- timer whoever writes it twice (the appointment id of a reminder, the
-- application id of a promise, "<application>:documents" for a retention).
-- A timer ends once: fired (fired_at, result says what its firing did) or
-- cancelled (cancelled_at, result says why); never both.
CREATE TABLE timers (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('reminder', 'promise', 'promise_alert',
                        'proposal_expiry', 'outcome_overdue', 'retention')),
    cause           text NOT NULL CHECK (length(cause) BETWEEN 1 AND 200),
    application_id  uuid NOT NULL,
    appointment_id  uuid,
    due_at          timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    fired_at        timestamptz,
    cancelled_at    timestamptz,
    result          text CHECK (length(result) <= 200),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    CONSTRAINT timers_one_per_cause UNIQUE (kind, cause),
    CONSTRAINT timers_end_once CHECK (fired_at IS NULL OR cancelled_at IS NULL)
);
-- What dk-timers claims: the due, open timers, oldest first.
CREATE INDEX timers_due_idx ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_application_idx ON timers (application_id, due_at);
CREATE INDEX timers_appointment_idx ON timers (appointment_id) WHERE appointment_id IS NOT NULL;

-- An appointment whose times change in place (an operator's correction: no
-- program of the pipeline does it, a move makes a new appointment) takes its
-- open timers along, in the same transaction: the proposal expiry follows
-- the hold's end, the reminder and the outcome deadline shift with the
-- interview's start and end.
CREATE FUNCTION dk_timers_follow_appointment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE timers SET due_at = CASE kind
            WHEN 'proposal_expiry' THEN NEW.held_until
            WHEN 'reminder' THEN due_at + (NEW.starts_at - OLD.starts_at)
            ELSE due_at + (NEW.ends_at - OLD.ends_at) END
        WHERE appointment_id = NEW.id AND fired_at IS NULL AND cancelled_at IS NULL
        AND kind IN ('proposal_expiry', 'reminder', 'outcome_overdue');
    RETURN NULL;
END $$;
CREATE TRIGGER appointments_timers_follow AFTER UPDATE OF held_until, starts_at, ends_at
    ON appointments FOR EACH ROW
    WHEN (OLD.held_until IS DISTINCT FROM NEW.held_until OR OLD.starts_at IS DISTINCT FROM NEW.starts_at
          OR OLD.ends_at IS DISTINCT FROM NEW.ends_at)
    EXECUTE FUNCTION dk_timers_follow_appointment();

-- A database migrated while proposals and interviews are live: their timers,
-- as the changes that made them would have set them (ids drawn at random:
-- one cause, one timer is the unique kind and cause). A reminder whose time
-- has passed is not made: an upgrade sends no late reminders.
INSERT INTO timers (id, kind, cause, application_id, appointment_id, due_at, created_at)
SELECT gen_random_uuid(), 'proposal_expiry', p.id::text, p.application_id, p.id, p.held_until, now()
  FROM appointments p WHERE p.status = 'held';
INSERT INTO timers (id, kind, cause, application_id, appointment_id, due_at, created_at)
SELECT gen_random_uuid(), 'reminder', p.id::text, p.application_id, p.id,
       p.starts_at - interval '24 hours', now()
  FROM appointments p WHERE p.status = 'reserved' AND p.starts_at - interval '24 hours' > now();
INSERT INTO timers (id, kind, cause, application_id, appointment_id, due_at, created_at)
SELECT gen_random_uuid(), 'outcome_overdue', p.id::text, p.application_id, p.id,
       p.ends_at + interval '120 minutes', now()
  FROM appointments p WHERE p.status = 'reserved';
