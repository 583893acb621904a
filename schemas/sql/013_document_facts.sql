-- SPDX-License-Identifier: EUPL-1.2
-- 013_document_facts.sql — what an identity document says (issue 11): the
-- machine-readable zone read off an accepted image, compared with the
-- request and with the interview's day, and what the register of stolen,
-- lost and cancelled documents answered. One row per judged image whose
-- quality was good enough to read (dk-docchecker, in the transaction that
-- writes its documents row); an image refused for its quality has none.
--
-- mrz holds the read as `dk document mrz` prints it (names, birth date and
-- number included: personal data, kept here and never on a topic); the
-- other columns are what statistics and the audit may keep: retention
-- blanks mrz with the image (the trigger below), the verdicts stay.
CREATE TABLE document_facts (
    document_id       uuid PRIMARY KEY REFERENCES documents (id),
    application_id    uuid NOT NULL REFERENCES applications (id),
    mrz_found         boolean NOT NULL,
    mrz_valid         boolean CHECK (mrz_valid IS NULL OR mrz_found),
    mrz_format        text CHECK (mrz_format IN ('TD1', 'TD2', 'TD3', 'MRV-A', 'MRV-B')),
    mrz               jsonb CHECK (octet_length(mrz::text) <= 16384),
    -- {"surname": "match", ..., "expiry": "valid"}: dk_mrz_comparison_json.
    comparison        jsonb CHECK (octet_length(comparison::text) <= 2048),
    expiry            text CHECK (expiry IN ('valid', 'expired', 'not_readable')),
    -- The day the expiry was compared with: the interview's (or today, when
    -- later or when there is no interview yet), Brussels.
    expiry_on         date NOT NULL,
    -- The upload was refused because the MRZ vouches the document expired.
    refused_expired   boolean NOT NULL DEFAULT false,
    -- not_checked: no number the MRZ vouches for (no MRZ, a wrong check
    -- digit): the register was not asked, and nothing claims it was clear.
    register_status   text NOT NULL
        CHECK (register_status IN ('clear', 'reported', 'unavailable', 'not_checked')),
    register_reason   text CHECK (length(register_reason) <= 24),
    register_check_id uuid REFERENCES register_checks (id),
    read_ms           integer CHECK (read_ms >= 0),
    read_at           timestamptz NOT NULL,
    CHECK ((register_status = 'not_checked') = (register_check_id IS NULL)),
    CHECK ((register_status = 'clear') = (register_reason IS NULL)),
    CHECK (mrz_found OR (comparison IS NULL AND expiry IS NULL AND NOT refused_expired))
);
CREATE INDEX document_facts_application_idx ON document_facts (application_id);

-- The MRZ read is personal data of the image: erased when retention erases
-- the image (documents.purged_at set, common/booking/dk_booking_retention.c),
-- in the same statement.
CREATE FUNCTION dk_document_facts_purge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE document_facts SET mrz = NULL WHERE document_id = NEW.id AND mrz IS NOT NULL;
    RETURN NEW;
END
$$;
CREATE TRIGGER documents_purge_facts AFTER UPDATE OF purged_at ON documents
    FOR EACH ROW WHEN (OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL)
    EXECUTE FUNCTION dk_document_facts_purge();

-- The facts of one document as `dk application show` and the interviewer's
-- dossier show them (NULL when it has none): mrz (found, format,
-- document_type, issuing_state, expiry_date as printed and as a date,
-- valid, checks, repairs; with personal: the number, names, birth date,
-- sex, nationality and lines), comparison, expired, register (state,
-- reason, since, authority). One definition for both programs.
CREATE FUNCTION dk_document_facts_json(doc uuid, personal boolean) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
SELECT jsonb_build_object(
    'mrz', CASE WHEN NOT f.mrz_found THEN jsonb_build_object('found', false,
               'reason', f.mrz->>'reason')
           ELSE jsonb_build_object('found', true, 'format', f.mrz_format,
               'document_type', f.mrz->>'document_type',
               'issuing_state', f.mrz->>'issuing_state',
               'expiry_date', f.mrz->>'expiry_date',
               'expiry_date_iso', f.mrz->>'expiry_date_iso',
               'valid', f.mrz_valid, 'checks', f.mrz->'checks', 'repairs', f.mrz->'repairs',
               'turned', f.mrz->'turned', 'erased', f.mrz IS NULL)
               || CASE WHEN personal THEN jsonb_build_object(
                   'document_number', f.mrz->>'document_number',
                   'surname', f.mrz->>'surname', 'given_names', f.mrz->>'given_names',
                   'birth_date', f.mrz->>'birth_date', 'sex', f.mrz->>'sex',
                   'nationality', f.mrz->>'nationality', 'lines', f.mrz->'lines')
                  ELSE '{}'::jsonb END
           END,
    'comparison', f.comparison,
    'expired', CASE WHEN f.expiry IS NOT NULL THEN f.expiry = 'expired' END,
    'expiry_on', f.expiry_on,
    'refused_expired', f.refused_expired,
    'register', jsonb_build_object('state', f.register_status, 'reason', f.register_reason,
        'since', c.since, 'authority', c.authority, 'checked_at', dk_iso(c.checked_at)),
    'read_ms', f.read_ms,
    'read_at', dk_iso(f.read_at))
FROM document_facts f LEFT JOIN register_checks c ON c.id = f.register_check_id
WHERE f.document_id = doc
$$;
