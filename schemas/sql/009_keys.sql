-- SPDX-License-Identifier: EUPL-1.2
-- 009_keys.sql — the applicant's digital key (issue 12, SPEC.md step 4):
-- the activation ends the procedure with a key, and the key signs in. Every
-- transaction on these tables is common/keys (dk_key.h). No secret is
-- stored in the clear: passwords as Argon2id PHC strings, TOTP secrets
-- sealed (dk_seal, purpose 'key.totp', id = the application id), e-mail
-- codes derived from their row's id under DK_TOKEN_KEY (in no row at all),
-- WebAuthn challenges single use and short lived.

-- An activated application: the key exists. Allowed only from
-- awaiting_activation, and nothing leaves it (an outcome can no longer be
-- corrected once the key is made). Not live: the address may request a new
-- interview (a lost key), whose activation revokes this key.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN (
    'submitted', 'waiting', 'proposed', 'document_pending', 'document_rejected', 'reserved',
    'rescheduling', 'cancelled', 'expired', 'duplicate',
    'awaiting_activation', 'missing_information', 'rejected', 'no_show', 'activated'));

DROP INDEX applications_one_live_per_email_idx;
CREATE UNIQUE INDEX applications_one_live_per_email_idx ON applications (lower(email))
    WHERE status NOT IN ('cancelled', 'expired', 'duplicate', 'rejected', 'missing_information',
                         'no_show', 'activated');

-- The same table as dk_outcome_transition_allowed() in
-- common/interview/dk_outcome.c, with 'activated' added.
CREATE OR REPLACE FUNCTION dk_interview_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    outcome_statuses CONSTANT text[] := ARRAY['awaiting_activation', 'missing_information',
                                              'rejected', 'no_show'];
BEGIN
    IF OLD.status = 'activated' OR (NEW.status = 'activated'
                                    AND OLD.status <> 'awaiting_activation') THEN
        RAISE EXCEPTION 'application %: % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = ANY (outcome_statuses) AND NOT (OLD.status = 'reserved'
                                                    OR OLD.status = ANY (outcome_statuses)) THEN
        RAISE EXCEPTION 'application %: % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = ANY (outcome_statuses) AND NOT (NEW.status = ANY (outcome_statuses)
            OR (OLD.status = 'awaiting_activation' AND NEW.status = 'activated')
            OR (OLD.status IN ('missing_information', 'no_show')
                AND NEW.status IN ('rescheduling', 'cancelled'))) THEN
        RAISE EXCEPTION 'application %: % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

-- One key per application; one unrevoked key per address (identifier =
-- lower(e-mail)): a new activation for the address revokes the previous
-- key in its own transaction.
CREATE TABLE digital_keys (
    id                  uuid PRIMARY KEY,
    application_id      uuid NOT NULL UNIQUE REFERENCES applications (id),
    activation_id       uuid NOT NULL UNIQUE REFERENCES activation_codes (id),
    identifier          text NOT NULL CHECK (length(identifier) BETWEEN 3 AND 254
                                             AND identifier = lower(identifier)),
    key_type            text NOT NULL CHECK (key_type IN ('totp', 'email', 'password', 'passkey')),
    password_hash       text CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret_sealed  jsonb CHECK (totp_secret_sealed IS NULL
                                     OR jsonb_typeof(totp_secret_sealed) = 'object'),
    totp_last_step      bigint CHECK (totp_last_step >= 0),
    failed_tries        integer NOT NULL DEFAULT 0 CHECK (failed_tries >= 0),
    throttled_until     timestamptz,
    locked_at           timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    last_signin_at      timestamptz,
    revoked_at          timestamptz,
    CONSTRAINT digital_keys_password CHECK ((password_hash IS NULL) = (key_type = 'passkey')),
    CONSTRAINT digital_keys_totp CHECK ((totp_secret_sealed IS NOT NULL) = (key_type = 'totp'))
);
CREATE UNIQUE INDEX digital_keys_identifier_idx ON digital_keys (identifier)
    WHERE revoked_at IS NULL;

-- The choice made between the activation code and the confirmation: one per
-- activation, replaced by a new choice, gone once the key exists.
CREATE TABLE key_enrolments (
    activation_id       uuid PRIMARY KEY REFERENCES activation_codes (id),
    key_type            text NOT NULL CHECK (key_type IN ('totp', 'email', 'passkey')),
    password_hash       text CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret_sealed  jsonb CHECK (totp_secret_sealed IS NULL
                                     OR jsonb_typeof(totp_secret_sealed) = 'object'),
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL CHECK (expires_at > created_at),
    CONSTRAINT key_enrolments_password CHECK ((password_hash IS NULL) = (key_type = 'passkey')),
    CONSTRAINT key_enrolments_totp CHECK ((totp_secret_sealed IS NOT NULL) = (key_type = 'totp'))
);

-- A mailed 6-digit code: dk_token_email_code(id), never stored. Valid 10
-- minutes, single use; only the newest of its activation or key verifies.
CREATE TABLE key_email_codes (
    id             uuid PRIMARY KEY,
    purpose        text NOT NULL CHECK (purpose IN ('activation', 'signin')),
    activation_id  uuid REFERENCES activation_codes (id),
    key_id         uuid REFERENCES digital_keys (id),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at        timestamptz,
    CONSTRAINT key_email_codes_owner CHECK (
        (purpose = 'activation' AND activation_id IS NOT NULL AND key_id IS NULL)
        OR (purpose = 'signin' AND key_id IS NOT NULL AND activation_id IS NULL))
);
CREATE INDEX key_email_codes_activation_idx ON key_email_codes (activation_id, created_at)
    WHERE activation_id IS NOT NULL;
CREATE INDEX key_email_codes_key_idx ON key_email_codes (key_id, created_at)
    WHERE key_id IS NOT NULL;

-- A WebAuthn challenge: 32 random bytes, single use, 5 minutes. A sign-in
-- challenge of an identifier without a passkey has no key.
CREATE TABLE webauthn_challenges (
    id             uuid PRIMARY KEY,
    purpose        text NOT NULL CHECK (purpose IN ('register', 'authenticate')),
    activation_id  uuid REFERENCES activation_codes (id),
    key_id         uuid REFERENCES digital_keys (id),
    challenge      bytea NOT NULL UNIQUE CHECK (length(challenge) = 32),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at        timestamptz,
    CONSTRAINT webauthn_challenges_owner CHECK (
        (purpose = 'register' AND activation_id IS NOT NULL AND key_id IS NULL)
        OR (purpose = 'authenticate' AND activation_id IS NULL))
);

-- A passkey of a key: its public key (COSE), algorithm and signature count.
CREATE TABLE passkey_credentials (
    id               uuid PRIMARY KEY,
    key_id           uuid NOT NULL REFERENCES digital_keys (id),
    credential_id    bytea NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 16 AND 1023),
    public_key_cose  bytea NOT NULL CHECK (length(public_key_cose) BETWEEN 1 AND 2048),
    alg              integer NOT NULL CHECK (alg IN (-7, -257)),
    sign_count       bigint NOT NULL DEFAULT 0 CHECK (sign_count BETWEEN 0 AND 4294967295),
    created_at       timestamptz NOT NULL,
    last_used_at     timestamptz
);
CREATE INDEX passkey_credentials_key_idx ON passkey_credentials (key_id);

-- Every sign-in attempt, append-only: the source is the keyed hash of the
-- client's network (producers/lib/dk_source.h), never its address.
CREATE TABLE key_signins (
    id               bigserial PRIMARY KEY,
    key_id           uuid REFERENCES digital_keys (id),
    at               timestamptz NOT NULL,
    result           text NOT NULL CHECK (result IN ('ok', 'wrong', 'locked', 'throttled',
                                                     'email_code_sent')),
    key_type         text CHECK (key_type IN ('totp', 'email', 'password', 'passkey')),
    assurance_level  text CHECK (assurance_level IN ('low', 'substantial', 'low_email_code')),
    source           text CHECK (source ~ '^[0-9a-f]{64}$'),
    CONSTRAINT key_signins_level CHECK ((result = 'ok') = (assurance_level IS NOT NULL))
);
CREATE INDEX key_signins_key_idx ON key_signins (key_id, at) WHERE key_id IS NOT NULL;

REVOKE UPDATE, DELETE, TRUNCATE ON key_signins FROM CURRENT_USER, PUBLIC;
CREATE TRIGGER key_signins_append_only BEFORE UPDATE OR DELETE ON key_signins
    FOR EACH ROW EXECUTE FUNCTION dk_append_only();
CREATE TRIGGER key_signins_no_truncate BEFORE TRUNCATE ON key_signins
    FOR EACH STATEMENT EXECUTE FUNCTION dk_append_only();
