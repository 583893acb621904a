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
