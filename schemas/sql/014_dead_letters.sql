-- SPDX-License-Identifier: EUPL-1.2
-- 014_dead_letters.sql — dead letters an operator can act on (issue 14 item
-- 4): every message a worker gives up on is a row here, written in the same
-- transaction as its "handled" mark (consumed_messages) and the dead letter
-- on dk.deadletter. This table is the source of truth for `dk deadletter
-- list` and `dk deadletter replay` (common/store/dk_deadletter.h): it keeps
-- the original sealed for an exact replay, and the replay's state changes
-- together with the mark it removes; the topic is the redacted feed.

CREATE TABLE dead_letters (
    id                uuid PRIMARY KEY,        -- the dead letter's message id on dk.deadletter
    message_id        uuid NOT NULL,           -- the original's id (its consumed_messages mark)
    consumer_group    text NOT NULL,
    application_id    uuid,                    -- NULL when the original named none
    source_topic      text NOT NULL,
    source_partition  integer NOT NULL CHECK (source_partition >= 0),
    source_offset     bigint NOT NULL,
    reason            text NOT NULL,
    -- The dead-letter message exactly as put on dk.deadletter: redacted.
    envelope          text NOT NULL,
    -- The original bytes, sealed (dk_seal, DK_MESSAGE_KEY, purpose
    -- 'deadletter.original', bound to application_id or the nil UUID); NULL
    -- when the original was no message envelope (no id to keep a replay
    -- idempotent): such a dead letter cannot be replayed.
    original_sealed   jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    replayed_at       timestamptz,
    replayed_by       text,
    CONSTRAINT dead_letters_replay CHECK ((replayed_at IS NULL) = (replayed_by IS NULL))
);
CREATE INDEX dead_letters_created_idx ON dead_letters (created_at);
CREATE INDEX dead_letters_message_idx ON dead_letters (consumer_group, message_id);

-- Retention: when an application's personal data is erased
-- (012_deadlines.sql), so are its dead letters' originals — the sealed
-- copy kept for a replay, and the shown one, whose sealed part holds
-- personal data too. Such a dead letter can no longer be replayed.
CREATE FUNCTION dk_dead_letters_erase() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dead_letters
       SET original_sealed = NULL,
           envelope = jsonb_set(envelope::jsonb, '{data,original}',
                                to_jsonb('(erased with the application''s personal data)'::text))::text
     WHERE application_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER applications_dead_letters_erase AFTER UPDATE OF personal_purged_at ON applications
    FOR EACH ROW WHEN (OLD.personal_purged_at IS NULL AND NEW.personal_purged_at IS NOT NULL)
    EXECUTE FUNCTION dk_dead_letters_erase();
