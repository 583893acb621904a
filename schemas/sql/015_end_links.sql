-- SPDX-License-Identifier: EUPL-1.2
-- 015_end_links.sql — the mailbox owner's way out of a request someone else
-- made with their address (issue 8, audit item 2). One live request per
-- address means whoever requests first with a victim's address gets the
-- victim's own request refused (409), and the victim never saw that
-- request's security code. The "application_exists" and "request_received"
-- mails, which only the address's owner receives, carry a link that ends
-- the request in progress for the address (producers/intake/end_link.c).
-- The link's token is derived from the row's id under DK_TOKEN_KEY
-- (dk_token_end, like the proposal and activation links) and only its keyed
-- hash is kept for the lookup. Single use (used_at), valid until
-- expires_at; a row names the application it ends.
CREATE TABLE end_links (
    id              uuid PRIMARY KEY,   -- dk_live_end_link_id of the mail's dedupe key
    application_id  uuid NOT NULL REFERENCES applications (id),
    token_hash      text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at         timestamptz
);
CREATE INDEX end_links_application_idx ON end_links (application_id);
