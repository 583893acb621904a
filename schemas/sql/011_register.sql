-- SPDX-License-Identifier: EUPL-1.2
-- 011_register.sql — the register of stolen, lost and cancelled identity
-- documents (issue 11; Checkdoc answers this for Belgian documents).
--
-- register_checks: every question put to the register and what came back
-- (common/register, dk_register.h). The document number is kept as a keyed
-- hash (HMAC-SHA256 of the issuing state and the number under a key derived
-- from DK_DOCUMENT_KEY), not in clear: the interviewer reads the number
-- from the document's own facts (its MRZ, stored with the document), and
-- the dossier matches a check to it by hashing that number; a table of
-- checks need not be a second list of everyone's document numbers.
CREATE TABLE register_checks (
    id                   uuid PRIMARY KEY,
    application_id       uuid REFERENCES applications (id),
    document_type        text NOT NULL CHECK (document_type ~ '^[A-Z]{1,2}$'),
    issuing_state        text NOT NULL CHECK (issuing_state ~ '^[A-Z]{1,3}$'),
    document_number_hash text NOT NULL CHECK (document_number_hash ~ '^[0-9a-f]{64}$'),
    status               text NOT NULL CHECK (status IN ('clear', 'reported', 'unavailable')),
    -- reported: stolen, lost, cancelled, invalidated, unspecified;
    -- unavailable: why (timeout, connect, tls, http_status, not_json, ...).
    reason               text CHECK (length(reason) <= 24),
    since                date,
    authority            text CHECK (length(authority) <= 128),
    -- What the register answered (its JSON object), bounded like the answer
    -- the adapter reads (8 KiB); NULL when it gave none that parsed.
    register_said        jsonb CHECK (octet_length(register_said::text) <= 16384),
    http_status          int,
    attempts             int NOT NULL CHECK (attempts BETWEEN 0 AND 11),
    detail               text CHECK (length(detail) <= 256),
    checked_at           timestamptz NOT NULL,
    ms                   int NOT NULL CHECK (ms >= 0),
    CHECK ((status = 'clear') = (reason IS NULL))
);
CREATE INDEX register_checks_application_idx ON register_checks (application_id, checked_at DESC)
    WHERE application_id IS NOT NULL;
CREATE INDEX register_checks_number_idx ON register_checks (document_number_hash, checked_at DESC);

-- register_reports: the development register's data (infra/register,
-- dk-register; `dk register add|remove|list`), the documents it answers
-- "reported" for. A real deployment asks a real register instead and this
-- table stays empty. A report without a type covers every type of that
-- number; one with a type covers the types that start with it (I: ID, IR).
CREATE TABLE register_reports (
    document_number text NOT NULL CHECK (document_number ~ '^[A-Z0-9]{1,31}$'),
    issuing_state   text NOT NULL CHECK (issuing_state ~ '^[A-Z]{1,3}$'),
    document_type   text CHECK (document_type ~ '^[A-Z]{1,2}$'),
    reason          text NOT NULL CHECK (reason IN ('stolen', 'lost', 'cancelled', 'invalidated')),
    since           date NOT NULL,
    note            text CHECK (length(note) <= 200),
    created_at      timestamptz NOT NULL,
    UNIQUE NULLS NOT DISTINCT (document_number, issuing_state, document_type)
);
