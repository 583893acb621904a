-- SPDX-License-Identifier: EUPL-1.2
-- 005_proposal_sessions.sql — the sessions of the self-service page. Once the
-- security code was right, the intake draws 256 random bits for the cookie
-- and keeps only their SHA-256 here: a session is this row, so no key and no
-- public id lets anyone compute one, and a copy of the table opens nothing.
-- A session speaks for one appointment while it is live, until expires_at;
-- cancelling or asking another slot revokes the application's sessions.
-- Expired rows are deleted by the intake as it creates new ones.

CREATE TABLE proposal_sessions (
    id_hash         text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    application_id  uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    appointment_id  uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL CHECK (expires_at > created_at),
    revoked_at      timestamptz
);
CREATE INDEX proposal_sessions_expiry_idx ON proposal_sessions (expires_at);
CREATE INDEX proposal_sessions_application_idx ON proposal_sessions (application_id)
    WHERE revoked_at IS NULL;
