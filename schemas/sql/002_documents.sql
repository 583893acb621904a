-- SPDX-License-Identifier: EUPL-1.2
-- 002_documents.sql — identity-document images and the checker's verdicts.
-- The image itself is in the encrypted document store (DK_DOCUMENT_DIR),
-- never in the database or in Kafka; this row holds what was judged.

CREATE TABLE documents (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id),
    kind            text NOT NULL CHECK (kind IN ('passport', 'id_card')),
    side            text NOT NULL CHECK (side IN ('front', 'back')),
    byte_size       integer NOT NULL CHECK (byte_size >= 0),
    sha256          text NOT NULL,
    uploaded_at     timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('accepted', 'rejected')),
    reasons         text[] NOT NULL DEFAULT '{}',
    figures         jsonb NOT NULL DEFAULT '{}',
    detected_type   text,
    validation_ms   integer,
    validated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_application_idx ON documents (application_id, uploaded_at);
