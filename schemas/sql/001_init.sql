-- SPDX-License-Identifier: EUPL-1.2
-- 001_init.sql — the foundation: applications with their preferred slots,
-- the mails sent, and the plumbing every worker shares (idempotency by message
-- id, the transactional outbox). All instants are timestamptz (stored UTC).

CREATE TABLE applications (
    id                  uuid PRIMARY KEY,
    status              text NOT NULL CHECK (status IN ('submitted')),
    language            text NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
    last_name           text NOT NULL,
    first_names         text NOT NULL,
    birth_date          date NOT NULL,
    birth_country       char(2) NOT NULL,
    birth_place         text NOT NULL,
    sex                 char(1) NOT NULL CHECK (sex IN ('F', 'M', 'X')),
    insz                char(11),
    email               text NOT NULL,
    motivation          text NOT NULL,
    security_code_hash  text NOT NULL,      -- HMAC-SHA256 under DK_CODE_KEY, hex
    submitted_at        timestamptz NOT NULL, -- when the intake accepted it
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    source_message_id   uuid NOT NULL
);

CREATE TABLE application_preferred_slots (
    application_id  uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    rank            smallint NOT NULL CHECK (rank BETWEEN 1 AND 10),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    PRIMARY KEY (application_id, rank)
);

-- Every e-mail the mailer handled. dedupe_key makes "the same mail" a
-- database fact: a redelivered job finds its row and sends nothing.
CREATE TABLE mails (
    job_id          uuid PRIMARY KEY,
    dedupe_key      text NOT NULL UNIQUE,
    application_id  uuid,
    template        text NOT NULL,
    language        text NOT NULL,
    recipient       text NOT NULL,
    subject         text,
    message_id      text,
    status          text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX mails_application_idx ON mails (application_id);

-- Idempotency: a message id is handled at most once per consumer group.
CREATE TABLE consumed_messages (
    consumer_group  text NOT NULL,
    message_id      uuid NOT NULL,
    topic           text NOT NULL,
    consumed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, message_id)
);

-- Transactional outbox: messages written in the same transaction as the state
-- change that causes them, relayed to Kafka afterwards.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text NOT NULL,
    msg_key     text NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;

-- Every read of an applicant's personal data by staff or operators.
CREATE TABLE personal_data_access (
    id              bigserial PRIMARY KEY,
    accessed_at     timestamptz NOT NULL DEFAULT now(),
    actor           text NOT NULL,
    application_id  uuid NOT NULL,
    purpose         text NOT NULL
);

CREATE FUNCTION dk_iso(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
