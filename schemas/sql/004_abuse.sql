-- SPDX-License-Identifier: EUPL-1.2
-- 004_abuse.sql — defences against holding capacity and sending mail in
-- bulk (issue 8): one live application per e-mail address (a database fact,
-- whatever the number of intakes and recorders), the source address key by
-- which the scheduler bounds the unanswered proposals held for one client,
-- and the per-recipient mail cap ('suppressed' mails).

-- 'duplicate': a request for an address that already had a live application
-- (two requests raced past the intake's check); it is never scheduled.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN (
    'submitted', 'waiting', 'proposed', 'document_pending', 'document_rejected', 'reserved',
    'rescheduling', 'cancelled', 'expired', 'duplicate'));

-- source_key: HMAC(DK_CODE_KEY, the client's IPv4 /32 or IPv6 /64), never the
-- address itself; NULL for requests recorded before it existed.
-- waiting_reason: why a 'waiting' application waits: no free slot in its
-- language ('capacity'), or its source already holds DK_MAX_LIVE_PER_SOURCE
-- unanswered proposals ('source_limit').
ALTER TABLE applications
    ADD COLUMN source_key      text CHECK (source_key ~ '^[0-9a-f]{64}$'),
    ADD COLUMN waiting_reason  text CHECK (waiting_reason IN ('capacity', 'source_limit'));
UPDATE applications SET waiting_reason = 'capacity' WHERE status = 'waiting';
CREATE INDEX applications_source_idx ON applications (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX applications_source_waiting_idx ON applications (source_key, submitted_at)
    WHERE status = 'waiting' AND waiting_reason = 'source_limit';

-- Addresses that already had more than one live application keep one: the
-- one furthest along (reserved first), the oldest among equals. The others
-- become 'duplicate' and their live appointments end ('cancelled'), once.
WITH ranked AS (
    SELECT id, row_number() OVER (PARTITION BY lower(email) ORDER BY
        array_position(ARRAY['reserved', 'document_pending', 'document_rejected', 'proposed',
                             'rescheduling', 'waiting', 'submitted'], status),
        submitted_at, id) AS n
    FROM applications WHERE status NOT IN ('cancelled', 'expired', 'duplicate')),
dup AS (UPDATE applications a SET status = 'duplicate', waiting_reason = NULL, updated_at = now()
        FROM ranked WHERE a.id = ranked.id AND ranked.n > 1 RETURNING a.id)
UPDATE appointments p SET status = 'cancelled', ended_at = now()
  FROM dup WHERE p.application_id = dup.id AND p.status IN ('held', 'reserved');

-- Live = not cancelled, expired or duplicate. The intake and the recorder
-- look addresses up with exactly this predicate (common/booking/dk_live.h).
CREATE UNIQUE INDEX applications_one_live_per_email_idx ON applications (lower(email))
    WHERE status NOT IN ('cancelled', 'expired', 'duplicate');

-- The mailer's per-recipient cap counts the mails sent to one mailbox in the
-- last 24 hours: recipient_key is the address in lower case without a
-- "+tag" in its local part (dk_email_mailbox_key). 'suppressed': over the
-- cap, recorded and not sent.
ALTER TABLE mails DROP CONSTRAINT mails_status_check;
ALTER TABLE mails ADD CONSTRAINT mails_status_check
    CHECK (status IN ('sending', 'sent', 'failed', 'suppressed'));
ALTER TABLE mails ADD COLUMN recipient_key text;
UPDATE mails SET recipient_key = lower(regexp_replace(recipient, '\+[^@]*@', '@'));
CREATE INDEX mails_recipient_sent_idx ON mails (recipient_key, sent_at) WHERE status = 'sent';
